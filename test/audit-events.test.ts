/**
 * The audit events each command records, through the CLI (and one action) with the default `file`
 * store: drift-detect and its alert, approve-safe, the gate (allowed, denied), sync (success,
 * failure), rollback, on real terraform and the loopback GitHub. Each log must be one well-formed,
 * hash-chained event per decision, with the run's identity from the CI variables and no secret in it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { AuditEvent, auditEventHash, GENESIS_HASH, type AuditDetails } from '@gitops-sync/core';
import { run as gateAction } from '../actions/gate/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhReview } from './support/fake-github.js';
import { git, pullRequestRepo } from './support/git-repo.js';
import { tofuFixture } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraformDataApp, writeFiles } from './support/terraform.js';
import { slackServer } from './support/vendor-servers.js';

const github = useFakeGitHub();
const LOG = '.gitops-sync/audit/events.jsonl';

/** A GitHub Actions run of `octo-deployer` (id 4242), run 777, second attempt. */
const GITHUB_RUN = {
  GITHUB_ACTIONS: 'true',
  GITLAB_CI: '',
  GITHUB_ACTOR: 'octo-deployer',
  GITHUB_TRIGGERING_ACTOR: 'octo-deployer',
  GITHUB_ACTOR_ID: '4242',
  GITHUB_RUN_ID: '777',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY: 'owner/repo',
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_EVENT_NAME: 'workflow_dispatch',
};
const EXPECTED_GITHUB_IDENTITY = {
  actor: { id: '4242', login: 'octo-deployer', token: null },
  run: { platform: 'github', id: '777', attempt: 2, url: 'https://github.example/owner/repo/actions/runs/777' },
  repository: 'owner/repo',
};

/** Every line of the log, parsed and checked: the schema, seq 1..n, each prev_hash the previous hash, each hash recomputed. */
function readLog(dir: string): AuditEvent[] {
  const lines = readFileSync(join(dir, LOG), 'utf8').split('\n').filter(Boolean);
  const events = lines.map((line) => AuditEvent.parse(JSON.parse(line)));
  events.forEach((event, index) => {
    expect(event.seq).toBe(index + 1);
    expect(event.prev_hash).toBe(index === 0 ? GENESIS_HASH : events[index - 1].hash);
    expect(event.hash).toBe(auditEventHash(event));
  });
  return events;
}

const kinds = (events: AuditEvent[]) => events.map((event) => `${event.details.type}:${event.details.outcome}`);
const detailsOf = <T extends AuditDetails['type']>(event: AuditEvent, type: T) => {
  expect(event.details.type).toBe(type);
  return event.details as Extract<AuditDetails, { type: T }>;
};

