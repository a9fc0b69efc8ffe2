import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { loadConfig, toolEnvironment } from '@gitops-sync/engine';
import { cli, type CliRun } from './support/cli.js';
import { checkRunEvents, fakeAwx, NO_LOG_SECRET, type FakeAwx, type FakeAwxOptions, type FakeJobTemplate } from './support/fake-awx.js';
import { silentServer, type HostileServer } from './support/hostile-servers.js';
import { tempDir } from './support/temp-dir.js';

/*
 * `gitops-sync drift <env>` with environments.<env>.awx, end to end against a loopback AWX: the job
 * template launched in check mode with diff, polled to its end, its events read page by page, and
 * each host + resource that would change reported, judged by the Ansible rules.
 */

const TOKEN = 'awx-T0ken-do-not-print';
const CHECKABLE: FakeJobTemplate = { id: 7, name: 'site check', ask_job_type_on_launch: true, ask_diff_mode_on_launch: true, ask_limit_on_launch: true, events: checkRunEvents(100) };

let dir: string;
let awx: FakeAwx | undefined;
let silent: HostileServer | undefined;

beforeAll(() => {
  dir = tempDir('gitops-sync-awx-');
});
afterEach(async () => {
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  await awx?.close();
  awx = undefined;
});
afterAll(async () => {
  await silent?.close();
});

async function serve(templates: FakeJobTemplate[], options: Partial<FakeAwxOptions> = {}): Promise<FakeAwx> {
  awx = await fakeAwx({ token: TOKEN, templates, ...options });
  return awx;
}

function configure(settings: Record<string, unknown>): void {
  const lines = Object.entries({ timeout_minutes: 1, poll_seconds: 0.02, ...settings }).map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`);
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    awx:\n${lines.join('\n')}\n`);
}

const drift = (env: NodeJS.ProcessEnv = { AWX_TOKEN: TOKEN }, args: string[] = []): Promise<CliRun> =>
  cli(['drift', 'production', '--format', 'json', '--output', join(dir, 'out', 'report.json'), ...args], { cwd: dir, env: { GITOPS_SYNC_API_TIMEOUT_SECONDS: '', CONTROLLER_HOST: configuredUrl(), ...env } });

/** The CI names the AWX host the config names (the token goes nowhere else). */
const configuredUrl = () => /url: "([^"]+)"/.exec(readFileSync(join(dir, 'gitops-sync.yaml'), 'utf8'))?.[1] ?? '';

/** The refusal contract: exit 1, nothing on stdout, the sentence as stderr's last line, no stack, no token, no report. */
function expectRefusal(run: CliRun, sentence: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines.slice(0, -1).every((line) => line.startsWith('gitops-sync: AWX job '))).toBe(true);
  expect(lines.at(-1)).toMatch(sentence);
  expect(lines.at(-1)).toMatch(/\.$/);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(run.stderr).not.toContain(TOKEN);
  expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
}

