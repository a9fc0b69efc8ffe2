import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, expect, test } from '@jest/globals';
import { networkWaits } from '@gitops-sync/core/network-waits';
import { apiLimitsFromEnv } from '@gitops-sync/platforms';
import { cli } from './support/cli.js';
import { checkRunEvents, fakeAwx, type FakeAwx } from './support/fake-awx.js';
import { tempDir } from './support/temp-dir.js';

/*
 * GITOPS_SYNC_API_TIMEOUT_SECONDS and GITOPS_SYNC_API_DEADLINE_SECONDS mean the same to every client:
 * GitHub and GitLab took up to 2147483 s (what a timer holds, as the README says) while Terraform Cloud,
 * AWX and the audit fetch refused anything over 86400 with another sentence, so one CI setting could
 * pass `gate` and fail `drift`.
 */

const TOKEN = 'awx-T0ken-do-not-print';
let awx: FakeAwx | undefined;

afterEach(async () => {
  await awx?.close();
  awx = undefined;
});

test('every client reads the two waits by one rule: the same milliseconds, the same refusals', () => {
  const cases: [string, number | undefined][] = [
    ['100000', 100_000_000],
    ['2147483', 2_147_483_000],
    ['0.0004', 1],
    ['', undefined],
    ['  ', undefined],
  ];
  for (const [text, ms] of cases) {
    const env = { GITOPS_SYNC_API_TIMEOUT_SECONDS: text, GITOPS_SYNC_API_DEADLINE_SECONDS: text };
    const engine = networkWaits(env);
    const platforms = apiLimitsFromEnv(env);
    expect(engine).toEqual({ requestTimeoutMs: ms ?? 30_000, deadlineMs: ms ?? 600_000 });
    expect([platforms.requestTimeoutMs, platforms.deadlineMs]).toEqual([engine.requestTimeoutMs, engine.deadlineMs]);
  }
  for (const text of ['soon', '0', '-5', 'Infinity', 'NaN', '2147484', '1e9']) {
    for (const name of ['GITOPS_SYNC_API_TIMEOUT_SECONDS', 'GITOPS_SYNC_API_DEADLINE_SECONDS']) {
      const env = { [name]: text };
      const refusal = (read: () => unknown) => {
        try {
          read();
        } catch (error) {
          return (error as Error).message;
        }
        return 'accepted';
      };
      const message = refusal(() => networkWaits(env));
      expect(message).toMatch(new RegExp(`^${name} must be (a positive number of seconds|at most 2147483 seconds \\(about 24 days\\)), not ${JSON.stringify(text)}; .*unset it to use the default\\.$`));
      expect(refusal(() => apiLimitsFromEnv(env))).toBe(message);
    }
  }
});

test('drift on AWX takes a request timeout over a day, as gate on GitHub does, and refuses one no timer holds in the same sentence', async () => {
  const dir = tempDir('gitops-sync-waits-');
  awx = await fakeAwx({ token: TOKEN, templates: [{ id: 7, name: 'site check', ask_job_type_on_launch: true, ask_diff_mode_on_launch: true, events: checkRunEvents(100) }] });
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    awx:\n      url: "${awx.url}"\n      job_template: 7\n      poll_seconds: 0.02\n`);
  const drift = (seconds: string) =>
    cli(['drift', 'production', '--format', 'json', '--output', join(dir, 'out', 'report.json')], {
      cwd: dir,
      env: { AWX_TOKEN: TOKEN, CONTROLLER_HOST: awx!.url, GITOPS_SYNC_API_TIMEOUT_SECONDS: seconds },
    });

  const day = await drift('100000');
  expect(day.stderr).not.toMatch(/GITOPS_SYNC_API_TIMEOUT_SECONDS/);
  expect(day.code).toBe(2);

  const tooLong = await drift('3000000');
  const gate = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production'], {
    cwd: tmpdir(),
    env: { GITHUB_TOKEN: 'ghp-unused', GITHUB_API_URL: 'http://127.0.0.1:9', GITOPS_SYNC_API_TIMEOUT_SECONDS: '3000000' },
  });
  const sentence = 'gitops-sync: GITOPS_SYNC_API_TIMEOUT_SECONDS must be at most 2147483 seconds (about 24 days), not "3000000"; lower it or unset it to use the default.\n';
  for (const run of [tooLong, gate]) {
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('gitops-sync: GITOPS_SYNC')).join('\n') + '\n').toBe(sentence);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain(TOKEN);
  }
  expect(awx.jobs).toHaveLength(1);
});
