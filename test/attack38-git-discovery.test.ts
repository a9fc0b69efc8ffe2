// A second helper's attack on d9e6747: safe.bareRepository=explicit as injected for every git run
// (packages/engine/src/node-exec.ts, gitEnvironment) and the tracked-log check (audit/tracked.ts).
// Tests under "HOLE" failed on d9e6747 (GIT_CONFIG_PARAMETERS read after GIT_CONFIG_COUNT, a pathspec
// variable, icase not folding the working directory's prefix nor non-ASCII names); "holds" passed there.
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { gitEnvironment, nodeExec } from '@gitops-sync/engine';
import { checkout, fakeRepo, forgedLog, LOG, recordOne, sameFileAs, withOrigin } from './support/audit-checkout.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

/** A config folder `deploy` the PR made a bare repository whose origin is a sink it also committed (attack37 HOLE 2). */
function sinkCheckout() {
  const sink = { 'deploy/sink/HEAD': 'ref: refs/heads/main\n', 'deploy/sink/objects/.keep': '', 'deploy/sink/refs/.keep': '', 'deploy/sink/config': '[core]\n\trepositoryformatversion = 0\n\tbare = true\n' };
  const dir = checkout({ ...fakeRepo('deploy', '[remote "origin"]\n\turl = ./sink\n', false), ...sink }, 'deploy/gitops-sync.yaml');
  withOrigin(dir);
  return dir;
}
const sinkTaken = (dir: string) => existsSync(join(dir, 'deploy', 'sink', 'refs', 'heads', 'gitops-sync', 'audit'));

describe('HOLE A (environment): GIT_CONFIG_PARAMETERS is read after GIT_CONFIG_COUNT, so its safe.bareRepository wins', () => {
  for (const [name, parameters] of [
    ['new style', "'safe.bareRepository'='all'"],
    ['old style', "'safe.bareRepository=all'"],
    ['among other keys (a `git -c` parent)', "'core.quotepath'='false' 'safe.bareRepository'='all'"],
  ] as const) {
    it(`${name}: the git store pushes into the pull request's committed remote`, async () => {
      const dir = sinkCheckout();
      const env = { ...process.env, GIT_CONFIG_PARAMETERS: parameters };
      await recordOne(dir, { store: 'git' }, join(dir, 'deploy', 'gitops-sync.yaml'), env).catch(() => undefined);
      expect(sinkTaken(dir)).toBe(false);
    });
  }

  it("the tracked check run from a working directory the PR made a bare repository runs the PR's core.fsmonitor", async () => {
    const marker = join(tempDir('attack38-rce-'), 'PWNED');
    const dir = checkout({ [`app/${LOG}`]: forgedLog(), ...fakeRepo('app', `\tfsmonitor = "touch ${marker}; false"\n`) }, 'app/gitops-sync.yaml');
    const env = { ...process.env, GIT_CONFIG_PARAMETERS: "'safe.bareRepository'='all'" };
    await recordOne(dir, { store: 'file' }, join(dir, 'app', 'gitops-sync.yaml'), env, join(dir, 'app')).catch(() => undefined);
    expect(existsSync(marker)).toBe(false);
  });

  it('nodeExec: git in a committed bare repository is refused even with GIT_CONFIG_PARAMETERS in the environment', async () => {
    const dir = checkout(fakeRepo('fake', '', false));
    const result = await nodeExec.run('git', ['rev-parse', '--absolute-git-dir'], { cwd: join(dir, 'fake'), env: { ...process.env, GIT_CONFIG_PARAMETERS: "'safe.bareRepository'='all'" } });
    expect(result.stdout.toString().trim()).not.toBe(join(dir, 'fake'));
  });
});

describe('HOLE B (environment): GIT_LITERAL_PATHSPECS=1 turns the `:(literal,icase)` magic into part of the name', () => {
  it('appends to a committed forged log', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    const env = { ...process.env, GIT_LITERAL_PATHSPECS: '1' };
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), env)).rejects.toThrow(/git tracks/);
    expect(readFileSync(join(dir, LOG), 'utf8')).toBe(forgedLog());
  });
});

