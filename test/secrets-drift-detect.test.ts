/**
 * drift-detect on a pull/merge request also checks secrets: at rest in the checkout, and what the
 * change does to them (decrypted files, weakened .sops.yaml / .gitattributes). Findings go to the job
 * summary, an output, the PR comment and the exit; never a secret's value.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { run } from '../actions/drift-detect/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, useFakeGitLab } from './support/fake-gitlab.js';
import { git } from './support/git-repo.js';
import { AGE_A, sopsYaml } from './support/secrets-pr-fixtures.js';
import { tempDir } from './support/temp-dir.js';

const gitlab = useFakeGitLab();

// Built at run time so no scanner flags this test file itself.
const PRIVATE_KEY = ['-----BEGIN', 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDm4bZ3zsCAkLCt7CWRjcHzNbGpb0BKPYHrsZJ2o9ZI1gAAAJg4pY2VOKWN\n-----END', 'OPENSSH PRIVATE KEY-----\n'].join(' ');
const IN_SYNC_PLAN = JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} });
const SOPS_CONFIG = `creation_rules:\n  - path_regex: ^secrets/.*\\.yaml$\n    age: ${AGE_A}\n`;

function write(dir: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A checkout of a pull request's head: base committed on main, the change on a branch, HEAD at the change. */
function checkout(head: Record<string, string>): { dir: string; base: string; head: string } {
  const dir = tempDir('gitops-sync-secrets-drift-');
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, { '.gitignore': 'gitops-sync-reports/\nreports/\nevent.json\ndrift.env\n', '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '' }), 'plan.json': IN_SYNC_PLAN });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'change');
  write(dir, head);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'change');
  return { dir, base, head: git(dir, 'rev-parse', 'HEAD') };
}

/** The drift-detect action as a `pull_request` workflow runs it. */
async function actionOnPull(repo: { dir: string; base: string; head: string }, inputs: Record<string, string> = {}) {
  writeFileSync(join(repo.dir, 'event.json'), JSON.stringify({ pull_request: { number: 7, base: { sha: repo.base }, head: { sha: repo.head } } }));
  const env = { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(repo.dir, 'event.json'), GITLAB_CI: '', CI_MERGE_REQUEST_IID: '' };
  const io = new RecordingIO({ 'terraform-plan-json': 'plan.json', 'fail-on': 'critical', ...inputs }, repo.dir, env);
  await run(io);
  return io;
}

const DECRYPTED = { 'secrets/db.yaml': `password: |\n  ${PRIVATE_KEY.replace(/\n/g, '\n  ')}\n` };

