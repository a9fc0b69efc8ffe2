/**
 * The secrets check in a clone: what git tracks is checked wherever it is (`node_modules/` too); a name
 * that is not UTF-8 stops the check (read back by another name, a file would be missed or another read in
 * its place); and drift-detect's check of a change says when files the change tracks are not in the
 * working tree (a sparse checkout, a step that removed them) rather than passing them unchecked.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { nodeExec } from '../packages/engine/src/node-exec.js';
import { checkSecretsAtRest } from '../packages/engine/src/secrets/check.js';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { driftDetectOnPullRequest } from './support/drift-detect-pr.js';
import { tempDir } from './support/temp-dir.js';

const KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const PRIVATE_KEY = ['-----BEGIN', 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END', 'OPENSSH PRIVATE KEY-----\n'].join(' ');

function newRepo(): string {
  const dir = tempDir('gitops-sync-h2-walk-');
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}
function write(dir: string, files: Record<string, string | Buffer>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
/** A file whose name is raw bytes (not necessarily UTF-8). */
const writeRaw = (dir: string, name: Buffer, content: string) => writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), name]), content);
const atRest = (dir: string, trackedOnly: boolean) => checkSecretsAtRest({ root: dir, paths: [], config: parseConfig('{}', 'test'), baseDir: dir, exec: nodeExec, trackedOnly });
const found = (report: { findings: { file: string; rule: string }[] }) => report.findings.map((finding) => `${finding.file} ${finding.rule}`);

test('drift-detect on a pull request: a private key the change commits under a node_modules folder is found', async () => {
  const io = await driftDetectOnPullRequest(
    { base: { 'gitops-sync.yaml': 'environments:\n  default:\n    terraform: { dir: . }\n', 'main.tf': 'terraform {}\n' }, head: { 'charts/app/node_modules/deploy-key.txt': PRIVATE_KEY } },
    { environment: 'default', config: 'gitops-sync.yaml', 'fail-on': 'critical', 'output-directory': 'reports' },
  );
  expect(io.summary).toContain('| `charts/app/node_modules/deploy-key.txt` | 1 | private-key | critical |');
  expect(io.failure).toMatch(/secrets check has 1 finding/);
});

test('a committed node_modules/ file is checked; an untracked one is not, ignored or not', async () => {
  const dir = newRepo();
  write(dir, { 'node_modules/x/creds.env': `AWS_ACCESS_KEY_ID=${KEY}\n` });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'x');
  write(dir, { 'node_modules/y/creds.env': `AWS_ACCESS_KEY_ID=${KEY}\n`, 'web/node_modules/z/creds.env': `AWS_ACCESS_KEY_ID=${KEY}\n` });
  expect(found(await atRest(dir, true))).toEqual(['node_modules/x/creds.env aws-access-key-id']);
  expect(found(await atRest(dir, false))).toEqual(['node_modules/x/creds.env aws-access-key-id']);
});