describe('HOLE C (macOS/Windows runners): :(icase) leaves the working directory’s own prefix case-sensitive', () => {
  it('git itself: from App/ the pathspec does not match APP/… (the prefix is compared exactly), from the top it does', () => {
    const dir = checkout({ [`APP/${LOG}`]: forgedLog() }, 'App/gitops-sync.yaml');
    const ls = (cwd: string, spec: string) => spawnSync('git', ['ls-files', '-z', '--', spec], { cwd, encoding: 'utf8' }).stdout;
    expect(ls(dir, `:(literal,icase)App/${LOG}`)).toContain(`APP/${LOG}`);
    expect(ls(join(dir, 'App'), `:(literal,icase)${LOG}`)).toBe(''); // what tracked.ts asks
    expect(ls(join(dir, 'App'), `:(top,literal,icase)App/${LOG}`)).toContain(`APP/${LOG}`); // the fix
  });

  it('working-directory: App, the PR commits APP/.gitops-sync/audit/events.jsonl: appended to', async () => {
    const dir = checkout({ [`APP/${LOG}`]: forgedLog() }, 'App/gitops-sync.yaml');
    sameFileAs(dir, `APP/${LOG}`, `App/${LOG}`);
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'App', 'gitops-sync.yaml'), process.env, join(dir, 'App'))).rejects.toThrow(/git tracks/);
  });
});

describe('HOLE D (macOS/Windows runners): icase folds ASCII only, and no Unicode normalization at all', () => {
  it('config in équipe/, the PR commits ÉQUIPE/.gitops-sync/audit/events.jsonl (root at the top)', async () => {
    const dir = checkout({ [`ÉQUIPE/${LOG}`]: forgedLog() }, 'équipe/gitops-sync.yaml');
    sameFileAs(dir, `ÉQUIPE/${LOG}`, `équipe/${LOG}`);
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'équipe', 'gitops-sync.yaml'))).rejects.toThrow(/git tracks/);
  });

  it('config in équipe/ (NFC), the PR commits e\\u0301quipe/.gitops-sync/audit/events.jsonl (NFD; APFS is normalization-insensitive)', async () => {
    const nfd = 'e\u0301quipe';
    const dir = checkout({ [`${nfd}/${LOG}`]: forgedLog() }, '\u00e9quipe/gitops-sync.yaml');
    sameFileAs(dir, `${nfd}/${LOG}`, `\u00e9quipe/${LOG}`);
    await expect(recordOne(dir, { store: 'file' }, join(dir, '\u00e9quipe', 'gitops-sync.yaml'))).rejects.toThrow(/git tracks/);
  });
});

