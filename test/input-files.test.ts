/**
 * Inputs that are not what they claim: a symlink to a device, to a file outside the workspace, or a
 * FIFO, as a manifest, as `--input`, as the config. Each is refused in one sentence, exit 1, at once,
 * and nothing of what lies outside the workspace reaches any output.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { cli, type CliRun } from './support/cli.js';
import { tofuFixture } from './support/paths.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitops-sync-inputs-'));
  mkdirSync(join(dir, 'manifests'));
  writeFileSync(join(dir, 'manifests', 'config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {mode: git}\n');
  writeFileSync(join(dir, 'live.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {mode: live}\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PASSWD = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
const manifests = ['analyze', '--source', 'k8s-manifests', '--input', 'manifests', '--live', 'live.yaml', '--format', 'json'];

async function timed(args: string[]): Promise<CliRun & { seconds: number }> {
  const started = Date.now();
  const run = await cli(args, { cwd: dir });
  return { ...run, seconds: (Date.now() - started) / 1000 };
}

function expectRefused(run: CliRun & { seconds: number }, sentence: string) {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`gitops-sync: ${sentence}\n`);
  expect(run.seconds).toBeLessThan(5);
}

describe('a symlink to /dev/zero is refused at once, not read into gigabytes', () => {
  test('as a manifest in a manifests folder', async () => {
    symlinkSync('/dev/zero', join(dir, 'manifests', 'zero.yaml'));
    expectRefused(await timed(manifests), `${join(dir, 'manifests', 'zero.yaml')} leads outside ${join(dir, 'manifests')}, which gitops-sync does not read from; keep Kubernetes manifests inside it.`);
  });

  test('as analyze --input', async () => {
    symlinkSync('/dev/zero', join(dir, 'plan.json'));
    expectRefused(
      await timed(['analyze', '--source', 'terraform-plan', '--input', 'plan.json']),
      `${join(dir, 'plan.json')} is a device, FIFO or socket, not a regular file; pass the path of a plan JSON from \`terraform show -json <planfile>\`.`,
    );
  });

  test('as the config', async () => {
    symlinkSync('/dev/zero', join(dir, 'gitops-sync.yaml'));
    expectRefused(
      await timed(['analyze', '--source', 'terraform-plan', '--input', tofuFixture('drift')]),
      `${join(dir, 'gitops-sync.yaml')} leads outside ${dir}, which gitops-sync does not read from; keep a gitops-sync.yaml configuration inside it.`,
    );
  });
});

describe('a symlink out of the workspace is refused and what it points at never printed', () => {
  test('/etc/passwd linked from a manifests folder', async () => {
    symlinkSync('/etc/passwd', join(dir, 'manifests', 'passwd.yaml'));
    const run = await timed(manifests);
    expectRefused(run, `${join(dir, 'manifests', 'passwd.yaml')} leads outside ${join(dir, 'manifests')}, which gitops-sync does not read from; keep Kubernetes manifests inside it.`);
    expect(run.stderr + run.stdout).not.toContain(PASSWD);
  });

  test('/etc/passwd as the config', async () => {
    symlinkSync('/etc/passwd', join(dir, 'gitops-sync.yaml'));
    const run = await timed(['analyze', '--source', 'terraform-plan', '--input', tofuFixture('drift')]);
    expectRefused(run, `${join(dir, 'gitops-sync.yaml')} leads outside ${dir}, which gitops-sync does not read from; keep a gitops-sync.yaml configuration inside it.`);
    expect(run.stderr + run.stdout).not.toContain(PASSWD);
  });

  test("a folder of the config's manifests linked to another folder, with drift", async () => {
    const outside = mkdtempSync(join(tmpdir(), 'gitops-sync-outside-'));
    writeFileSync(join(outside, 'token.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: token}\ndata: {token: outside-s3cret}\n');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  prod:\n    kubernetes:\n      manifests: [manifests, linked]\n      live: {export: live.yaml}\n');
    symlinkSync(outside, join(dir, 'linked'));
    const run = await timed(['drift', 'prod', '--format', 'json']);
    rmSync(outside, { recursive: true, force: true });
    expectRefused(run, `${join(dir, 'linked', 'token.yaml')} leads outside ${dir}, which gitops-sync does not read from; keep Kubernetes manifests inside it.`);
    expect(run.stderr + run.stdout).not.toContain('outside-s3cret');
  });

  test('a symlink that stays inside the workspace is read as before', async () => {
    writeFileSync(join(dir, 'shared.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata: {a: b}\n');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  prod:\n    kubernetes:\n      manifests: [manifests]\n      live: {export: live.yaml}\n');
    symlinkSync('../shared.yaml', join(dir, 'manifests', 'shared.yaml'));
    const run = await timed(['drift', 'prod', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).changes.map((change: { address: string }) => change.address)).toEqual(['v1/ConfigMap/default/app', 'v1/ConfigMap/default/shared']);
  });
});

test('a FIFO as a manifest is refused instead of waiting forever for a writer', async () => {
  execFileSync('mkfifo', [join(dir, 'manifests', 'pipe.yaml')]);
  expectRefused(await timed(manifests), `${join(dir, 'manifests', 'pipe.yaml')} is a device, FIFO or socket, not a regular file; pass the path of Kubernetes manifests.`);
});

test('the size limit counts the bytes read, not what stat says: /proc files say "0 bytes"', async () => {
  process.env.GITOPS_SYNC_MAX_INPUT_MB = '0.001';
  try {
    const run = await cli(['analyze', '--source', 'terraform-plan', '--input', '/proc/self/environ'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('gitops-sync: /proc/self/environ is over the 0.001 MB limit for a plan JSON from `terraform show -json <planfile>`; split the input or raise GITOPS_SYNC_MAX_INPUT_MB.\n');
  } finally {
    delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
  }
});
