/**
 * Review findings for sync (issue 5) and monitoring (issue 6): each test shows one bug a user would hit.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { GitopsSyncConfig, Monitoring, UserError, type AlertEvent, type DriftReport, type Severity } from '@gitops-sync/core';
import { runMonitor, runSync, silentProgress, type DriftIssues, type Exec, type ExecOptions, type Notifier, type TrackedIssue } from '@gitops-sync/engine';
import { driftReportOf } from './support/drift-reports.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------- monitoring

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 12, minutes));

const report = (changes: [string, Severity][]) => driftReportOf(changes, at(0));

/** An in-memory issue tracker, like GitHubDriftIssues: open issues found by their hidden marker. */
class MemoryIssues implements DriftIssues {
  issues: (TrackedIssue & { open: boolean; comments: string[] })[] = [];
  failFind = false;
  async find(marker: string) {
    if (this.failFind) throw new UserError('GitHub answered 502 while listing issues; try again.');
    return this.issues.find((issue) => issue.open && issue.body.includes(marker));
  }
  async create(_title: string, body: string) {
    const issue = { number: this.issues.length + 1, body, open: true, comments: [] };
    this.issues.push(issue);
    return issue;
  }
  async update(number: number, _title: string, body: string) {
    this.issues[number - 1].body = body;
  }
  async comment(number: number, body: string) {
    this.issues[number - 1].comments.push(body);
  }
  /** As the platforms do: closed with the title and body it ends on. */
  async close(number: number, _title: string, body: string) {
    Object.assign(this.issues[number - 1], { open: false, body });
  }
}

class RecordingNotifier implements Notifier {
  readonly name = 'pagerduty';
  sent: AlertEvent[] = [];
  fail = false;
  async send(event: AlertEvent) {
    if (this.fail) throw new UserError('PagerDuty did not take the alert (HTTP 500, after 4 attempts).');
    this.sent.push(event);
  }
}

const monitoring = Monitoring.parse({});
const monitorRun = (r: DriftReport, minutes: number, issues: DriftIssues | undefined, notifiers: Notifier[]) =>
  runMonitor({ report: r, monitoring, now: at(minutes), durationSeconds: 3 }, { notifiers, issues, progress: silentProgress });

describe('monitoring', () => {
  test('a failed drift-issue lookup opens no second issue, and still sends the trigger the thresholds call for, saying it may repeat one', async () => {
    const issues = new MemoryIssues();
    const pagerduty = new RecordingNotifier();
    const critical = report([['aws_iam_role.admin', 'critical']]);
    await monitorRun(critical, 0, issues, [pagerduty]);
    expect(issues.issues).toHaveLength(1);
    expect(pagerduty.sent.map((event) => event.kind)).toEqual(['trigger']);

    // The next scheduled run: the same drift, but listing the issues hits a transient API error.
    issues.failFind = true;
    const second = await monitorRun(critical, 15, issues, [pagerduty]);
    expect(second.failures.length).toBeGreaterThan(0);
    expect(issues.issues.filter((issue) => issue.open)).toHaveLength(1);
    // PagerDuty keeps one incident per dedup key; a lookup that kept failing must not keep the pager quiet for good.
    expect(pagerduty.sent.map((event) => event.kind)).toEqual(['trigger', 'trigger']);
    expect(pagerduty.sent[1].dedupKey).toBe(pagerduty.sent[0].dedupKey);
    expect(pagerduty.sent[1].summary).toMatch(/the drift issue could not be read, so this may repeat an alert already sent\)$/);

    // Drift below the thresholds and no memory: nothing is sent (no resolve either).
    const quiet = await monitorRun(report([['aws_s3_bucket.logs', 'low']]), 30, issues, [pagerduty]);
    expect(quiet.event).toBeUndefined();
    expect(pagerduty.sent).toHaveLength(2);
  });

  test('a resolve no channel took keeps the drift issue (the memory) open, so the next run sends it again; then it is closed', async () => {
    const issues = new MemoryIssues();
    const pagerduty = new RecordingNotifier();
    await monitorRun(report([['aws_iam_role.admin', 'critical']]), 0, issues, [pagerduty]);
    expect(pagerduty.sent.map((event) => event.kind)).toEqual(['trigger']);
    // The drift is gone, but PagerDuty is down: the resolve is not delivered.
    pagerduty.fail = true;
    const gone = await monitorRun(report([]), 15, issues, [pagerduty]);
    expect(gone.event?.kind).toBe('resolve');
    expect(gone.delivered).toEqual([]);
    expect(issues.issues[0].open).toBe(true);
    pagerduty.fail = false;
    await monitorRun(report([]), 30, issues, [pagerduty]);
    expect(pagerduty.sent.map((event) => event.kind)).toEqual(['trigger', 'resolve']);
    expect(issues.issues[0].open).toBe(false);
  });

  test('severity rising from below the thresholds to critical comments on the drift issue', async () => {
    const issues = new MemoryIssues();
    await monitorRun(report([['aws_s3_bucket.logs', 'low']]), 0, issues, []);
    expect(issues.issues).toHaveLength(1);
    const second = await monitorRun(report([['aws_s3_bucket.logs', 'low'], ['aws_iam_role.admin', 'critical']]), 15, issues, []);
    expect(second.event?.kind).toBe('trigger');
    expect(second.issue?.action).toBe('updated');
    // Issue 6: "comment when severity rises" — low → critical is a rise.
    expect(issues.issues[0].comments).toHaveLength(1);
  });

  test('a run whose alert channel failed does not count as a success in gitops_sync_success_rate', async () => {
    const pagerduty = new RecordingNotifier();
    pagerduty.fail = true;
    const result = await monitorRun(report([['aws_iam_role.admin', 'critical']]), 0, undefined, [pagerduty]);
    expect(result.failures).toHaveLength(1);
    expect(result.state.metrics?.recent_runs).toBe('0');
  });
});

