// A third helper's attack on b6091a0: refuseTrackedByGit (packages/engine/src/audit/tracked.ts) and the git
// runs around it. Tests under "HOLE" failed on b6091a0 (a pull request cloned into a subfolder, APFS's full
// case folding, names that are no UTF-8, no git in CI); tests under "holds" passed there.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { checkout, forgedLog, LOG, recordOne, sameFileAs } from './support/audit-checkout.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

describe('HOLE 1 (any runner, Linux included): the pull request checked out in a subfolder of the working directory', () => {
  it('`actions/checkout` with `path: pr`, config `pr/gitops-sync.yaml`: the workspace is no repository, so "not tracked"', async () => {
    const workspace = tempDir('attack39-ws-');
    const pr = checkout({ [LOG]: forgedLog() }, 'gitops-sync.yaml', join(workspace, 'pr'));
    expect(git(pr, 'ls-files', '--', LOG)).toBe(LOG); // the PR's commit wrote it
    // cwd (root) is GITHUB_WORKSPACE, as in packages/platforms/src/github/action-io.ts
    await expect(recordOne(workspace, { store: 'file' }, join(pr, 'gitops-sync.yaml'), process.env, workspace)).rejects.toThrow(/git tracks/);
    expect(readFileSync(join(pr, LOG), 'utf8')).toBe(forgedLog());
  });

  it('the base checked out in the workspace and the head in `pr/` (pull_request_target pattern): the base repository is asked', async () => {
    const workspace = checkout({ '.gitignore': 'pr/\n' });
    const pr = checkout({ [LOG]: forgedLog() }, 'gitops-sync.yaml', join(workspace, 'pr'));
    await expect(recordOne(workspace, { store: 'file' }, join(pr, 'gitops-sync.yaml'), process.env, workspace)).rejects.toThrow(/git tracks/);
    expect(readFileSync(join(pr, LOG), 'utf8')).toBe(forgedLog());
  });
});

describe('HOLE 2 (macOS APFS, case-insensitive): full Unicode case folding, where git icase and toLowerCase fold ASCII only', () => {
  // APFS compares names NFD + Unicode case folded (linux-apfs fs/apfs/unicode.c; Apple's APFS reference): ſ (U+017F) folds to s,
  // the Kelvin sign (U+212A) to k. git's :(icase) pathspec folds ASCII letters only, so the committed spelling is never listed.
  for (const [what, committed, config] of [
    ['.gitopſ-sync/ (long s) for the default log', `.gitop\u017F-sync/audit/events.jsonl`, 'gitops-sync.yaml'],
    ['eventſ.jsonl (long s) for the default log', `.gitops-sync/audit/event\u017F.jsonl`, 'gitops-sync.yaml'],
    ['\u212A8s/ (Kelvin sign) for a config in k8s/', `\u212A8s/${LOG}`, 'k8s/gitops-sync.yaml'],
  ] as const) {
    it(`the PR commits ${what}: appended to`, async () => {
      const dir = checkout({ [committed]: forgedLog() }, config);
      const used = join(config, '..', LOG);
      sameFileAs(dir, committed, used);
      await expect(recordOne(dir, { store: 'file' }, join(dir, config))).rejects.toThrow(/git tracks/);
      expect(readFileSync(join(dir, committed), 'utf8')).toBe(forgedLog());
    });
  }
});

describe('HOLE 3 (Windows): git for Windows writes bytes that are not UTF-8 as Latin-1; spawnSync decodes them as U+FFFD', () => {
  it('config in équipe/, the PR commits the byte 0xE9 + "quipe/…" (on disk: équipe/…): listed as \\uFFFDquipe, never matched', async () => {
    const committed = Buffer.concat([Buffer.from([0xe9]), Buffer.from(`quipe/${LOG}`)]);
    const dir = checkout({}, '\u00e9quipe/gitops-sync.yaml');
    mkdirSync(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xe9]), Buffer.from('quipe/.gitops-sync/audit')]), { recursive: true });
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), committed]), forgedLog());
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'latin-1 name');
    sameFileAs(dir, committed, `\u00e9quipe/${LOG}`);
    await expect(recordOne(dir, { store: 'file' }, join(dir, '\u00e9quipe', 'gitops-sync.yaml'))).rejects.toThrow(/git tracks/);
  });
});

