// Judging a change population against the compliance controls (core only): each situation the audit
// issue names comes out in the right control's exceptions and nowhere else.
import { createHash } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import {
  AuditReport,
  csvField,
  defaultControlMapping,
  evaluateAudit,
  parseControlMapping,
  parseFrameworks,
  renderAuditCsv,
  renderAuditJson,
  renderAuditMarkdown,
  renderAuditStatement,
  type AuditPopulation,
  type EvaluationContext,
} from '@gitops-sync/core';
import { CHANGES, INCIDENT_IN_TIME, INCIDENT_LATE, population, reviewedChange, SETTINGS } from './support/audit-population.js';

const context: EvaluationContext = {
  settings: SETTINGS,
  driftChecks: 30,
  repositoryUrl: 'https://github.com/acme/infra',
  platform: 'github',
  mapping: { source: 'built-in', sha256: '0'.repeat(64) },
  generatorVersion: '1.2.3',
  generatedAt: '2026-12-01T00:00:00Z',
};
const ALL = parseFrameworks('sox,soc2,pci,iso27001');
const judge = (input: AuditPopulation = population(), overrides: Partial<EvaluationContext> = {}) => evaluateAudit(input, defaultControlMapping(), ALL, { ...context, ...overrides });

/** The controls whose exceptions name a change (or, for period findings, the check). */
function controlsWith(report: AuditReport, match: (exception: AuditReport['controls'][number]['exceptions'][number]) => boolean): string[] {
  return report.controls.filter((control) => control.exceptions.some(match)).map((control) => control.id).sort();
}

const CHANGE_MANAGEMENT = ['iso27001.a.8.32', 'pci.6.5.1', 'soc2.cc8.1', 'sox.itgc.change.authorisation'];
const SEGREGATION = ['iso27001.a.8.32', 'pci.6.5.4', 'soc2.cc8.1', 'sox.itgc.change.segregation-of-duties'];
const DETECTION = ['iso27001.a.8.9', 'pci.11.5.2', 'soc2.cc7.1'];

describe('each situation lands in the right controls and nowhere else', () => {
  const report = judge();
  test.each([
    ['a properly reviewed change', CHANGES.reviewed.id, []],
    ['an emergency change with its follow-up review', CHANGES.emergencyReviewed.id, []],
    ['a direct push', CHANGES.directPush.id, CHANGE_MANAGEMENT],
    ['a self-approved change', CHANGES.selfApproved.id, SEGREGATION],
    ['a change deployed by its author', CHANGES.deployedByAuthor.id, SEGREGATION],
    ['an approval on an older SHA', CHANGES.approvedOlderSha.id, CHANGE_MANAGEMENT],
    ['an emergency change without follow-up review', CHANGES.emergencyUnreviewed.id, CHANGE_MANAGEMENT],
    ['an unsigned commit where signing is required', CHANGES.unsigned.id, ['iso27001.a.8.32', 'pci.6.5.1', 'soc2.cc8.1']],
  ])('%s', (_name, id, controls) => {
    expect(controlsWith(report, (exception) => exception.change === id)).toEqual(controls);
  });

  test('each exception names one check and links to its pull request (or, for a direct push, its commit)', () => {
    const checks = (id: string) => [...new Set(report.controls.flatMap((control) => control.exceptions.filter((exception) => exception.change === id).map((exception) => exception.check)))];
    expect(checks(CHANGES.directPush.id)).toEqual(['direct-push']);
    expect(checks(CHANGES.selfApproved.id)).toEqual(['self-approval']);
    expect(checks(CHANGES.deployedByAuthor.id)).toEqual(['segregation-of-duties']);
    expect(checks(CHANGES.approvedOlderSha.id)).toEqual(['approval-not-on-head']);
    expect(checks(CHANGES.emergencyUnreviewed.id)).toEqual(['emergency-no-follow-up']);
    expect(checks(CHANGES.unsigned.id)).toEqual(['unsigned-commit']);
    const soc2 = report.controls.find((control) => control.id === 'soc2.cc8.1')!;
    expect(soc2.exceptions.find((exception) => exception.change === CHANGES.directPush.id)?.link).toBe(`https://github.com/acme/infra/commit/${CHANGES.directPush.sha}`);
    expect(soc2.exceptions.find((exception) => exception.change === CHANGES.selfApproved.id)?.link).toBe('https://github.com/acme/infra/pull/3');
  });

  test('a drift incident resolved beyond drift_resolution_hours is a change-detection exception; one resolved within it is not', () => {
    const late = (exception: { check: string; detail: string }) => exception.check === 'drift-unresolved' && exception.detail.includes(INCIDENT_LATE.first_seen);
    const inTime = (exception: { detail: string }) => exception.detail.includes(INCIDENT_IN_TIME.first_seen);
    expect(controlsWith(report, late)).toEqual(DETECTION);
    expect(controlsWith(report, inTime)).toEqual([]);
    // A looser threshold forgives the 96-hour incident.
    expect(controlsWith(judge(population(), { settings: { ...SETTINGS, drift_resolution_hours: 100 } }), late)).toEqual([]);
  });

  test('the controls gitops-sync has no evidence for are not applicable, never passed', () => {
    for (const id of ['pci.6.5.2', 'pci.6.5.3', 'pci.6.5.5', 'pci.6.5.6']) {
      expect(report.controls.find((control) => control.id === id)).toMatchObject({ status: 'not-applicable', exceptions: [] });
    }
    expect(report.controls.find((control) => control.id === 'pci.10.3')).toMatchObject({ status: 'pass', population: 120 });
    expect(report.controls.find((control) => control.id === 'soc2.cc8.1')).toMatchObject({ status: 'fail', population: 8 });
  });
});

