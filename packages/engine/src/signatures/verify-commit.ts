/**
 * One check of a commit's signature, shared by the gate (`signed_commits: required`) and `audit
 * export`: `git verify-commit` (git's %G? family) against the configured keys only — a private
 * GNUPGHOME holding the configured keyring and the configured allowed-signers file (an empty one
 * when none) — never the runner's own keyring or `gpg.ssh.allowedSignersFile`. A good signature
 * also has to come from a key allowed to sign for the commit's author.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { commitSignatureKeys, UserError, type GitopsSyncConfig, type LocalCommitSignature, type LocalSignatureStatus } from '@gitops-sync/core';
import { removeScratchFolder, scratchFolder } from '../files.js';
import type { Exec } from '../ports.js';
import { firstLine } from '../node-exec.js';

/** A key file's content and where it was configured, for messages (`signatures.gpg_keyring (keys/ring.asc)`). */
export interface KeySource {
  text: Buffer;
  where: string;
}

export interface SignatureKeySources {
  allowedSigners?: KeySource;
  gpgKeyring?: KeySource;
}

/** Runs git in a repository with its signature checks bound to the configured keys. */
export interface CommitVerifier {
  run(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  verify(sha: string): Promise<LocalCommitSignature>;
  dispose(): void;
}

/** `%G?` as git documents it (git-log PRETTY FORMATS). U is good of unknown trust: the configured keys are the trust. */
const STATUS: Record<string, LocalSignatureStatus> = { G: 'good', U: 'good', B: 'bad', X: 'expired', Y: 'expired', R: 'revoked', E: 'unknown-key', N: 'unsigned' };

/** What git computes about the signature (status, signer, key, fingerprint, primary fingerprint), then the author e-mail. */
const SIGNATURE_FORMAT = ['%G?', '%GS', '%GK', '%GF', '%GP', '%ae'].join('%x1f');

/** The configured key files read from disk, relative to the config file (`audit export`: the branch's own checkout). */
export function readSignatureKeys(config: Pick<GitopsSyncConfig, 'signatures' | 'audit'>, configPath: string): SignatureKeySources {
  const { keys, section } = commitSignatureKeys(config);
  const base = dirname(resolve(configPath));
  const read = (path: string | undefined, what: string, key: string, how: string): KeySource | undefined => {
    if (!path) return undefined;
    const full = resolve(base, path);
    try {
      return { text: readFileSync(full), where: `${full} (${section}.${key})` };
    } catch (error) {
      throw new UserError(`${what} ${full} (${section}.${key}) cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); point ${section}.${key} at a readable file, relative to the config (${how}).`);
    }
  };
  return {
    allowedSigners: read(keys.allowed_signers, 'The SSH allowed signers file', 'allowed_signers', 'ssh-keygen(1) ALLOWED SIGNERS: one "principal key-type key" line per signer'),
    gpgKeyring: read(keys.gpg_keyring, 'The GPG keyring', 'gpg_keyring', 'gpg --export --armor KEYID > keyring.asc'),
  };
}

export async function commitVerifier(options: { cwd: string; exec: Exec; keys: SignatureKeySources }): Promise<CommitVerifier> {
  const home = scratchFolder('gitops-sync-signatures-');
  const dispose = () => removeScratchFolder(home);
  try {
    const allowedSigners = join(home, 'allowed_signers');
    writeFileSync(allowedSigners, options.keys.allowedSigners?.text ?? '');
    const env = { ...process.env, GNUPGHOME: home };
    if (options.keys.gpgKeyring) {
      const imported = await options.exec.run('gpg', ['--batch', '--quiet', '--import'], { env, input: options.keys.gpgKeyring.text });
      if (imported.exitCode !== 0) {
        throw new UserError(`The GPG keyring ${options.keys.gpgKeyring.where} holds no key gpg can import (${firstLine(imported.stderr)}); export the signers' public keys with gpg --export --armor KEYID > keyring.asc.`);
      }
    }
    const run = async (args: string[]) => {
      const result = await options.exec.run('git', ['-c', `gpg.ssh.allowedSignersFile=${allowedSigners}`, '-c', 'core.quotePath=false', ...args], { cwd: options.cwd, env });
      return { exitCode: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr };
    };
    const gpgUidEmails = async (fingerprint: string): Promise<string[]> => {
      const listed = await options.exec.run('gpg', ['--batch', '--with-colons', '--list-keys', '--', fingerprint], { env });
      if (listed.exitCode !== 0) return [];
      return listed.stdout
        .toString('utf8')
        .split('\n')
        .map((line) => line.split(':'))
        .filter((fields) => fields[0] === 'uid' && fields[1] !== 'r')
        .map((fields) => uidEmail(fields[9] ?? ''));
    };
    const sshKeyValidNow = async (commitObject: string): Promise<boolean> => {
      const signatureFile = join(home, 'signature');
      writeFileSync(signatureFile, `${gpgsig(commitObject)}\n`);
      const found = await options.exec.run('ssh-keygen', ['-Y', 'find-principals', '-f', allowedSigners, '-s', signatureFile], { env });
      return found.exitCode === 0;
    };
    return {
      run,
      async verify(sha) {
        // The platform names the commits: never let one be read as an option.
        if (!/^[0-9a-f]{40,64}$/i.test(sha)) throw new UserError(`"${sha.slice(0, 80)}" is not a commit hash, so its signature cannot be checked; this is a bug in the platform's answer, please report it.`);
        const object = await run(['cat-file', 'commit', `${sha}^{commit}`]);
        if (object.exitCode !== 0) return { sha, status: 'missing', format: null, signer: null, author_email: '', signer_is_author: null };
        const logged = await run(['log', '-1', '--no-walk', `--format=${SIGNATURE_FORMAT}`, sha]);
        if (logged.exitCode !== 0) throw new UserError(`git could not check the signature of ${sha.slice(0, 12)} (${firstLine(logged.stderr)}); fetch the full history (actions/checkout with fetch-depth: 0).`);
        const [check, signer, key, fingerprint, primary, authorEmail = ''] = logged.stdout.replace(/\n$/, '').split('\x1f');
        const format = signatureFormat(object.stdout);
        // git says U for an SSH signature whose key no allowed signer holds ("No principal matched"): not good.
        let status: LocalSignatureStatus = check === 'U' && !signer ? 'unknown-key' : (STATUS[check] ?? 'unknown-key');
        // git checks an SSH key's valid-before/valid-after at the committer date, which the signer writes: check it now too, as gpg does.
        if (status === 'good' && format === 'ssh' && !(await sshKeyValidNow(object.stdout))) status = 'expired';
        const named = status === 'unsigned' ? null : signer || key || null;
        let signerIsAuthor: boolean | null = null;
        if (status === 'good') {
          const email = asciiLowerCase(authorEmail);
          if (format === 'ssh') signerIsAuthor = signer.split(',').some((principal) => asciiLowerCase(principal.trim()) === email);
          else if (format === 'gpg') signerIsAuthor = (await gpgUidEmails(primary || fingerprint)).includes(email);
          else signerIsAuthor = false;
        }
        return { sha, status, format: status === 'unsigned' ? null : format, signer: named, author_email: authorEmail, signer_is_author: signerIsAuthor };
      },
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

/**
 * Only A-Z fold: toLowerCase() would also fold look-alikes (KELVIN SIGN U+212A is k), letting a key
 * for "\u212Aim@x.org" sign for kim@x.org.
 */
function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** The e-mail of a GPG user id (`Name <mail>`, or a bare address), lower-cased (ASCII only). */
function uidEmail(uid: string): string {
  const decoded = uid.replace(/\\x([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return asciiLowerCase((/<([^<>]+)>\s*$/.exec(decoded)?.[1] ?? decoded).trim());
}

/** The signature in a commit object's `gpgsig` (or `gpgsig-sha256`) header, its continuation lines unindented. */
function gpgsig(object: string): string {
  const lines = object.split('\n\n')[0].split('\n');
  const start = lines.findIndex((line) => /^gpgsig(-sha256)? /.test(line));
  if (start < 0) return '';
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith(' '));
  return [lines[start].replace(/^\S+ /, ''), ...(end < 0 ? rest : rest.slice(0, end)).map((line) => line.slice(1))].join('\n');
}

/** The kind of signature in the commit object's `gpgsig` header (not anywhere in the header: an author name can say anything). */
function signatureFormat(object: string): LocalCommitSignature['format'] {
  const signature = gpgsig(object);
  if (signature.startsWith('-----BEGIN SSH SIGNATURE-----')) return 'ssh';
  if (signature.startsWith('-----BEGIN SIGNED MESSAGE-----')) return 'x509';
  if (signature.startsWith('-----BEGIN PGP SIGNATURE-----')) return 'gpg';
  return null;
}