describe('HOLE 4 (design, container jobs): no .git, or no git on PATH, was taken as "nothing can have committed them"', () => {
  const CI = { ...process.env, GITHUB_ACTIONS: 'true' };
  const TERMINAL = { ...process.env, GITHUB_ACTIONS: '', GITLAB_CI: '' };

  it('in CI, a checkout without .git (actions/checkout downloads the tarball through the REST API when git is missing): refused', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    rmSync(join(dir, '.git'), { recursive: true, force: true });
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), CI)).rejects.toThrow(/could not tell whether git tracks .* \(no git repository holds it\)/);
    expect(readFileSync(join(dir, LOG), 'utf8')).toBe(forgedLog());
  });

  it('in CI, a git checkout but no git on PATH (ENOENT): refused', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    const node = tempDir('attack39-path-');
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), { ...CI, PATH: node })).rejects.toThrow(/could not tell whether git tracks .* \(git is not installed\)/);
  });

  it('outside CI, a log no repository holds is the user’s own: appended to', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    rmSync(join(dir, '.git'), { recursive: true, force: true });
    expect((await recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), TERMINAL)).map((event) => event.seq)).toEqual([4]);
  });

  it('a worktree/submodule whose .git file names a gitdir not there (a container mounting only the work tree) is no "no repository", even outside CI', async () => {
    const main = checkout({ [LOG]: forgedLog() });
    const wt = join(tempDir('attack39-wt-'), 'wt');
    git(main, 'worktree', 'add', '-q', '--detach', wt, 'main');
    rmSync(join(main, '.git', 'worktrees'), { recursive: true, force: true }); // the gitdir the .git file names is gone
    await expect(recordOne(wt, { store: 'file' }, join(wt, 'gitops-sync.yaml'), TERMINAL)).rejects.toThrow(/could not tell/);
  });
});

describe('holds', () => {
  it('a log in an initialised submodule (the config folder is a submodule the PR points anywhere) is listed and refused', async () => {
    const sub = checkout({ [LOG]: forgedLog() });
    const dir = checkout({});
    git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'deploy');
    git(dir, 'commit', '-q', '-m', 'submodule');
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'deploy', 'gitops-sync.yaml'))).rejects.toThrow(/git tracks/);
  });

  it('a sparse index (cone mode, the log outside the cone but present on disk) is expanded by ls-files', async () => {
    const dir = checkout({ [LOG]: forgedLog(), 'app/x': '1' });
    const saved = join(tempDir('attack39-sparse-'), 'log');
    writeFileSync(saved, readFileSync(join(dir, LOG)));
    git(dir, 'sparse-checkout', 'set', '--cone', '--sparse-index', 'app');
    mkdirSync(join(dir, '.gitops-sync', 'audit'), { recursive: true });
    renameSync(saved, join(dir, LOG));
    expect(git(dir, 'ls-files', '--sparse')).toContain('.gitops-sync/');
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(/git tracks/);
  });

  it('a git that dies by a signal in ls-files fails closed', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    const bin = tempDir('attack39-bin-');
    const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nif [ "$1" = ls-files ]; then kill -9 $$; fi\nexec ${real} "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), { ...process.env, PATH: `${bin}:${process.env.PATH}` })).rejects.toThrow(/could not tell whether git tracks/);
  });

  it('GIT_INTERNAL_SUPER_PREFIX in the environment fails closed (ls-files refuses it)', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), { ...process.env, GIT_INTERNAL_SUPER_PREFIX: 'zz/' })).rejects.toThrow(/could not tell|git tracks/);
  });

  it('a committed name with a newline and a committed NFD/upper-case spelling are refused', async () => {
    const dir = checkout({ [`.GITOPS-SYNC/audit/EVENTS.jsonl`]: forgedLog(), 'a\nb/x': '1' });
    sameFileAs(dir, `.GITOPS-SYNC/audit/EVENTS.jsonl`, LOG);
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(/git tracks/);
  });

  it('normal use: the PR checkout in pr/ with the run started inside it records', async () => {
    const workspace = tempDir('attack39-ws-');
    const pr = checkout({}, 'gitops-sync.yaml', join(workspace, 'pr'));
    expect((await recordOne(pr, { store: 'file' })).map((event) => event.seq)).toEqual([1]);
  });
});
