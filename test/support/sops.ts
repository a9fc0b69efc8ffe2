// SOPS-encrypted fixtures, written exactly as SOPS writes them.
//
// The `sops` binary is not available on this machine, so the fixtures are built here with the same
// algorithm as getsops/sops (v3, read from its source: aes/cipher.go, sops.go Tree.Encrypt,
// stores/metadata.go, stores/{yaml,json,dotenv,ini}):
// - a random 32-byte data key; each value is AES-256-GCM with a random 32-byte IV and the value's path
//   joined by ":" plus a trailing ":" as additional data (list items keep their parent's path), written as
//   ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:str|int|float|bool]; empty strings stay empty;
//   booleans are encrypted as "True"/"False", floats without trailing zeros;
// - which values are encrypted: every one, unless a path component ends with `unencrypted_suffix`, or
//   (`encrypted_regex` set) unless some path component matches `encrypted_regex`;
// - the MAC: SHA-512 over the plaintext bytes of every leaf in file order (only encrypted leaves, after a
//   fixed 32-byte prefix, with `mac_only_encrypted`), as upper-case hex, encrypted with the data key and
//   `lastmodified` (RFC 3339) as additional data;
// - the data key wrapped per recipient: age (X25519, armored, through `age-encryption`) and PGP (real gpg
//   in a throwaway GNUPGHOME, armored);
// - the metadata keys in alphabetical order (as SOPS serialises them): under `sops:` at the end of a YAML or
//   JSON document, as `sops_…` lines flattened with `__map_` / `__list_N__` in dotenv (newlines as `\n`),
//   and as a `[sops]` section flattened the same way without prefix in INI (newlines as `\n`).
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Encrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { Document } from 'yaml';
import { tempDir } from './temp-dir.js';

export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'ini';
export type SopsLeaf = string | number | boolean | null;
export type SopsValue = SopsLeaf | SopsValue[] | { [key: string]: SopsValue };

export interface PgpRecipient {
  fingerprint: string;
  /** The GNUPGHOME holding the recipient's public key. */
  gnupgHome: string;
}

export interface SopsEncryptOptions {
  format: SopsFormat;
  /** age recipients (age1…). */
  age?: string[];
  pgp?: PgpRecipient[];
  encryptedRegex?: string;
  unencryptedSuffix?: string;
  macOnlyEncrypted?: boolean;
  /** RFC 3339, seconds precision (default: now). */
  lastModified?: string;
}

export const SOPS_VERSION = '3.9.4';
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from([
  0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b, 0x0b, 0x97, 0x5b,
  0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
]);