test('a tracked name that is not UTF-8 stops the check, also beside an ignored file whose name decodes the same', async () => {
  const dir = newRepo();
  writeRaw(dir, Buffer.from('a\xfe.txt', 'latin1'), `K=${KEY}\n`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'x');
  writeRaw(dir, Buffer.from('a\xff.txt', 'latin1'), 'junk\n');
  write(dir, { '.git/info/exclude': 'a*.txt\n' });
  const run = await cli(['secrets', 'check', '--format', 'json'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('holds a file named "a\uFFFD.txt" in bytes that are not UTF-8, which secrets check cannot read by its name; rename it.');
});

test('with trackedOnly, a name that is not UTF-8 is not hidden behind one spelled with U+FFFD', async () => {
  const dir = newRepo();
  writeRaw(dir, Buffer.from('a\xff.txt', 'latin1'), `K=${KEY}\n`);
  write(dir, { 'a\uFFFD.txt': 'nothing here\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'x');
  await expect(atRest(dir, true)).rejects.toThrow('in bytes that are not UTF-8');
});

test.each([
  ['a sparse checkout', (dir: string) => git(dir, 'sparse-checkout', 'set', 'infra'), 'docs/creds.env'],
  ['a file an earlier step removed', (dir: string) => rmSync(join(dir, 'infra/creds.env')), 'infra/creds.env'],
])('with trackedOnly, files the change tracks that are not in the working tree (%s) are a finding, not passed unchecked', async (_name, make, missing) => {
  const dir = newRepo();
  write(dir, { 'infra/main.tf': 'terraform {}\n', 'infra/creds.env': 'REGION=eu-west-1\n', 'docs/creds.env': `AWS_ACCESS_KEY_ID=${KEY}\n` });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'x');
  make(dir);
  const report = await atRest(dir, true);
  const gap = report.findings.find((finding) => finding.rule === 'tracked-file-missing');
  expect(gap).toMatchObject({ file: '.', severity: 'critical' });
  expect(gap?.message).toContain(JSON.stringify(missing));
});

test("with trackedOnly, a checked-out submodule is the other repository's: not read, and not missing", async () => {
  const inner = newRepo();
  write(inner, { 'creds.env': `AWS_ACCESS_KEY_ID=${KEY}\n` });
  git(inner, 'add', '-A');
  git(inner, 'commit', '-q', '-m', 'inner');
  const dir = newRepo();
  write(dir, { 'main.tf': 'terraform {}\n' });
  expect(spawnSync('git', ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'vendor/mod'], { cwd: dir, encoding: 'utf8' }).status).toBe(0);
  git(dir, 'commit', '-q', '-m', 'sub');
  expect(found(await atRest(dir, true))).toEqual([]);
  expect(found(await atRest(dir, false))).toEqual(['vendor/mod/creds.env aws-access-key-id']);
});

/** Commits `content` at `path` as a blob exactly (no clean filter, no working-tree-encoding), then checks it out as a clone would. */
function commitBlobAs(dir: string, path: string, content: string) {
  const blob = spawnSync('git', ['hash-object', '-w', '--no-filters', '--stdin'], { cwd: dir, input: content, encoding: 'utf8' }).stdout.trim();
  git(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob},${path}`);
  git(dir, 'commit', '-q', '-m', 'blob');
  rmSync(join(dir, path), { force: true });
  git(dir, 'checkout', '--', path);
}

test.each([[true], [false]])('a file the change checks out in EBCDIC (working-tree-encoding=IBM1047) is a finding: its committed text cannot be read (trackedOnly %s)', async (trackedOnly) => {
  const dir = newRepo();
  write(dir, { '.gitattributes': 'creds.env working-tree-encoding=IBM1047\nnotes.txt working-tree-encoding=UTF-16LE-BOM\nlegacy.ini working-tree-encoding=ISO-8859-1\n', 'main.tf': 'terraform {}\n' });
  git(dir, 'add', '-A');
  commitBlobAs(dir, 'creds.env', `AWS_ACCESS_KEY_ID=${KEY}\n`);
  commitBlobAs(dir, 'notes.txt', `K=${KEY}\n`);
  commitBlobAs(dir, 'legacy.ini', `[aws]\nkey = ${KEY}\n`);
  expect(spawnSync('git', ['cat-file', '-p', 'HEAD:creds.env'], { cwd: dir, encoding: 'utf8' }).stdout).toBe(`AWS_ACCESS_KEY_ID=${KEY}\n`);
  const report = await atRest(dir, trackedOnly);
  // UTF-16 still shows the key (its NULs are left out), Latin-1 keeps ASCII as it is; EBCDIC does not, so it is a finding of its own.
  expect(found(report)).toEqual(['creds.env working-tree-encoding', 'legacy.ini aws-access-key-id', 'notes.txt aws-access-key-id']);
  expect(report.findings[0]).toMatchObject({ severity: 'critical', message: 'creds.env is checked out in IBM1047 (working-tree-encoding in .gitattributes), in which the check cannot read its committed text for secrets; drop the attribute or keep the file in UTF-8.' });
});

test('with trackedOnly, a tracked file the working tree has as a symbolic link was not read as committed: a finding', async () => {
  const dir = newRepo();
  write(dir, { 'main.tf': 'terraform {}\n', 'creds.env': `AWS_ACCESS_KEY_ID=${KEY}\n` });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'x');
  rmSync(join(dir, 'creds.env'));
  symlinkSync('main.tf', join(dir, 'creds.env'));
  const report = await atRest(dir, true);
  expect(found(report)).toEqual(['. tracked-file-missing']);
  expect(report.findings[0]!.message).toContain('"creds.env"');
});

test('a clone git refuses to read (owned by another user) stops the check instead of reading it as no clone', async () => {
  if (process.getuid?.() !== 0) return; // only root can give the clone another owner
  const dir = newRepo();
  write(dir, { 'node_modules/x/creds.env': `AWS_ACCESS_KEY_ID=${KEY}\n`, 'main.tf': 'terraform {}\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'x');
  const chownAll = (path: string, uid: number) => {
    chownSync(path, uid, 0);
    if (lstatSync(path).isDirectory()) for (const entry of readdirSync(path)) chownAll(join(path, entry), uid);
  };
  chownAll(dir, 4242);
  try {
    await expect(atRest(dir, false)).rejects.toThrow(`git could not list the files the clone at ${dir} tracks (fatal: detected dubious ownership`);
  } finally {
    chownAll(dir, 0);
  }
});
