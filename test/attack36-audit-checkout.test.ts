// A pull request's head is the checkout approve-safe, the gate and drift-detect run in. The file and
// artifact stores (and the git store's fallback) write into it, so the head must not choose what they
// chain onto (a committed log, forged or broken) nor where they write (a folder made a symbolic link).
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AuditEvent, GitopsSyncConfig } from '@gitops-sync/core';
import { RunAudit } from '@gitops-sync/engine';
import { runIdentity } from '@gitops-sync/platforms';
import { gateDraft } from './support/audit-events.js';
import { checkout, forgedLog, LOG, recordOne } from './support/audit-checkout.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

describe('a log the checkout commits', () => {
  it('is never chained onto: a forged, well-chained history gets no event and no checkpoint', async () => {
    const dir = checkout({ [LOG]: forgedLog() });
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(new RegExp(`${LOG.replaceAll('.', '\\.')} is a file git tracks, so a commit .* can write`));
    expect(readFileSync(join(dir, LOG), 'utf8')).toBe(forgedLog());
    expect(existsSync(join(dir, `${LOG}.checkpoints.jsonl`))).toBe(false);
  });

  it('names the committed file, not its broken last line, when the log is broken', async () => {
    const dir = checkout({ [LOG]: '{"not": "an event"' });
    await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(/git tracks/);
  });

  for (const beside of ['events.jsonl.lock', 'events.jsonl.checkpoints.jsonl']) {
    it(`refuses a committed ${beside} beside the log`, async () => {
      const dir = checkout({ [`.gitops-sync/audit/${beside}`]: '' });
      await expect(recordOne(dir, { store: 'file' })).rejects.toThrow(new RegExp(`${beside.replaceAll('.', '\\.')} is a file git tracks`));
      expect(existsSync(join(dir, LOG))).toBe(false);
    });
  }

  it('refuses a committed artifact folder log', async () => {
    const dir = checkout({ '.gitops-sync/audit/run/events.jsonl': forgedLog() });
    await expect(recordOne(dir, { store: 'artifact' })).rejects.toThrow(/run\/events\.jsonl is a file git tracks/);
    expect(readFileSync(join(dir, '.gitops-sync/audit/run/events.jsonl'), 'utf8')).toBe(forgedLog());
  });

  it('still appends to a log git ignores, and to one outside any repository', async () => {
    const dir = checkout({ '.gitignore': '.gitops-sync/\n' });
    await recordOne(dir, { store: 'file' });
    await recordOne(dir, { store: 'file' });
    const seqs = readFileSync(join(dir, LOG), 'utf8').trim().split('\n').map((line) => AuditEvent.parse(JSON.parse(line)).seq);
    expect(seqs).toEqual([1, 2]);

    // Outside CI (in CI, a log no repository holds is never appended to: attack39).
    const plain = tempDir('attack36-plain-');
    writeFileSync(join(plain, 'gitops-sync.yaml'), 'version: 1\n');
    const terminal = { ...process.env, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    await recordOne(plain, { store: 'file' }, join(plain, 'gitops-sync.yaml'), terminal);
    await recordOne(plain, { store: 'file' }, join(plain, 'gitops-sync.yaml'), terminal);
    expect(readFileSync(join(plain, LOG), 'utf8').trim().split('\n')).toHaveLength(2);
  });
});

describe('the git store when the checkout commits the fallback log’s files', () => {
  it('still records on its branch: the fallback is checked only when it is used', async () => {
    const root = tempDir('attack36-remote-');
    const remote = join(root, 'remote.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', remote);
    const dir = checkout({ [`${LOG}.lock`]: { symlink: '/dev/null' }, [LOG]: forgedLog() });
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '-q', 'origin', 'main');
    const events = await recordOne(dir, { store: 'git' });
    expect(events.map((event) => event.seq)).toEqual([1]);
    expect(git(dir, '--git-dir', remote, 'show', 'gitops-sync/audit:events.jsonl').split('\n')).toHaveLength(1);
    expect(readFileSync(join(dir, LOG), 'utf8')).toBe(forgedLog());
  });
});

describe('a config folder the checkout makes a symbolic link', () => {
  function linkedDeploy() {
    const dir = checkout({});
    const elsewhere = tempDir('attack36-elsewhere-');
    writeFileSync(join(elsewhere, 'gitops-sync.yaml'), 'version: 1\n');
    symlinkSync(elsewhere, join(dir, 'deploy'));
    return { dir, elsewhere, configPath: join(dir, 'deploy', 'gitops-sync.yaml') };
  }

  for (const store of ['file', 'artifact', 'git'] as const) {
    it(`refuses to open the ${store} store there, writing nothing where the link points`, async () => {
      const { dir, elsewhere, configPath } = linkedDeploy();
      await expect(recordOne(dir, { store }, configPath)).rejects.toThrow(/the folder of .*deploy\/gitops-sync\.yaml goes through the symbolic link deploy/);
      expect(existsSync(join(elsewhere, '.gitops-sync'))).toBe(false);
    });
  }

  it('is one warning from a run, which records nothing there', async () => {
    const { dir, elsewhere, configPath } = linkedDeploy();
    const warnings: string[] = [];
    const audit = new RunAudit({ identity: runIdentity({}), cwd: dir, redact: (text) => text, warn: (line) => warnings.push(line) });
    await audit.open(GitopsSyncConfig.parse({ audit: { store: 'file' } }), configPath, {}).trail.record(gateDraft(1));
    expect(await audit.close()).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/could not be opened .*symbolic link deploy/)]);
    expect(existsSync(join(elsewhere, '.gitops-sync'))).toBe(false);
  });

  it('allows a checkout reached through a link of its own (a runner’s symlinked workspace)', async () => {
    const dir = checkout({ 'deploy/gitops-sync.yaml': 'version: 1\n', '.gitignore': '.gitops-sync/\n' });
    const linkedWorkspace = join(tempDir('attack36-ws-'), 'ws');
    symlinkSync(dir, linkedWorkspace);
    await recordOne(linkedWorkspace, { store: 'file' }, join(linkedWorkspace, 'deploy', 'gitops-sync.yaml'));
    expect(existsSync(join(dir, 'deploy', LOG))).toBe(true);
  });
});
