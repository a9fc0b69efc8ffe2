// `gitops-sync audit export` and the engine's auditExport: the files an auditor gets, the exit codes,
// and one sentence for each bad input (nothing written).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { AuditReport, chainAuditEvent, parseFrameworks, type AuditEventDraft, type AuditPopulation } from '@gitops-sync/core';
import { auditExport, nodeExec, silentProgress, type AuditExportOptions } from '@gitops-sync/engine';
import { run as runAction } from '../actions/audit-export/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { CHANGES, population, reviewedChange } from './support/audit-population.js';

const CONFIG = `environments:
  production:
    terraform: { dir: terraform }
approval:
  environments:
    production: { production: true, required_approvals: 1 }
audit:
  signatures: { require_signed: true }
`;

/** A folder with gitops-sync.yaml and an audit log holding one drift check in the population's period. */
function project(config = CONFIG): string {
  const dir = tempDir('gitops-sync-audit-export-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), config);
  const draft: AuditEventDraft = {
    schema: 'gitops-sync/audit-event@1',
    time: '2026-10-15T00:00:00Z',
    environment: 'production',
    actor: { id: '9', login: 'deploy-bot', token: null },
    run: { platform: 'local', id: null, attempt: null, url: null },
    repository: 'acme/infra',
    commits: { base: null, head: null, deployed: null },
    change_request: null,
    details: { type: 'drift', outcome: 'clean', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 0, medium: 0, low: 0 } },
  };
  const log = join(dir, '.gitops-sync/audit');
  mkdirSync(log, { recursive: true });
  writeFileSync(join(log, 'events.jsonl'), `${JSON.stringify(chainAuditEvent(draft, undefined))}\n`);
  return dir;
}

const options = (cwd: string, overrides: Partial<AuditExportOptions> = {}): AuditExportOptions => ({
  configPath: 'gitops-sync.yaml',
  cwd,
  since: '2026-09-01',
  until: '2026-11-30',
  environments: [],
  frameworks: parseFrameworks('sox,soc2,pci,iso27001'),
  formats: ['json', 'csv', 'markdown'],
  outputDir: 'out',
  repositoryUrl: 'https://github.com/acme/infra',
  platform: 'github',
  generatorVersion: '1.2.3',
  now: new Date('2026-12-01T00:00:00Z'),
  ...overrides,
});
const given = (built: AuditPopulation) => ({ exec: nodeExec, env: {}, progress: silentProgress, collect: async () => built });

describe('auditExport writes the report files and says how it went', () => {
  test('exit 5 when any control has exceptions; the report, CSV, Markdown and in-toto statement are all written', async () => {
    const dir = project();
    const result = await auditExport(options(dir), given(population()));
    expect(result.exitCode).toBe(5);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['audit-changes.csv', 'audit-report.intoto.json', 'audit-report.json', 'audit-report.md']);
    const json = readFileSync(join(dir, 'out/audit-report.json'), 'utf8');
    const report = AuditReport.parse(JSON.parse(json));
    expect(report.summary.drift_checks).toBe(1);
    expect(report.generator).toEqual({ name: 'gitops-sync', version: '1.2.3' });
    expect(report.period).toEqual({ since: population().since, until: population().until });
    const digest = createHash('sha256').update(readFileSync(join(dir, 'out/audit-report.json'))).digest('hex');
    expect(result.sha256).toBe(digest);
    const statement = JSON.parse(readFileSync(join(dir, 'out/audit-report.intoto.json'), 'utf8'));
    expect(statement.subject).toEqual([{ name: 'audit-report.json', digest: { sha256: digest } }]);
    expect(readFileSync(join(dir, 'out/audit-changes.csv'), 'utf8').split('\r\n')).toHaveLength(Object.keys(CHANGES).length + 2);
    expect(readFileSync(join(dir, 'out/audit-report.md'), 'utf8')).toContain(digest);
  });

  test('exit 0 when every selected control passes (required approvals come from the approval policy)', async () => {
    const dir = project();
    const result = await auditExport(options(dir, { formats: ['json'] }), given(population([reviewedChange('a', 1)], [])));
    expect(result.exitCode).toBe(0);
    expect(result.report.summary.failed).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['audit-report.intoto.json', 'audit-report.json']);
  });

  test('production without required_approvals needs two: one approval is an exception', async () => {
    const dir = project(CONFIG.replace('production: { production: true, required_approvals: 1 }', 'production: { production: true }'));
    const result = await auditExport(options(dir), given(population([reviewedChange('a', 1)], [])));
    expect(result.exitCode).toBe(5);
    expect(result.report.controls.find((control) => control.id === 'soc2.cc8.1')?.exceptions.map((exception) => exception.detail)).toEqual(['1 of 2 required approvals']);
  });

  test("an auditor's mapping from audit.controls replaces the built-in one", async () => {
    const dir = project(`${CONFIG}  controls: acme-controls.yaml\n`);
    writeFileSync(join(dir, 'acme-controls.yaml'), 'controls:\n  - id: acme.cm-1\n    framework: sox\n    title: Our rule\n    checks: [direct-push]\n');
    const result = await auditExport(options(dir), given(population()));
    expect(result.report.controls.map((control) => [control.id, control.exceptions.map((exception) => exception.change)])).toEqual([['acme.cm-1', [CHANGES.directPush.id]]]);
    expect(result.report.mapping.source).toBe('acme-controls.yaml');
  });
});