describe('drift <env> with an AWX job template', () => {
  test('reports each host and resource the check would change, judged by the Ansible rules, with no no_log value and no token anywhere', async () => {
    const server = await serve([CHECKABLE], { maxPageSize: 4 });
    configure({ url: server.url, job_template: 'site check', limit: 'web*' });
    const run = await drift();
    expect(run.code).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as {
      sources: string[];
      changes: { address: string; kind: string; source: string; severity: string; rule: string; fields: { path: string; before: unknown; after: unknown; sensitive: boolean }[] }[];
    };
    expect(report.sources).toEqual(['awx']);
    expect(report.changes.map((c) => [c.address, c.kind, c.source, c.severity, c.rule]).sort()).toEqual(
      [
        ['web1/apt[nginx]', 'ansible.builtin.apt', 'awx', 'high', 'ansible.packages'],
        ['web1/copy', 'ansible.builtin.copy', 'awx', 'critical', 'ansible.sensitive'],
        ['web1/template[/etc/motd]', 'ansible.builtin.template', 'awx', 'medium', 'ansible.files'],
        ['web1/user[deploy]', 'ansible.builtin.user', 'awx', 'critical', 'ansible.identity'],
        ['web2/copy', 'ansible.builtin.copy', 'awx', 'critical', 'ansible.sensitive'],
      ].sort(),
    );
    const motd = report.changes.find((c) => c.address === 'web1/template[/etc/motd]')!;
    expect(motd.fields).toEqual([{ path: '/content', before: 'Welcome to web1\n', after: 'Authorised use only\n', sensitive: false }]);
    for (const hidden of report.changes.filter((c) => c.kind === 'ansible.builtin.copy')) {
      expect(hidden.fields).toEqual([{ path: '', before: '(sensitive)', after: '(sensitive)', sensitive: true }]);
    }
    const everything = `${run.stdout}${run.stderr}${JSON.stringify(report)}`;
    expect(everything).not.toContain(NO_LOG_SECRET);
    expect(everything).not.toContain(TOKEN);

    // Launched once, as a check with diff and the limit; every event page read (15 events, pages of 4).
    expect(server.jobs).toEqual([expect.objectContaining({ template: 7, job_type: 'check', diff_mode: true, limit: 'web*' })]);
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body])).toEqual([
      ['/api/v2/job_templates/7/launch/', { job_type: 'check', diff_mode: true, limit: 'web*' }],
    ]);
    expect(server.requests.filter((r) => r.path.includes('/job_events/')).map((r) => new URL(r.path, 'http://x').searchParams.get('page') ?? '1')).toEqual(['1', '2', '3', '4']);
    // Honest progress: launch, each status as it changes, the end.
    expect(run.stderr).toMatch(/AWX job 100 launched from job template "site check" \(id 7\) on http:\/\/127\.0\.0\.1:\d+ \(check mode, diff\)/);
    expect(run.stderr).toMatch(/AWX job 100 running/);
    expect(run.stderr).toMatch(/AWX job 100 successful: 15 events read/);
  });

  test('a template given by id is launched without a name lookup, and --dry-run only describes the requests', async () => {
    const server = await serve([CHECKABLE]);
    configure({ url: server.url, job_template: 7 });
    const dry = await cli(['drift', 'production', '--dry-run'], { cwd: dir, env: { AWX_TOKEN: TOKEN } });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`POST ${server.url}/api/v2/job_templates/7/launch/ {job_type: check, diff_mode: true} (token from $AWX_TOKEN)`);
    expect(server.requests).toEqual([]);
    const run = await drift();
    expect(run.code).toBe(2);
    expect(server.requests.some((r) => r.path.startsWith('/api/v2/job_templates/?'))).toBe(false);
  });

  test('the token comes from the variable token_env names', async () => {
    const server = await serve([CHECKABLE]);
    configure({ url: server.url, job_template: 7, token_env: 'TOWER_OAUTH_TOKEN' });
    const run = await drift({ TOWER_OAUTH_TOKEN: TOKEN, AWX_TOKEN: '' });
    expect(run.code).toBe(2);
  });

  test('the token variable is withheld from every tool gitops-sync runs (terraform, ansible-playbook)', () => {
    configure({ url: 'https://awx.example.com', job_template: 7, token_env: 'TOWER_OAUTH_TOKEN' });
    loadConfig(join(dir, 'gitops-sync.yaml'), true);
    expect(toolEnvironment({ TOWER_OAUTH_TOKEN: TOKEN, AWS_REGION: 'eu-west-1' })).toEqual({ AWS_REGION: 'eu-west-1' });
  });

  test('waits for AWX to finish saving the events of a job that has ended', async () => {
    const server = await serve([{ ...CHECKABLE, processingPolls: 2 }]);
    configure({ url: server.url, job_template: 7 });
    const run = await drift();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/AWX job 100 saving its events/);
  });
});

