import { cpSync, lstatSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { findsSecrets, hasSopsMetadata, parseSopsFile, Secrets, SENSITIVE, sopsFormatFor, UserError, type SecretSink, type SopsFile } from '@gitops-sync/core';
import { isInside, readInputFile, removeScratchFolder, scratchFolder } from '../files.js';
import type { Exec } from '../ports.js';

/** What decrypting SOPS inputs needs: which CI secrets hold the keys, and where decrypted values go first. */
export interface SopsContext {
  exec: Exec;
  env?: NodeJS.ProcessEnv;
  /** `secrets:` of the config (default: SOPS_AGE_KEY and GITOPS_SYNC_SOPS_GPG_KEY). */
  secrets?: Secrets;
  /** The run's redaction set: every decrypted value and key is added before anything is printed. */
  onSecret?: SecretSink;
}

const SOPS_INPUT_MAX_BYTES = 16 * 1024 * 1024;

/** The file's text when it is a SOPS file, else undefined. A file gitops-sync cannot read is left to the tool that reads it. */
function sopsText(path: string): string | undefined {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats?.isFile() || stats.size > SOPS_INPUT_MAX_BYTES) return undefined;
  const text = readInputFile(path, 'a SOPS-encrypted input', { maxBytes: SOPS_INPUT_MAX_BYTES, fixed: true }).toString('utf8');
  return hasSopsMetadata(text, sopsFormatFor(path)) ? text : undefined;
}

