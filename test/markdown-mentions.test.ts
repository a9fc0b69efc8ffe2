/**
 * A name in the PR comment or job summary is text someone else chose: written as it is, `@org/security-team`
 * in an Ansible host, a Kubernetes value or a committed file's name would ping that team on every run.
 * The Markdown writes `@` as an entity, which shows the same text and mentions nobody (markdownCell, which
 * the Secrets at rest section's messages go through too).
 */
import { describe, expect, test } from '@jest/globals';
import { buildReport, renderMarkdown, type Change } from '@gitops-sync/core';

const change: Change = {
  address: 'deploy@web1/copy[/etc/app.conf]',
  kind: 'ansible.builtin.copy',
  source: 'ansible-check',
  action: 'update',
  origin: 'outside',
  severity: 'medium',
  rule: 'ansible.files',
  fields: [{ path: '/content', before: 'owner: @org/security-team', after: 'owner: @org/platform', sensitive: false }],
};

describe('@-mentions in reports', () => {
  test('the drift comment shows names and values with @ without mentioning anyone', () => {
    const markdown = renderMarkdown(buildReport({ environment: 'production', sources: ['ansible-check'], changes: [change], generatedAt: '2026-12-01T00:00:00Z' }));
    expect(markdown).not.toContain('@');
    expect(markdown).toContain('deploy&#64;web1');
    expect(markdown).toContain('owner: &#64;org/security-team');
  });

});
