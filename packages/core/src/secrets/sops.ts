import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { parseYamlWith } from '../config/parse.js';
import { UserError } from '../errors.js';
import type { SecretFinding } from './finding.js';
import { SOPS_ENCRYPTED_VALUE } from './plaintext.js';
import { sopsFormatFor } from './sops-format.js';
import { compileRegExp, type TextPattern } from './rules.js';

/** The kinds of SOPS master keys, as `.sops.yaml` names them, and how a file's `sops` metadata lists each. */
const RECIPIENT_KINDS = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri'] as const;
type RecipientKind = (typeof RECIPIENT_KINDS)[number];

const AGE_RECIPIENT = /^(?:age1[02-9ac-hj-np-z]{58,}|ssh-(?:ed25519|rsa) [A-Za-z0-9+/=]+(?: \S+)?)$/;
const PGP_FINGERPRINT = /^[0-9A-F]{16,40}$/;

/** `age: a,b` or `age: [a, b]`: SOPS takes both. */
const keyList = z.union([z.string(), z.array(z.string())]).optional();
const asList = (value: string | string[] | undefined) => (Array.isArray(value) ? value : (value ?? '').split(',')).map((each) => each.trim()).filter(Boolean);

const KeyGroup = z
  .object({
    age: z.array(z.string()).optional(),
    pgp: z.array(z.string()).optional(),
    kms: z.array(z.object({ arn: z.string() }).passthrough()).optional(),
    gcp_kms: z.array(z.object({ resource_id: z.string() }).passthrough()).optional(),
    azure_keyvault: z.array(z.object({ vaultUrl: z.string(), key: z.string(), version: z.string() }).passthrough()).optional(),
    hc_vault: z.array(z.string()).optional(),
  })
  .passthrough();

const CreationRule = z
  .object({
    path_regex: z.string().optional(),
    age: keyList,
    pgp: keyList,
    kms: keyList,
    gcp_kms: keyList,
    azure_keyvault: keyList,
    hc_vault_transit_uri: keyList,
    key_groups: z.array(KeyGroup).optional(),
    shamir_threshold: z.number().int().optional(),
    encrypted_regex: z.string().optional(),
    unencrypted_regex: z.string().optional(),
    encrypted_suffix: z.string().optional(),
    unencrypted_suffix: z.string().optional(),
  })
  .passthrough()
  .superRefine((rule, context) => {
    const set = (['encrypted_regex', 'unencrypted_regex', 'encrypted_suffix', 'unencrypted_suffix'] as const).filter((key) => rule[key] !== undefined);
    if (set.length > 1) context.addIssue({ code: 'custom', message: `a creation rule sets at most one of encrypted_regex, unencrypted_regex, encrypted_suffix, unencrypted_suffix (this one sets ${set.join(' and ')})` });
    for (const recipient of [...asList(rule.age), ...(rule.key_groups ?? []).flatMap((group) => group.age ?? [])]) {
      if (!AGE_RECIPIENT.test(recipient)) context.addIssue({ code: 'custom', path: ['age'], message: `${JSON.stringify(recipient)} is not an age recipient (age1… or an SSH public key)` });
    }
    for (const fingerprint of [...asList(rule.pgp), ...(rule.key_groups ?? []).flatMap((group) => group.pgp ?? [])]) {
      if (!PGP_FINGERPRINT.test(normalisePgp(fingerprint))) context.addIssue({ code: 'custom', path: ['pgp'], message: `${JSON.stringify(fingerprint)} is not a PGP key fingerprint` });
    }
  });

const SopsConfigFile = z.object({ creation_rules: z.array(CreationRule).default([]) }).passthrough();

const normalisePgp = (fingerprint: string) => fingerprint.replace(/\s+/g, '').toUpperCase();
const normaliseUrl = (url: string) => url.trim().replace(/\/+$/, '');

/** Which values SOPS encrypts: one of the four settings, `unencrypted_suffix: _unencrypted` when none is set. */
export interface SopsValuePolicy {
  encrypted_regex?: TextPattern;
  unencrypted_regex?: TextPattern;
  encrypted_suffix?: string;
  unencrypted_suffix?: string;
}

