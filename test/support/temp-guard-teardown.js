/**
 * Jest globalTeardown: fails the run when tests (or the code they run) left gitops-sync folders in
 * the temp dir, naming them by prefix; then removes the run's temp dir either way.
 */
import { readdirSync, rmSync } from 'node:fs';

export default function checkTempDir() {
  const dir = process.env.GITOPS_SYNC_TEST_TMPDIR;
  if (!dir) return;
  const left = readdirSync(dir).filter((name) => name.startsWith('gitops-sync-'));
  rmSync(dir, { recursive: true, force: true });
  if (left.length === 0) return;
  const byPrefix = new Map();
  for (const name of left) {
    const prefix = name.replace(/[^-]*$/, '*');
    byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
  }
  const listed = [...byPrefix].map(([prefix, count]) => `${prefix} (${count})`).join(', ');
  throw new Error(`The tests left ${left.length} temporary folder(s) behind: ${listed}; make them with tempDir() from test/support/temp-dir.ts, or remove them in afterEach/afterAll.`);
}
