/**
 * `analyze --output <file>.json` of a large plan renders the change lines into a scratch file as it
 * judges them, and splices them into the report (RenderedChanges): the file must be what renderJson
 * makes of the report, and lines rendered for one list of changes never stand in for another's.
 */
import { describe, expect, test } from '@jest/globals';
import { buildReport, renderJson, renderJsonChunks, type Change, type RenderedChanges } from '@gitops-sync/core';

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

/** The change lines as the spill path writes them: bytes, in pieces that split lines anywhere. */
const renderedLines = (changes: readonly Change[]): RenderedChanges => {
  const text = Buffer.from(changes.map((change) => `    ${JSON.stringify(change)}`).join(',\n') + '\n');
  return { changes, pieces: [text.subarray(0, 7), text.subarray(7, 200), text.subarray(200)] };
};

const joined = (pieces: Iterable<string | Uint8Array>) => Buffer.concat([...pieces].map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece))).toString('utf8');

describe('change lines rendered apart from the report', () => {
  test('are written where renderJson writes the changes, byte for byte', () => {
    expect(joined(renderJsonChunks({ ...report, plan_fingerprint: `sha256:${'a'.repeat(64)}` }, renderedLines(report.changes)))).toBe(
      renderJson({ ...report, plan_fingerprint: `sha256:${'a'.repeat(64)}` }),
    );
  });

  test('are not used for a report whose changes are another list (e.g. protection changes added)', () => {
    const rendered = renderedLines(report.changes);
    const withMore = buildReport({ environment: 'prod', sources: ['terraform-plan', 'platform-protection'], changes: [...report.changes, change('github/protection/prod', 'weaker', 'as configured')], generatedAt: report.generated_at });
    const text = joined(renderJsonChunks(withMore, rendered));
    expect(text).toBe(renderJson(withMore));
    expect(JSON.parse(text).changes.map((c: Change) => c.address)).toEqual(['aws_ssm_parameter.a', 'aws_ssm_parameter.b', 'github/protection/prod']);
  });
});
