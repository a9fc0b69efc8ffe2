/**
 * `gitops-sync audit export` end to end: a real git repository (a reviewed pull request merged with a
 * merge commit, then a direct push), its audit log on disk, and the loopback GitHub answering for the
 * pull request, its review and CI — the report names the direct push, and only it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { AUDIT_EVENT_SCHEMA, AuditReport, chainAuditEvent, type AuditDetails, type AuditEvent, type AuditEventDraft } from '@gitops-sync/core';
import { run as runAction } from '../actions/audit-export/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { tempDir } from './support/temp-dir.js';

const github = useFakeGitHub();
const alice = ghUser('alice');
const carol = ghUser('carol');

let dir: string;
const shas: { base: string; head: string; merge: string; push: string } = { base: '', head: '', merge: '', push: '' };

function git(args: string[], time = '2026-03-01T00:00:00Z', who = 'Alice'): string {
  const result = spawnSync('git', ['-c', `user.name=${who}`, '-c', `user.email=${who.toLowerCase()}@example.com`, '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: time, GIT_COMMITTER_DATE: time },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function write(path: string, text: string) {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
  git(['add', '--', path]);
}

function draft(time: string, actor: string, commits: { head?: string; deployed?: string }, details: AuditDetails): AuditEventDraft {
  return {
    schema: AUDIT_EVENT_SCHEMA,
    time,
    environment: 'production',
    actor: { id: String(ghUser(actor).id), login: actor, token: null },
    run: { platform: 'github', id: '1', attempt: 1, url: null },
    repository: 'owner/repo',
    commits: { base: null, head: commits.head ?? null, deployed: commits.deployed ?? null },
    change_request: null,
    details,
  };
}

beforeAll(() => {
  dir = tempDir('gitops-sync-audit-e2e-');
  git(['init', '-q', '-b', 'main']);
  write('gitops-sync.yaml', 'environments:\n  production:\n    paths: [infra/prod]\napproval:\n  environments:\n    production: { production: true, required_approvals: 1 }\n');
  write('.gitignore', 'out/\naction-out/\n.gitops-sync/\n');
  write('infra/prod/main.tf', '# base\n');
  git(['commit', '-q', '-m', 'base'], '2026-02-01T00:00:00Z');
  shas.base = git(['rev-parse', 'HEAD']);
  // Pull request #1 by alice, approved by carol on its head, merged with a merge commit.
  git(['checkout', '-q', '-b', 'change']);
  write('infra/prod/a.tf', '# a\n');
  git(['commit', '-q', '-m', 'a change'], '2026-03-02T10:00:00Z');
  shas.head = git(['rev-parse', 'HEAD']);
  git(['checkout', '-q', 'main']);
  git(['merge', '-q', '--no-ff', '-m', 'Merge pull request #1 from owner/change', 'change'], '2026-03-02T12:00:00Z');
  shas.merge = git(['rev-parse', 'HEAD']);
  // A direct push to main, later in the month.
  write('infra/prod/b.tf', '# pushed\n');
  git(['commit', '-q', '-m', 'direct push'], '2026-03-20T10:00:00Z');
  shas.push = git(['rev-parse', 'HEAD']);

  const events: AuditEvent[] = [];
  for (const each of [
    draft('2026-03-02T11:30:00Z', 'github-actions[bot]', { head: shas.head }, { type: 'gate', outcome: 'allowed', reason: '1 approval', counted: [], rejected: [], plan_fingerprint: 'sha256:plan1' }),
    draft('2026-03-02T12:30:00Z', 'deploy-bot', { head: shas.merge, deployed: shas.merge }, { type: 'sync', outcome: 'succeeded', gate: { outcome: 'allowed', reason: 'ok' }, plan_fingerprint: 'sha256:plan1', backups: [], failure_reason: null }),
    draft('2026-03-03T00:00:00Z', 'github-actions[bot]', {}, { type: 'drift', outcome: 'clean', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 0, medium: 0, low: 0 } }),
  ]) {
    events.push(chainAuditEvent(each, events.at(-1)));
  }
  mkdirSync(join(dir, '.gitops-sync/audit'), { recursive: true });
  writeFileSync(join(dir, '.gitops-sync/audit/events.jsonl'), events.map((event) => `${JSON.stringify(event)}\n`).join(''));
}, 60_000);

function seedGitHub() {
  github.state.pulls.set(
    1,
    ghPullRequest(alice, { number: 1, head: shas.head, base: shas.base }, {
      state: 'closed',
      merged: true,
      merge_commit_sha: shas.merge,
      merged_at: '2026-03-02T12:00:00Z',
      created_at: '2026-03-02T09:00:00Z',
      reviews: [{ id: 11, user: carol, state: 'APPROVED', commit_id: shas.head, body: '', submitted_at: '2026-03-02T11:00:00Z' }],
    }),
  );
  github.state.checkRuns = { [shas.head]: [{ name: 'test', status: 'completed', conclusion: 'success' }] };
  github.state.repoCommits = Object.fromEntries(git(['rev-list', 'main']).split('\n').map((sha) => [sha, { author: alice, committer: alice, verification: { verified: false, reason: 'unsigned' } }]));
}

const exportCli = (args: string[]) => {
  seedGitHub();
  return cli(['audit', 'export', '--platform', 'github', '--repo', 'owner/repo', '--compliance', 'sox', '--output-dir', 'out', ...args], {
    cwd: dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'owner/repo', GITHUB_SERVER_URL: 'https://github.com', GITHUB_ACTIONS: '', GITLAB_CI: '' },
  });
};
const report = () => AuditReport.parse(JSON.parse(readFileSync(join(dir, 'out/audit-report.json'), 'utf8')));

test('a period with only the reviewed pull request: every SOX control passes, exit 0', async () => {
  const result = await exportCli(['--since', '2026-03-01', '--until', '2026-03-10']);
  expect(result.stderr).not.toMatch(/could not|error/i);
  expect(result.code).toBe(0);
  const built = report();
  expect(built.changes.map((change) => [change.sha, change.change_request, change.approvers, change.deployed_by, change.findings])).toEqual([[shas.merge, 1, ['carol'], ['deploy-bot'], []]]);
  expect(built.controls.map((control) => [control.id, control.status])).toEqual([
    ['sox.itgc.change.authorisation', 'pass'],
    ['sox.itgc.change.segregation-of-duties', 'pass'],
    ['sox.itgc.change.testing', 'pass'],
    ['sox.itgc.change.completeness', 'pass'],
  ]);
  const sha256 = createHash('sha256').update(readFileSync(join(dir, 'out/audit-report.json'))).digest('hex');
  expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(`${sha256}  out/audit-report.json`);
});

test('the whole month: the direct push is an authorisation exception linking to its commit, the reviewed change is in none; exit 5', async () => {
  const result = await exportCli(['--since', '2026-03-01', '--until', '2026-03-31']);
  expect(result.code).toBe(5);
  const built = report();
  const authorisation = built.controls.find((control) => control.id === 'sox.itgc.change.authorisation')!;
  expect(authorisation.exceptions).toContainEqual(expect.objectContaining({ check: 'direct-push', change: `production@${shas.push}`, link: `https://github.com/owner/repo/commit/${shas.push}` }));
  const named = built.controls.flatMap((control) => control.exceptions.map((exception) => exception.change));
  expect(named).not.toContain(`production@${shas.merge}`);
  expect(readFileSync(join(dir, 'out/audit-changes.csv'), 'utf8')).toContain(`production@${shas.push},production,main,${shas.push}`);
});


describe('the audit-export action on the same repository', () => {
  const action = async (inputs: Record<string, string>) => {
    seedGitHub();
    const io = new RecordingIO(
      { since: '2026-03-01', until: '2026-03-31', compliance: 'sox', 'output-dir': 'action-out', token: github.state.token, ...inputs },
      dir,
      { ...process.env, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'owner/repo', GITHUB_SERVER_URL: 'https://github.com', GITHUB_TOKEN: '' },
    );
    await runAction(io);
    return io;
  };

  test('sets the outputs and the job summary, and fails the step on exceptions after writing the files', async () => {
    const io = await action({});
    const json = readFileSync(join(dir, 'action-out/audit-report.json'));
    expect(io.outputs).toMatchObject({
      'report-path': join(dir, 'action-out/audit-report.json'),
      'statement-path': join(dir, 'action-out/audit-report.intoto.json'),
      sha256: createHash('sha256').update(json).digest('hex'),
      'exit-code': '5',
      'controls-failed': '2', // authorisation (direct push, no gate) and testing (no CI on the pushed commit)
    });
    expect(io.summary).toContain('### Exceptions');
    expect(io.failure).toBe(`2 of 4 controls have exceptions (${io.outputs.exceptions} in all); the report is ${join(dir, 'action-out/audit-report.json')}.`);
    expect([...new Set(io.secrets)]).toEqual([github.state.token]);
  });

  test('fail-on-exceptions: false reports exit-code 5 without failing the step', async () => {
    const io = await action({ 'fail-on-exceptions': 'false' });
    expect(io.outputs['exit-code']).toBe('5');
    expect(io.failure).toBeUndefined();
  });
});
