/**
 * `secrets check` on a large change, against a real clone: the blobs of the changed files and of every
 * git-crypt file are read in batches (a git process per 200 files, and one for their sizes), not one per file
 * (a change of 2,000 files with 300 git-crypt files took 9 s, now 1.6 s), with the same findings.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { nodeExec } from '../packages/engine/src/node-exec.js';
import type { Exec } from '../packages/engine/src/ports.js';
import { checkSecretsAtRest } from '../packages/engine/src/secrets/check.js';
import { secretsPolicyChanges } from '../packages/engine/src/secrets/pr-changes.js';
import { git } from './support/git-repo.js';

const DOCS = 700;
const ENCRYPTED = 450;
const DECRYPTED = ['secrets/s7.bin', 'secrets/s250.bin', 'secrets/s449.bin'];
let dir: string;
let base: string;
let head: string;

const encrypted = () => Buffer.concat([Buffer.from('\0GITCRYPT\0'), randomBytes(12), randomBytes(64)]);

function write(files: Record<string, string | Buffer>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** An Exec whose git processes are counted. */
function counting() {
  const calls: string[] = [];
  const exec: Exec = { ...nodeExec, run: (command, args, options) => (calls.push(`${command} ${args.join(' ')}`), nodeExec.run(command, args, options)) };
  return { exec, calls };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitops-sync-secrets-many-'));
  git(dir, 'init', '-q', '-b', 'main');
  write({ '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\n' });
  write(Object.fromEntries(Array.from({ length: DOCS }, (_, i) => [`docs/page-${i}.md`, `# page ${i}\n`])));
  write(Object.fromEntries(Array.from({ length: ENCRYPTED }, (_, i) => [`secrets/s${i}.bin`, encrypted()])));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  base = git(dir, 'rev-parse', 'HEAD');
  write(Object.fromEntries(Array.from({ length: DOCS }, (_, i) => [`docs/page-${i}.md`, `# page ${i}\n\nmore\n`])));
  // Every encrypted file changes (new ciphertext), three of them into plaintext.
  write(Object.fromEntries(Array.from({ length: ENCRYPTED }, (_, i) => [`secrets/s${i}.bin`, DECRYPTED.includes(`secrets/s${i}.bin`) ? `password=hunter2-${i}\n` : encrypted()])));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  head = git(dir, 'rev-parse', 'HEAD');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test(`what a change of ${DOCS + ENCRYPTED} files does to secrets, from a few git processes`, async () => {
  const { exec, calls } = counting();
  const findings = await secretsPolicyChanges({ root: dir, base, head, exec });
  expect(findings.map((finding) => `${finding.file} ${finding.rule}`)).toEqual(DECRYPTED.map((path) => `${path} decrypted-in-change`).sort());
  expect(JSON.stringify(findings)).not.toContain('hunter2');
  // Per batch of 200 base blobs: their sizes and contents, then those of the head's encrypted ones; then the settings files.
  expect(calls.filter((call) => call.includes('cat-file')).length).toBeLessThanOrEqual(4 * Math.ceil((DOCS + ENCRYPTED) / 200) + 2);
});

test(`the ${ENCRYPTED} git-crypt files are read in batches, and the plaintext ones found`, async () => {
  const { exec, calls } = counting();
  const report = await checkSecretsAtRest({ root: dir, paths: [], config: parseConfig('{}', 'test'), baseDir: dir, exec });
  expect(report.findings.map((finding) => `${finding.file} ${finding.rule}`)).toEqual(DECRYPTED.map((path) => `${path} git-crypt-plaintext`).sort());
  expect(calls.filter((call) => call.includes('cat-file')).length).toBe(1 + Math.ceil(ENCRYPTED / 200));
});
