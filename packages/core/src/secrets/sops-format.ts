import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Scalar } from 'yaml';
import { UserError } from '../errors.js';
import type { SecretSink } from '../diff/value-diff.js';
import { compileRegExp } from './rules.js';
import { hasKeyTwice } from '../yaml-keys.js';

/**
 * The SOPS file format (getsops/sops v3), read and decrypted in memory once the data key is known:
 * each value is `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`, AES-256-GCM under the data key with the
 * value's path (`a:b:`) as additional data; the MAC is SHA-512 over the plaintext leaves in file order,
 * itself encrypted with `lastmodified` as additional data. The data key is wrapped per recipient
 * (age, PGP) in the `sops` metadata; unwrapping it is the engine's job.
 */
export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary';

/** As SOPS picks it: by extension, anything else is stored whole as `data` in a JSON document. */
export function sopsFormatFor(path: string): SopsFormat {
  const name = path.toLowerCase();
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.env')) return 'dotenv';
  if (name.endsWith('.ini')) return 'ini';
  return 'binary';
}

export interface SopsMetadata {
  lastmodified: string;
  mac: string;
  age: { recipient: string; enc: string }[];
  pgp: { fp: string; enc: string }[];
  /** Kinds of key the file has that gitops-sync does not unwrap (kms, gcp_kms, azure_kv, hc_vault, …). */
  otherKeys: string[];
  unencrypted_suffix?: string;
  encrypted_suffix?: string;
  unencrypted_regex?: string;
  encrypted_regex?: string;
  mac_only_encrypted: boolean;
}

export interface SopsFile {
  format: SopsFormat;
  metadata: SopsMetadata;
  /** The plaintext file, after checking every value and the MAC; each decrypted value goes to onSecret first. */
  decrypt(dataKey: Uint8Array, onSecret: SecretSink): string;
}

// Written before the leaves when only encrypted values are MACed, so the two MACs never coincide (sops.go).
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from('8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69', 'hex');
const ENCRYPTED_VALUE = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;
const KEY_KINDS_WE_UNWRAP = new Set(['age', 'pgp']);
const KEY_KINDS = ['kms', 'gcp_kms', 'hckms', 'azure_kv', 'hc_vault', 'age', 'pgp'];

type Leaf = string | number | boolean;
interface LeafSlot {
  path: string[];
  value: Leaf;
  set(value: Leaf): void;
}
/** A parsed file: its leaves in file order (the metadata excluded), and how to write it once they are set. */
interface Tree {
  leaves: LeafSlot[];
  emit(): string;
}

const corrupt = (label: string, what: string) =>
  new UserError(`${label} is not a valid SOPS file: ${what}; restore it from a trusted commit or re-encrypt it with sops.`);

/** Does the text carry SOPS metadata (a `sops` entry with a mac)? Cheap enough to ask of every input. */
export function hasSopsMetadata(text: string, format: SopsFormat): boolean {
  switch (format) {
    case 'dotenv':
      return /^sops_mac=/m.test(text);
    case 'ini':
      return /^\[sops\]/m.test(text) && /^mac\s*[=:]/m.test(text);
    case 'yaml':
      return /^sops:/m.test(text) && /^\s+mac:/m.test(text);
    default:
      return /"sops"\s*:/.test(text) && /"mac"\s*:/.test(text);
  }
}

/** Parses a SOPS file; one sentence naming `label` when it is not one. */
export function parseSopsFile(text: string, format: SopsFormat, label: string): SopsFile {
  const { tree, rawMetadata } = parseTree(text, format, label);
  const metadata = readMetadata(rawMetadata, label);
  return {
    format,
    metadata,
    decrypt: (dataKey, onSecret) => decryptTree(tree, metadata, Buffer.from(dataKey), onSecret, label),
  };
}

function parseTree(text: string, format: SopsFormat, label: string): { tree: Tree; rawMetadata: unknown } {
  switch (format) {
    case 'yaml':
    case 'json':
    case 'binary':
      return parseYamlOrJson(text, format, label);
    case 'dotenv':
      return parseDotenv(text, label);
    case 'ini':
      return parseIni(text, label);
  }
}