describe('bad input and API errors: one sentence, exit 1, nothing written', () => {
  test('no token in the environment', async () => {
    const server = await serve([CHECKABLE]);
    configure({ url: server.url, job_template: 7 });
    expectRefusal(await drift({ AWX_TOKEN: '' }), /^gitops-sync: environments\.production\.awx needs an AWX token: set AWX_TOKEN \(a CI secret\) to a token whose user may execute the job template and read its jobs\.$/);
    expect(server.requests).toEqual([]);
  });

  test('a token AWX refuses (401)', async () => {
    const server = await serve([CHECKABLE]);
    configure({ url: server.url, job_template: 7 });
    const run = await drift({ AWX_TOKEN: 'wrong-token' });
    expectRefusal(run, /^gitops-sync: AWX at http:\/\/127\.0\.0\.1:\d+ refused the token in AWX_TOKEN \(HTTP 401: Authentication credentials were not provided\. .*\); set AWX_TOKEN to a valid, unexpired AWX token\.$/);
    expect(run.stderr).not.toContain('wrong-token');
  });

  test('a job template id that does not exist (404)', async () => {
    const server = await serve([CHECKABLE]);
    configure({ url: server.url, job_template: 8 });
    expectRefusal(await drift(), /^gitops-sync: AWX at http:\/\/127\.0\.0\.1:\d+ has no job template 8 that the token can see; check environments\.production\.awx\.job_template, or give the token's user execute on it \(HTTP 404\)\.$/);
  });

  test('a job template name that does not exist', async () => {
    const server = await serve([CHECKABLE]);
    configure({ url: server.url, job_template: 'site chek' });
    expectRefusal(await drift(), /^gitops-sync: AWX at http:\/\/127\.0\.0\.1:\d+ has no job template named "site chek" that the token can see; check environments\.production\.awx\.job_template, or give the token's user execute on it\.$/);
  });

  test('a name two organizations use', async () => {
    const server = await serve([CHECKABLE, { ...CHECKABLE, id: 9 }]);
    configure({ url: server.url, job_template: 'site check' });
    expectRefusal(await drift(), /has 2 job templates named "site check" \(in different organizations\); set environments\.production\.awx\.job_template to the id of the one to run \(7, 9\)\.$/);
  });

  test('a template that does not prompt for the job type is not launched (AWX would run it for real)', async () => {
    const server = await serve([{ ...CHECKABLE, ask_job_type_on_launch: false }]);
    configure({ url: server.url, job_template: 7 });
    expectRefusal(
      await drift(),
      /^gitops-sync: Job template "7" on http:\/\/127\.0\.0\.1:\d+ cannot be launched with job_type "check": it does not prompt for Job Type \(ask_job_type_on_launch is false\); tick "Prompt on launch" for Job Type on the template, or point gitops-sync at a template that is itself a check job with Show Changes on\.$/,
    );
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(server.jobs).toEqual([]);
  });

  test('a template that does not prompt for diff mode', async () => {
    const server = await serve([{ ...CHECKABLE, ask_diff_mode_on_launch: false }]);
    configure({ url: server.url, job_template: 7 });
    expectRefusal(await drift(), /cannot be launched with diff_mode true: it does not prompt for Show Changes \(ask_diff_mode_on_launch is false\)/);
    expect(server.jobs).toEqual([]);
  });

  test('a launch where AWX ignored job_type (the prompt was turned off meanwhile): the run job is cancelled at once', async () => {
    const server = await serve([{ ...CHECKABLE, promptTurnedOffBeforeLaunch: true }]);
    configure({ url: server.url, job_template: 7 });
    expectRefusal(
      await drift(),
      /^gitops-sync: AWX at http:\/\/127\.0\.0\.1:\d+ ignored job_type for job template 7 \(job 100\), so it is not the check run asked for, and it was cancelled; tick "Prompt on launch" for those fields on the template\.$/,
    );
    expect(server.jobs).toEqual([expect.objectContaining({ job_type: 'run', cancelled: true })]);
  });

  test('a next page link to another server: the token is not sent there', async () => {
    const server = await serve([CHECKABLE], { broken: { path: /job_events/, as: 'foreign-next' } });
    configure({ url: server.url, job_template: 7 });
    expectRefusal(await drift(), /^gitops-sync: AWX at http:\/\/127\.0\.0\.1:\d+ linked http:\/\/collector\.example:8080 as the next page, and the token is sent to no other server; check environments\.production\.awx\.url\.$/);
  });

  test('a limit the template does not prompt for', async () => {
    const server = await serve([{ ...CHECKABLE, ask_limit_on_launch: false }]);
    configure({ url: server.url, job_template: 7, limit: 'web1' });
    expectRefusal(await drift(), /cannot be launched with limit "web1": it does not prompt for Limit \(ask_limit_on_launch is false\); tick "Prompt on launch" for Limit on the template, or remove limit from environments\.production\.awx\.$/);
  });

  test('a job that fails: fail closed, naming the job', async () => {
    const server = await serve([{ ...CHECKABLE, statuses: ['pending', 'running', 'failed'], job_explanation: 'Job terminated due to error' }]);
    configure({ url: server.url, job_template: 7 });
    expectRefusal(
      await drift(),
      /^gitops-sync: AWX job 100 ended failed \(Job terminated due to error\), so its check results are incomplete; see http:\/\/127\.0\.0\.1:\d+\/#\/jobs\/playbook\/100\/output, fix the run and try again\.$/,
    );
  });

  test('a job that never finishes is cancelled at the timeout', async () => {
    const server = await serve([{ ...CHECKABLE, statuses: ['pending', 'running'] }]);
    configure({ url: server.url, job_template: 7, timeout_minutes: 0.01 });
    const run = await drift();
    expectRefusal(run, /^gitops-sync: AWX job 100 did not finish within 0.6s \(last status: running\) and it was cancelled; raise environments\.production\.awx\.timeout_minutes, or see why it takes so long at http:\/\/127\.0\.0\.1:\d+\/#\/jobs\/playbook\/100\/output\.$/);
    expect(server.jobs[0]!.cancelled).toBe(true);
    expect(run.stderr).toMatch(/gitops-sync: AWX job 100 running/);
  });

  test('a truncated JSON body', async () => {
    const server = await serve([CHECKABLE], { broken: { path: /job_events/, as: 'truncated' } });
    configure({ url: server.url, job_template: 7 });
    expectRefusal(await drift(), /^gitops-sync: AWX at http:\/\/127\.0\.0\.1:\d+ did not answer JSON to read the events of job 100 \(page 1\) \(HTTP 200, \d+ bytes, cut short or not JSON\); check environments\.production\.awx\.url points at the AWX API, not a proxy or login page\.$/);
  });

  test('a login page in place of the API', async () => {
    const server = await serve([CHECKABLE], { broken: { path: /launch/, as: 'html' } });
    configure({ url: server.url, job_template: 7 });
    expectRefusal(await drift(), /did not answer JSON to read what job template 7 prompts for \(HTTP 200, \d+ bytes, cut short or not JSON\)/);
  });

  test('a wrong document where the events should be', async () => {
    const server = await serve([CHECKABLE], { broken: { path: /job_events/, as: 'not-a-page' } });
    configure({ url: server.url, job_template: 7 });
    expectRefusal(await drift(), /^gitops-sync: AWX at http:\/\/127\.0\.0\.1:\d+ answered JSON that is not an object to read the events of job 100 \(page 1\); check environments\.production\.awx\.url points at the AWX API\.$/);
  });

  test('events that stop before the run ends', async () => {
    const server = await serve([{ ...CHECKABLE, events: checkRunEvents(100).slice(0, -1) }]);
    configure({ url: server.url, job_template: 7 });
    expectRefusal(await drift(), /^gitops-sync: AWX job 100 \(.*\) has no playbook_on_stats event: the job had not finished, or its events were not all saved; save the job_events of a finished job, every page\.$/);
  });

  test('a server that never answers', async () => {
    silent = await silentServer();
    configure({ url: silent.url, job_template: 7 });
    const run = await drift({ AWX_TOKEN: TOKEN, GITOPS_SYNC_API_TIMEOUT_SECONDS: '0.5' });
    expectRefusal(run, /^gitops-sync: AWX at http:\/\/127\.0\.0\.1:\d+ did not answer within 0.5s to read what job template 7 prompts for; check environments\.production\.awx\.url and that the server is reachable, or raise GITOPS_SYNC_API_TIMEOUT_SECONDS\.$/);
  });

  test('a url that is not an http(s) server', async () => {
    configure({ url: 'ftp://awx.example.com', job_template: 7 });
    expectRefusal(await drift(), /^gitops-sync: environments\.production\.awx\.url "ftp:\/\/awx\.example\.com" is not an http\(s\) server URL; write it like https:\/\/awx\.example\.com\.$/);
  });
});
