/**
 * Jest globalSetup: the whole run gets a temp dir of its own (workers inherit TMPDIR, and
 * os.tmpdir() reads it), so the teardown can tell exactly what the tests left behind.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function isolateTempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-test-run-'));
  process.env.GITOPS_SYNC_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
