/**
 * A value of one or two characters is not masked in messages: a dummy token `e` (a local try-out)
 * turned every "e" of every message into `***` ("GitHub could not r***ad pull r***qu***st …"), and such a
 * value keeps nothing secret anyway. As plan secrets already are (MIN_HANDED_ON_SECRET_LENGTH); from three
 * characters on, values are masked as before — in the CLI's messages, the clients' own sentences and the
 * action's log (core.setSecret).
 */
import { expect, test } from '@jest/globals';
import { Redactor, withoutSecret } from '@gitops-sync/core';
import { secretSink } from '../actions/shared/inputs.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { closedPortUrl } from './support/hostile-servers.js';
import { tempDir } from './support/temp-dir.js';

async function gateWithToken(token: string) {
  const dir = tempDir('gitops-sync-short-token-');
  return cli(['gate', '--environment', 'prod', '--platform', 'github', '--repo', 'acme/infra', '--pr', '5'], {
    cwd: dir,
    env: { GITHUB_TOKEN: token, GITHUB_API_URL: await closedPortUrl(), GITOPS_SYNC_API_DEADLINE_SECONDS: '1', CI: '', GITHUB_ACTIONS: '' },
  });
}

test('a one-letter token leaves the message readable', async () => {
  const run = await gateWithToken('e');
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('GitHub could not read pull request acme/infra#5');
  expect(run.stderr).not.toContain('***');
});

test('a two-letter value is not masked in text; from three letters on it is, everywhere', () => {
  const redactor = new Redactor();
  redactor.add('re');
  redactor.add('');
  expect(redactor.redact('could not read the request')).toBe('could not read the request');
  redactor.add('ead');
  expect(redactor.redact('could not read the request')).toBe('could not r*** the request');
  expect(withoutSecret('could not read the request', 're')).toBe('could not read the request');
  expect(withoutSecret('could not read the request', 'request')).toBe('could not read the ***');
  // An empty value masks nothing (split('') would have put *** between every character).
  expect(withoutSecret('abc', '')).toBe('abc');
});

test("the action masks a value in the job's log only from three characters on", () => {
  const io = new RecordingIO({}, tempDir('gitops-sync-short-mask-'));
  const redacted: string[] = [];
  const sink = secretSink(io, (secret) => redacted.push(secret));
  sink('x');
  sink('ab');
  sink('abc');
  sink('abc');
  expect(io.secrets).toEqual(['abc']);
  expect(redacted).toEqual(['abc']);
});