export interface SopsCreationRule {
  /** 1-based, as a reader counts the rules in `.sops.yaml`. */
  number: number;
  pathRegex?: TextPattern;
  recipients: Map<RecipientKind, Set<string>>;
  policy: SopsValuePolicy;
}

function policyOf(settings: { encrypted_regex?: unknown; unencrypted_regex?: unknown; encrypted_suffix?: unknown; unencrypted_suffix?: unknown }, where: string): SopsValuePolicy {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const policy: SopsValuePolicy = {
    encrypted_regex: text(settings.encrypted_regex) === undefined ? undefined : compileRegExp(text(settings.encrypted_regex)!, `${where} encrypted_regex`),
    unencrypted_regex: text(settings.unencrypted_regex) === undefined ? undefined : compileRegExp(text(settings.unencrypted_regex)!, `${where} unencrypted_regex`),
    encrypted_suffix: text(settings.encrypted_suffix),
    unencrypted_suffix: text(settings.unencrypted_suffix),
  };
  const none = Object.values(policy).every((value) => value === undefined);
  return none ? { unencrypted_suffix: '_unencrypted' } : policy;
}

/** Reads `.sops.yaml`; an invalid file is one sentence naming the line. */
export function parseSopsConfig(text: string, label: string): SopsCreationRule[] {
  const config = parseYamlWith(SopsConfigFile, text, label, 'fix it as the SOPS docs describe (https://getsops.io/docs/#using-sops-yaml-conf-to-select-kms-pgp-and-age-for-new-files).');
  return config.creation_rules.map((rule, index) => {
    const where = `${label}: creation_rules[${index}]`;
    const recipients = new Map<RecipientKind, Set<string>>(RECIPIENT_KINDS.map((kind) => [kind, new Set<string>()]));
    const add = (kind: RecipientKind, values: readonly string[]) => values.forEach((value) => recipients.get(kind)!.add(normaliseRecipient(kind, value)));
    add('age', asList(rule.age));
    add('pgp', asList(rule.pgp));
    add('kms', asList(rule.kms).map((arn) => arn.split('+')[0]));
    add('gcp_kms', asList(rule.gcp_kms));
    add('azure_keyvault', asList(rule.azure_keyvault));
    add('hc_vault_transit_uri', asList(rule.hc_vault_transit_uri));
    for (const group of rule.key_groups ?? []) {
      add('age', group.age ?? []);
      add('pgp', group.pgp ?? []);
      add('kms', (group.kms ?? []).map((key) => key.arn));
      add('gcp_kms', (group.gcp_kms ?? []).map((key) => key.resource_id));
      add('azure_keyvault', (group.azure_keyvault ?? []).map((key) => `${key.vaultUrl}/keys/${key.key}/${key.version}`));
      add('hc_vault_transit_uri', group.hc_vault ?? []);
    }
    return {
      number: index + 1,
      pathRegex: rule.path_regex ? compileRegExp(rule.path_regex, `${where}.path_regex`) : undefined,
      recipients,
      policy: policyOf(rule, where),
    };
  });
}

function normaliseRecipient(kind: RecipientKind, value: string): string {
  if (kind === 'pgp') return normalisePgp(value);
  if (kind === 'azure_keyvault' || kind === 'hc_vault_transit_uri') return normaliseUrl(value);
  return value.trim();
}

/** The rule SOPS would use for a path (relative to the `.sops.yaml` folder): the first that matches, as SOPS picks it. */
export function sopsRuleFor(rules: readonly SopsCreationRule[], path: string): SopsCreationRule | undefined {
  return rules.find((rule) => rule.pathRegex === undefined || rule.pathRegex.test(path));
}

/** Whether a file must be encrypted: its rule names files by `path_regex` (a catch-all rule only governs files already encrypted). */
export const sopsRequires = (rule: SopsCreationRule | undefined): rule is SopsCreationRule => rule?.pathRegex !== undefined;

/** A value in the file, where it is, and the keys leading to it (list indexes left out, as SOPS walks). */
interface Leaf {
  keys: string[];
  line: number;
  encrypted: boolean;
}

interface ParsedSopsFile {
  metadata: Record<string, unknown> | undefined;
  leaves: Leaf[];
}

class Unreadable extends Error {}

