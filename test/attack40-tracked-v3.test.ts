// A fourth helper's attack on 07e3c33: refuseTrackedByGit (packages/engine/src/audit/tracked.ts), which cut every tracked
// path to the log's depth below `git rev-parse --show-toplevel` and compared device+inode. The "HOLE" test failed on 07e3c33
// (a bind mount gave the log another depth); "..deploy" was refused there; "holds" passed.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { checkout, forgedLog, LOG, recordOne } from './support/audit-checkout.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const CI = { ...process.env, GITHUB_ACTIONS: 'true' };
const GITLAB = { ...process.env, GITHUB_ACTIONS: '', GITLAB_CI: 'true' };
const TERMINAL = { ...process.env, GITHUB_ACTIONS: '', GITLAB_CI: '' };

const sh = (cmd: string) => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
const canMount = (() => {
  const probe = tempDir('attack40-probe-');
  mkdirSync(join(probe, 'a'));
  mkdirSync(join(probe, 'b'));
  const ok = sh(`mount --bind '${probe}/a' '${probe}/b' && umount '${probe}/b'`).status === 0;
  return ok;
})();

describe('HOLE (needs an alias realpath cannot see: a bind mount / FUSE / a container volume): the log reached at another depth than git lists it', () => {
  // realpath sees symlinks only. A folder of the checkout bind-mounted (docker run -v "$PWD/envs/prod:/src/deploy", or a job's
  // volumes:) elsewhere in the same checkout gives the log a depth that is not its tracked depth: cut to the wrong depth, the
  // committed file is never lstat'ed under its own name.
  (canMount ? it : it.skip)('config deploy/ is a bind mount of envs/prod/, whose committed log is appended to', async () => {
    const dir = checkout({ [`envs/prod/${LOG}`]: forgedLog(), 'envs/prod/gitops-sync.yaml': 'version: 1\n' });
    mkdirSync(join(dir, 'deploy'));
    expect(sh(`mount --bind '${dir}/envs/prod' '${dir}/deploy'`).status).toBe(0);
    try {
      await expect(recordOne(dir, { store: 'file' }, join(dir, 'deploy', 'gitops-sync.yaml'), CI)).rejects.toThrow(/git tracks/);
    } finally {
      sh(`umount '${dir}/deploy'`);
    }
    expect(readFileSync(join(dir, 'envs/prod', LOG), 'utf8')).toBe(forgedLog());
  });
});

describe('legitimate setups 07e3c33 refused, and one it refuses rightly', () => {
  it('a config folder whose name starts with ".." (..deploy/) is taken for "not under the repository\'s top"', async () => {
    const dir = checkout({ '.gitignore': '.gitops-sync/\n' }, '..deploy/gitops-sync.yaml');
    mkdirSync(join(dir, '..deploy', '.gitops-sync', 'audit'), { recursive: true });
    writeFileSync(join(dir, '..deploy', LOG), ''); // the log there (a previous run's): the check runs
    expect((await recordOne(dir, { store: 'file' }, join(dir, '..deploy', 'gitops-sync.yaml'), CI)).map((event) => event.seq)).toEqual([1]);
  });

  // Container jobs whose user is not the checkout's owner (GitLab docker executor with a non-root image after the root helper
  // cloned; GitHub container jobs with `options: --user`): git refuses the repository ("dubious ownership"), and so does the
  // check — in CI and out (a shared checkout is not the user's own) — saying how to let git read it.
  const asRoot = process.getuid?.() === 0;
  for (const [where, env] of [['in CI', GITLAB], ['outside CI', TERMINAL]] as const) {
    (asRoot ? it : it.skip)(`${where}, a checkout another user owns (git: dubious ownership): refused, naming safe.directory`, async () => {
      const dir = checkout({ '.gitignore': '.gitops-sync/\n' });
      mkdirSync(join(dir, '.gitops-sync', 'audit'), { recursive: true });
      writeFileSync(join(dir, LOG), '');
      sh(`chown -R 12345:12345 '${dir}'`);
      try {
        await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), env)).rejects.toThrow(/could not tell whether git tracks .*dubious ownership.*safe\.directory/);
      } finally {
        sh(`chown -R 0:0 '${dir}'`);
      }
    });
  }
});

describe('documented refusals (by design, fail closed)', () => {
  it('GitLab GIT_STRATEGY: none, the config and the log from a previous stage\'s artifacts, no .git: refused in CI', async () => {
    const dir = tempDir('attack40-none-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'version: 1\n');
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), GITLAB)).resolves.toBeDefined(); // no log yet: nothing to check
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), GITLAB)).rejects.toThrow(/no git repository holds it/);
  });
});

