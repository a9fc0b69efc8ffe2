// An insider (or any workflow whose token may push to the audit branch: runs push to it directly, so
// its protection allows every fast-forward) cuts the last events off the `git` store's log with an
// ordinary commit: events.jsonl and checkpoints.jsonl shortened to an earlier run's, no force-push.
// Every line left is intact and the last checkpoint left is signed, so the tip alone looks whole; the
// branch's history still holds what was cut, and verify and export must see it there.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { cli } from './support/cli.js';
import { gateDraft } from './support/audit-events.js';
import { auditBranchRemote } from './support/audit-git-store.js';
import { exportLogOnly } from './support/audit-population.js';
import { git } from './support/git-repo.js';
import { ed25519Pems } from './support/signed-audit-log.js';

const { privatePem, publicPem } = ed25519Pems();
const BRANCH = 'gitops-sync/audit';

/** Three runs of the git store, one gate event each, checkpoints signed; the clone configured to read it with audit.public_key. */
async function threeRuns() {
  const setup = auditBranchRemote('attack31audit-truncate-', privatePem);
  for (let n = 1; n <= 3; n += 1) {
    const trail = setup.store();
    await trail.record(gateDraft(n));
    await trail.close();
  }
  writeFileSync(join(setup.work, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform: { dir: terraform }\naudit:\n  store: git\n  branch: ${BRANCH}\n  public_key: audit.pub\n`);
  writeFileSync(join(setup.work, 'audit.pub'), publicPem);
  return setup;
}

/** A fast-forward commit on the audit branch keeping only the first `keep` lines of both files, pushed as a run would. */
function cutTail(work: string, keep: number, pad = false) {
  git(work, 'fetch', '-q', 'origin', `${BRANCH}:${BRANCH}`);
  git(work, 'checkout', '-q', BRANCH);
  for (const file of ['events.jsonl', 'checkpoints.jsonl']) {
    const text = readFileSync(join(work, file), 'utf8');
    const kept = `${text.trimEnd().split('\n').slice(0, keep).join('\n')}\n`;
    // Padded with blank lines (which a reader skips) back to the size it had.
    writeFileSync(join(work, file), pad ? kept.padEnd(text.length, '\n') : kept);
  }
  git(work, 'commit', '-q', '-am', 'Audit: tidy up');
  git(work, 'push', '-q', 'origin', BRANCH);
  git(work, 'checkout', '-q', '--detach');
  git(work, 'branch', '-q', '-D', BRANCH);
}

describe('the git store: events cut off the end by a later commit on the audit branch', () => {
  it('audit verify --git-ref finds a log intact whose branch only ever grew', async () => {
    const { work } = await threeRuns();
    const result = await cli(['audit', 'verify', '--git-ref', BRANCH], { cwd: work });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^gitops-sync\/audit:events\.jsonl is intact: 3 events/);
  });

  const CUT = /^gitops-sync\/audit:events\.jsonl was tampered with: its commit ([0-9a-f]{12}) made events\.jsonl smaller \((\d+) bytes, (\d+) before it\): events were cut off the end \(git show \1 shows which\)\.\n$/;

  it('audit verify --git-ref names the commit that cut events off, exit 4', async () => {
    const { work } = await threeRuns();
    cutTail(work, 2);
    const result = await cli(['audit', 'verify', '--git-ref', BRANCH], { cwd: work });
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toMatch(CUT);
    expect(result.stdout.match(CUT)![1]).toBe(git(work, 'rev-parse', '--short=12', `origin/${BRANCH}`));
  });

  it('still names it after later runs have grown the log past its old size', async () => {
    const { work, store } = await threeRuns();
    cutTail(work, 2);
    for (let n = 4; n <= 6; n += 1) {
      const trail = store();
      await trail.record(gateDraft(n));
      await trail.close();
    }
    const result = await cli(['audit', 'verify', '--git-ref', BRANCH], { cwd: work });
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toMatch(CUT);
  });

  it('is not fooled by blank lines making up the bytes cut', async () => {
    const { work } = await threeRuns();
    cutTail(work, 2, true);
    const result = await cli(['audit', 'verify', '--git-ref', BRANCH], { cwd: work });
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toMatch(
      /^gitops-sync\/audit:events\.jsonl was tampered with: it holds \d+ bytes besides its 2 events \(blank lines, or spaces after a line\), which gitops-sync never writes: an edit, such as padding that hides events cut off the end\.\n$/,
    );
  });

  it('refuses, in one sentence, a clone with only the last commits of the branch, where a cut could not show', async () => {
    const { root, remote } = await threeRuns();
    const shallow = join(root, 'shallow');
    git(root, 'clone', '-q', '--depth', '1', '--branch', BRANCH, `file://${remote}`, shallow);
    expect(await cli(['audit', 'verify', '--git-ref', BRANCH], { cwd: shallow })).toEqual({
      code: 1,
      stdout: '',
      stderr: `gitops-sync: this clone has only the last commits of the audit branch ${BRANCH}, so events cut off by an older commit would not show; fetch it in full (git fetch --unshallow origin ${BRANCH}, or actions/checkout with fetch-depth: 0) and run again\n`,
    });
  });

  it('audit export fails the audit-log controls for it', async () => {
    const { work } = await threeRuns();
    cutTail(work, 2);
    const report = await exportLogOnly(work, 'pci');
    expect(report.log).toMatchObject({ intact: false });
    expect(report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check))).toContain('audit-log-not-intact');
  });
});
