// audit-changes.csv is opened in a spreadsheet. Where the list separator is `;` (most of Europe), Excel
// splits an unquoted field at each `;`, so the part after it is a cell of its own: a commit author's
// e-mail (anyone can set it; a direct push shows it as the author) of `x;=cmd|' /C calc'!A0` became a
// formula cell, past the leading-`'` guard that only looked at the start of the whole field.
import { describe, expect, test } from '@jest/globals';
import { csvField, defaultControlMapping, evaluateAudit, parseFrameworks, renderAuditCsv } from '@gitops-sync/core';
import { population, reviewedChange, SETTINGS } from './support/audit-population.js';

const HOSTILE_EMAIL = "x;=cmd|' /C calc'!A0";

describe('audit-changes.csv in a spreadsheet that splits at ;', () => {
  test('a field holding ; is quoted, so it stays one cell', () => {
    const change = reviewedChange('b', 2, { change_request: null, approvals: [] });
    change.commits = [{ ...change.commits[0], author: { name: 'x', email: HOSTILE_EMAIL, login: null } }];
    const report = evaluateAudit(population([change], []), defaultControlMapping(), parseFrameworks('sox'), {
      settings: SETTINGS,
      driftChecks: 1,
      repositoryUrl: null,
      platform: null,
      mapping: { source: 'built-in', sha256: '0'.repeat(64) },
      generatorVersion: '1.2.3',
      generatedAt: '2026-12-01T00:00:00Z',
    });
    const row = renderAuditCsv(report).split('\r\n')[1];
    expect(row).toContain(`,"${HOSTILE_EMAIL}",`);
    // Split as such a spreadsheet does (outside quotes, at , or ;): no cell starts a formula.
    const cells = row.match(/("([^"]|"")*"|[^,;"]*)/g)!.filter((cell) => cell !== '');
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });

  test('a field without ; , " or a line break is written as it is', () => {
    expect(csvField('alice@example.com')).toBe('alice@example.com');
  });
});