describe('holds: the injected setting against other configuration', () => {
  for (const [name, extra] of [
    ['GIT_CONFIG_COUNT=abc', { GIT_CONFIG_COUNT: 'abc' }],
    ['GIT_CONFIG_COUNT=1 whose KEY_0 says safe.bareRepository=all', { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.bareRepository', GIT_CONFIG_VALUE_0: 'all' }],
    ['GIT_CONFIG_COUNT=1x (parseInt reads 1, git would reject it) with KEY_0 all', { GIT_CONFIG_COUNT: '1x', GIT_CONFIG_KEY_0: 'safe.bareRepository', GIT_CONFIG_VALUE_0: 'all' }],
    ['GIT_CONFIG_COUNT=99999999999999999999 (huge)', { GIT_CONFIG_COUNT: '99999999999999999999' }],
    ['GIT_CONFIG_COUNT=2147483647', { GIT_CONFIG_COUNT: '2147483647' }],
    ['GIT_CONFIG_COUNT=-5 with KEY_0 all', { GIT_CONFIG_COUNT: '-5', GIT_CONFIG_KEY_0: 'safe.bareRepository', GIT_CONFIG_VALUE_0: 'all' }],
  ] as const) {
    it(`${name}: git store never pushes into the committed remote`, async () => {
      const dir = sinkCheckout();
      await recordOne(dir, { store: 'git' }, join(dir, 'deploy', 'gitops-sync.yaml'), { ...process.env, ...extra }).catch(() => undefined);
      expect(sinkTaken(dir)).toBe(false);
    });
  }

  it('a global config (GIT_CONFIG_GLOBAL) with safe.bareRepository=all is overridden', async () => {
    const home = tempDir('attack38-home-');
    writeFileSync(join(home, 'gitconfig'), '[safe]\n\tbareRepository = all\n');
    const dir = sinkCheckout();
    await recordOne(dir, { store: 'git' }, join(dir, 'deploy', 'gitops-sync.yaml'), { ...process.env, GIT_CONFIG_GLOBAL: join(home, 'gitconfig') }).catch(() => undefined);
    expect(sinkTaken(dir)).toBe(false);
  });

  it('gitEnvironment puts safe.bareRepository=explicit last on the command line, after what is there', () => {
    const env = gitEnvironment({ GIT_CONFIG_PARAMETERS: "'core.quotepath'='false' 'safe.bareRepository'='all'", GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: '1' });
    expect(env.GIT_CONFIG_PARAMETERS).toBe("'core.quotepath'='false' 'safe.bareRepository'='all' 'safe.bareRepository=explicit'");
    expect([env.GIT_CONFIG_COUNT, env.GIT_CONFIG_KEY_0]).toEqual(['1', 'a.b']);
  });

  it('a root the PR made a bare repository: the tracked check fails closed and runs no fsmonitor', async () => {
    const marker = join(tempDir('attack38-rce-'), 'PWNED');
    const dir = checkout({ [`app/${LOG}`]: forgedLog(), ...fakeRepo('app', `\tfsmonitor = "touch ${marker}; false"\n`) }, 'app/gitops-sync.yaml');
    await expect(recordOne(dir, { store: 'file' }, join(dir, 'app', 'gitops-sync.yaml'), process.env, join(dir, 'app'))).rejects.toThrow(/could not tell whether git tracks .*cannot use bare repository/);
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(join(dir, 'app', LOG), 'utf8')).toBe(forgedLog());
  });
});

describe('holds: a .git the pull request commits never reaches the checkout', () => {
  for (const at of ['deploy/.git', '.gitops-sync/audit/.git', 'app/.git']) {
    it(`a committed symlink ${at} -> fake (a crafted tree) fails the checkout`, () => {
      const pr = checkout({ ...fakeRepo('fake', '\tfsmonitor = "touch /nonexistent/PWNED; false"\n'), 'deploy/gitops-sync.yaml': 'version: 1\n' });
      // Plumbing only (git add and update-index refuse the name): a tree holding `.git` as a symlink.
      const target = spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: pr, input: '../fake', encoding: 'utf8' }).stdout.trim();
      const parts = at.split('/');
      let tree = spawnSync('git', ['mktree'], { cwd: pr, input: `120000 blob ${target}\t.git\n`, encoding: 'utf8' }).stdout.trim();
      for (const part of parts.slice(0, -1).reverse()) tree = spawnSync('git', ['mktree'], { cwd: pr, input: `040000 tree ${tree}\t${part}\n`, encoding: 'utf8' }).stdout.trim();
      const fake = git(pr, 'rev-parse', 'HEAD:fake');
      const top = spawnSync('git', ['mktree'], { cwd: pr, input: `040000 tree ${fake}\tfake\n${parts[0] === 'fake' ? '' : `040000 tree ${tree}\t${parts[0]}\n`}`, encoding: 'utf8' }).stdout.trim();
      const commit = git(pr, 'commit-tree', top, '-m', 'dotgit');
      git(pr, 'update-ref', 'refs/heads/main', commit);
      expect(git(pr, 'ls-tree', '-r', '--name-only', 'main')).toContain(at);
      const clone = join(tempDir('attack38-clone-'), 'c');
      const run = spawnSync('git', ['-c', 'transfer.fsckObjects=false', 'clone', '-q', pr, clone], { encoding: 'utf8' });
      expect(run.stderr).toMatch(/invalid path '.*\.git'/);
      expect(existsSync(join(clone, at))).toBe(false);
    });
  }
});

