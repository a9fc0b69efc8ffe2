/**
 * Attack on how a report shows its changes to the reviewers: an address with a right-to-left override
 * or a zero-width character (Terraform takes Unicode in names; a Kubernetes value may hold anything)
 * displays as another, safe-looking resource — `aws_iam_role.<U+202E>nimda` shows as "admin" reversed.
 * The PR comment and the terminal table show such characters by their code point instead.
 */
import { describe, expect, test } from '@jest/globals';
import { buildReport, renderMarkdown, renderTable, type Change } from '@gitops-sync/core';

const change = (address: string, after: string): Change => ({ address, kind: 'aws_iam_role', source: 'terraform-plan', action: 'update', origin: 'planned', severity: 'critical', rule: 'iam', fields: [{ path: '/name', before: 'x', after, sensitive: false }] });
const report = buildReport({
  environment: 'production',
  sources: ['terraform-plan'],
  changes: [change('aws_iam_role.\u202Enimda', 'safe\u200Bname'), change('aws_iam_role.ci\u2066_deploy\u2069\uFEFF', 'y')],
  generatedAt: '2026-12-01T00:00:00Z',
});
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;

describe('bidirectional controls and zero-width characters in names and values', () => {
  test('the Markdown comment names them, it does not apply them', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).not.toMatch(INVISIBLE);
    expect(markdown).toContain('<code>aws_iam_role.&#91;U+202E&#93;nimda</code>');
    expect(markdown).toContain('<code>safe&#91;U+200B&#93;name</code>');
    expect(markdown).toContain('<code>aws_iam_role.ci&#91;U+2066&#93;_deploy&#91;U+2069&#93;&#91;U+FEFF&#93;</code>');
  });

  test('the terminal table too', () => {
    const table = renderTable(report);
    expect(table).not.toMatch(INVISIBLE);
    expect(table).toContain('aws_iam_role.[U+202E]nimda');
  });
});
