import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fileAuditTrail } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { gateDraft } from './support/audit-events.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A real log of `count` events written by the file store (checkpoint at close, signed when a key is given), in a fresh folder. */
async function writeLog(count: number, signingKeyPem?: string, first = 1): Promise<{ dir: string; log: string; lines: string[] }> {
  const dir = tempDir('audit-verify-');
  const log = join(dir, 'events.jsonl');
  const trail = fileAuditTrail(log, { signingKeyPem });
  for (let n = first; n < first + count; n += 1) await trail.record(gateDraft(n));
  await trail.close();
  return { dir, log, lines: readFileSync(log, 'utf8').trimEnd().split('\n') };
}

const rewrite = (log: string, lines: string[]) => writeFileSync(log, `${lines.join('\n')}\n`);
const verify = (dir: string, ...args: string[]) => cli(['audit', 'verify', ...args], { cwd: dir });

describe('gitops-sync audit verify --log', () => {
  it('finds a log written by the file store intact, with its checkpoint, exit 0', async () => {
    const { dir, log } = await writeLog(10);
    const result = await verify(dir, '--log', 'events.jsonl');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^${log} is intact: 10 events, Merkle root [0-9a-f]{64}; the checkpoint ${log}.checkpoints.jsonl \\(10 events\\) matches, its signature not checked \\(pass --public-key\\)\\.\\n$`));
  });

  const tampering: [string, (lines: string[]) => string[], string][] = [
    ['a modified event', (lines) => lines.map((line, index) => (index === 3 ? line.replace(/"environment":"\w+"/, '"environment":"dev"') : line)), 'seq 4 was modified: its hash does not match its content'],
    ['a deleted event', (lines) => lines.filter((_, index) => index !== 5), 'seq 6 was deleted (seq 5 is followed by seq 7)'],
    ['an inserted event', (lines) => [...lines.slice(0, 7), lines[2], ...lines.slice(7)], 'seq 3 appears a second time (seq 7 is followed by seq 3): an event was inserted'],
    ['reordered events', (lines) => [...lines.slice(0, 4), lines[5], lines[4], ...lines.slice(6)], 'seq 5 is out of place (seq 4 is followed by seq 6, and seq 5 comes later): the events were reordered'],
  ];
  for (const [what, tamper, reason] of tampering) {
    it(`names ${what} by its seq in one sentence, exit 4`, async () => {
      const { dir, log, lines } = await writeLog(10);
      rewrite(log, tamper(lines));
      expect(await verify(dir, '--log', log)).toEqual({ code: 4, stdout: `${log} was tampered with: ${reason}.\n`, stderr: '' });
    });
  }

  it('names the first event cut off a log truncated behind the auditor\'s copy of its checkpoint, exit 4', async () => {
    const { dir, log, lines } = await writeLog(10);
    const copy = join(dir, 'auditor-copy.json');
    copyFileSync(`${log}.checkpoints.jsonl`, copy);
    rmSync(`${log}.checkpoints.jsonl`);
    rewrite(log, lines.slice(0, 7));
    expect(await verify(dir, '--log', log)).toMatchObject({ code: 0 });
    const result = await verify(dir, '--log', log, '--checkpoint', copy);
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^${log} was tampered with: seq 8 to 10 were cut off the end: the checkpoint of \\S+ records 10 events, the log has 7\\.\\n$`));
  });

  it('refuses a checkpoint from another log, exit 4', async () => {
    const { dir, log } = await writeLog(10);
    const other = await writeLog(10, undefined, 500);
    const result = await verify(dir, '--log', log, '--checkpoint', `${other.log}.checkpoints.jsonl`);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/was tampered with: the log's first 10 events have Merkle root [0-9a-f]{12}…, the checkpoint of \S+ says [0-9a-f]{12}…: the log was rewritten, or the checkpoint belongs to another log\.\n$/);
  });

  it('a corrupt log line is the verdict, naming the line: tampered, exit 4 (exit 1 read as a usage error to a CI step checking for 4)', async () => {
    const { dir, log, lines } = await writeLog(5);
    rewrite(log, lines.map((line, index) => (index === 3 ? line.slice(0, 40) : line)));
    expect(await verify(dir, '--log', log)).toEqual({
      code: 4,
      stdout: `${log} was tampered with: line 4 of ${log} is not JSON; the log is corrupt there: restore it from a copy (the git store's branch, a job artifact) before verifying or appending.\n`,
      stderr: '',
    });
    const json = JSON.parse((await verify(dir, '--log', log, '--format', 'json')).stdout);
    expect(json).toMatchObject({ intact: false, kind: 'unreadable', seq: null });
  });

  describe('--public-key', () => {
    it('verifies a signed checkpoint and names the key, exit 0', async () => {
      const { dir, log } = await writeLog(6, privatePem);
      writeFileSync(join(dir, 'audit.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      const result = await verify(dir, '--log', log, '--public-key', 'audit.pub');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/matches, its signature verified \(key [0-9a-f]{16}…\)\.\n$/);
    });

    it('refuses a wrong public key in one sentence, exit 1', async () => {
      const { dir, log } = await writeLog(6, privatePem);
      writeFileSync(join(dir, 'other.pub'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
      const result = await verify(dir, '--log', log, '--public-key', 'other.pub');
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^gitops-sync: the checkpoint is signed by key [0-9a-f]{16}…, not by the given public key \([0-9a-f]{16}…\); give the public key that signs this log's checkpoints\n$/);
    });

    it('finds a checkpoint re-signed by nobody (altered after signing) tampered, exit 4', async () => {
      const { dir, log, lines } = await writeLog(6, privatePem);
      writeFileSync(join(dir, 'audit.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      const checkpoint = JSON.parse(readFileSync(`${log}.checkpoints.jsonl`, 'utf8')) as Record<string, unknown>;
      writeFileSync(`${log}.checkpoints.jsonl`, JSON.stringify({ ...checkpoint, size: 5, last_seq: 5 }));
      rewrite(log, lines.slice(0, 5));
      const result = await verify(dir, '--log', log, '--public-key', 'audit.pub');
      expect(result).toMatchObject({ code: 4, stdout: `${log} was tampered with: the checkpoint signature does not verify with the given public key: the checkpoint was altered after it was signed.\n` });
    });

    it('finds an unsigned checkpoint tampered when a public key is given, exit 4', async () => {
      const { dir, log } = await writeLog(3);
      writeFileSync(join(dir, 'audit.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      expect(await verify(dir, '--log', log, '--public-key', 'audit.pub')).toMatchObject({ code: 4, stdout: `${log} was tampered with: the checkpoint is not signed, but a public key was given to verify it.\n` });
    });

    it('refuses a file that is not an Ed25519 public key, exit 1', async () => {
      const { dir, log } = await writeLog(3, privatePem);
      writeFileSync(join(dir, 'rsa.pub'), generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }));
      expect(await verify(dir, '--log', log, '--public-key', 'rsa.pub')).toMatchObject({
        code: 1,
        stderr: `gitops-sync: ${join(dir, 'rsa.pub')} is not an Ed25519 public key in PEM form; pass the public half of the signing key (openssl pkey -in key.pem -pubout)\n`,
      });
    });
  });

  it('reads the audit file of gitops-sync.yaml by default, and answers in JSON with --format json', async () => {
    const dir = tempDir('audit-verify-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'audit:\n  store: file\n  file: logs/audit.jsonl\n');
    const trail = fileAuditTrail(join(dir, 'logs/audit.jsonl'));
    await trail.record(gateDraft(1));
    await trail.close();
    const result = await verify(dir, '--format', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ log: join(dir, 'logs/audit.jsonl'), checkpoint_file: join(dir, 'logs/audit.jsonl.checkpoints.jsonl'), intact: true, size: 1 });
  });

  it('answers a tampered log in JSON with the kind, the seq and the reason', async () => {
    const { dir, log, lines } = await writeLog(4);
    rewrite(log, lines.filter((_, index) => index !== 1));
    const result = await verify(dir, '--log', log, '--format', 'json');
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toEqual({ log, checkpoint_file: `${log}.checkpoints.jsonl`, intact: false, kind: 'deleted', seq: 2, reason: 'seq 2 was deleted (seq 1 is followed by seq 3)' });
  });

  it('says which subcommands audit has, and lists verify\'s flags in its help', async () => {
    const dir = tempDir('audit-verify-');
    expect(await cli(['audit'], { cwd: dir })).toMatchObject({ code: 1, stderr: 'gitops-sync: gitops-sync audit needs a subcommand: verify, export (e.g. `gitops-sync audit export --compliance sox`).\n' });
    const help = await cli(['audit', 'verify', '--help'], { cwd: dir });
    expect(help.code).toBe(0);
    for (const flag of ['--log', '--git-ref', '--checkpoint', '--public-key', '--format']) expect(help.stdout).toContain(flag);
  });
});

describe('gitops-sync audit verify --git-ref', () => {
  /** A repository whose audit branch holds events.jsonl and checkpoints.jsonl at its root, as the git store keeps them. */
  async function repoWithAuditBranch(tamper?: (lines: string[]) => string[]): Promise<string> {
    const { log, lines } = await writeLog(8);
    const repo = tempDir('audit-repo-');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'main');
    git(repo, 'checkout', '-q', '--orphan', 'gitops-sync/audit');
    writeFileSync(join(repo, 'events.jsonl'), `${(tamper ?? ((same) => same))(lines).join('\n')}\n`);
    copyFileSync(`${log}.checkpoints.jsonl`, join(repo, 'checkpoints.jsonl'));
    git(repo, 'add', 'events.jsonl', 'checkpoints.jsonl');
    git(repo, 'commit', '-q', '-m', 'audit: 8 events');
    git(repo, 'checkout', '-q', 'main');
    return repo;
  }

  it('verifies events.jsonl on the branch against the last line of its checkpoints.jsonl, exit 0', async () => {
    const repo = await repoWithAuditBranch();
    const result = await verify(repo, '--git-ref', 'gitops-sync/audit');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^gitops-sync\/audit:events\.jsonl is intact: 8 events, Merkle root [0-9a-f]{64}; the checkpoint gitops-sync\/audit:checkpoints\.jsonl \(8 events\) matches/);
  });

  it('names the first bad seq of a tampered branch, exit 4', async () => {
    const repo = await repoWithAuditBranch((lines) => lines.slice(0, 6));
    expect(await verify(repo, '--git-ref', 'gitops-sync/audit')).toMatchObject({ code: 4, stdout: expect.stringMatching(/^gitops-sync\/audit:events\.jsonl was tampered with: seq 7 to 8 were cut off the end/) });
  });

  it('fetches the branch from origin when only the remote has it', async () => {
    const origin = await repoWithAuditBranch();
    const clone = join(tempDir('audit-clone-'), 'clone');
    git(origin, 'clone', '-q', '--single-branch', '--branch', 'main', origin, clone);
    expect(() => git(clone, 'rev-parse', '--verify', '--quiet', 'gitops-sync/audit')).toThrow();
    expect(await verify(clone, '--git-ref', 'gitops-sync/audit')).toMatchObject({ code: 0, stdout: expect.stringContaining('is intact: 8 events') });
  });

  it("verifies origin's branch, not a local copy that is behind it", async () => {
    const origin = await repoWithAuditBranch();
    const clone = join(tempDir('audit-clone-'), 'clone');
    git(origin, 'clone', '-q', origin, clone);
    git(clone, 'branch', '-q', 'gitops-sync/audit', 'origin/gitops-sync/audit');
    // On origin, after the clone: the last two events cut off the end (an ordinary fast-forward commit).
    git(origin, 'checkout', '-q', 'gitops-sync/audit');
    const lines = readFileSync(join(origin, 'events.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(origin, 'events.jsonl'), `${lines.slice(0, 6).join('\n')}\n`);
    git(origin, 'commit', '-q', '-am', 'audit: fewer events');
    git(origin, 'checkout', '-q', 'main');
    // The clone's own branch still holds the 8 intact events: what the store keeps now is what is verified.
    expect(await verify(clone, '--git-ref', 'gitops-sync/audit')).toMatchObject({ code: 4, stdout: expect.stringContaining('was tampered with') });
  });

  it('verifying the copy here because origin cannot be read or lacks the branch says so', async () => {
    const unreadable = await repoWithAuditBranch();
    git(unreadable, 'remote', 'add', 'origin', join(tempDir('audit-gone-'), 'no-such-repository.git'));
    const here = await verify(unreadable, '--git-ref', 'gitops-sync/audit');
    expect(here).toMatchObject({ code: 0, stderr: '' });
    expect(here.stdout).toMatch(/^gitops-sync\/audit:events\.jsonl \(the copy here: origin could not be read\) is intact: 8 events/);

    const lacking = await repoWithAuditBranch();
    const bare = join(tempDir('audit-bare-'), 'origin.git');
    git(lacking, 'init', '-q', '--bare', bare);
    git(lacking, 'remote', 'add', 'origin', bare);
    expect((await verify(lacking, '--git-ref', 'gitops-sync/audit')).stdout).toMatch(/^gitops-sync\/audit:events\.jsonl \(the copy here: origin has no gitops-sync\/audit\) is intact: 8 events/);
  });

  it('an origin that never answers stops the command in one sentence instead of hanging it', async () => {
    const connections = new Set<Socket>();
    const silent = createServer((socket) => void connections.add(socket));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const repo = await repoWithAuditBranch();
    git(repo, 'remote', 'add', 'origin', `http://127.0.0.1:${(silent.address() as AddressInfo).port}/audit.git`);
    const before = process.env.GITOPS_SYNC_API_TIMEOUT_SECONDS;
    process.env.GITOPS_SYNC_API_TIMEOUT_SECONDS = '1';
    try {
      const started = Date.now();
      expect(await verify(repo, '--git-ref', 'gitops-sync/audit')).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'gitops-sync: git ls-remote origin did not answer within 1 s and was stopped; check that origin answers (git ls-remote origin), or pass --log with a copy of the log; GITOPS_SYNC_API_TIMEOUT_SECONDS and GITOPS_SYNC_API_DEADLINE_SECONDS set the waits.\n',
      });
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      if (before === undefined) delete process.env.GITOPS_SYNC_API_TIMEOUT_SECONDS;
      else process.env.GITOPS_SYNC_API_TIMEOUT_SECONDS = before;
      for (const socket of connections) socket.destroy();
      await new Promise((done) => silent.close(done));
    }
  });

  it('refuses a repository without the audit branch in one sentence, exit 1', async () => {
    const repo = tempDir('audit-repo-');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'main');
    expect(await verify(repo, '--git-ref', 'gitops-sync/audit')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'gitops-sync: this repository has no audit branch gitops-sync/audit, neither here nor on origin; check audit.branch in gitops-sync.yaml, or that a run with the git store has pushed it\n',
    });
  });

  it('refuses --log and --git-ref together', async () => {
    const dir = tempDir('audit-verify-');
    expect(await verify(dir, '--log', 'x.jsonl', '--git-ref', 'gitops-sync/audit')).toMatchObject({ code: 1, stderr: 'gitops-sync: gitops-sync audit verify reads --log or --git-ref, not both; pass one.\n' });
  });
});