function parseTree(text: string): ParsedSopsFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (document.errors.length) throw new Unreadable(document.errors[0].message.split('\n')[0]);
  const root = document.contents;
  if (!isMap(root)) return { metadata: undefined, leaves: [] };
  const leaves: Leaf[] = [];
  let metadata: Record<string, unknown> | undefined;
  const lineOf = (node: Node) => (node.range ? lineCounter.linePos(node.range[0]).line : 0);
  const visit = (node: unknown, keys: string[]) => {
    if (isScalar(node)) {
      // SOPS leaves an empty string empty (aes/cipher.go): it hides nothing.
      if (node.value !== null && node.value !== '') leaves.push({ keys, line: lineOf(node), encrypted: typeof node.value === 'string' && SOPS_ENCRYPTED_VALUE.test(node.value) });
    } else if (isAlias(node)) {
      // SOPS never writes an alias: `password: *p` shows a value anchored elsewhere, in plaintext.
      leaves.push({ keys, line: lineOf(node), encrypted: false });
    } else if (isMap(node)) for (const pair of node.items) visit(pair.value, [...keys, isScalar(pair.key) ? String(pair.key.value) : '']);
    else if (isSeq(node)) for (const item of node.items) visit(item, keys);
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'sops') visit(pair.value, [key]);
    else {
      let value: unknown;
      try {
        // Bounded like the config: a few aliases are YAML, thousands are a billion-laughs bomb.
        value = (document.toJS({ maxAliasCount: 100 }) as Record<string, unknown>).sops;
      } catch (error) {
        throw new Unreadable((error as Error).message);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Unreadable('its `sops` key is not a map');
      metadata = value as Record<string, unknown>;
    }
  }
  return { metadata, leaves };
}

/** SOPS flattens nested metadata into one level for dotenv and INI: `age__list_0__map_recipient`. */
export function unflattenSopsKeys(flat: Record<string, string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [flatKey, value] of Object.entries(flat)) {
    const parts = flatKey.split(/(__list_\d+|__map_)/).filter((part) => part !== '');
    const path: (string | number)[] = [];
    for (let i = 0; i < parts.length; i++) {
      const list = /^__list_(\d+)$/.exec(parts[i]);
      if (list) path.push(Number(list[1]));
      else if (parts[i] === '__map_') path.push(parts[++i] ?? '');
      else path.push(parts[i]);
    }
    let node: Record<string | number, unknown> = result;
    path.forEach((step, index) => {
      if (index === path.length - 1) node[step] = value;
      else node = (node[step] ??= typeof path[index + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
    });
  }
  return result;
}

function parseDotenv(text: string): ParsedSopsFile {
  const flat: Record<string, string> = {};
  const leaves: Leaf[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Unreadable(`line ${index + 1} is not KEY=VALUE`);
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1);
    if (key.startsWith('sops_')) flat[key.slice('sops_'.length)] = value;
    else if (value !== '') leaves.push({ keys: [key], line: index + 1, encrypted: SOPS_ENCRYPTED_VALUE.test(value) });
  });
  return { metadata: Object.keys(flat).length ? unflattenSopsKeys(flat) : undefined, leaves };
}

function parseIni(text: string): ParsedSopsFile {
  const flat: Record<string, string> = {};
  const leaves: Leaf[] = [];
  let section = '';
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) return;
    const header = /^\[(.*)\]$/.exec(trimmed);
    if (header) {
      section = header[1].trim();
      return;
    }
    const equals = trimmed.indexOf('=');
    if (equals <= 0) throw new Unreadable(`line ${index + 1} is neither a [section] nor key = value`);
    const key = trimmed.slice(0, equals).trim();
    const value = trimmed.slice(equals + 1).trim();
    if (section === 'sops') flat[key] = value;
    else if (value !== '') leaves.push({ keys: section ? [section, key] : [key], line: index + 1, encrypted: SOPS_ENCRYPTED_VALUE.test(value) });
  });
  return { metadata: Object.keys(flat).length ? unflattenSopsKeys(flat) : undefined, leaves };
}

function parseSops(file: string, text: string): ParsedSopsFile {
  const format = sopsFormatFor(file);
  return format === 'dotenv' ? parseDotenv(text) : format === 'ini' ? parseIni(text) : parseTree(text);
}