// ---------------------------------------------------------------- sync

const IN_SYNC_PLAN = JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} });
const ok = (stdout = '') => ({ exitCode: 0, stdout: Buffer.from(stdout), stderr: '' });

/**
 * Terraform as the Exec port sees it: the selected workspace lives in the working folder
 * (`.terraform/environment`, shared by every process there) unless TF_WORKSPACE overrides it.
 */
function fakeTerraform() {
  const selected = new Map<string, string>();
  const calls: { args: readonly string[]; workspace: string }[] = [];
  const exec: Exec = {
    async run(_command: string, args: readonly string[], options: ExecOptions = {}) {
      await new Promise((done) => setImmediate(done));
      const dir = options.cwd ?? '';
      const workspace = options.env?.TF_WORKSPACE ?? selected.get(dir) ?? 'default';
      calls.push({ args, workspace });
      if (args[0] === 'workspace') selected.set(dir, String(args.at(-1)));
      if (args[0] === 'show') return ok(IN_SYNC_PLAN);
      return ok();
    },
  };
  return { exec, calls };
}

function project(config: string) {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-review-'));
  roots.push(dir);
  mkdirSync(join(dir, 'infra'), { recursive: true });
  return { dir, config: GitopsSyncConfig.parse(JSON.parse(config)) };
}

const syncContext = (exec: Exec) => ({ exec, progress: silentProgress, clock: { now: () => at(0) }, env: {}, sleep: async () => {} });

describe('sync', () => {
  test('an unknown environment in --environments is refused before any environment is synced', async () => {
    const { dir, config } = project(JSON.stringify({ environments: { dev: { terraform: { dir: 'infra' } } } }));
    const { exec, calls } = fakeTerraform();
    await expect(
      runSync({ environments: ['dev', 'prdo'], config, baseDir: dir, dryRun: true, parallel: false, concurrency: 1 }, syncContext(exec)),
    ).rejects.toThrow(/prdo/);
    // dev was already planned (and without --dry-run, applied) before the typo was noticed; the
    // command then ends with only the error about prdo, so dev's outcome is never reported.
    expect(calls).toEqual([]);
  });

  test('--parallel: environments sharing a Terraform folder each plan in their own workspace', async () => {
    const { dir, config } = project(
      JSON.stringify({
        environments: {
          dev: { terraform: { dir: 'infra', workspace: 'dev', var_files: ['dev.tfvars'] } },
          staging: { terraform: { dir: 'infra', workspace: 'staging', var_files: ['staging.tfvars'] } },
        },
      }),
    );
    const { exec, calls } = fakeTerraform();
    const result = await runSync({ environments: ['dev', 'staging'], config, baseDir: dir, dryRun: true, parallel: true, concurrency: 2 }, syncContext(exec));
    expect(result.ok).toBe(true);
    const plans = calls.filter((call) => call.args[0] === 'plan').map((call) => ({ varFile: call.args.find((arg) => arg.startsWith('-var-file='))?.slice(10), workspace: call.workspace }));
    expect(plans).toHaveLength(2);
    for (const plan of plans) expect(plan.workspace).toBe(plan.varFile?.replace('.tfvars', ''));
  });
});
