import { SeverityEngine, SeverityRuleSet, type UnjudgedChange } from '@gitops-sync/core';

// The engine compiles a glob list once per process and narrows value rules by path once per path:
// these caches must never carry one rule set's verdicts into another's, nor one path's rules to another.

const change = (fields: { path: string; after: string }[], address = 'aws_instance.web'): UnjudgedChange => ({
  address,
  kind: 'aws_instance',
  source: 'terraform-plan',
  action: 'update',
  origin: 'planned',
  fields: fields.map(({ path, after }) => ({ path, before: 'old', after, sensitive: false })),
});

const ruleSet = (severity: 'critical' | 'low', id: string): SeverityRuleSet =>
  SeverityRuleSet.parse({
    fallback: { id: 'fallback', severity: 'medium' },
    rules: [
      { id, severity, match: { kind: ['aws_*'], path: ['/ami', '/image/**'] } },
      { id: `${id}.latest`, severity, match: { path: '/image/**', after: '**:latest' } },
    ],
  });
const onlyRule = (rule: object) => SeverityRuleSet.parse({ fallback: { id: 'fallback', severity: 'low' }, rules: [rule] });

describe('severity caches (changepath)', () => {
  test('two rule sets with the same globs judge the same change by their own severities, in either order', () => {
    const strict = new SeverityEngine(ruleSet('critical', 'strict'));
    const lax = new SeverityEngine(ruleSet('low', 'lax'));
    const ami = change([{ path: '/ami', after: 'ami-2' }]);
    expect(strict.judge(ami)).toEqual({ severity: 'critical', rule: 'strict' });
    expect(lax.judge(ami)).toEqual({ severity: 'low', rule: 'lax' });
    expect(new SeverityEngine(ruleSet('critical', 'again')).judge(ami)).toEqual({ severity: 'critical', rule: 'again' });
  });

  test('a single glob and a list holding the same text are different conditions', () => {
    // (A path glob can no longer start with `[`: one that is not a JSON pointer is refused. An address can.)
    const listed = onlyRule({ id: 'listed', severity: 'high', match: { address: ['a', 'aws_instance.web'] } });
    const literal = onlyRule({ id: 'literal', severity: 'high', match: { address: '["a","aws_instance.web"]' } });
    expect(new SeverityEngine(listed).judge(change([{ path: '/b', after: 'x' }])).rule).toBe('listed');
    expect(new SeverityEngine(literal).judge(change([{ path: '/b', after: 'x' }])).rule).toBe('fallback');
  });

  test('a value rule narrowed to the paths it admits still reads each field value, and not other paths', () => {
    const engine = new SeverityEngine(ruleSet('critical', 'strict'));
    const valueEngine = new SeverityEngine(onlyRule({ id: 'latest', severity: 'critical', match: { path: '/image/**', after: '**:latest' } }));
    expect(valueEngine.judge(change([{ path: '/image/app', after: 'nginx:1.27' }])).rule).toBe('fallback');
    expect(valueEngine.judge(change([{ path: '/image/app', after: 'nginx:latest' }])).rule).toBe('latest');
    // Same value at a path the glob does not admit: the path's cached rule list is empty.
    expect(valueEngine.judge(change([{ path: '/tag', after: 'nginx:latest' }])).rule).toBe('fallback');
    expect(valueEngine.judge(change([{ path: '/image/app', after: 'nginx:latest' }, { path: '/tag', after: 'x' }])).rule).toBe('latest');
    expect(engine.judge(change([{ path: '/image/app', after: 'nginx:1' }])).rule).toBe('strict');
  });

  test('judgeAll keeps the report key order and a source’s extra keys after the verdict', () => {
    const engine = new SeverityEngine(ruleSet('critical', 'strict'));
    const moved = { ...change([{ path: '/ami', after: 'ami-2' }]), previous_address: 'aws_instance.old', importing: true };
    const [judged] = engine.judgeAll([moved]);
    expect(Object.keys(judged)).toEqual(['address', 'kind', 'source', 'action', 'origin', 'severity', 'rule', 'fields', 'previous_address', 'importing']);
    expect(judged).toMatchObject({ severity: 'critical', rule: 'strict', previous_address: 'aws_instance.old', importing: true });
  });
});