/** A throwaway age X25519 key pair: `identity` (AGE-SECRET-KEY-1…) and its `recipient` (age1…). */
export async function ageKeyPair(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** A throwaway GPG key made by real gpg in a temporary GNUPGHOME (removed with the test file's temp dirs). */
export function gpgKeyPair(name = 'SOPS Test'): PgpRecipient & { armoredPrivateKey: string } {
  const gnupgHome = tempDir('sops-gpg-');
  const gpg = (args: string[]): string =>
    execFileSync('gpg', ['--homedir', gnupgHome, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@example.test`;
  gpg(['--quick-gen-key', `${name} <${email}>`, 'rsa2048', 'sign,encrypt', 'never']);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--list-secret-keys', email]))![1]!;
  const armoredPrivateKey = gpg(['--armor', '--export-secret-keys', fingerprint]);
  return { fingerprint, gnupgHome, armoredPrivateKey };
}

export function sopsTimestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Encrypts `data` as SOPS would. YAML and JSON take any mapping; dotenv takes a flat mapping of strings;
 * INI takes sections (mappings of strings).
 */
export async function sopsEncrypt(data: Record<string, SopsValue>, options: SopsEncryptOptions): Promise<string> {
  const dataKey = randomBytes(32);
  const lastModified = options.lastModified ?? sopsTimestamp();
  const hash = createHash('sha512');
  if (options.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);

  const shouldEncrypt = (path: string[]): boolean => {
    let encrypted = true;
    if (options.unencryptedSuffix && path.some((p) => p.endsWith(options.unencryptedSuffix!))) encrypted = false;
    if (options.encryptedRegex) {
      const re = new RegExp(options.encryptedRegex);
      encrypted = path.some((p) => re.test(p));
    }
    return encrypted;
  };
  const walk = (value: SopsValue, path: string[]): SopsValue => {
    if (value === null) return null;
    if (Array.isArray(value)) return value.map((item) => walk(item, path));
    if (typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    const encrypted = shouldEncrypt(path);
    if (!options.macOnlyEncrypted || encrypted) hash.update(leafBytes(value));
    return encrypted ? encryptValue(value, dataKey, `${path.join(':')}:`) : value;
  };
  const encryptedData = walk(data, []) as Record<string, SopsValue>;
  const mac = encryptValue(hash.digest('hex').toUpperCase(), dataKey, lastModified);

  const metadata: Record<string, SopsValue> = {};
  if (options.age?.length) {
    metadata.age = await Promise.all(
      options.age.map(async (recipient) => ({ enc: await ageWrap(dataKey, recipient), recipient })),
    );
  }
  if (options.encryptedRegex) metadata.encrypted_regex = options.encryptedRegex;
  metadata.lastmodified = lastModified;
  metadata.mac = mac;
  if (options.macOnlyEncrypted) metadata.mac_only_encrypted = true;
  if (options.pgp?.length) {
    metadata.pgp = options.pgp.map((key) => ({
      created_at: sopsTimestamp(),
      enc: pgpWrap(dataKey, key),
      fp: key.fingerprint,
    }));
  }
  if (options.unencryptedSuffix) metadata.unencrypted_suffix = options.unencryptedSuffix;
  metadata.version = SOPS_VERSION;

  return emit(encryptedData, metadata, options.format);
}

function leafBytes(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function encryptValue(value: string | number | boolean, key: Buffer, additionalData: string): string {
  if (value === '') return '';
  const type =
    typeof value === 'string' ? 'str' : typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int' : 'float';
  const iv = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  const data = Buffer.concat([cipher.update(leafBytes(value), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${tag.toString('base64')},type:${type}]`;
}

async function ageWrap(dataKey: Buffer, recipient: string): Promise<string> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(new Uint8Array(dataKey)));
}

function pgpWrap(dataKey: Buffer, key: PgpRecipient): string {
  return execFileSync(
    'gpg',
    ['--homedir', key.gnupgHome, '--batch', '--no-default-recipient', '--yes', '--encrypt', '-a', '-r', key.fingerprint,
      '--trusted-key', key.fingerprint.slice(-16), '--no-encrypt-to'],
    { input: dataKey, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] },
  );
}

/** SOPS's metadata flattening for dotenv and INI: `age__list_0__map_enc`; newlines escaped as `\n`. */
function flatten(metadata: Record<string, SopsValue>, prefix: string): [string, string][] {
  const out: [string, string][] = [];
  const descend = (value: SopsValue, key: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => descend(item, `${key}__list_${i}`));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) descend(v, `${key}__map_${k}`);
    } else out.push([key, String(value).replaceAll('\n', '\\n')]);
  };
  for (const [k, v] of Object.entries(metadata)) descend(v, `${prefix}${k}`);
  return out;
}

function emit(data: Record<string, SopsValue>, metadata: Record<string, SopsValue>, format: SopsFormat): string {
  switch (format) {
    case 'yaml': {
      const doc = new Document({ ...data, sops: metadata });
      // SOPS (yaml.v3) quotes timestamps so they stay strings.
      const quote = (path: (string | number)[]): void => {
        (doc.getIn(path, true) as { type?: string }).type = 'QUOTE_DOUBLE';
      };
      quote(['sops', 'lastmodified']);
      (metadata.pgp as unknown[] | undefined)?.forEach((_, i) => quote(['sops', 'pgp', i, 'created_at']));
      return doc.toString({ indent: 4, indentSeq: true, lineWidth: 0 });
    }
    case 'json':
      return `${JSON.stringify({ ...data, sops: metadata }, null, '\t')}\n`;
    case 'dotenv': {
      const lines = Object.entries(data).map(([k, v]) => `${k}=${String(v).replaceAll('\n', '\\n')}`);
      for (const [k, v] of flatten(metadata, 'sops_')) lines.push(`${k}=${v}`);
      return `${lines.join('\n')}\n`;
    }
    case 'ini': {
      const sections = Object.entries(data).map(([name, keys]) => iniSection(name, Object.entries(keys as object)));
      sections.push(iniSection('sops', flatten(metadata, '')));
      return sections.join('\n');
    }
  }
}

// go-ini's quoting: triple quotes for newlines or backticks, backticks for # or ;, double quotes for edge spaces.
function iniValue(value: string): string {
  if (/[\n`]/.test(value)) return `"""${value}"""`;
  if (/[#;]/.test(value)) return `\`${value}\``;
  if (value.trim() !== value) return `"${value}"`;
  return value;
}

function iniSection(name: string, entries: [string, unknown][]): string {
  return `[${name}]\n${entries.map(([k, v]) => `${k} = ${iniValue(String(v))}\n`).join('')}`;
}
