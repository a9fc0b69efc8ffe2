// The audit report's Markdown (audit-report.md, and the audit-export action's job summary) quotes
// strings from the audit log and the platform in its exceptions: a sync event's plan fingerprint, a
// deployer's login. Whoever could append an event (a compromised bot, a store without a signing key)
// chose those; they must render as the text they are, not as an image, a link, HTML or a team mention.
import { describe, expect, test } from '@jest/globals';
import { defaultControlMapping, evaluateAudit, parseFrameworks, renderAuditMarkdown } from '@gitops-sync/core';
import { population, reviewedChange, SETTINGS } from './support/audit-population.js';

const HOSTILE = '![pixel](https://evil.example/p.png) <img src=x onerror=alert(1)> [Approved by audit](https://evil.example) @acme/security **ok**';

function markdownOf(fingerprint: string, login: string): string {
  const change = reviewedChange('a', 1);
  change.deployments = [{ ...change.deployments[0], plan_fingerprint: fingerprint, actor: { id: '1', login } }];
  const report = evaluateAudit(population([change], []), defaultControlMapping(), parseFrameworks('sox'), {
    settings: SETTINGS,
    driftChecks: 1,
    repositoryUrl: 'https://github.com/acme/infra',
    platform: 'github',
    mapping: { source: 'built-in', sha256: '0'.repeat(64) },
    generatorVersion: '1.2.3',
    generatedAt: '2026-12-01T00:00:00Z',
  });
  return renderAuditMarkdown(report);
}

describe('audit export Markdown: strings from the audit log in an exception', () => {
  test('a plan fingerprint or login someone else chose adds no image, link, HTML, emphasis or mention', () => {
    const markdown = markdownOf(HOSTILE, `alice ${HOSTILE}`);
    const exceptions = markdown.split('\n').filter((line) => / \| (deployed-not-approved|segregation-of-duties) \| /.test(line));
    expect(exceptions.length).toBeGreaterThanOrEqual(2);
    for (const line of exceptions) {
      const detail = line.split(' | ').at(-1)!;
      expect(detail).not.toMatch(/<img|!\[|\]\(|https:\/\/|@acme|\*\*/);
      expect(detail).toContain('evil.example');
    }
  });

  test('an ordinary fingerprint reads as before', () => {
    expect(markdownOf('sha256:b', 'deploy-bot')).toContain('| deployed-not-approved | [production@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa](https://github.com/acme/infra/pull/1) | sync (audit log seq 11) applied plan sha256:b, the gate allowed sha256:a |');
  });
});