describe('holds: the log path as a link or hard link', () => {
  it('a committed symlink at the log to a tracked forged file is refused as a link (before git is asked)', async () => {
    const dir = checkout({ 'forged.jsonl': forgedLog(), [LOG]: { symlink: '../../forged.jsonl' } });
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(/symbolic link/);
    expect(readFileSync(join(dir, 'forged.jsonl'), 'utf8')).toBe(forgedLog());
  });

  it('a tracked log path replaced by a hard link to an untracked file is still refused (the path is listed)', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    const other = join(tempDir('attack38-hl-'), 'x.jsonl');
    writeFileSync(other, forgedLog());
    spawnSync('rm', [join(dir, LOG)]);
    linkSync(other, join(dir, LOG));
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(/git tracks/);
  });
});

describe('holds: normal use', () => {
  it('git store, normal clone, config in a subfolder', async () => {
    const dir = checkout({}, 'deploy/gitops-sync.yaml');
    const remote = withOrigin(dir);
    expect((await recordOne(dir, { store: 'git' }, join(dir, 'deploy', 'gitops-sync.yaml'))).map((event) => event.seq)).toEqual([1]);
    expect(git(dir, '--git-dir', remote, 'show', 'gitops-sync/audit:events.jsonl').split('\n')).toHaveLength(1);
  });

  it('git store and tracked check in a `git worktree add` checkout (a .git file)', async () => {
    const main = checkout({ [`deploy/${LOG}`]: forgedLog() }, 'deploy/gitops-sync.yaml');
    const remote = withOrigin(main);
    const wt = join(tempDir('attack38-wt-'), 'wt');
    git(main, 'worktree', 'add', '-q', '--detach', wt, 'main');
    expect(readFileSync(join(wt, '.git'), 'utf8')).toMatch(/^gitdir: /);
    expect((await recordOne(wt, { store: 'git' }, join(wt, 'deploy', 'gitops-sync.yaml'), process.env)).map((event) => event.seq)).toEqual([1]);
    expect(git(main, '--git-dir', remote, 'show', 'gitops-sync/audit:events.jsonl').split('\n')).toHaveLength(1);
    await expect(recordOne(wt, { store: 'file' }, join(wt, 'deploy', 'gitops-sync.yaml'))).rejects.toThrow(/git tracks/);
    git(main, 'worktree', 'remove', '--force', wt);
  });

  it('a repository with a legitimate core.fsmonitor hook: the file store writes an untracked log and refuses a tracked one', async () => {
    const hookDir = tempDir('attack38-fsm-');
    const ran = join(hookDir, 'ran');
    const hook = join(hookDir, 'hook.sh');
    writeFileSync(hook, `#!/bin/sh\ntouch ${ran}\nexit 1\n`);
    chmodSync(hook, 0o755);
    const clean = checkout({});
    git(clean, 'config', 'core.fsmonitor', hook);
    expect((await recordOne(clean, { store: 'file' })).map((event) => event.seq)).toEqual([1]);
    const forged = checkout({ [LOG]: forgedLog() });
    git(forged, 'config', 'core.fsmonitor', hook);
    await expect(recordOne(forged, { store: 'file' })).rejects.toThrow(/git tracks/);
    const remote = withOrigin(clean);
    expect((await recordOne(clean, { store: 'git' })).map((event) => event.seq)).toEqual([1]);
    expect(git(clean, '--git-dir', remote, 'show', 'gitops-sync/audit:events.jsonl').split('\n')).toHaveLength(1);
  });
});