function parseYamlOrJson(text: string, format: SopsFormat, label: string): { tree: Tree; rawMetadata: unknown } {
  // JSON is read as YAML too: the walk must follow the file's key order, which JSON.parse does not keep for numeric keys.
  const documents = parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(documents) || documents.length === 0 || documents.some((doc) => doc.errors.length > 0 || hasKeyTwice(doc))) {
    throw corrupt(label, `it does not parse as ${format === 'yaml' ? 'YAML' : 'JSON'}`);
  }
  let rawMetadata: unknown;
  const leaves: LeafSlot[] = [];
  for (const [index, doc] of documents.entries()) {
    if (!isMap(doc.contents)) throw corrupt(label, 'its top level is not a mapping');
    const sops = doc.contents.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'sops');
    if (sops < 0) throw corrupt(label, 'it has no sops metadata');
    if (index === 0) rawMetadata = (doc.contents.items[sops]!.value as Node | null)?.toJSON();
    doc.contents.items.splice(sops, 1);
    collectYamlLeaves(doc.contents, [], leaves, label);
  }
  const emit = (): string => {
    if (format === 'binary') {
      const data = (documents[0]!.contents as { get(key: string): unknown }).get('data');
      if (typeof data !== 'string') throw corrupt(label, 'a SOPS binary file holds its content as a string under data');
      return data;
    }
    if (format === 'json') return `${JSON.stringify(documents[0]!.toJS(), null, 2)}\n`;
    return documents.map((doc) => withoutComments(doc).toString({ lineWidth: 0 })).join('---\n');
  };
  return { tree: { leaves, emit }, rawMetadata };
}

/** SOPS encrypts comments too; none is needed to render, so none is written back. */
function withoutComments(doc: Document): Document {
  doc.commentBefore = null;
  doc.comment = null;
  visit(doc, (_key, node) => {
    if (typeof node === 'object' && node !== null && 'comment' in node) {
      (node as { comment?: string | null }).comment = null;
      (node as { commentBefore?: string | null }).commentBefore = null;
    }
  });
  return doc;
}

function collectYamlLeaves(node: unknown, path: string[], leaves: LeafSlot[], label: string): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) throw corrupt(label, 'a mapping key is not a plain value');
      collectYamlLeaves(pair.value, [...path, String(pair.key.value)], leaves, label);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collectYamlLeaves(item, path, leaves, label);
  } else if (isScalar(node)) {
    const scalar = node as Scalar;
    const value = scalar.value;
    if (value === null || value === undefined) return;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw corrupt(label, `the value at ${path.join(':')} is of a type SOPS does not write`);
    }
    leaves.push({
      path,
      value,
      set: (next) => {
        scalar.value = next;
        scalar.type = undefined;
      },
    });
  } else if (isAlias(node)) {
    throw corrupt(label, `the value at ${path.join(':')} is a YAML alias, which SOPS does not write`);
  }
}

function parseDotenv(text: string, label: string): { tree: Tree; rawMetadata: unknown } {
  const entries: [string, string][] = [];
  const metadata: [string, string][] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at < 0) throw corrupt(label, 'a line is not KEY=value');
    const key = line.slice(0, at);
    const value = line.slice(at + 1).replaceAll('\\n', '\n');
    if (key.startsWith('sops_')) metadata.push([key.slice('sops_'.length), value]);
    else entries.push([key, value]);
  }
  const leaves = entries.map((entry): LeafSlot => ({ path: [entry[0]], value: entry[1], set: (next) => (entry[1] = String(next)) }));
  const emit = () => entries.map(([key, value]) => `${key}=${value.replaceAll('\n', '\\n')}\n`).join('');
  return { tree: { leaves, emit }, rawMetadata: unflatten(metadata, label) };
}

/** INI as go-ini reads and writes it: `[section]`, `key = value` (split at the first = or :), `;`/`#` comments, quoted values. */
function parseIni(text: string, label: string): { tree: Tree; rawMetadata: unknown } {
  const sections: { name: string; entries: [string, string][] }[] = [{ name: 'DEFAULT', entries: [] }];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      sections.push({ name: section[1]!.trim(), entries: [] });
      continue;
    }
    const at = line.search(/[=:]/);
    if (at < 0) throw corrupt(label, 'a line is neither [section] nor key = value');
    let value = line.slice(at + 1).trim();
    if (value.startsWith('"""')) {
      value = value.slice(3);
      while (!value.endsWith('"""')) {
        if (++i >= lines.length) throw corrupt(label, 'a """ value is never closed');
        value += `\n${lines[i]}`;
      }
      value = value.slice(0, -3);
    } else if (/^(`.*`|".*")$/.test(value)) value = value.slice(1, -1);
    sections.at(-1)!.entries.push([line.slice(0, at).trim(), value]);
  }
  const metadataSections = sections.filter((section) => section.name === 'sops');
  const data = sections.filter((section) => section.name !== 'sops');
  const metadata = metadataSections.flatMap((section) => section.entries).map(([k, v]): [string, string] => [k, v.replaceAll('\\n', '\n')]);
  const leaves = data.flatMap((section) =>
    section.entries.map((entry): LeafSlot => ({ path: [section.name, entry[0]], value: entry[1], set: (next) => (entry[1] = String(next)) })),
  );
  const emit = () =>
    data
      .filter((section) => section.name !== 'DEFAULT' || section.entries.length > 0)
      .map((section) => `${section.name === 'DEFAULT' ? '' : `[${section.name}]\n`}${section.entries.map(([k, v]) => `${k} = ${iniValue(v)}\n`).join('')}`)
      .join('\n');
  return { tree: { leaves, emit }, rawMetadata: metadataSections.length ? unflatten(metadata, label) : undefined };
}

