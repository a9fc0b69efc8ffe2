/**
 * Review of stop 27's changes (helper-125), each finding a test that failed before its mend: a resolve no
 * channel took was never sent again (the drift issue, the memory, was closed in the same run); a FIFO or
 * device reached through a link (/dev/stdout is one) was replaced by a plain file.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { Monitoring, UserError, type AlertEvent, type DriftReport, type Severity } from '@gitops-sync/core';
import { runMonitor, silentProgress, writeFileAtomic, type DriftIssues, type Notifier, type TrackedIssue } from '@gitops-sync/engine';
import { driftReportOf } from './support/drift-reports.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

// ── 1. a resolve no channel took is never sent again once the drift issue is closed ─────────────

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 12, minutes));
const report = (changes: [string, Severity][]) => driftReportOf(changes, at(0));

class MemoryIssues implements DriftIssues {
  issues: (TrackedIssue & { open: boolean })[] = [];
  async find(marker: string) {
    return this.issues.find((issue) => issue.open && issue.body.includes(marker));
  }
  async create(_title: string, body: string) {
    const issue = { number: this.issues.length + 1, body, open: true };
    this.issues.push(issue);
    return issue;
  }
  async update(number: number, _title: string, body: string) {
    this.issues[number - 1].body = body;
  }
  async comment() {}
  async close(number: number) {
    this.issues[number - 1].open = false;
  }
}

class PagerDuty implements Notifier {
  readonly name = 'pagerduty';
  sent: AlertEvent[] = [];
  fail = false;
  async send(event: AlertEvent) {
    if (this.fail) throw new UserError('PagerDuty did not take the alert (HTTP 500, after 4 attempts).');
    this.sent.push(event);
  }
}

const monitorRun = (r: DriftReport, minutes: number, issues: DriftIssues, notifiers: Notifier[]) =>
  runMonitor({ report: r, monitoring: Monitoring.parse({}), now: at(minutes), durationSeconds: 3 }, { notifiers, issues, progress: silentProgress });

test('README: "when every channel failed … the next run sends it again" — also for a resolve, with the drift issue as memory', async () => {
  const issues = new MemoryIssues();
  const pagerduty = new PagerDuty();
  await monitorRun(report([['aws_iam_role.admin', 'critical']]), 0, issues, [pagerduty]);
  expect(pagerduty.sent.map((event) => event.kind)).toEqual(['trigger']);

  // The drift is gone, but PagerDuty is down: the resolve is not delivered ("it is tried again at the next run").
  pagerduty.fail = true;
  const gone = await monitorRun(report([]), 15, issues, [pagerduty]);
  expect(gone.event?.kind).toBe('resolve');
  expect(gone.delivered).toEqual([]);

  pagerduty.fail = false;
  await monitorRun(report([]), 30, issues, [pagerduty]);
  // HEAD: the issue was closed at 15 (with alerting: true in its state), so this run finds no memory and the incident stays open.
  expect(pagerduty.sent.map((event) => event.kind)).toEqual(['trigger', 'resolve']);
});

// ── 2. a device or FIFO reached through a symbolic link ─────────────────────────────────────────

test('CHANGELOG: "every file gitops-sync writes whole refuses a FIFO … at its path" — also one reached through a symbolic link (/dev/stdout is one)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-review125-'));
  roots.push(dir);
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const out = join(dir, 'report.json');
  symlinkSync(fifo, out);
  let thrown: unknown;
  try {
    writeFileAtomic(out, '{}\n');
  } catch (error) {
    thrown = error;
  }
  // HEAD: the link is silently replaced by a regular file (as root, `--output /dev/stdout` replaces /dev/stdout).
  expect(lstatSync(out).isSymbolicLink()).toBe(true);
  expect(thrown).toBeInstanceOf(UserError);
});