/** The age identities in a CI secret: one per line, `#` comments (age-keygen's file) and blank lines skipped. */
function ageIdentities(value: string | undefined): string[] {
  return (value ?? '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

async function unwrapWithAge(file: SopsFile, identities: string[], variable: string): Promise<Uint8Array | undefined> {
  // Loaded when needed: age-encryption takes ~0.15 s to load, which every other command would pay.
  const { armor, Decrypter } = await import('age-encryption');
  const decrypter = new Decrypter();
  for (const identity of identities) {
    try {
      decrypter.addIdentity(identity);
    } catch {
      throw new UserError(`${variable} holds a line that is not an age identity; set it to AGE-SECRET-KEY-1… lines (one per key, # comments allowed).`);
    }
  }
  for (const { enc } of file.metadata.age) {
    try {
      return await decrypter.decrypt(armor.decode(enc));
    } catch {
      // Not a recipient this identity opens: try the next one.
    }
  }
  return undefined;
}

/** Imports the armored key into a GNUPGHOME of its own (removed afterwards) and asks gpg to unwrap the data key. */
async function unwrapWithGpg(file: SopsFile, armoredKey: string, variable: string, context: SopsContext): Promise<Uint8Array | undefined> {
  const home = scratchFolder('gitops-sync-sops-gpg-');
  const env = { ...(context.env ?? process.env), GNUPGHOME: home };
  const gpg = (args: string[], input: string) => context.exec.run('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env, input: Buffer.from(input) });
  try {
    const imported = await gpg(['--quiet', '--import'], armoredKey);
    if (imported.exitCode !== 0) throw new UserError(`${variable} holds no GPG private key gpg can import; set it to the output of gpg --armor --export-secret-keys KEYID.`);
    for (const { enc } of file.metadata.pgp) {
      const result = await gpg(['--decrypt'], enc);
      if (result.exitCode === 0 && result.stdout.length === 32) return result.stdout;
      // The key is a recipient but locked (gpg says so only without --quiet): say so, not "not a recipient".
      if (/Bad passphrase|No passphrase given/i.test(result.stderr)) {
        throw new UserError(`${variable} holds a GPG key protected by a passphrase, which gitops-sync cannot type in; export the key without a passphrase for CI (gpg --passwd to remove it on a copy) or use an age identity.`);
      }
    }
    return undefined;
  } finally {
    await context.exec.run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined);
    removeScratchFolder(home);
  }
}

/** Decrypts one SOPS file's text in memory: the data key from the runner's age or GPG key, then every value and the MAC. */
export async function decryptSopsText(text: string, path: string, label: string, context: SopsContext): Promise<string> {
  const file = parseSopsFile(text, sopsFormatFor(path), label);
  const secrets = context.secrets ?? Secrets.parse({});
  const env = context.env ?? process.env;
  const onSecret = context.onSecret ?? (() => undefined);
  const identities = ageIdentities(env[secrets.age_identity_env]);
  const gpgKey = env[secrets.gpg_key_env]?.trim() || undefined;
  identities.forEach(onSecret);
  if (gpgKey) onSecret(gpgKey);

  const recipients = [...file.metadata.age.map((key) => `age ${key.recipient}`), ...file.metadata.pgp.map((key) => `PGP ${key.fp}`)];
  if (recipients.length === 0) {
    throw new UserError(`${label} is SOPS-encrypted only with ${file.metadata.otherKeys.join(', ') || 'no key'}, which gitops-sync does not unwrap; add an age or PGP recipient (sops updatekeys) and set ${secrets.age_identity_env} or ${secrets.gpg_key_env}.`);
  }
  const usable = (file.metadata.age.length > 0 && identities.length > 0) || (file.metadata.pgp.length > 0 && gpgKey !== undefined);
  if (!usable) {
    const variables = [file.metadata.age.length ? `${secrets.age_identity_env} (an age identity, AGE-SECRET-KEY-1…)` : '', file.metadata.pgp.length ? `${secrets.gpg_key_env} (an armored GPG private key)` : ''].filter(Boolean);
    throw new UserError(`${label} is SOPS-encrypted and no key to decrypt it is set; set ${variables.join(' or ')} as a masked CI secret for one of its recipients (${recipients.join(', ')}).`);
  }
  const dataKey =
    (file.metadata.age.length && identities.length ? await unwrapWithAge(file, identities, secrets.age_identity_env) : undefined) ??
    (file.metadata.pgp.length && gpgKey ? await unwrapWithGpg(file, gpgKey, secrets.gpg_key_env, context) : undefined);
  if (!dataKey) {
    throw new UserError(`None of the keys in ${[identities.length ? secrets.age_identity_env : '', gpgKey ? secrets.gpg_key_env : ''].filter(Boolean).join(' or ')} is a recipient of ${label} (its recipients: ${recipients.join(', ')}); set the key of one of them, or add the runner's key to the file with sops updatekeys.`);
  }
  return file.decrypt(dataKey, onSecret);
}


/** Every file under the paths (folders walked, symbolic links and .git skipped) that is SOPS-encrypted. */
function sopsFilesUnder(paths: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (path: string): void => {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats || stats.isSymbolicLink()) return;
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== '.git') visit(join(path, entry));
      return;
    }
    const text = sopsText(path);
    if (text !== undefined) found.set(path, text);
  };
  paths.forEach(visit);
  return found;
}

/**
 * SOPS inputs decrypted into one private (0700) scratch folder, never into the workspace; `dispose`
 * removes it (and an interrupted run's signal handler does too).
 */
export class DecryptedInputs {
  private scratch: string | undefined;
  private copies = 0;

  constructor(private readonly context: SopsContext) {}

  private folder(): string {
    this.scratch ??= scratchFolder('gitops-sync-sops-');
    return this.scratch;
  }