describe('drift-detect on a pull request checks secrets', () => {
  test('a change that decrypts a SOPS file fails the step, with the findings in the summary, an output, annotations and secrets-report.json', async () => {
    const repo = checkout(DECRYPTED);
    const io = await actionOnPull(repo);
    const report = JSON.parse(readFileSync(join(repo.dir, 'gitops-sync-reports', 'secrets-report.json'), 'utf8'));
    expect(report.schema).toBe('gitops-sync/secrets-report@1');
    const rules = report.findings.map((finding: { rule: string }) => finding.rule);
    expect(rules).toContain('decrypted-in-change');
    expect(rules).toContain('private-key');
    expect(io.outputs['secrets-findings']).toBe(String(report.findings.length));
    expect(io.outputs['secrets-report-path']).toBe(join('gitops-sync-reports', 'secrets-report.json'));
    expect(io.outputs['drift-detected']).toBe('false');
    expect(io.summary).toContain('### Secrets at rest');
    expect(io.summary).toContain('| `secrets/db.yaml` |  | decrypted-in-change | critical |');
    expect(io.annotations).toContainEqual({ title: 'Secrets: critical', message: expect.stringMatching(/^secrets\/db\.yaml: "secrets\/db\.yaml" is plaintext at the head, decrypting/) });
    expect(io.failure).toBe(`Failing because the secrets check has ${report.findings.length} finding(s) (${report.findings.length} critical) and fail-on is "critical".`);
    expect(io.everything()).not.toContain('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
    expect(readFileSync(join(repo.dir, 'gitops-sync-reports', 'drift-report-default.md'), 'utf8')).toContain('### Secrets at rest');
  });

  test('fail-on never reports the findings without failing; every other fail-on fails on a critical finding', async () => {
    const repo = checkout(DECRYPTED);
    const never = await actionOnPull(repo, { 'fail-on': 'never' });
    expect(never.failure).toBeUndefined();
    expect(Number(never.outputs['secrets-findings'])).toBeGreaterThan(0);
    for (const failOn of ['drift', 'high']) expect((await actionOnPull(repo, { 'fail-on': failOn })).failure).toMatch(new RegExp(`^Failing because the secrets check has \\d+ finding\\(s\\) \\(\\d+ critical\\) and fail-on is "${failOn}"\\.$`));
  });

  test('a clean pull request passes, with "No findings" in the summary and secrets-findings 0', async () => {
    const repo = checkout({ 'secrets/db.yaml': sopsYaml({ password: '', user: '' }), 'README.md': 'hello\n' });
    const io = await actionOnPull(repo);
    expect(io.failure).toBeUndefined();
    expect(io.outputs['secrets-findings']).toBe('0');
    expect(io.summary).toMatch(/### Secrets at rest\n\nNo findings \(\d+ file\(s\) checked\)\./);
  });

  test('a checkout without the base commit fails closed: the comparison that could not run is a critical finding', async () => {
    const repo = checkout({ 'README.md': 'hello\n' });
    writeFileSync(join(repo.dir, 'event.json'), '');
    const io = await actionOnPull({ ...repo, base: 'f'.repeat(40) });
    // The policy (secrets.allow, secrets.rules) is read at the base too: without it the check runs with the built-in rules and no allow list.
    expect(io.outputs['secrets-findings']).toBe('2');
    expect(io.summary).toContain('| `.` |  | secrets-check-failed | critical | Reading secrets.allow and secrets.rules at the base commit could not run: The commit ffffffffffff is not in the clone');
    expect(io.summary).toContain('| `.` |  | secrets-check-failed | critical | Comparing the change\'s secrets with its base could not run: The commit ffffffffffffffffffffffffffffffffffffffff is not in the clone');
    expect(io.failure).toMatch(/^Failing because the secrets check has 2 finding/);
  });

  test('a checkout of the base (pull_request_target) cannot vouch for the change at rest: a critical finding, and the comparison still runs', async () => {
    const repo = checkout(DECRYPTED);
    git(repo.dir, 'checkout', '-q', 'main');
    const io = await actionOnPull(repo);
    const report = JSON.parse(readFileSync(join(repo.dir, 'gitops-sync-reports', 'secrets-report.json'), 'utf8'));
    expect(report.findings.map((finding: { rule: string; file: string }) => `${finding.rule} ${finding.file}`)).toEqual(['secrets-check-failed .', 'decrypted-in-change secrets/db.yaml']);
    expect(report.findings[0].message).toBe(`The secrets-at-rest check of the change could not run: the checkout (${repo.base.slice(0, 12)}) is not the change's head (${repo.head.slice(0, 12)}) or a merge of it; check out the pull/merge request's head (or its merge commit) so the change's secrets can be checked.`);
    expect(io.failure).toMatch(/^Failing because the secrets check has 2 finding/);
  });

  test('the change cannot allow its own plaintext secret: secrets.allow and secrets.rules are read at the base commit', async () => {
    const repo = checkout({ 'gitops-sync.yaml': "secrets:\n  allow: ['**']\n", 'deploy/key.pem': PRIVATE_KEY });
    const io = await actionOnPull(repo);
    const report = JSON.parse(readFileSync(join(repo.dir, 'gitops-sync-reports', 'secrets-report.json'), 'utf8'));
    expect(report.findings.map((finding: { rule: string; file: string }) => `${finding.rule} ${finding.file}`)).toContain('private-key deploy/key.pem');
    expect(io.failure).toMatch(/^Failing because the secrets check has/);
  });

  test('an allow list the base commit already has still applies', async () => {
    const repo = checkout({ 'fixtures/key.pem': PRIVATE_KEY });
    git(repo.dir, 'checkout', '-q', 'main');
    write(repo.dir, { 'gitops-sync.yaml': "secrets:\n  allow: ['fixtures/**']\n" });
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-q', '-m', 'allow fixtures');
    const base = git(repo.dir, 'rev-parse', 'HEAD');
    git(repo.dir, 'checkout', '-q', 'change');
    git(repo.dir, 'merge', '-q', '--no-edit', 'main');
    const io = await actionOnPull({ dir: repo.dir, base, head: git(repo.dir, 'rev-parse', 'HEAD') });
    expect(io.outputs['secrets-findings']).toBe('0');
  });

  test('outside a pull request nothing changes: no secrets outputs, no section', async () => {
    const repo = checkout(DECRYPTED);
    const io = new RecordingIO({ 'terraform-plan-json': 'plan.json', 'fail-on': 'critical' }, repo.dir, { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITLAB_CI: '', CI_MERGE_REQUEST_IID: '' });
    await run(io);
    expect(io.failure).toBeUndefined();
    expect(io.outputs['secrets-findings']).toBeUndefined();
    expect(io.summary).not.toContain('Secrets at rest');
  });
});

describe('drift-detect on a GitLab merge request (the CLI the component runs) checks secrets', () => {
  test('exits 1 on a change that weakens .sops.yaml, writes SECRETS_FINDINGS to the dotenv and the section into the MR note', async () => {
    const repo = checkout({ '.sops.yaml': `creation_rules:\n  - path_regex: ^nothing/\n    age: ${AGE_A}\n`, 'secrets/new.yaml': 'token: not-encrypted-at-all\n' });
    gitlab.state.mrs.set(5, glMergeRequest(glUser(7, 'alice'), [], {}, { iid: 5, head: repo.head, base: repo.base }));
    const result = await cli(['drift-detect', '--terraform-plan-json', 'plan.json', '--output-directory', 'reports', '--dotenv', 'drift.env', '--pr-comment', 'changes-only', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5'], {
      cwd: repo.dir,
      env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4`, GITHUB_ACTIONS: '', GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '5', CI_MERGE_REQUEST_DIFF_BASE_SHA: repo.base, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: repo.head },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gitops-sync: secrets: .sops.yaml: .sops.yaml: creation rule 1 (path_regex "^secrets/.*\\\\.yaml$", line 2) at the base is gone or changed at the head');
    expect(result.stderr).toMatch(/gitops-sync: Failing because the secrets check has \d+ finding\(s\)/);
    const dotenv = readFileSync(join(repo.dir, 'drift.env'), 'utf8');
    expect(dotenv).toMatch(/^SECRETS_FINDINGS=[1-9]\d*$/m);
    expect(dotenv).toContain('SECRETS_REPORT_PATH=reports/secrets-report.json\n');
    // changes-only: no drift, but secrets findings, so the note is created.
    const notes = gitlab.state.notes.filter((note) => note.body.includes('gitops-sync:drift-comment'));
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain('| `secrets/new.yaml` |  | sops-rule-removed | critical |');
    expect(notes[0].body).not.toContain('not-encrypted-at-all');
  });
});
