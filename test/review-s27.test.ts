/**
 * Review of stop 27's changes (helper-125): a FIFO or device reached through a link at the path (/dev/stdout is
 * one) was replaced by a plain file — as root in a container, `--output /dev/stdout` would have replaced
 * /dev/stdout. (Its other finding, a resolve no channel took, is tested in sync-monitor-review.)
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { UserError } from '@gitops-sync/core';
import { writeFileAtomic } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

test('a whole-file write refuses a FIFO a link at its path leads to, in one sentence, and leaves the link', () => {
  const dir = tempDir('gitops-sync-review-s27-');
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const out = join(dir, 'report.json');
  symlinkSync(fifo, out);
  expect(() => writeFileAtomic(out, '{}\n')).toThrow(new UserError(`${out} is, or leads to, a device, FIFO or socket (such as /dev/stdout), which gitops-sync does not write to: it replaces files whole; choose a regular file and read it after the run.`));
  expect(lstatSync(out).isSymbolicLink()).toBe(true);
  expect(lstatSync(fifo).isFIFO()).toBe(true);
});

test('withstood: a link to a regular file is replaced by the new file, the file it led to untouched', () => {
  const dir = tempDir('gitops-sync-review-s27-');
  const elsewhere = join(dir, 'elsewhere.json');
  writeFileSync(elsewhere, 'keep\n');
  const out = join(dir, 'report.json');
  symlinkSync(elsewhere, out);
  writeFileAtomic(out, '{}\n');
  expect(lstatSync(out).isFile()).toBe(true);
  expect(readFileSync(out, 'utf8')).toBe('{}\n');
  expect(readFileSync(elsewhere, 'utf8')).toBe('keep\n');
});
