/**
 * The Markdown report stays under GitHub's limit on a large report: the most severe changes first,
 * then a note saying how many were left out (it is a job summary and a pull request comment).
 */
import { expect, test } from '@jest/globals';
import { buildReport, renderMarkdown, SEVERITIES, type Change } from '@gitops-sync/core';

const changes: Change[] = Array.from({ length: 2_000 }, (_, index) => ({
  address: `aws_security_group.sg_${index}`,
  kind: 'aws_security_group',
  source: 'terraform-plan',
  action: 'update',
  origin: 'planned',
  // Severities interleaved, the critical ones last in the plan.
  severity: SEVERITIES[3 - (index % 4)]!,
  rule: 'tf.example',
  fields: [{ path: '/ingress/0/cidr_blocks/0', before: '10.0.0.0/8', after: `10.${index % 256}.0.0/16`, sensitive: false }],
}));
const report = buildReport({ environment: 'prod', sources: ['terraform-plan'], changes, generatedAt: '2026-12-05T00:00:00.000Z' });

const shownAddresses = (markdown: string) => [...markdown.matchAll(/<summary>\S+ <code>([^<]+)<\/code>/g)].map((match) => match[1]);

test.each([
  [undefined, '65,536'],
  [20_000, '20,000'],
])('with limit %p: most severe first, under the limit, and a note of what was left out', (limit, shownLimit) => {
  const markdown = renderMarkdown(report, limit);
  expect(markdown.length).toBeLessThanOrEqual(limit ?? 65_536);
  const shown = shownAddresses(markdown);
  expect(shown.length).toBeGreaterThan(10);
  expect(shown.length).toBeLessThan(500);
  // All critical changes (every fourth, from index 3) come first, in report order.
  expect(shown).toEqual(changes.filter((change) => change.severity === 'critical').slice(0, shown.length).map((change) => change.address));
  expect(markdown).toContain(`\n> ${2_000 - shown.length} more change(s) not shown to stay under ${shownLimit} characters; the JSON report has all 2000.\n`);
});

test('a report that fits has no note', () => {
  const small = buildReport({ environment: 'prod', sources: ['terraform-plan'], changes: changes.slice(0, 5), generatedAt: '2026-12-05T00:00:00.000Z' });
  const markdown = renderMarkdown(small);
  expect(shownAddresses(markdown)).toEqual(['aws_security_group.sg_3', 'aws_security_group.sg_2', 'aws_security_group.sg_1', 'aws_security_group.sg_0', 'aws_security_group.sg_4']);
  expect(markdown).not.toContain('not shown');
});
