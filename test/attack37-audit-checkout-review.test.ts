// A helper's attack on attack36's checks: a pull request's head against "never append to a tracked log"
// (packages/engine/src/audit/tracked.ts) and the link checks (trail.ts). Each "hole" failed on 5ad19e2;
// the ones under "holds" passed there already.
import { existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { GitopsSyncConfig } from '@gitops-sync/core';
import { openAuditTrail } from '@gitops-sync/engine';
import { checkout, fakeRepo, forgedLog, LOG, recordOne, withOrigin } from './support/audit-checkout.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

describe('HOLE 1: the log folder made a bare repository by committed files (HEAD, objects/, refs/, config)', () => {
  it('is still refused: git ls-files must not run inside a repository the pull request wrote', async () => {
    const dir = checkout({ [LOG]: forgedLog(), ...fakeRepo('.gitops-sync/audit') });
    expect(git(dir, 'ls-files', '--', LOG)).toBe(LOG); // the forged log IS tracked by the checkout
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(/git tracks/);
    expect(readFileSync(join(dir, LOG), 'utf8')).toBe(forgedLog());
  });

  it('works one folder up too (.gitops-sync/ is the fake repository), and for the artifact store', async () => {
    const dir = checkout({ '.gitops-sync/audit/run/events.jsonl': forgedLog(), ...fakeRepo('.gitops-sync', '', false) });
    await expect(recordOne(dir, { store: 'artifact' })).rejects.toThrow(/git tracks/);
  });

  it('runs no command the pull request chose (core.fsmonitor in that config runs during `git ls-files`)', async () => {
    const marker = join(tempDir('attack37-rce-'), 'PWNED');
    const dir = checkout({ [LOG]: forgedLog(), ...fakeRepo('.gitops-sync/audit', `\tfsmonitor = "touch ${marker}; false"\n`) });
    await recordOne(dir, { store: 'file' }).catch(() => undefined);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('HOLE 2: the git store run in a config folder the pull request made a bare repository', () => {
  it('never pushes into a repository the pull request committed: git refuses the folder, and the run says so', async () => {
    const sink = { 'deploy/sink/HEAD': 'ref: refs/heads/main\n', 'deploy/sink/objects/.keep': '', 'deploy/sink/refs/.keep': '', 'deploy/sink/config': '[core]\n\trepositoryformatversion = 0\n\tbare = true\n' };
    const dir = checkout({ ...fakeRepo('deploy', '[remote "origin"]\n\turl = ./sink\n', false), ...sink }, 'deploy/gitops-sync.yaml');
    withOrigin(dir);
    await expect(recordOne(dir, { store: 'git' }, join(dir, 'deploy', 'gitops-sync.yaml'))).rejects.toThrow(/not recorded on branch gitops-sync\/audit of origin \(.*deploy is not inside a Git working tree\)/);
    expect(existsSync(join(dir, 'deploy', 'sink', 'refs', 'heads', 'gitops-sync', 'audit'))).toBe(false);
  });
});

describe('HOLE 3: pathspec magic in the log’s name (the PR’s own config names audit.file, e.g. drift-detect)', () => {
  it('refuses a committed forged log named ":events.jsonl" (git ls-files reads the leading ":" as magic)', async () => {
    const file = '.gitops-sync/audit/:events.jsonl';
    const dir = checkout({ [file]: forgedLog() });
    await expect(recordOne(dir, { store: 'file', file })).rejects.toThrow(/git tracks/);
    expect(readFileSync(join(dir, file), 'utf8')).toBe(forgedLog());
  });
});

describe('HOLE 4 (environment, not the PR): GIT_DIR in the environment (a git hook, a CI wrapper)', () => {
  for (const [name, value] of [
    ['relative GIT_DIR=.git (git hooks set this)', '.git'],
    ['absolute GIT_DIR', '<abs>'],
  ] as const) {
    it(`still refuses a tracked log with ${name}`, async () => {
      const dir = checkout({ [LOG]: forgedLog() });
      const env = { ...process.env, GIT_DIR: value === '<abs>' ? join(dir, '.git') : value };
      await expect(recordOne(dir, { store: 'file' }, join(dir, 'gitops-sync.yaml'), env)).rejects.toThrow(/git tracks/);
    });
  }
});

describe('HOLE 5 (macOS/Windows runners): a case variant of a committed log on a case-insensitive file system', () => {
  const probe = tempDir('attack37-case-');
  writeFileSync(join(probe, 'a'), '');
  const caseInsensitive = existsSync(join(probe, 'A'));
  (caseInsensitive ? it : it.skip)('refuses audit.file EVENTS.JSONL when events.jsonl is committed', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    await expect(recordOne(dir, { store: 'file', file: '.gitops-sync/audit/EVENTS.JSONL' })).rejects.toThrow(/git tracks/);
  });

});

describe('holds', () => {
  for (const file of ['./.gitops-sync/audit/events.jsonl', '.gitops-sync//audit/./events.jsonl', '.gitops-sync/x/../audit/events.jsonl']) {
    it(`refuses the committed log named as ${JSON.stringify(file)}`, async () => {
      const dir = checkout({ [LOG]: forgedLog() });
      await expect(recordOne(dir, { store: 'file', file })).rejects.toThrow(/git tracks/);
    });
  }

  it('refuses a glob-looking committed name (exact match wins over the glob)', async () => {
    const file = '.gitops-sync/audit/ev[e]nts*.jsonl';
    const dir = checkout({ [file]: forgedLog() });
    await expect(recordOne(dir, { store: 'file', file })).rejects.toThrow(/git tracks/);
  });

  it('refuses a tracked folder where the log would be', async () => {
    const dir = checkout({ [`${LOG}/x`]: forgedLog() });
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(/git tracks/);
  });

  it('refuses a forged log in a submodule checked out at the log folder', async () => {
    const sub = checkout({ 'events.jsonl': forgedLog() });
    const pr = tempDir('attack37-super-');
    git(pr, 'init', '-q', '-b', 'main');
    writeFileSync(join(pr, 'gitops-sync.yaml'), 'version: 1\n');
    git(pr, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, '.gitops-sync/audit');
    git(pr, 'add', '-A');
    git(pr, 'commit', '-q', '-m', 'x');
    const dir = join(tempDir('attack37-clone-'), 'c');
    git(pr, '-c', 'protocol.file.allow=always', 'clone', '-q', '--recurse-submodules', pr, dir);
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(/git tracks/);
  });

  it('git store records on its branch with a folder named events.jsonl at the fallback path', async () => {
    const dir = checkout({ [`${LOG}/x`]: '' });
    const remote = withOrigin(dir);
    expect((await recordOne(dir, { store: 'git' })).map((event) => event.seq)).toEqual([1]);
    expect(git(dir, '--git-dir', remote, 'show', 'gitops-sync/audit:events.jsonl').split('\n')).toHaveLength(1);
  });

  it('git store records on its branch with symlinks to /dev/zero at the fallback log and checkpoints', async () => {
    const dir = checkout({ [LOG]: { symlink: '/dev/zero' }, [`${LOG}.checkpoints.jsonl`]: { symlink: '/dev/zero' }, '.gitops-sync/audit/HEAD': 'x' });
    withOrigin(dir);
    expect((await recordOne(dir, { store: 'git' })).map((event) => event.seq)).toEqual([1]);
  });

  it('the git store falling back refuses a /dev/zero link at the log (one error, nothing read)', async () => {
    const dir = checkout({ [LOG]: { symlink: '/dev/zero' } }); // no origin: the push fails
    await expect(recordOne(dir, { store: 'git' })).rejects.toThrow(/could not be kept in .* either \(.*symbolic link/);
  });

  it('refuses a link in the config folder given relative to the process cwd', async () => {
    const dir = checkout({});
    const elsewhere = tempDir('attack37-elsewhere-');
    writeFileSync(join(elsewhere, 'gitops-sync.yaml'), 'version: 1\n');
    symlinkSync(elsewhere, join(dir, 'deploy'));
    const trail = () => openAuditTrail({ config: GitopsSyncConfig.parse({ audit: { store: 'file' } }), configPath: join(dir, 'deploy', '.', 'gitops-sync.yaml'), env: process.env, root: `${dir}/./` });
    expect(trail).toThrow(/symbolic link deploy/);
    expect(readdirSync(elsewhere)).toEqual(['gitops-sync.yaml']);
  });
});
