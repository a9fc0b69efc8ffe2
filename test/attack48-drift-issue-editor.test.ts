/**
 * Attack on "a drift issue someone else last edited is not trusted" (552b0fc): the drift issue's hidden state
 * decides which alerts are sent, and anyone with write access (GitHub) or the Reporter role (GitLab) can edit
 * it. A run now asks GraphQL who last edited the issue and, when it was someone else, acts as if an alert of
 * unknown severity were open. Tried here as a malicious insider, a compromised bot or a sloppy config would:
 * forged editors, GraphQL failures, edits that make the issue disappear from the lookup, closing/reopening
 * (which Triage may do without editing anything), a race between the REST body and the GraphQL editor, and the
 * drift's age (helper-124). Mended: GraphQL errors beside data were read as "nobody edited it"; an untrusted
 * state restarted the drift's age (one edit per run kept a drift-age alert from paging); the body (REST) and
 * its editor (GraphQL) are now one answer; a closed issue keeps the state it closed with. The real CLI against
 * the loopback GitHub/GitLab and the validating Slack/PagerDuty fakes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readStateBlock, stateBlock, type DriftState } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { GITHUB_ACTIONS_BOT, ghUser, interceptingProxy, useFakeGitHub, type GhUser } from './support/fake-github.js';
import { glUser, useFakeGitLab } from './support/fake-gitlab.js';
import { monitoredFolder, pagerDutyServer, slackServer, type VendorServer } from './support/vendor-servers.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack48-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Counts alert (3 high changes over high_priority_changes: 2) and age (drift_age_hours: 1). */
const counts = join(root, 'counts');
/** Age only: 3 high changes stay under high_priority_changes: 5; a drift older than an hour alerts. */
const ages = join(root, 'ages');
monitoredFolder(counts, 2);
monitoredFolder(ages, 5);

let slack: VendorServer;
let pagerDuty: VendorServer;
beforeEach(async () => {
  [slack, pagerDuty] = await Promise.all([slackServer(), pagerDutyServer()]);
});
afterEach(async () => {
  await Promise.all([slack.close(), pagerDuty.close()]);
});

const channelEnv = () => ({ SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`, PAGERDUTY_ROUTING_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue`, GITHUB_ACTIONS: '', GITLAB_CI: '' });

function check(folder: string, plan: string, extraEnv: Record<string, string> = {}, extraArgs: string[] = []) {
  return cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'github', '--repo', 'owner/repo', ...extraArgs], {
    cwd: folder,
    env: { ...channelEnv(), GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITOPS_SYNC_BOT_LOGIN: '', ...extraEnv },
  });
}

const MARKER = '<!-- gitops-sync:drift-issue environment=production -->';
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const RESOURCES = ['test_instance.no_refresh', 'test_instance.should_refresh'];

const stateOf = (overrides: Partial<DriftState>): DriftState => ({ schema: 'gitops-sync/drift-state@1', environment: 'production', alerting: false, alerted_severity: null, first_seen: {}, history: [], ...overrides });
/** What gitops-sync left after alerting a drift first seen `hours` ago. */
const alertedState = (severity: 'high' | 'critical', hours: number) =>
  stateOf({ alerting: true, alerted_severity: severity, first_seen: Object.fromEntries(RESOURCES.map((address) => [address, hoursAgo(hours)])), history: [{ at: hoursAgo(0.5), critical: 0, high: 3, medium: 0, low: 0 }] });

/** Our drift issue #50, opened `hours` ago by gitops-sync (github-actions[bot]) and last written by it. */
function plantIssue(state: DriftState, hours = 3, user: GhUser = GITHUB_ACTIONS_BOT) {
  github.state.issues.push({
    number: 50,
    title: 'Drift in production: 3 high',
    body: `${MARKER}\nAll under control.\n- [ ] acknowledged\n${stateBlock(state)}`,
    labels: ['gitops-sync:drift'],
    state: 'open',
    user,
    created_at: hoursAgo(hours),
    updated_at: hoursAgo(0.5),
    closed_at: null,
  });
  return github.state.issues[0];
}