/**
 * Whether `after` keeps encrypted what the SOPS file `before` kept encrypted: its metadata whole (a MAC,
 * lastmodified, a recipient), no value in clear that its own metadata says is encrypted, and every key
 * that held an ENC[…] value in `before` still holding one. A fake `sops:` block over plaintext does not.
 */
export function keepsSopsEncrypted(before: { file: string; text: string }, after: { file: string; text: string }): boolean {
  const leavesOf = ({ file, text }: { file: string; text: string }) => {
    try {
      const parsed = parseSops(file, text);
      return parsed.metadata ? parsed.leaves : undefined;
    } catch (error) {
      if (error instanceof Unreadable) return undefined;
      throw error;
    }
  };
  const now = leavesOf(after);
  if (!now || checkSopsFile(after.file, after.text, undefined, 'its own sops metadata').length) return false;
  const clear = new Set(now.filter((leaf) => !leaf.encrypted).map((leaf) => leaf.keys.join('\0')));
  return (leavesOf(before) ?? []).every((leaf) => !leaf.encrypted || !clear.has(leaf.keys.join('\0')));
}

/** The suffix that keeps a SOPS file's values in clear: its rule's, else its own metadata's (none when unreadable). */
export function sopsClearSuffix(file: string, text: string, rule: SopsCreationRule | undefined): string | undefined {
  if (rule) return rule.policy.unencrypted_suffix;
  try {
    const suffix = parseSops(file, text).metadata?.unencrypted_suffix;
    return typeof suffix === 'string' && suffix !== '' ? suffix : undefined;
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
}

/** Whether SOPS encrypts a value, by the keys leading to it (sops.go, Tree.Encrypt). */
export function sopsEncrypts(keys: readonly string[], policy: SopsValuePolicy): boolean {
  let encrypted = true;
  if (policy.unencrypted_suffix !== undefined && keys.some((key) => key.endsWith(policy.unencrypted_suffix!))) encrypted = false;
  if (policy.encrypted_suffix !== undefined) encrypted = keys.some((key) => key.endsWith(policy.encrypted_suffix!));
  if (policy.encrypted_regex !== undefined) encrypted = keys.some((key) => policy.encrypted_regex!.test(key));
  if (policy.unencrypted_regex !== undefined && keys.some((key) => policy.unencrypted_regex!.test(key))) encrypted = false;
  return encrypted;
}

const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((each): each is Record<string, unknown> => typeof each === 'object' && each !== null) : []);
const field = (entry: Record<string, unknown>, key: string) => (typeof entry[key] === 'string' ? (entry[key] as string) : '');

/** The master keys a file is encrypted for, as its `sops` metadata lists them (top level and key groups). */
function fileRecipients(metadata: Record<string, unknown>): Map<RecipientKind, Set<string>> {
  const recipients = new Map<RecipientKind, Set<string>>(RECIPIENT_KINDS.map((kind) => [kind, new Set<string>()]));
  const groups = [metadata, ...list(metadata.key_groups)];
  for (const group of groups) {
    const add = (kind: RecipientKind, values: string[]) => values.filter(Boolean).forEach((value) => recipients.get(kind)!.add(normaliseRecipient(kind, value)));
    add('age', list(group.age).map((key) => field(key, 'recipient')));
    add('pgp', list(group.pgp).map((key) => field(key, 'fp')));
    add('kms', list(group.kms).map((key) => field(key, 'arn')));
    add('gcp_kms', list(group.gcp_kms).map((key) => field(key, 'resource_id')));
    add('azure_keyvault', list(group.azure_kv).map((key) => `${normaliseUrl(field(key, 'vault_url'))}/keys/${field(key, 'name')}/${field(key, 'version')}`));
    add('hc_vault_transit_uri', list(group.hc_vault).map((key) => `${normaliseUrl(field(key, 'vault_address'))}/v1/${field(key, 'engine_path')}/keys/${field(key, 'key_name')}`));
  }
  return recipients;
}

/**
 * Whether a file looks SOPS-encrypted, for files no creation rule names: unlike `hasSopsMetadata` (which
 * decryption asks), a file whose MAC was stripped still counts, so the check can say what is missing.
 */
