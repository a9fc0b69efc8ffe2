/**
 * drift-detect renders the report's change lines while the plan fingerprint is still being computed
 * (renderChanges), and writes them into the report later: the file must be what renderJson makes of
 * the final report, also when the final report's changes are not the ones rendered (protection
 * changes added after the analysis).
 */
import { describe, expect, test } from '@jest/globals';
import { buildReport, renderChanges, renderJson, renderJsonChunks, type Change } from '@gitops-sync/core';

const change = (address: string, before: unknown, after: unknown): Change => ({
  address,
  kind: 'aws_ssm_parameter',
  source: 'terraform-plan',
  action: 'update',
  origin: 'outside',
  severity: 'high',
  rule: 'tf.example',
  fields: [{ path: '/value', before, after, sensitive: false }],
});

const report = buildReport({
  environment: 'prod',
  sources: ['terraform-plan'],
  changes: [change('aws_ssm_parameter.a', 'é ✓ "quoted"', { nested: ['\u2028', '\ud83d\ude00'] }), change('aws_ssm_parameter.b', null, 42)],
  generatedAt: '2026-12-05T00:00:00.000Z',
});

const joined = (pieces: Iterable<string | Uint8Array>) => Buffer.concat([...pieces].map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece))).toString('utf8');

describe('change lines rendered ahead of the report', () => {
  test('are written where renderJson writes the changes, byte for byte', () => {
    expect(joined(renderJsonChunks({ ...report, plan_fingerprint: `sha256:${'a'.repeat(64)}` }, renderChanges(report.changes)))).toBe(
      renderJson({ ...report, plan_fingerprint: `sha256:${'a'.repeat(64)}` }),
    );
  });

  test('are not used for a report whose changes are another list (e.g. protection changes added)', () => {
    const rendered = renderChanges(report.changes);
    const withMore = buildReport({ environment: 'prod', sources: ['terraform-plan', 'platform-protection'], changes: [...report.changes, change('github/protection/prod', 'weaker', 'as configured')], generatedAt: report.generated_at });
    const text = joined(renderJsonChunks(withMore, rendered));
    expect(text).toBe(renderJson(withMore));
    expect(JSON.parse(text).changes.map((c: Change) => c.address)).toEqual(['aws_ssm_parameter.a', 'aws_ssm_parameter.b', 'github/protection/prod']);
  });
});