const edit = (editor: GhUser, body?: string) => Object.assign(github.state.issues[0], { editor, last_edited_at: hoursAgo(0.1), ...(body === undefined ? {} : { body }) });
const pd = () => pagerDuty.received.map((request) => `${(request.json as { event_action: string }).event_action} ${(request.json as { dedup_key: string }).dedup_key}`);
const triggers = () => pd().filter((line) => line.startsWith('trigger'));
const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('gitops-sync: warning:'));

describe('GitHub: who last edited the drift issue', () => {
  test('withstood: a deleted account (GraphQL editor null, lastEditedAt set: "ghost") is not taken for gitops-sync', async () => {
    plantIssue(alertedState('critical', 3));
    edit(null as unknown as GhUser);
    const run = await check(counts, 'drift.json');
    expect(run.stderr).toContain('issue #50 was last edited by someone unknown, not by gitops-sync');
    expect(triggers()).toEqual(['trigger gitops-sync/production/high']);
  });

  test('withstood: a person whose login is "github-actions" (a User, not the Bot) is not gitops-sync', async () => {
    plantIssue(alertedState('critical', 3));
    edit(ghUser('github-actions', 4242, 'User'));
    const run = await check(counts, 'drift.json');
    expect(run.stderr).toContain('issue #50 was last edited by github-actions, not by gitops-sync');
    expect(triggers()).toEqual(['trigger gitops-sync/production/high']);
  });

  test('withstood: GITOPS_SYNC_BOT_LOGIN=my-app[bot]: a User named my-app is not the app; the Bot my-app (any case) is', async () => {
    const app = ghUser('my-app[bot]', 777, 'Bot');
    plantIssue(alertedState('critical', 3), 3, app);
    edit(ghUser('my-app', 778, 'User'));
    const forged = await check(counts, 'drift.json', { GITOPS_SYNC_BOT_LOGIN: 'my-app[bot]' });
    expect(forged.stderr).toContain('issue #50 was last edited by my-app, not by gitops-sync');
    expect(triggers()).toHaveLength(1);

    github.reset();
    pagerDuty.received.length = 0;
    plantIssue(alertedState('high', 3), 3, app);
    edit(ghUser('My-App[bot]', 777, 'Bot'));
    const own = await check(counts, 'drift.json', { GITOPS_SYNC_BOT_LOGIN: 'my-app[bot]' });
    expect(warnings(own.stderr)).toEqual([]);
    expect(pd()).toEqual([]);
  });

  test('withstood: a title-only edit, a comment and a label added do not touch the state on GitHub (editor is the body\'s)', async () => {
    const issue = plantIssue(alertedState('high', 3));
    Object.assign(issue, { title: 'Drift in production: nothing to see', labels: ['gitops-sync:drift', 'wontfix'] });
    github.state.comments.push({ id: 900, issue_number: 50, user: ghUser('mallory'), body: `${MARKER}\n${stateBlock(stateOf({}))}`, created_at: hoursAgo(0.1), updated_at: hoursAgo(0.1) });
    const run = await check(counts, 'drift.json');
    expect(warnings(run.stderr)).toEqual([]);
    expect(pd()).toEqual([]);
  });

  test('withstood: a hostile GraphQL login (line breaks, markdown, Slack mentions) never reaches the warning, Slack or PagerDuty', async () => {
    plantIssue(alertedState('critical', 3));
    edit({ login: 'mallory\n*PAGE <!channel>* [ok](https://evil.example)', id: 66, type: 'User' });
    const run = await check(counts, 'drift.json');
    expect(run.stderr).toContain('issue #50 was last edited by someone unknown, not by gitops-sync');
    const sent = JSON.stringify([...slack.received.map((request) => request.json), ...pagerDuty.received.map((request) => request.json)]);
    expect(sent).toContain('the drift issue was edited by someone unknown');
    expect(sent).not.toMatch(/<!channel>|evil\.example|mallory/);
    expect(slack.received.every((request) => request.problems.length === 0)).toBe(true);
  });

  test('withstood: the editor is read again after our own rewrite: an edit, one untrusted run, then trusted and quiet', async () => {
    plantIssue(alertedState('high', 3));
    edit(ghUser('mallory'));
    await check(counts, 'drift.json');
    expect(github.state.issues[0].editor?.login).toBe('github-actions[bot]');
    const after = await check(counts, 'drift.json');
    expect(warnings(after.stderr)).toEqual([]);
    expect(triggers()).toHaveLength(1);
  });

  test('an edit is not a failed run: the success-rate metric stays at 1 (a Prometheus alert on it would have fired for a ticked checkbox)', async () => {
    plantIssue(alertedState('high', 3));
    edit(ghUser('mallory'));
    const run = await check(counts, 'drift.json', {}, ['--metrics-file', 'metrics.prom']);
    expect(warnings(run.stderr)).toHaveLength(1);
    expect(readFileSync(join(counts, 'metrics.prom'), 'utf8')).toMatch(/^gitops_sync_success_rate\{environment="production"\} 1$/m);
  });

  test('withstood: GraphQL answering only errors (no data) is loud, and the run still pages (no memory: trigger only, "may repeat")', async () => {
    plantIssue(alertedState('critical', 3));
    github.faults.push({ method: 'POST', path: /\/graphql$/, status: 200, times: 1, requestBody: /on Issue \{/, body: { errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] } });
    const run = await check(counts, 'drift.json');
    expect(warnings(run.stderr)).toEqual([expect.stringContaining("gitops-sync: warning: drift issue: GitHub's GraphQL API did not answer when asked to read who edited drift issue #50 (Resource not accessible by integration)")]);
    expect(run.stdout).toContain('(the drift issue could not be read, so this may repeat an alert already sent)');
    expect(triggers()).toEqual(['trigger gitops-sync/production/high']);
    expect(github.state.issues).toHaveLength(1);
  });

  test('withstood: --state-file decides, not the issue: an edited issue neither warns nor alerts again', async () => {
    const stateFile = join(counts, 'state.json');
    writeFileSync(stateFile, JSON.stringify(alertedState('high', 3)));
    try {
      plantIssue(alertedState('high', 3));
      edit(ghUser('mallory'));
      const run = await check(counts, 'drift.json', {}, ['--state-file', 'state.json']);
      expect(warnings(run.stderr)).toEqual([]);
      expect(pd()).toEqual([]);
    } finally {
      rmSync(stateFile, { force: true });
    }
  });

  // Mallory rewrote the state to "already alerting, critical"; GitHub's GraphQL answers with `errors` (a token
  // without access, a GHES quirk, a hostile proxy) beside a null node or partial data.
  test.each([
    ['`node: null` with a NOT_FOUND error', { data: { node: null }, errors: [{ type: 'NOT_FOUND', path: ['node'], message: "Could not resolve to a node with the global id of 'I_x'." }] }],
    ['partial data (lastEditedAt nulled) beside a FORBIDDEN error', { data: { node: { lastEditedAt: null, editor: null } }, errors: [{ type: 'FORBIDDEN', path: ['node', 'lastEditedAt'], message: 'Resource not accessible by integration' }] }],
  ])('GraphQL answering %s is a failed lookup (loud), never "nobody edited it"', async (_what, body) => {
    plantIssue(stateOf({}));
    edit(ghUser('mallory'), `${MARKER}\n${stateBlock(alertedState('critical', 3))}`);
    github.faults.push({ method: 'POST', path: /\/graphql$/, status: 200, times: 1, requestBody: /on Issue \{/, body });
    const run = await check(counts, 'drift.json');
    expect(warnings(run.stderr)).toEqual([expect.stringContaining('drift issue')]);
    expect(triggers()).toEqual(['trigger gitops-sync/production/high']);
  });

  test('an edit (a ticked checkbox) does not make a 3-hour-old drift young: the drift-age alert stays open, it is not resolved', async () => {
    // gitops-sync paged for the drift's age (3 h > drift_age_hours: 1); someone ticks "acknowledged" in the issue.
    const issue = plantIssue(alertedState('high', 3));
    edit(ghUser('mallory'), issue.body!.replace('- [ ] acknowledged', '- [x] acknowledged'));
    const run = await check(ages, 'drift.json');
    expect(run.stderr).toContain('issue #50 was last edited by mallory');
    // README: "a drift over the thresholds is alerted again". It is over them (by age); it must not be called resolved.
    expect(pd().filter((line) => line === 'resolve gitops-sync/production/high')).toEqual([]);
    expect(triggers()).toEqual(['trigger gitops-sync/production/high']);
    const written = readStateBlock(github.state.issues[0].body ?? '', 'production')!;
    expect(Math.min(...Object.values(written.first_seen).map((time) => Date.parse(time)))).toBeLessThanOrEqual(Date.now() - 2 * 3_600_000);
  });

  test('an insider editing before every run cannot keep a drift-age alert from ever paging', async () => {
    // No alert yet: the drift (3 high, under the count threshold) has been seen for 50 minutes.
    plantIssue(stateOf({ first_seen: Object.fromEntries(RESOURCES.map((address) => [address, hoursAgo(50 / 60)])), history: [{ at: hoursAgo(0.5), critical: 0, high: 3, medium: 0, low: 0 }] }), 50 / 60);
    for (let run = 0; run < 3; run++) {
      edit(ghUser('mallory'));
      // Each run an hour later: shift every time we know of back by an hour (the fake keeps real clocks).
      const issue = github.state.issues[0];
      issue.created_at = new Date(Date.parse(issue.created_at) - 3_600_000).toISOString();
      const state = readStateBlock(issue.body ?? '', 'production')!;
      state.first_seen = Object.fromEntries(Object.entries(state.first_seen).map(([address, time]) => [address, new Date(Date.parse(time) - 3_600_000).toISOString()]));
      issue.body = `${MARKER}\n${stateBlock(state)}`;
      await check(ages, 'drift.json');
    }
    // The environment has drifted for almost four hours (the issue says so); drift_age_hours is 1.
    expect(triggers()).not.toEqual([]);
  });

  // Known, and documented (README, Monitoring): an issue whose marker or label is gone is no longer found,
  // so the run starts without memory. It cannot close what was opened: no resolve is sent for an alert it
  // does not know of, and a drift still there opens a second issue, where everyone sees it.
  test('known: editing the marker out of our issue loses the memory, but resolves nothing (the open incident stays open for a person to close)', async () => {
    plantIssue(alertedState('high', 3));
    edit(ghUser('mallory'), `Drift acknowledged, see INC-1.\n${stateBlock(stateOf({}))}`);
    const run = await check(counts, 'in-sync.json');
    expect(run.code).toBe(0);
    expect(pd()).toEqual([]);
  });

  test('known: removing the drift label (Triage may) loses the memory: a second issue is opened, in plain sight', async () => {
    plantIssue(alertedState('high', 3)).labels = [];
    await check(ages, 'drift.json');
    expect(github.state.issues.filter((issue) => issue.state === 'open').map((issue) => issue.number)).toEqual([50, 51]);
  });

  test('reopening a closed drift issue (not an edit; Triage may) does not revive a stale "alerting" state and silence the next drift', async () => {
    const first = await check(counts, 'drift.json');
    expect(first.stdout).toContain('Alert: trigger');
    const gone = await check(counts, 'in-sync.json');
    expect(gone.stdout).toContain('Alert: resolve');
    const issue = github.state.issues[0];
    expect(issue.state).toBe('closed');
    // The closing run writes the state it closes with: no alert open.
    expect(readStateBlock(issue.body ?? '', 'production')).toMatchObject({ alerting: false, alerted_severity: null });
    Object.assign(issue, { state: 'open', state_reason: 'reopened', closed_at: null });
    const again = await check(counts, 'drift.json');
    // A new drift episode after a resolve must page again.
    expect(triggers()).toEqual(['trigger gitops-sync/production/high', 'trigger gitops-sync/production/high']);
    expect(again.stdout).toContain('Alert: trigger');
  });

  test('the body read over REST and the editor read over GraphQL are one snapshot (a rewrite in between does not launder an edited state)', async () => {
    // Mallory's state says "already alerting, critical"; a concurrent gitops-sync run (workflow_dispatch, which
    // any writer can start) rewrites the issue after this run listed it and before it asked GraphQL.
    plantIssue(stateOf({}));
    const forged = `${MARKER}\n${stateBlock(alertedState('critical', 3))}`;
    edit(ghUser('mallory'), forged);
    const proxy = await interceptingProxy(github.url, (request) => {
      if (request.method === 'POST' && /on Issue \{/.test(request.text)) {
        Object.assign(github.state.issues[0], { body: `${MARKER}\n${stateBlock(alertedState('high', 0.2))}`, editor: GITHUB_ACTIONS_BOT, last_edited_at: new Date().toISOString() });
      }
    });
    try {
      const run = await check(counts, 'drift.json', { GITHUB_API_URL: proxy.url });
      expect(run.code).toBe(0);
      // Today the forged body is read over REST, GitHub then says the last editor is gitops-sync, and the forged
      // "alerted critical" is trusted and written back as ours: a later rise to critical would page nobody.
      // Either the forged state is seen as mallory's, or the body is read together with its editor (then it is the concurrent run's "high").
      expect(readStateBlock(github.state.issues[0].body ?? '', 'production')).toMatchObject({ alerting: true, alerted_severity: 'high' });
    } finally {
      await proxy.close();
    }
  });
});

describe('GitLab: lastEditedBy of the description widget', () => {
  const gl = (plan: string) =>
    cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'gitlab', '--repo', 'group/project'], {
      cwd: counts,
      env: { ...channelEnv(), GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
    });

  /** Our issue, opened by the token's bot user (id 1000) and carrying an "already alerting, critical" state. */
  async function ourIssue() {
    gitlab.state.tokenUser = glUser(1000, 'project_42_bot', { bot: true });
    await gl('drift.json');
    pagerDuty.received.length = 0;
    slack.received.length = 0;
    const issue = gitlab.state.issues[0];
    issue.description = `${MARKER}\n${stateBlock(alertedState('critical', 3))}`;
    return issue;
  }

  test('withstood: the bot\'s username with another id (a renamed or look-alike account) is not gitops-sync', async () => {
    const issue = await ourIssue();
    Object.assign(issue, { last_edited_by: glUser(1001, 'project_42_bot', { bot: true }), last_edited_at: new Date().toISOString() });
    const run = await gl('drift.json');
    expect(run.stderr).toContain(`issue #${issue.iid} was last edited by project_42_bot, not by gitops-sync`);
    expect(triggers()).toEqual(['trigger gitops-sync/production/high']);
  });

  test('withstood: lastEditedBy null with lastEditedAt set (a deleted user) is not trusted', async () => {
    const issue = await ourIssue();
    Object.assign(issue, { last_edited_by: undefined, last_edited_at: new Date().toISOString() });
    const run = await gl('drift.json');
    expect(run.stderr).toContain(`issue #${issue.iid} was last edited by someone unknown, not by gitops-sync`);
    expect(triggers()).toEqual(['trigger gitops-sync/production/high']);
  });

  test('withstood: a hostile username over GraphQL (line breaks, Slack mention) is shown as "someone unknown"', async () => {
    const issue = await ourIssue();
    Object.assign(issue, { last_edited_by: glUser(8, 'mallory\n<!channel>'), last_edited_at: new Date().toISOString() });
    const run = await gl('drift.json');
    expect(run.stderr).toContain('was last edited by someone unknown');
    expect(JSON.stringify(slack.received.map((request) => request.json))).not.toContain('<!channel>');
  });

  test('withstood: GraphQL answering an error is loud and pages without memory', async () => {
    const issue = await ourIssue();
    Object.assign(issue, { last_edited_by: glUser(8, 'mallory'), last_edited_at: new Date().toISOString() });
    gitlab.faults.push({ method: 'POST', path: /\/api\/graphql$/, status: 200, times: 1, requestBody: /workItems/, body: { data: { project: null }, errors: [{ message: 'Field workItems does not exist' }] } });
    const run = await gl('drift.json');
    expect(warnings(run.stderr)).toEqual([expect.stringContaining("GitLab's GraphQL API did not answer")]);
    expect(triggers()).toEqual(['trigger gitops-sync/production/high']);
  });
});
