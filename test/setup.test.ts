/**
 * npm run setup (scripts/setup.sh) and the check of the programs the tests run (scripts/test-tools.mjs),
 * which jest's globalSetup makes before every run: a missing program fails naming `npm run setup`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { REPO_ROOT } from './support/paths.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const checkTools = (path: string) => spawnSync(process.execPath, [resolve(REPO_ROOT, 'scripts/test-tools.mjs')], { encoding: 'utf8', env: { ...process.env, PATH: path } });

test('a machine without the programs: the check names each one, where it comes from, and npm run setup', () => {
  const empty = mkdtempSync(join(tmpdir(), 'gitops-sync-path-'));
  dirs.push(empty);
  const run = checkTools(empty);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^The tests need programs that are missing: .+\. Run `npm run setup` to install them\.\n$/);
  for (const missing of ['jsonnet (Debian package jsonnet)', 'promtool (Debian package prometheus)', 'rsync (Debian package rsync)', 'terraform (installed from releases.hashicorp.com, signature checked)']) {
    expect(run.stderr).toContain(`${missing} is not on PATH`);
  }
  // helm and kubectl come pinned from the npm package, whatever PATH holds.
  expect(run.stderr).not.toMatch(/helm|kubectl/);
});

test('with every program here the check passes, helm and kubectl the pinned ones', () => {
  const run = checkTools(process.env.PATH ?? '');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const helm = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' });
  expect(helm.stdout).toMatch(/^v4\.1\.4\+g05fa379/);
  expect(spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).stdout).toContain('Client Version: v1.34.5');
});

test('npm run setup on a machine without apt-get says what to install, in one sentence', () => {
  const bin = mkdtempSync(join(tmpdir(), 'gitops-sync-setup-'));
  dirs.push(bin);
  symlinkSync('/usr/bin/dirname', join(bin, 'dirname'));
  const run = spawnSync('/bin/bash', [resolve(REPO_ROOT, 'scripts/setup.sh')], { encoding: 'utf8', env: { PATH: bin } });
  expect(run.status).toBe(1);
  expect(run.stderr).toBe('npm run setup installs with apt-get, which this machine does not have; install git git-crypt ansible-core rsync unzip zip openssl procps jsonnet prometheus prometheus-pushgateway (promtool comes with prometheus) yourself, then run npm ci and npm test.\n');
});