  /**
   * The folder to render from: `root` itself when nothing in `scope` is SOPS-encrypted, else a copy of
   * `root` (without .git) with those files decrypted in place, so relative references (a kustomize
   * base in ../base, a values file, a jsonnet import) still resolve.
   */
  async renderRoot(root: string, scope: readonly string[]): Promise<string> {
    const encrypted = sopsFilesUnder(scope.map((path) => resolve(root, path)));
    if (encrypted.size === 0) return root;
    const realRoot = realpathSync(root);
    for (const path of encrypted.keys()) {
      if (!isInside(path, resolve(root))) throw new UserError(`${path} is SOPS-encrypted and outside ${root}; keep SOPS-encrypted inputs inside the config's folder.`);
      // The copy keeps links verbatim: its decrypted file would be written wherever such a link points (the workspace, even).
      if (realpathSync(path) !== join(realRoot, relative(root, path))) {
        throw new UserError(`${relative(root, path)} is SOPS-encrypted and reached through a symbolic link; render from the folder itself, not a link to it, so its decrypted copy stays in the private temporary folder.`);
      }
    }
    const copy = join(this.folder(), 'root');
    cpSync(root, copy, { recursive: true, verbatimSymlinks: true, filter: (source) => basename(source) !== '.git' });
    const realCopy = realpathSync(copy);
    for (const [path, text] of encrypted) {
      const label = relative(root, path);
      const target = join(copy, label);
      if (!isInside(join(realpathSync(dirname(target)), basename(target)), realCopy)) throw new UserError(`${label} would be decrypted outside the private temporary folder (through a symbolic link); nothing was decrypted.`);
      rmSync(target, { force: true });
      // wx: a link swapped in at the last moment is not followed.
      writeFileSync(target, await decryptSopsText(text, path, label, this.context), { mode: 0o600, flag: 'wx' });
    }
    return copy;
  }

  /** The path to give the tool for one input file: a decrypted copy when it is SOPS-encrypted, else the file itself. */
  async file(path: string, label: string): Promise<string> {
    const text = sopsText(path);
    if (text === undefined) return path;
    const dir = join(this.folder(), 'files', String(this.copies++));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The same name, so a tool that reads the format from it (terraform's .tfvars.json) still does.
    const copy = join(dir, basename(path));
    writeFileSync(copy, await decryptSopsText(text, path, label, this.context), { mode: 0o600 });
    return copy;
  }

  dispose(): void {
    if (this.scratch) removeScratchFolder(this.scratch);
    this.scratch = undefined;
  }
}

/** Runs `use` with the decrypted inputs available, and removes them whatever happens. */
export async function withDecryptedInputs<T>(context: SopsContext, use: (inputs: DecryptedInputs) => Promise<T>): Promise<T> {
  const inputs = new DecryptedInputs(context);
  try {
    return await use(inputs);
  } finally {
    inputs.dispose();
  }
}

/** Finds a decrypted value of 4 characters or more in a text, in any form findsSecrets knows (base64, JSON-escaped …); undefined when there is none. */
function findsDecrypted(decrypted: ReadonlySet<string>): ((text: string) => boolean) | undefined {
  const values = new Set([...decrypted].filter((value) => value.length >= 4));
  return values.size ? findsSecrets(values, 4) : undefined;
}

/**
 * A decrypted value a report would show (a ConfigMap rendered from a SOPS env file, a non-sensitive
 * Terraform variable read from a SOPS var file) is masked like a sensitive one: any field whose value
 * holds one, also encoded (Terraform's base64encode), is `(sensitive)`.
 */
export function maskDecryptedValues(entries: Iterable<{ before: unknown; after: unknown; sensitive: boolean }>, decrypted: ReadonlySet<string>): void {
  const holdsDecrypted = findsDecrypted(decrypted);
  if (!holdsDecrypted) return;
  const leaks = (value: unknown): boolean =>
    typeof value === 'string' ? holdsDecrypted(value) : typeof value === 'object' && value !== null && Object.values(value).some(leaks);
  for (const entry of entries) {
    if (leaks(entry.before)) Object.assign(entry, { before: SENSITIVE, sensitive: true });
    if (leaks(entry.after)) Object.assign(entry, { after: SENSITIVE, sensitive: true });
  }
}

/**
 * Fields are masked, but a change can carry a decrypted value elsewhere: a kustomization (a pull
 * request's, even) can make a secret an object's name or a label. Such a report is never written.
 */
export function refuseDecryptedValueInReport(report: unknown, decrypted: ReadonlySet<string>, environment: string): void {
  const holdsDecrypted = findsDecrypted(decrypted);
  if (holdsDecrypted?.(JSON.stringify(report))) {
    throw new UserError(`The drift report of ${environment} would show a value decrypted from a SOPS file outside a field value (in an object's name, label or address); nothing is reported: keep decrypted values in Secret data or other fields only.`);
  }
}