function iniValue(value: string): string {
  if (/[\n`]/.test(value)) return `"""${value}"""`;
  if (/[#;]/.test(value)) return `\`${value}\``;
  if (value.trim() !== value) return `"${value}"`;
  return value;
}

/** SOPS's flattened metadata (`age__list_0__map_enc`) back to a tree. */
function unflatten(entries: [string, string][], label: string): unknown {
  const root: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const tokens = key.split(/(?=__(?:map|list)_)/);
    let node: Record<string, unknown> = root;
    let name = tokens[0]!;
    for (const token of tokens.slice(1)) {
      const isList = token.startsWith('__list_');
      node[name] ??= isList ? [] : {};
      const next = node[name];
      if (typeof next !== 'object' || next === null || Array.isArray(next) !== isList) throw corrupt(label, `its metadata key ${key} is inconsistent`);
      node = next as Record<string, unknown>;
      name = token.slice(isList ? '__list_'.length : '__map_'.length);
    }
    node[name] = value;
  }
  return root;
}

function readMetadata(raw: unknown, label: string): SopsMetadata {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw corrupt(label, 'it has no sops metadata');
  const m = raw as Record<string, unknown>;
  const text = (key: string, required = false): string | undefined => {
    const value = m[key];
    if (value === undefined || value === null || value === '') {
      if (required) throw corrupt(label, `its sops metadata has no ${key}`);
      return undefined;
    }
    if (typeof value !== 'string') throw corrupt(label, `its sops metadata ${key} is not text`);
    return value;
  };
  const list = <K extends string>(kind: string, fields: K[]): Record<K, string>[] => {
    const value = m[kind];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw corrupt(label, `its sops metadata ${kind} is not a list`);
    return value.map((entry) => {
      const record = entry as Record<string, unknown>;
      for (const field of fields) if (typeof record?.[field] !== 'string') throw corrupt(label, `a ${kind} entry of its sops metadata has no ${field}`);
      return record as Record<K, string>;
    });
  };
  if (m.key_groups !== undefined) throw new UserError(`${label} uses SOPS key groups (Shamir secret sharing), which gitops-sync does not decrypt; encrypt it for age or PGP recipients without key_groups.`);
  for (const key of ['unencrypted_comment_regex', 'encrypted_comment_regex']) {
    if (m[key] !== undefined) throw new UserError(`${label} uses ${key}, which gitops-sync does not decrypt; encrypt it without that option.`);
  }
  const lastmodified = text('lastmodified', true)!;
  const mac = text('mac', true)!;
  return {
    lastmodified,
    mac,
    age: list('age', ['recipient', 'enc']),
    pgp: list('pgp', ['fp', 'enc']).map(({ fp, enc }) => ({ fp, enc })),
    otherKeys: KEY_KINDS.filter((kind) => !KEY_KINDS_WE_UNWRAP.has(kind) && Array.isArray(m[kind]) && (m[kind] as unknown[]).length > 0),
    unencrypted_suffix: text('unencrypted_suffix'),
    encrypted_suffix: text('encrypted_suffix'),
    unencrypted_regex: text('unencrypted_regex'),
    encrypted_regex: text('encrypted_regex'),
    mac_only_encrypted: m.mac_only_encrypted === true || m.mac_only_encrypted === 'true',
  };
}

/** Which values SOPS encrypted, by the same rules it encrypts with (sops.go shouldBeEncrypted). */
function encryptionRule(metadata: SopsMetadata, label: string): (path: string[]) => boolean {
  const regex = (source: string | undefined) => {
    if (source === undefined) return undefined;
    try {
      // RE2 as SOPS: the file's author wrote this expression, so it must not be able to backtrack for ever.
      return compileRegExp(source, 'its sops metadata');
    } catch {
      throw corrupt(label, `its sops metadata holds a regular expression gitops-sync cannot read (${source})`);
    }
  };
  const unencryptedRegex = regex(metadata.unencrypted_regex);
  const encryptedRegex = regex(metadata.encrypted_regex);
  return (path) => {
    let encrypted = true;
    if (metadata.unencrypted_suffix && path.some((p) => p.endsWith(metadata.unencrypted_suffix!))) encrypted = false;
    if (metadata.encrypted_suffix) encrypted = path.some((p) => p.endsWith(metadata.encrypted_suffix!));
    if (unencryptedRegex && path.some((p) => unencryptedRegex.test(p))) encrypted = false;
    if (encryptedRegex) encrypted = path.some((p) => encryptedRegex.test(p));
    return encrypted;
  };
}

/** The MAC's view of a value: booleans as Python wrote them, floats without trailing zeros. */
function leafBytes(value: Leaf): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

type Decrypted = { ok: true; value: Leaf } | { ok: false; why: 'format' | 'integrity' };

function decryptValue(ciphertext: string, key: Buffer, additionalData: string): Decrypted {
  if (ciphertext === '') return { ok: true, value: '' };
  const match = ENCRYPTED_VALUE.exec(ciphertext);
  if (!match) return { ok: false, why: 'format' };
  const [, data, iv, tag, type] = match;
  const ivBytes = Buffer.from(iv!, 'base64');
  const tagBytes = Buffer.from(tag!, 'base64');
  if (ivBytes.length === 0 || tagBytes.length !== 16) return { ok: false, why: 'format' };
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ivBytes);
    decipher.setAAD(Buffer.from(additionalData, 'utf8'));
    decipher.setAuthTag(tagBytes);
    plain = Buffer.concat([decipher.update(Buffer.from(data!, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return { ok: false, why: 'integrity' };
  }
  switch (type) {
    case 'str':
    case 'bytes':
    case 'time':
    case 'comment':
      return { ok: true, value: plain };
    case 'int':
      return /^[+-]?\d+$/.test(plain) ? { ok: true, value: Number(plain) } : { ok: false, why: 'format' };
    case 'float':
      return Number.isFinite(Number(plain)) && plain.trim() !== '' ? { ok: true, value: Number(plain) } : { ok: false, why: 'format' };
    case 'bool':
      if (/^(1|t|T|TRUE|true|True)$/.test(plain)) return { ok: true, value: true };
      if (/^(0|f|F|FALSE|false|False)$/.test(plain)) return { ok: true, value: false };
      return { ok: false, why: 'format' };
    default:
      return { ok: false, why: 'format' };
  }
}

function decryptTree(tree: Tree, metadata: SopsMetadata, key: Buffer, onSecret: SecretSink, label: string): string {
  if (key.length !== 32) throw corrupt(label, 'its data key is not 32 bytes');
  const tampered = (what: string) =>
    new UserError(`${label} fails its SOPS integrity check (${what}): it was changed without its key; restore it from a trusted commit or re-encrypt it with sops.`);
  const shouldBeEncrypted = encryptionRule(metadata, label);
  const hash = createHash('sha512');
  if (metadata.mac_only_encrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);
  const decrypted: [LeafSlot, Leaf][] = [];
  for (const leaf of tree.leaves) {
    const encrypted = shouldBeEncrypted(leaf.path);
    let value = leaf.value;
    if (encrypted) {
      const where = leaf.path.join(':');
      if (typeof value !== 'string') throw tampered(`the value at ${where} is not encrypted though the file's rules say it must be`);
      const result = decryptValue(value, key, `${leaf.path.join(':')}:`);
      if (!result.ok) {
        throw result.why === 'format'
          ? tampered(`the value at ${where} is not an ENC[AES256_GCM,…] value though the file's rules say it must be`)
          : tampered(`the value at ${where} does not verify under the file's data key`);
      }
      value = result.value;
      if (typeof value !== 'boolean' && value !== '') onSecret(String(value));
      decrypted.push([leaf, value]);
    }
    if (!metadata.mac_only_encrypted || encrypted) hash.update(leafBytes(value), 'utf8');
  }
  const storedMac = decryptValue(metadata.mac, key, metadata.lastmodified);
  if (!storedMac.ok || typeof storedMac.value !== 'string') throw tampered('its MAC does not verify under the file\'s data key');
  const computed = Buffer.from(hash.digest('hex').toUpperCase());
  const stored = Buffer.from(storedMac.value);
  if (computed.length !== stored.length || !timingSafeEqual(computed, stored)) throw tampered('the MAC does not match its values');
  // Only once the whole file verified is any value written into the tree.
  for (const [leaf, value] of decrypted) leaf.set(value);
  return tree.emit();
}