describe('period-wide checks', () => {
  const reviewedOnly = (overrides: Partial<AuditPopulation> = {}) => ({ ...population([reviewedChange('a', 1)], []), ...overrides });

  test('every control passes for properly reviewed changes, an intact log and drift checks that ran', () => {
    const report = judge(reviewedOnly());
    expect(report.summary).toMatchObject({ failed: 0, exceptions: 0 });
  });

  test('an audit log that does not verify fails completeness and the log controls', () => {
    const report = judge(reviewedOnly({ log: { size: 120, root_hash: 'ab'.repeat(32), intact: false } }));
    expect(controlsWith(report, (exception) => exception.check === 'audit-log-not-intact')).toEqual(['iso27001.a.8.15', 'pci.10.2', 'pci.10.3', 'soc2.cc7.2', 'sox.itgc.change.completeness']);
  });

  test('no audit log at all fails the same controls (fail closed)', () => {
    const report = judge(reviewedOnly({ log: null }));
    expect(controlsWith(report, (exception) => exception.check === 'audit-log-not-intact')).toEqual(['iso27001.a.8.15', 'pci.10.2', 'pci.10.3', 'soc2.cc7.2', 'sox.itgc.change.completeness']);
  });

  test('no drift detection in the period fails the change-detection controls', () => {
    const report = judge(reviewedOnly(), { driftChecks: 0 });
    expect(controlsWith(report, (exception) => exception.check === 'no-drift-detection')).toEqual(DETECTION);
  });

  test('an unresolved drift incident is an exception', () => {
    const report = judge(reviewedOnly({ incidents: [{ ...INCIDENT_LATE, resolved_at: null, resolution: null, seconds_to_resolve: null }] }));
    expect(controlsWith(report, (exception) => exception.check === 'drift-unresolved' && exception.detail.includes('is not resolved'))).toEqual(DETECTION);
  });

  test('a deploy by the author is allowed where audit.author_may_deploy names the environment', () => {
    const report = judge(population([CHANGES.deployedByAuthor], []), { settings: { ...SETTINGS, author_may_deploy: ['production'] } });
    expect(report.summary.exceptions).toBe(0);
  });

  test('a sync that applied another plan than the gate allowed is deployed-not-approved', () => {
    const change = reviewedChange('a', 1);
    change.deployments = [{ ...change.deployments[0], plan_fingerprint: 'sha256:other' }];
    const report = judge(population([change], []));
    expect(controlsWith(report, (exception) => exception.check === 'deployed-not-approved')).toEqual(CHANGE_MANAGEMENT);
  });

  test('too few approvals, no gate decision and red CI are each an exception', () => {
    const change = reviewedChange('a', 1, { approvals: [], gate: null, ci_status: 'failure' });
    const report = judge(population([change], []));
    const checks = new Set(report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check)));
    expect([...checks].sort()).toEqual(['approvals-missing', 'ci-not-green', 'no-gate-decision']);
    expect(report.controls.find((control) => control.id === 'sox.itgc.change.testing')?.exceptions.map((exception) => exception.check)).toEqual(['ci-not-green']);
  });

  test('only the selected frameworks are judged', () => {
    const report = evaluateAudit(population(), defaultControlMapping(), parseFrameworks('pci'), context);
    expect(new Set(report.controls.map((control) => control.framework))).toEqual(new Set(['pci']));
  });
});