export function looksSopsEncrypted(path: string, text: string): boolean {
  const format = sopsFormatFor(path);
  if (format === 'dotenv') return /^sops_mac=/m.test(text);
  if (format === 'ini') return /^\[sops\]\s*$/m.test(text);
  return /^\s*"?sops"?\s*:/m.test(text) && /ENC\[AES256_GCM,/.test(text);
}

/**
 * Checks one file against the `.sops.yaml` rule that names it (or, without one, against its own
 * metadata): encrypted at all, metadata complete, recipients as the rule says, every value the
 * rule's settings say is encrypted an `ENC[AES256_GCM,…]` value. Nothing is decrypted.
 */
export function checkSopsFile(file: string, text: string, rule: SopsCreationRule | undefined, configFile: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const finding = (line: number, id: string, message: string) => findings.push({ file, line, rule: id, severity: 'critical', message });
  const ruleName = rule ? `creation rule ${rule.number} of ${configFile}` : undefined;
  const format = sopsFormatFor(file);
  let parsed: ParsedSopsFile;
  try {
    parsed = parseSops(file, text);
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    finding(0, 'sops-metadata-unreadable', `${file} cannot be read as a SOPS ${format === 'binary' ? 'JSON (binary store)' : format} file (${error.message}), so its SOPS metadata is unreadable; restore it from git history or re-encrypt it with \`sops --encrypt --in-place ${file}\`.`);
    return findings;
  }
  const { metadata } = parsed;
  if (!metadata) {
    finding(0, 'sops-not-encrypted', `${file} is matched by ${ruleName ?? configFile} but is not SOPS-encrypted (no sops metadata); encrypt it with \`sops --encrypt --in-place ${file}\` and rotate what it held.`);
    return findings;
  }
  if (typeof metadata.mac !== 'string' || !SOPS_ENCRYPTED_VALUE.test(metadata.mac)) {
    finding(0, 'sops-mac-missing', `${file} has no valid SOPS MAC in its metadata, so tampering with its values would not be detected; re-encrypt it with \`sops --encrypt --in-place ${file}\`.`);
  }
  if (typeof metadata.lastmodified !== 'string' || Number.isNaN(Date.parse(metadata.lastmodified))) {
    finding(0, 'sops-metadata-incomplete', `${file} has no valid sops.lastmodified in its metadata; re-encrypt it with \`sops --encrypt --in-place ${file}\`.`);
  }
  const actual = fileRecipients(metadata);
  if ([...actual.values()].every((set) => set.size === 0)) {
    finding(0, 'sops-metadata-incomplete', `${file} lists no recipients (age, pgp, kms, gcp_kms, azure_kv, hc_vault) in its SOPS metadata, so nobody can decrypt it; re-encrypt it with sops.`);
  } else if (rule && [...rule.recipients.values()].some((set) => set.size > 0)) {
    for (const kind of RECIPIENT_KINDS) {
      const wanted = rule.recipients.get(kind)!;
      const has = actual.get(kind)!;
      for (const recipient of has) {
        if (!wanted.has(recipient)) finding(0, 'sops-recipient-mismatch', `${file} is encrypted for the ${kind} recipient ${recipient}, which ${ruleName} does not name, so an unknown key holder can decrypt it; run \`sops updatekeys ${file}\` and rotate its secrets.`);
      }
      for (const recipient of wanted) {
        if (!has.has(recipient)) finding(0, 'sops-recipient-mismatch', `${file} is not encrypted for the ${kind} recipient ${recipient} that ${ruleName} names; run \`sops updatekeys ${file}\`.`);
      }
    }
  }
  let policy: SopsValuePolicy;
  try {
    policy = rule?.policy ?? policyOf(metadata, `${file}: sops`);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    finding(0, 'sops-metadata-unreadable', `${error.message.replace(/; fix it\.$/, '')}, so which values must be encrypted is unknown; re-encrypt it with \`sops --encrypt --in-place ${file}\`.`);
    return findings;
  }
  for (const leaf of parsed.leaves) {
    if (leaf.encrypted || !sopsEncrypts(leaf.keys, policy)) continue;
    finding(leaf.line, 'sops-unencrypted-value', `${file}:${leaf.line}: the value of ${leaf.keys.join('.')} is in plaintext although ${ruleName ?? 'its own sops metadata'} says it is encrypted; re-encrypt the file with \`sops --encrypt --in-place ${file}\` and rotate the value.`);
  }
  return findings;
}