describe('drift-detect records the drift and the alert', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('gitops-sync-audit-drift-');
    // A CI checkout: in CI a log no repository holds is never appended to.
    git(dir, 'init', '-q');
    writeFileSync(
      join(dir, 'gitops-sync.yaml'),
      'monitoring:\n  alert_thresholds: { critical_changes: 0, high_priority_changes: 0, drift_age_hours: 1 }\n  notifications:\n    slack: { webhook_url_env: SLACK_WEBHOOK_URL }\naudit:\n  store: file\n',
    );
    copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
    copyFileSync(tofuFixture('sensitive-values'), join(dir, 'sensitive.json'));
  });

  const detect = (plan: string, env: Record<string, string>, ...extra: string[]) =>
    cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', ...extra], { cwd: dir, env });

  test('a drift check with monitoring: one drift event (report fingerprint, counts, first seen), then the trigger with each channel result', async () => {
    const slack = await slackServer();
    try {
      const run = await detect('drift.json', { ...GITHUB_RUN, SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X` }, '--notify', '--state-file', 'state.json');
      expect(run.stderr).not.toContain('warning');
      expect(run.code).toBe(0);
      const events = readLog(dir);
      expect(kinds(events)).toEqual(['drift:drift', 'alert:trigger']);
      const [drift, alert] = events;
      expect(drift).toMatchObject({ environment: 'production', ...EXPECTED_GITHUB_IDENTITY, change_request: null });
      const report = readFileSync(join(dir, 'reports/drift-report-production.json'));
      const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { first_seen: Record<string, string> };
      expect(detailsOf(drift, 'drift')).toEqual({
        type: 'drift',
        outcome: 'drift',
        report_fingerprint: spawnSync('sha256sum', { input: report, encoding: 'utf8' }).stdout.split(' ')[0],
        plan_fingerprint: JSON.parse(report.toString('utf8')).plan_fingerprint,
        counts: { critical: 0, high: 3, medium: 0, low: 0 },
        first_seen: Object.values(state.first_seen).sort()[0],
      });
      expect(detailsOf(alert, 'alert')).toEqual({ type: 'alert', outcome: 'trigger', severity: 'high', channels: [{ channel: 'slack', ok: true, error: null }] });
    } finally {
      await slack.close();
    }
  });

  test('a failing channel is recorded with its error; the next run tries the alert again and records that too', async () => {
    const env = { ...GITHUB_RUN, SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/services/T0/B0/X' };
    await detect('drift.json', env, '--notify', '--state-file', 'state.json');
    await detect('drift.json', env, '--notify', '--state-file', 'state.json');
    const events = readLog(dir);
    expect(kinds(events)).toEqual(['drift:drift', 'alert:trigger', 'drift:drift', 'alert:trigger']);
    expect(detailsOf(events[1], 'alert').channels).toEqual([{ channel: 'slack', ok: false, error: expect.stringMatching(/.+/) }]);
    expect(detailsOf(events[3], 'alert').channels[0].ok).toBe(false);
  });

  test('on GitLab the actor, pipeline and project come from the GITLAB_* variables; no sensitive value reaches the log', async () => {
    const run = await detect('sensitive.json', {
      GITHUB_ACTIONS: '',
      GITLAB_CI: 'true',
      GITLAB_USER_ID: '31',
      GITLAB_USER_LOGIN: 'gl-operator',
      CI_PIPELINE_ID: '9001',
      CI_JOB_URL: 'https://gitlab.example/group/infra/-/jobs/55',
      CI_PROJECT_PATH: 'group/infra',
    });
    expect(run.code).toBe(0);
    const [event, ...rest] = readLog(dir);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      actor: { id: '31', login: 'gl-operator', token: null },
      run: { platform: 'gitlab', id: '9001', attempt: null, url: 'https://gitlab.example/group/infra/-/jobs/55' },
      repository: 'group/infra',
    });
    // Without monitoring there is no drift memory: the first-seen time is left out, not invented.
    expect(detailsOf(event, 'drift')).not.toHaveProperty('first_seen');
    expect(readFileSync(join(dir, LOG), 'utf8')).not.toContain('boop');
  });

  test('a check that fails is recorded as failed, and a store that cannot be written is one warning with the exit code unchanged', async () => {
    const failed = await detect('missing.json', GITHUB_RUN);
    expect(failed.code).toBe(1);
    expect(kinds(readLog(dir))).toEqual(['drift:failed']);

    const broken = tempDir('gitops-sync-audit-broken-');
    copyFileSync(tofuFixture('drift'), join(broken, 'drift.json'));
    // The log's folder is a file: nothing can be appended.
    writeFileSync(join(broken, 'gitops-sync.yaml'), 'audit:\n  store: file\n  file: blocker/events.jsonl\n');
    writeFileSync(join(broken, 'blocker'), 'not a folder\n');
    const run = await cli(['drift-detect', '--terraform-plan-json', 'drift.json', '--fail-on', 'never'], { cwd: broken, env: GITHUB_RUN });
    expect(run.code).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('warning'));
    expect(warnings).toEqual([expect.stringMatching(/^gitops-sync: warning: the audit trail could not be written \(.+\); this run's events may be missing from it\.$/)]);
  });
});

const CONFIG = `environments:
  dev:
    terraform: { dir: infra/dev }
  staging:
    terraform: { dir: infra/staging }
approval:
  environments:
    dev: { required_approvals: 1 }
    staging: { required_approvals: 2 }
audit:
  store: file
`;

describeWithTerraform('gate, approve-safe, sync and rollback record their decisions', () => {
  let dir: string;
  let env: Record<string, string>;
  let headSha: string;
  let baseSha: string;
  const approve = (login: string, at: string): GhReview => ({ id: Math.floor(Math.random() * 1e6), user: ghUser(login), state: 'APPROVED', commit_id: headSha, body: '', submitted_at: at });

  beforeEach(() => {
    dir = tempDir('gitops-sync-audit-sync-');
    env = { ...offlineTerraformEnv(dir), ...GITHUB_RUN, GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url };
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG);
    writeFileSync(join(dir, '.gitignore'), '.terraform/\n*.tfstate*\n.terraform.lock.hcl\nbackups/\nreports/\nempty.tfrc\n.gitops-sync/\n');
    writeFiles(join(dir, 'infra/dev'), { 'main.tf': terraformDataApp('v1') });
    writeFiles(join(dir, 'infra/staging'), { 'main.tf': terraformDataApp('v1') });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    baseSha = git(dir, 'rev-parse', 'HEAD');
    writeFiles(join(dir, 'infra/dev'), { 'main.tf': terraformDataApp('v2') });
    writeFiles(join(dir, 'infra/staging'), { 'main.tf': terraformDataApp('v2') });
    git(dir, 'commit', '-q', '-am', 'v2');
    headSha = git(dir, 'rev-parse', 'HEAD');
    const author = ghUser('alice');
    github.state.pulls.set(
      7,
      ghPullRequest(author, { number: 7, head: headSha, base: baseSha }, {
        files: [
          { filename: 'infra/dev/main.tf', status: 'modified' },
          { filename: 'infra/staging/main.tf', status: 'modified' },
        ],
        commits: [{ sha: headSha, author, committer: author, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
      }),
    );
    github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  });

  const target = ['--platform', 'github', '--repo', 'owner/repo', '--pr', '7'];
  const reviewPlans = async () => {
    for (const environment of ['dev', 'staging']) {
      expect((await cli(['drift-detect', '--environment', environment, '--fail-on', 'never', '--output-directory', 'reports'], { cwd: dir, env })).code).toBe(0);
    }
  };

  test('the gate, allowed and denied: who counted and who not and why, the plan, and the approval wait', async () => {
    await reviewPlans();
    github.state.pulls.get(7)!.reviews.push(approve('bob', '2026-01-01T02:00:00Z'), approve('alice', '2026-01-01T03:00:00Z'));
    expect((await cli(['gate', ...target, '--environment', 'dev', '--report', 'reports/drift-report-dev.json'], { cwd: dir, env })).code).toBe(0);
    expect((await cli(['gate', ...target, '--environment', 'staging'], { cwd: dir, env })).code).toBe(3);
    const events = readLog(dir);
    expect(kinds(events)).toEqual(['drift:drift', 'drift:drift', 'gate:allowed', 'gate:denied']);
    const [allowed, denied] = [events[2], events[3]];
    const change = { commits: { base: baseSha, head: headSha, deployed: null }, change_request: { number: 7, url: expect.stringMatching(/\/owner\/repo\/pull\/7$/) } };
    expect(allowed).toMatchObject({ environment: 'dev', ...EXPECTED_GITHUB_IDENTITY, ...change });
    const report = JSON.parse(readFileSync(join(dir, 'reports/drift-report-dev.json'), 'utf8')) as { plan_fingerprint: string };
    expect(detailsOf(allowed, 'gate')).toEqual({
      type: 'gate',
      outcome: 'allowed',
      reason: '1 of 1 required approvals counted',
      counted: [{ id: String(ghUser('bob').id), login: 'bob', reason: 'latest review approves the head commit', approved_at: '2026-01-01T02:00:00Z' }],
      rejected: [{ id: String(ghUser('alice').id), login: 'alice', reason: expect.stringContaining('author'), approved_at: '2026-01-01T03:00:00Z' }],
      plan_fingerprint: report.plan_fingerprint,
      // The fake GitHub opens every pull request at its epoch.
      requested_at: '2026-01-01T00:00:00Z',
      approved_at: '2026-01-01T02:00:00Z',
    });
    const deniedDetails = detailsOf(denied, 'gate');
    expect(deniedDetails).toMatchObject({ outcome: 'denied', approved_at: null, plan_fingerprint: null });
    expect(deniedDetails.reason).toMatch(/2 approvals/);
    expect(readFileSync(join(dir, LOG), 'utf8')).not.toContain(github.state.token);
  });

  test('gitops_approval_time_seconds is fed from the gate events since the last run, and promtool accepts it', async () => {
    github.state.pulls.get(7)!.reviews.push(approve('bob', '2026-01-01T02:00:00Z'));
    expect((await cli(['gate', ...target, '--environment', 'dev'], { cwd: dir, env })).code).toBe(0);
    const metrics = async () => {
      const run = await cli(['drift-detect', '--environment', 'dev', '--fail-on', 'never', '--output-directory', 'reports', '--state-file', 'state.json', '--metrics-file', 'metrics.prom'], { cwd: dir, env });
      expect(run.code).toBe(0);
      return readFileSync(join(dir, 'metrics.prom'), 'utf8');
    };
    const first = await metrics();
    expect(first).toContain('gitops_approval_time_seconds_count{environment="dev"} 1');
    expect(first).toContain('gitops_approval_time_seconds_sum{environment="dev"} 7200');
    expect(first).toContain('gitops_approval_time_seconds_bucket{environment="dev",le="3600"} 0');
    expect(first).toContain('gitops_approval_time_seconds_bucket{environment="dev",le="7200"} 1');
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: first, encoding: 'utf8' });
    expect(`${promtool.stdout}${promtool.stderr}`.trim()).toBe('');
    expect(promtool.status).toBe(0);
    // The same gate decision is not counted twice.
    expect(await metrics()).toContain('gitops_approval_time_seconds_count{environment="dev"} 1');
  });

  test('sync: started and a final event per environment, with the gate, the applied plan and its backups; a denied environment is a failure with its reason', async () => {
    await reviewPlans();
    github.state.pulls.get(7)!.reviews.push(approve('bob', '2026-01-01T02:00:00Z'));
    const run = await cli(['sync', '--environments', 'dev,staging', ...target, '--report', 'reports', '--format', 'json'], { cwd: dir, env });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { environments: { plan_fingerprint?: string; backups: string[] }[] };
    const events = readLog(dir).slice(2);
    expect(kinds(events)).toEqual(['sync:started', 'gate:allowed', 'sync:succeeded', 'sync:started', 'gate:denied', 'sync:failed']);
    const deployed = { base: baseSha, head: headSha, deployed: headSha };
    for (const event of events) {
      // The gate decides on the change; only sync's own events name the commit deployed.
      expect(event).toMatchObject({ commits: event.details.type === 'sync' ? deployed : { ...deployed, deployed: null }, change_request: { number: 7 }, ...EXPECTED_GITHUB_IDENTITY });
    }
    expect(events.map((event) => event.environment)).toEqual(['dev', 'dev', 'dev', 'staging', 'staging', 'staging']);
    expect(detailsOf(events[0], 'sync')).toEqual({ type: 'sync', outcome: 'started', gate: null, plan_fingerprint: null, backups: [], failure_reason: null });
    const succeeded = detailsOf(events[2], 'sync');
    expect(succeeded).toMatchObject({ gate: { outcome: 'allowed', reason: 'gate allowed owner/repo#7 (bob)' }, plan_fingerprint: result.environments[0].plan_fingerprint, failure_reason: null });
    expect(succeeded.backups.map((backup) => backup.path)).toEqual(result.environments[0].backups);
    for (const backup of succeeded.backups) {
      const file = readFileSync(resolve(dir, backup.path));
      expect(backup.sha256).toBe(spawnSync('sha256sum', { input: file, encoding: 'utf8' }).stdout.split(' ')[0]);
    }
    const failed = detailsOf(events[5], 'sync');
    expect(failed).toMatchObject({ outcome: 'failed', gate: { outcome: 'denied' }, backups: [] });
    expect(failed.failure_reason).toMatch(/^gate-denied: The gate denied staging: /);
  });

  test('rollback: started and succeeded with mode, from, to, the backup and the verification; a refused rollback is recorded as failed', async () => {
    await reviewPlans();
    github.state.pulls.get(7)!.reviews.push(approve('bob', '2026-01-01T02:00:00Z'), approve('carol', '2026-01-01T02:30:00Z'));
    expect((await cli(['sync', 'dev', ...target, '--report', 'reports'], { cwd: dir, env })).code).toBe(0);
    writeFiles(join(dir, 'infra/dev'), { 'main.tf': terraformDataApp('v3') });
    await reviewPlans();
    expect((await cli(['sync', 'dev', ...target, '--report', 'reports'], { cwd: dir, env })).code).toBe(0);
    const backups = readdirSync(join(dir, 'backups/dev')).filter((name) => name.endsWith('.tfstate')).sort();
    const latest = join('backups/dev', backups[backups.length - 1]);
    const before = readLog(dir).length;

    const refused = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', 'gitops-sync.yaml'], { cwd: dir, env });
    expect(refused.code).toBe(1);
    const run = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', latest, '--force', '--format', 'json'], { cwd: dir, env });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { from: string; to: string; backup_path: string; verification: string };
    const events = readLog(dir).slice(before);
    expect(kinds(events)).toEqual(['rollback:started', 'rollback:failed', 'rollback:started', 'rollback:succeeded']);
    expect(detailsOf(events[1], 'rollback').failure_reason).toMatch(/gitops-sync\.yaml.*not a Terraform state/);
    const done = detailsOf(events[3], 'rollback');
    expect(done).toMatchObject({ mode: 'terraform-state', from: result.from, to: result.to, verification: result.verification, failure_reason: null });
    expect(done.backups).toEqual([{ path: result.backup_path, sha256: spawnSync('sha256sum', { input: readFileSync(resolve(dir, result.backup_path)), encoding: 'utf8' }).stdout.split(' ')[0] }]);
  });

  test('gitops-sync drift records one event per environment checked, with the fingerprint of the JSON it prints', async () => {
    const run = await cli(['drift', 'dev', '--format', 'json'], { cwd: dir, env });
    expect(run.code).toBe(2);
    const [event, ...rest] = readLog(dir);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ environment: 'dev', ...EXPECTED_GITHUB_IDENTITY });
    expect(detailsOf(event, 'drift')).toMatchObject({
      outcome: 'drift',
      report_fingerprint: spawnSync('sha256sum', { input: run.stdout, encoding: 'utf8' }).stdout.split(' ')[0],
      counts: { critical: 0, high: 0, medium: 0, low: 0, ...JSON.parse(run.stdout).changes_by_severity },
    });
  });

  test('approve-safe records its verdict, the findings and the head SHA; --dry-run records nothing', async () => {
    expect((await cli(['approve-safe', ...target, '--dry-run'], { cwd: dir, env })).code).toBe(0);
    expect(existsSync(join(dir, LOG))).toBe(false);
    expect((await cli(['approve-safe', ...target], { cwd: dir, env })).code).toBe(0);
    const [event, ...rest] = readLog(dir);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ environment: null, commits: { base: baseSha, head: headSha, deployed: null }, change_request: { number: 7 }, ...EXPECTED_GITHUB_IDENTITY });
    const details = detailsOf(event, 'approve-safe');
    expect(details.outcome).toBe('not-approved');
    expect(details.findings).toEqual(expect.arrayContaining([expect.stringMatching(/^infra\/dev\/main\.tf: /)]));
  });
});

test('the gate action records its decision with the runner identity', async () => {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': 'approval:\n  environments:\n    staging: {required_approvals: 1}\naudit:\n  store: file\n', 'main.tf': 'x\n' }, { 'main.tf': 'y\n' });
  github.state.pulls.set(3, ghPullRequest(ghUser('alice'), { number: 3, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: [{ id: 5, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-01-01T00:10:00Z' }], commits: [{ sha: repo.headSha, author: ghUser('alice'), committer: ghUser('alice'), authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
  github.state.permissions = { alice: 'write', bob: 'write' };
  const io = new RecordingIO({ environment: 'staging', token: github.state.token, 'pull-request': '3' }, repo.dir, { ...process.env, ...GITHUB_RUN, GITHUB_API_URL: github.url, GITHUB_TOKEN: '' });
  try {
    await gateAction(io);
    expect(io.failure).toBeUndefined();
    expect(io.warnings).toEqual([]);
    const [event, ...rest] = readLog(repo.dir);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ environment: 'staging', ...EXPECTED_GITHUB_IDENTITY, change_request: { number: 3 } });
    expect(detailsOf(event, 'gate')).toMatchObject({ outcome: 'allowed', requested_at: '2026-01-01T00:00:00Z', approved_at: '2026-01-01T00:10:00Z' });
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
});

// A change may not choose where its own decision is recorded: the trail is the one the config at its base
// names, as the policy is read there, whatever the change does to `audit:`.
test('the gate and approve-safe record into the trail the base commit names, not one the change moves it to', async () => {
  const baseConfig = 'approval:\n  environments:\n    staging: {required_approvals: 1}\naudit:\n  store: file\n';
  const repo = pullRequestRepo({ 'gitops-sync.yaml': baseConfig, 'main.tf': 'x\n' }, { 'gitops-sync.yaml': `${baseConfig}  file: elsewhere/events.jsonl\n`, 'main.tf': 'y\n' });
  github.state.pulls.set(4, ghPullRequest(ghUser('alice'), { number: 4, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: [{ id: 6, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-01-01T00:10:00Z' }], commits: [{ sha: repo.headSha, author: ghUser('alice'), committer: ghUser('alice'), authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
  github.state.permissions = { alice: 'write', bob: 'write' };
  const env = { ...process.env, ...GITHUB_RUN, GITHUB_API_URL: github.url, GITHUB_TOKEN: github.state.token };
  try {
    const io = new RecordingIO({ environment: 'staging', token: github.state.token, 'pull-request': '4' }, repo.dir, { ...env, GITHUB_TOKEN: '' });
    await gateAction(io);
    expect(io.failure).toBeUndefined();
    expect((await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '4'], { cwd: repo.dir, env })).code).toBe(0);
    expect(kinds(readLog(repo.dir))).toEqual(['gate:allowed', 'approve-safe:not-approved']);
    expect(existsSync(join(repo.dir, 'elsewhere'))).toBe(false);
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
});