describe('the control mapping is data an auditor can replace', () => {
  test('a mapping of their own decides which checks a control uses', () => {
    const mapping = parseControlMapping('controls:\n  - id: acme.cm-1\n    framework: sox\n    title: Our change rule\n    checks: [self-approval]\n', 'acme.yaml');
    const report = evaluateAudit(population(), mapping, ['sox'], context);
    expect(report.controls.map((control) => [control.id, control.exceptions.map((exception) => exception.change)])).toEqual([['acme.cm-1', [CHANGES.selfApproved.id]]]);
  });

  test('a mapping naming an unknown check is refused with one sentence', () => {
    expect(() => parseControlMapping('controls:\n  - id: acme.cm-1\n    framework: sox\n    title: x\n    checks: [selfapproval]\n', 'acme.yaml')).toThrow(
      /^acme\.yaml is not a control mapping: at controls\.0\.checks\.0, Invalid option: expected one of .*"self-approval".*; its format is schema\/audit-controls\.schema\.json/,
    );
  });

  test('a mapping that is not YAML is refused with one sentence', () => {
    expect(() => parseControlMapping('controls: [unclosed', 'acme.yaml')).toThrow(/^acme\.yaml is not valid YAML \(.*\); fix it or remove it to use the built-in control mapping\.$/);
  });

  test('an unknown framework is refused with the known ones', () => {
    expect(() => parseFrameworks('sox,hipaa')).toThrow('--compliance hipaa is not a framework gitops-sync maps; use any of sox, soc2, pci, iso27001.');
  });
});

describe('the output files', () => {
  const report = judge();

  test('the report validates against its own schema', () => {
    expect(AuditReport.parse(JSON.parse(renderAuditJson(report)))).toEqual(report);
  });

  test('the CSV has one row per change, RFC 4180 quoting, and no cell a spreadsheet would run as a formula', () => {
    const evil = reviewedChange('c', 3);
    evil.change_request = { ...evil.change_request!, author: { id: '66', login: '=HYPERLINK("http://evil","x")' } };
    evil.commits = [{ ...evil.commits[0], author: { ...evil.commits[0].author, login: '=HYPERLINK("http://evil","x")' } }];
    const csv = renderAuditCsv(judge(population([CHANGES.reviewed, evil], [])));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('change,environment,branch,sha,time,link,change_request,author,approvers,approved_on_head,gate,ci_status,deployed_by,deployed_at,plan_fingerprint,signatures,emergency,findings');
    expect(lines).toHaveLength(4); // header, two changes, the final CRLF
    expect(lines[2]).toContain(',"\'=HYPERLINK(""http://evil"",""x"")",');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  test('the Markdown puts the exceptions first, then a table of every control', () => {
    const markdown = renderAuditMarkdown(report, 'f'.repeat(64));
    expect(markdown.indexOf('### Exceptions')).toBeGreaterThan(0);
    expect(markdown.indexOf('### Exceptions')).toBeLessThan(markdown.indexOf('### Controls'));
    expect(markdown).toContain(`| sox.itgc.change.segregation-of-duties | self-approval | [${CHANGES.selfApproved.id}](https://github.com/acme/infra/pull/3) | approved by its author alice |`);
    expect(markdown).toContain('| pci.6.5.3 | pci | not applicable | 0 | 0 |');
    expect(markdown).toContain(`sha256: \`${'f'.repeat(64)}\``);
  });

  test('the in-toto statement names the report file and its sha256, and our report schema as predicateType', () => {
    const json = renderAuditJson(report);
    const digest = createHash('sha256').update(json).digest('hex');
    const statement = JSON.parse(renderAuditStatement(report, 'audit-report.json', digest));
    expect(statement).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'audit-report.json', digest: { sha256: digest } }],
      predicateType: 'https://github.com/org/gitops-sync/blob/v1/schema/audit-report.schema.json',
      predicate: { schema: 'gitops-sync/audit-report@1', summary: report.summary, log: report.log },
    });
  });
});