describe('holds', () => {
  it('GitLab: the checkout is a repository and gitops-sync runs in a subfolder (infra/), log untracked: records', async () => {
    const dir = checkout({ '.gitignore': '.gitops-sync/\n' }, 'infra/gitops-sync.yaml');
    const config = join(dir, 'infra', 'gitops-sync.yaml');
    await recordOne(join(dir, 'infra'), { store: 'file' }, config, GITLAB);
    expect((await recordOne(join(dir, 'infra'), { store: 'file' }, config, GITLAB)).map((event) => event.seq)).toEqual([2]);
  });

  it('a git worktree: untracked log records; a worktree whose commit tracks the log is refused', async () => {
    const main = checkout({ '.gitignore': '.gitops-sync/\n' });
    const wt = join(tempDir('attack40-wt-'), 'wt');
    git(main, 'checkout', '-q', '-b', 'pr');
    mkdirSync(join(main, '.gitops-sync', 'audit'), { recursive: true });
    writeFileSync(join(main, LOG), forgedLog());
    git(main, 'add', '-f', LOG);
    git(main, 'commit', '-q', '-m', 'forge');
    git(main, 'checkout', '-q', 'main');
    git(main, 'worktree', 'add', '-q', '--detach', wt, 'pr');
    await expect(recordOne(wt, { store: 'file' }, join(wt, 'gitops-sync.yaml'), CI)).rejects.toThrow(/git tracks/);
    expect((await recordOne(main, { store: 'file' }, join(main, 'gitops-sync.yaml'), CI)).map((event) => event.seq)).toEqual([1]);
  });

  it('the config folder is a committed symlink to a folder whose log is committed, the run started outside the checkout (no link walk)', async () => {
    const dir = checkout({ [`envs/prod/${LOG}`]: forgedLog(), 'envs/prod/gitops-sync.yaml': 'version: 1\n', deploy: { symlink: 'envs/prod' } });
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'deploy', 'gitops-sync.yaml'), CI, null)).rejects.toThrow(/git tracks/);
    expect(readFileSync(join(dir, 'envs/prod', LOG), 'utf8')).toBe(forgedLog());
  });

  it('the workspace reached through a symlink (/home/runner/work → /mnt/work): realpath and git agree', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    const link = join(tempDir('attack40-ln-'), 'ws');
    symlinkSync(dir, link);
    await expect(recordOne(link, { store: 'file' }, join(link, 'gitops-sync.yaml'), CI)).rejects.toThrow(/git tracks/);
  });

  it('a log in a superproject subfolder with an initialised submodule beside it (ls-files recursing from a subfolder)', async () => {
    const sub = checkout({ 'x/y/z': '1' });
    const dir = checkout({ [`apps/a/${LOG}`]: forgedLog(), 'apps/a/gitops-sync.yaml': 'version: 1\n' });
    git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'apps/vendor');
    git(dir, 'commit', '-q', '-m', 'submodule');
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'apps/a/gitops-sync.yaml'), CI)).rejects.toThrow(/git tracks/);
  });

  it('a log hard-linked to a tracked file elsewhere (the same file under another name and depth) is refused', async () => {
    const dir = checkout({ 'deep/er/still/forged.jsonl': forgedLog() });
    mkdirSync(join(dir, '.gitops-sync', 'audit'), { recursive: true });
    linkSync(join(dir, 'deep/er/still/forged.jsonl'), join(dir, LOG));
    // Each tracked name is looked at whole too: the same file at another depth is caught.
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), CI)).rejects.toThrow(/events\.jsonl is a file git tracks/);
    expect(readFileSync(join(dir, LOG), 'utf8')).toBe(forgedLog());
  });

  it('a tracked symlink whose target is the log does not make the (untracked) log refused, and a symlinked log is refused', async () => {
    const dir = checkout({ '.gitignore': '.gitops-sync/\n', pointer: { symlink: LOG } });
    mkdirSync(join(dir, '.gitops-sync', 'audit'), { recursive: true });
    writeFileSync(join(dir, LOG), '');
    expect((await recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), CI)).map((event) => event.seq)).toEqual([1]);
    const dir2 = checkout({ [LOG]: { symlink: '../../forged' }, forged: forgedLog() });
    await expect(recordOne(dir2, { store: 'file' }, join(dir2, 'gitops-sync.yaml'), CI)).rejects.toThrow(/symbolic link/);
  });
});