describe('gitops-sync audit export: bad input is one sentence, exit 1, nothing written', () => {
  const run = async (args: string[], config?: string) => {
    const dir = project(config);
    const result = await cli(['audit', 'export', '--output-dir', 'out', ...args], { cwd: dir, env: { GITHUB_REPOSITORY: '', CI_PROJECT_URL: '' } });
    return { ...result, written: existsSync(join(dir, 'out')), dir };
  };

  test.each([
    [['--since', 'tomorrow'], 'gitops-sync: --since "tomorrow" is not an ISO date; write a date like 2026-09-30 (or a time like 2026-09-30T12:00:00Z).\n'],
    [['--since', '2026-02-30'], 'gitops-sync: --since "2026-02-30" is not an ISO date; write a date like 2026-09-30 (or a time like 2026-09-30T12:00:00Z).\n'],
    [['--since', '2026-11-01', '--until', '2026-10-01'], 'gitops-sync: --since 2026-11-01 is after --until 2026-10-01; the period must start before it ends.\n'],
    [['--compliance', 'sox,hipaa'], 'gitops-sync: --compliance hipaa is not a framework gitops-sync maps; use any of sox, soc2, pci, iso27001.\n'],
    [['--format', 'pdf'], 'gitops-sync: --format pdf is not an audit export format; use any of json, csv, markdown.\n'],
    [['--environment', 'prod'], 'gitops-sync: --environment prod is not an environment in gitops-sync.yaml; use one of production.\n'],
  ])('%j', async (args, sentence) => {
    const result = await run(args);
    expect(result.stderr).toBe(sentence);
    expect(result.code).toBe(1);
    expect(result.written).toBe(false);
  });

  test('frameworks the control mapping has no control for are refused: the export would pass on no evidence', async () => {
    const dir = project();
    writeFileSync(join(dir, 'sox-only.yaml'), 'controls:\n  - id: acme.cm-1\n    framework: sox\n    title: Our rule\n    checks: [direct-push]\n');
    const result = await cli(['audit', 'export', '--output-dir', 'out', '--controls', 'sox-only.yaml', '--compliance', 'pci'], { cwd: dir, env: { GITHUB_REPOSITORY: '', CI_PROJECT_URL: '' } });
    expect(result.stderr).toBe('gitops-sync: The control mapping (sox-only.yaml) has no control for pci, so the export would pass on no evidence; ask for a framework it maps (sox) or add controls for it.\n');
    expect(result.code).toBe(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // Asked with one it maps, the one it does not is left out of the report, and said so: never judged as passing.
    const steps: string[] = [];
    const both = await auditExport(options(dir, { controlsPath: 'sox-only.yaml', frameworks: parseFrameworks('sox,pci') }), { ...given(population()), progress: { step: (step: string) => void steps.push(step) } });
    expect(steps).toContain('warning: the control mapping (sox-only.yaml) has no control for pci, so the report leaves it out; add controls for it to judge it');
    expect([both.report.frameworks, [...new Set(both.report.controls.map((control) => control.framework))]]).toEqual([['sox'], ['sox']]);
  });

  test('a --controls file that is not a control mapping', async () => {
    const dir = project();
    writeFileSync(join(dir, 'mine.yaml'), 'controls:\n  - id: acme.cm-1\n    framework: hipaa\n    title: x\n    checks: []\n');
    const result = await cli(['audit', 'export', '--output-dir', 'out', '--controls', 'mine.yaml'], { cwd: dir });
    expect(result.stderr).toMatch(/^gitops-sync: \/.*\/mine\.yaml is not a control mapping: at controls\.0\.framework, Invalid option: expected one of "sox"\|"soc2"\|"pci"\|"iso27001"; its format is schema\/audit-controls\.schema\.json \(the built-in mapping is packages\/core\/src\/audit\/controls\.yaml\)\.\n$/);
    expect(result.code).toBe(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('an audit log with a line that is not an event', async () => {
    const dir = project();
    writeFileSync(join(dir, '.gitops-sync/audit/events.jsonl'), '{"seq": 1}\n');
    const result = await cli(['audit', 'export', '--output-dir', 'out'], { cwd: dir });
    expect(result.stderr.split('\n').at(-2)).toMatch(/^gitops-sync: line 1 of \/.*\/events\.jsonl is not a gitops-sync\/audit-event@1 \(.*\); the log is corrupt there: restore it from a copy before verifying or appending$/);
    expect(result.code).toBe(1);
  });

  test('--output must name the JSON report', async () => {
    const result = await run(['--output', 'report.md']);
    expect(result.stderr).toBe('gitops-sync: --output report.md must name the JSON report (e.g. audit-report.json); the other files are written beside it, or use --output-dir for a folder.\n');
    expect(result.code).toBe(1);
  });

  test('audit without a subcommand', async () => {
    const dir = project();
    const result = await cli(['audit'], { cwd: dir });
    expect(result.stderr).toBe('gitops-sync: gitops-sync audit needs a subcommand: verify, export (e.g. `gitops-sync audit export --compliance sox`).\n');
    expect(result.code).toBe(1);
  });
});

describe('the audit-export action: bad input fails the step with one sentence, no files, no outputs', () => {
  test.each([
    [{ compliance: 'sox,hipaa' }, '--compliance hipaa is not a framework gitops-sync maps; use any of sox, soc2, pci, iso27001.'],
    [{ since: 'tomorrow' }, '--since "tomorrow" is not an ISO date; write a date like 2026-09-30 (or a time like 2026-09-30T12:00:00Z).'],
    [{ format: 'json,pdf' }, /^Input format is invalid \("json,pdf"\): /],
    [{ 'fail-on-exceptions': 'yes' }, /^Input fail-on-exceptions is invalid \("yes"\): /],
  ])('%j', async (inputs, failure) => {
    const dir = project();
    const io = new RecordingIO({ ...inputs, token: 'ghs_secret_token_value' }, dir, { ...process.env, GITHUB_REPOSITORY: 'acme/infra' });
    await runAction(io);
    if (typeof failure === 'string') expect(io.failure).toBe(failure);
    else expect(io.failure).toMatch(failure);
    expect(io.outputs).toEqual({});
    expect(existsSync(join(dir, 'audit-export'))).toBe(false);
  });
});

test('an environment named by its alias is exported under its configured name', async () => {
  const dir = project(CONFIG.replace('    terraform: { dir: terraform }\n', '    terraform: { dir: terraform }\n    aliases: [prod]\n'));
  let asked: string[] = [];
  const result = await auditExport(options(dir, { environments: ['prod', 'production'] }), {
    ...given(population([reviewedChange('a', 1)], [])),
    collect: async (collectOptions) => {
      asked = collectOptions.environments ?? [];
      return population([reviewedChange('a', 1)], []);
    },
  });
  expect(asked).toEqual(['production']);
  expect(result.exitCode).toBe(0);
});

test('frameworks are listed comma- or line-separated (a workflow block), as environments are', () => {
  expect(parseFrameworks('sox\nsoc2\r\n pci ,iso27001\n')).toEqual(['sox', 'soc2', 'pci', 'iso27001']);
});
