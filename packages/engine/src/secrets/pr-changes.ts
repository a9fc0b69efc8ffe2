import { realpathSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { isMap, isSeq, parse as parseYaml, parseDocument } from 'yaml';
import { appendAll, compileRegExp, keepsSopsEncrypted, UserError, type SecretFinding } from '@gitops-sync/core';
import { inBatches } from '../git-objects.js';
import { removeScratchFolder, scratchFolder } from '../files.js';
import type { Exec } from '../ports.js';

/**
 * What a pull/merge request changes about secrets at rest, read from git objects only (never the
 * working tree, which the author controls): files it decrypts, `.sops.yaml` creation rules it
 * removes or lets another rule take over, `.gitattributes` git-crypt paths it drops, and either file
 * deleted. Compared as the change shows itself: from the merge base of `base` and `head` to `head`.
 */
export async function secretsPolicyChanges(options: { root: string; base: string; head: string; exec: Exec }): Promise<SecretFinding[]> {
  const git = gitIn(options.root, options.exec);
  const head = await commitId(git, options.head);
  const base = await mergeBase(git, await commitId(git, options.base), head);
  const [baseFiles, headFiles, changes] = await Promise.all([listFiles(git, base), listFiles(git, head), changedEntries(git, base, head)]);
  const findings = [
    ...(await decryptedFiles(git, changes)),
    ...deletedPolicyFiles(changes),
    ...(await sopsRuleChanges(git, base, head, baseFiles, headFiles)),
    ...(await gitCryptPathChanges(git, base, head, baseFiles, headFiles)),
  ];
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

type Git = (args: string[], env?: NodeJS.ProcessEnv, input?: Uint8Array) => Promise<Buffer>;

function gitIn(root: string, exec: Exec): Git {
  return async (args, env, input) => {
    const result = await exec.run('git', ['-c', 'core.quotePath=false', ...args], { cwd: root, input, ...(env ? { env: { ...process.env, ...env } } : {}) });
    if (result.exitCode !== 0) throw new UserError(`git ${args[0]} failed in ${root} (${result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`}); fetch both commits of the change (actions/checkout with fetch-depth: 0).`);
    return result.stdout;
  };
}

async function commitId(git: Git, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new UserError(`The commit ${JSON.stringify(ref)} is not a commit name; give a branch, tag or SHA.`);
  return (await git(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`]).catch(() => {
    throw new UserError(`The commit ${ref} is not in the clone; fetch it (git fetch, or actions/checkout with fetch-depth: 0) so the change's secrets can be compared.`);
  }))
    .toString('utf8')
    .trim();
}

/** The change as the platform shows it: against the merge base, so what the base branch did since is not the author's. */
async function mergeBase(git: Git, base: string, head: string): Promise<string> {
  return (await git(['merge-base', base, head]).catch(() => Buffer.from(base))).toString('utf8').trim() || base;
}

interface TreeFile {
  mode: string;
  oid: string;
}

async function listFiles(git: Git, commit: string): Promise<Map<string, TreeFile>> {
  const files = new Map<string, TreeFile>();
  for (const line of (await git(['ls-tree', '-r', '-z', '--full-tree', commit])).toString('utf8').split('\0')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid] = line.slice(0, tab).split(' ');
    if (type === 'blob') files.set(line.slice(tab + 1), { mode, oid });
  }
  return files;
}

interface ChangedEntry {
  status: string;
  oldPath?: string;
  newPath?: string;
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
}

const SYMLINK = '120000';
const SUBMODULE = '160000';
const ABSENT = /^0+$/;

async function changedEntries(git: Git, base: string, head: string): Promise<ChangedEntry[]> {
  const fields = (await git(['diff', '--raw', '-z', '-M', '--no-abbrev', '--no-ext-diff', '--no-textconv', base, head])).toString('utf8').split('\0');
  const entries: ChangedEntry[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const [oldMode, newMode, oldOid, newOid, status] = fields[i].replace(/^:/, '').split(' ');
    const paired = /^[RC]/.test(status);
    const first = fields[i + 1];
    const second = paired ? fields[i + 2] : undefined;
    i += paired ? 3 : 2;
    entries.push({
      status: status[0],
      oldPath: ABSENT.test(oldMode) ? undefined : first,
      newPath: ABSENT.test(newMode) ? undefined : (second ?? first),
      oldMode,
      newMode,
      oldOid,
      newOid,
    });
  }
  return entries;
}

const GIT_CRYPT_HEADER = Buffer.from('\0GITCRYPT\0', 'latin1');

type Protection = { kind: 'git-crypt' } | { kind: 'sops'; keys: string[] } | undefined;

/** How a blob is encrypted at rest: git-crypt's header, or SOPS metadata (YAML, JSON, dotenv, INI). */
export function encryptionOf(blob: Buffer): Protection {
  if (blob.subarray(0, GIT_CRYPT_HEADER.length).equals(GIT_CRYPT_HEADER)) return { kind: 'git-crypt' };
  const text = blob.toString('utf8');
  // dotenv and INI as SOPS writes them: `sops_mac=…`, or a `[sops]` section with `mac = …`.
  if (/^sops_mac=/m.test(text)) return { kind: 'sops', keys: dotenvKeys(text).filter((key) => !key.startsWith('sops_')) };
  if (/^\[sops\]\s*$/m.test(text) && /^mac\s*=/m.test(text)) return { kind: 'sops', keys: iniKeys(text).filter((key) => !key.startsWith('sops.')) };
  const document = structured(text);
  const sops = document?.sops;
  if (sops && typeof sops === 'object' && ('mac' in sops || 'lastmodified' in sops)) {
    const { sops: _metadata, ...values } = document;
    return { kind: 'sops', keys: keyPaths(values) };
  }
  return undefined;
}

function structured(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parseYaml(text, { maxAliasCount: 100 });
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The names a file's values sit under — what SOPS leaves readable — so a decrypted copy can be recognised under another name. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key));
}

const dotenvKeys = (text: string) => [...text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=/gm)].map((match) => match[1]);

function iniKeys(text: string): string[] {
  let section = '';
  const keys: string[] = [];
  for (const line of text.split('\n')) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) section = header[1];
    const entry = /^\s*([^=;#\s][^=]*?)\s*=/.exec(line);
    if (entry) keys.push(section ? `${section}.${entry[1]}` : entry[1]);
  }
  return keys;
}

/** The plaintext's key paths, in the same form `encryptionOf` gives an encrypted file's. */
function plaintextKeys(blob: Buffer): string[] {
  const text = blob.toString('utf8');
  const document = structured(text);
  if (document && !('sops' in document)) return keyPaths(document);
  const dotenv = dotenvKeys(text);
  return dotenv.length ? dotenv : iniKeys(text);
}

const sameKeys = (a: string[], b: string[]) => a.length > 0 && a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

async function blob(git: Git, oid: string): Promise<Buffer> {
  return git(['cat-file', 'blob', oid]);
}

/** A file's blob as inBatches read it: its bytes, or the error reading it one by one would have been. */
function blobOf(answer: Buffer | string | undefined, object: string): Buffer {
  if (answer instanceof Buffer) return answer;
  throw new UserError(`git cat-file could not read ${object} (${answer ?? 'nothing asked'}); fetch both commits of the change (actions/checkout with fetch-depth: 0).`);
}

const critical = (file: string, line: number, rule: string, message: string): SecretFinding => ({ file, line, rule, severity: 'critical', message });
const shown = (path: string) => JSON.stringify(path);
const describeProtection = (protection: NonNullable<Protection>) => (protection.kind === 'git-crypt' ? 'git-crypt' : 'SOPS');

/**
 * Files encrypted at the base and not at the head: edited into plaintext, renamed and decrypted, or
 * replaced by a symbolic link (which a tool follows to wherever it points). A removed encrypted file
 * whose copy the change adds in plaintext under another path counts too: git does not pair such a
 * rename (the contents differ entirely), so it is paired here by file name or, for SOPS, by the same keys.
 */
async function decryptedFiles(git: Git, changes: ChangedEntry[]): Promise<SecretFinding[]> {
  const findings: SecretFinding[] = [];
  const removed: { path: string; protection: NonNullable<Protection>; content: Buffer }[] = [];
  /** `after`: the head's blob of a regular file. */
  const judge = (oldPath: string, protection: NonNullable<Protection>, before: Buffer, entry: ChangedEntry, how: string, after: Buffer | undefined) => {
    const newPath = entry.newPath!;
    if (entry.newMode === SYMLINK) {
      // Whatever it points to may be the decrypted copy: pair it like a removed file.
      removed.push({ path: oldPath, protection, content: before });
      findings.push(critical(newPath, 0, 'encrypted-file-replaced-by-symlink', `${shown(newPath)} is a symbolic link at the head, ${how} the ${describeProtection(protection)}-encrypted ${shown(oldPath)} of the base: a tool reading it follows the link to an unencrypted file; commit the encrypted file instead.`));
      return;
    }
    if (entry.newMode === SUBMODULE) {
      findings.push(critical(newPath, 0, 'encrypted-file-replaced-by-submodule', `${shown(newPath)} is a submodule at the head, ${how} the ${describeProtection(protection)}-encrypted ${shown(oldPath)} of the base: what it holds is not checked here; commit the encrypted file instead.`));
      return;
    }
    if (!after) throw new Error(`the head's blob of ${newPath} was not read`);
    const now = encryptionOf(after);
    // A SOPS file must still be one, with what it encrypted still encrypted: a fake `sops:` block hides nothing.
    if (now?.kind === 'git-crypt' || (now?.kind === 'sops' && keepsSopsEncrypted({ file: oldPath, text: before.toString('utf8') }, { file: newPath, text: after.toString('utf8') }))) return;
    findings.push(critical(newPath, 0, 'decrypted-in-change', `${shown(newPath)} is plaintext at the head, ${how} ${shown(oldPath)}, which was ${describeProtection(protection)}-encrypted at the base; commit it encrypted (${protection.kind === 'sops' ? 'sops --encrypt --in-place' : 'with git-crypt unlocked and the filter configured'}) and rotate the secrets it holds.`));
  };
  const regularFile = (mode: string | undefined) => mode !== SYMLINK && mode !== SUBMODULE;
  const run = (args: string[], input: Buffer) => git(args, undefined, input);
  const readable = changes.filter((entry) => entry.oldPath && regularFile(entry.oldMode));
  // The base's blobs, then the head's of those encrypted at the base, a batch at a time (inBatches).
  for await (const batch of inBatches(run, readable, (entry) => entry.oldOid)) {
    const encrypted = batch.flatMap(([entry, answer]) => {
      const before = blobOf(answer, entry.oldOid);
      const protection = encryptionOf(before);
      return protection ? [{ entry, before, protection }] : [];
    });
    // In the changes' order (the removed files are paired in it), each kept file's head blob as its batch comes.
    const afters = inBatches(run, encrypted, ({ entry }) => (entry.newPath && regularFile(entry.newMode) ? entry.newOid : undefined));
    for await (const judged of afters) {
      for (const [{ entry, before, protection }, after] of judged) {
        if (!entry.newPath) removed.push({ path: entry.oldPath!, protection, content: before });
        else judge(entry.oldPath!, protection, before, entry, entry.newPath === entry.oldPath ? 'decrypting' : entry.status === 'C' ? 'copied from' : 'renamed from', after === undefined ? undefined : blobOf(after, entry.newOid));
      }
    }
  }
  if (!removed.length) return findings;
  const added = changes.filter((entry) => entry.status === 'A' && entry.newPath && entry.newMode !== SUBMODULE);
  for await (const batch of inBatches(run, added, (each) => (each.newMode === SYMLINK ? undefined : each.newOid))) {
    for (const [entry, answer] of batch) {
      const content = answer === undefined ? undefined : blobOf(answer, entry.newOid);
      // An encrypted file is paired too (judge says whether it still is): a fake `sops:` block must not hide a decrypted copy.
      const now = content && encryptionOf(content);
      const keys = now?.kind === 'sops' ? now.keys : content && !now ? plaintextKeys(content) : [];
      const origin = removed.find((file) => posix.basename(file.path) === posix.basename(entry.newPath!) || (file.protection.kind === 'sops' && sameKeys(file.protection.keys, keys)));
      if (origin) judge(origin.path, origin.protection, origin.content, entry, `added as the change removes`, content);
    }
  }
  return findings;
}

const POLICY_FILES = [
  { name: '.sops.yaml', rule: 'sops-config-deleted', why: 'the SOPS creation rules it held no longer say which files must be encrypted' },
  { name: '.gitattributes', rule: 'gitattributes-deleted', why: 'the git-crypt filter and other attributes it set no longer apply' },
];

function deletedPolicyFiles(changes: ChangedEntry[]): SecretFinding[] {
  return changes.flatMap((entry) => {
    const policy = entry.oldPath && POLICY_FILES.find((file) => posix.basename(entry.oldPath!) === file.name);
    if (!policy || entry.newPath === entry.oldPath) return [];
    const how = entry.newPath ? `is renamed to ${shown(entry.newPath)}` : 'is deleted';
    return [critical(entry.oldPath!, 0, policy.rule, `${shown(entry.oldPath!)} ${how} in this change: ${policy.why}; keep it, or have the change reviewed by whoever owns the secrets.`)];
  });
}

// --- .sops.yaml creation rules -------------------------------------------------------------------

interface CreationRule {
  /** 1-based position among `creation_rules`, and its line in the file. */
  index: number;
  line: number;
  pathRegex: string;
  matches: (path: string) => boolean;
  /** Every recipient the rule encrypts to, sorted; empty when the rule names none. */
  recipients: string[];
}

const KEY_FIELDS = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri', 'hckms', 'key_groups'];

/** A `.sops.yaml`'s creation rules, or the sentence saying why they cannot be read (which fails the change closed). */
function creationRules(text: string, where: string): CreationRule[] | string {
  let document: unknown;
  let lines: number[] = [];
  try {
    const parsed = parseDocument(text);
    if (parsed.errors.length) throw new Error(parsed.errors[0].message);
    document = parsed.toJS({ maxAliasCount: 100 });
    const rules = isMap(parsed.contents) ? parsed.contents.get('creation_rules', true) : undefined;
    if (isSeq(rules)) lines = rules.items.map((item) => lineAt(text, (item as { range?: [number] }).range?.[0] ?? 0));
  } catch (error) {
    return `${where} is not YAML SOPS can read (${(error as Error).message.split('\n')[0]})`;
  }
  const list = (document as { creation_rules?: unknown } | null)?.creation_rules ?? [];
  if (!Array.isArray(list)) return `${where} has creation_rules that are not a list`;
  const rules: CreationRule[] = [];
  for (const [i, rule] of list.entries()) {
    if (!rule || typeof rule !== 'object') return `${where} has creation rule ${i + 1} that is not a mapping`;
    const { path_regex: pathRegex = '' } = rule as { path_regex?: unknown };
    if (typeof pathRegex !== 'string') return `${where} has creation rule ${i + 1} whose path_regex is not a string`;
    const matches = goRegex(pathRegex);
    if (!matches) return `${where} has creation rule ${i + 1} whose path_regex ${shown(pathRegex)} is not a regular expression SOPS (RE2) reads`;
    rules.push({ index: i + 1, line: lines[i] ?? 0, pathRegex, matches, recipients: recipientsOf(rule as Record<string, unknown>) });
  }
  return rules;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function recipientsOf(rule: Record<string, unknown>): string[] {
  const found: string[] = [];
  const collect = (field: string, value: unknown): void => {
    if (typeof value === 'string') appendAll(found, value.split(',').map((entry) => `${field}:${entry.trim()}`).filter((entry) => !entry.endsWith(':')));
    else if (Array.isArray(value)) for (const item of value) collect(field, item);
    else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) collect(KEY_FIELDS.includes(key) ? key : field, inner);
  };
  for (const field of KEY_FIELDS) collect(field, rule[field]);
  return [...new Set(found)].sort();
}

/**
 * SOPS matches `path_regex` with Go's regexp (RE2, unanchored): compiled with RE2 here too, so the
 * syntax is the same and a pattern the change writes cannot backtrack for ever. One RE2 rejects is reported.
 */
function goRegex(source: string): ((path: string) => boolean) | undefined {
  if (source === '') return () => true;
  try {
    const pattern = compileRegExp(source, 'path_regex');
    return (path) => pattern.test(path);
  } catch {
    return undefined;
  }
}

const ruleName = (rule: CreationRule) => `creation rule ${rule.index} (path_regex ${shown(rule.pathRegex)}, line ${rule.line})`;
const sameRecipients = (a: CreationRule, b: CreationRule) => a.recipients.join('\n') === b.recipients.join('\n');

/**
 * Each `.sops.yaml` (at the base or the head) governs the paths under its folder, matched relative
 * to that folder as SOPS does, first matching rule wins. For every repository path (at the base or
 * the head) the winning rule is compared: a path whose rule disappears, whose new rule names no
 * keys, or whose new rule encrypts to other recipients is critical, and so is a removed rule.
 */
async function sopsRuleChanges(git: Git, base: string, head: string, baseFiles: Map<string, TreeFile>, headFiles: Map<string, TreeFile>): Promise<SecretFinding[]> {
  const configs = [...new Set([...baseFiles.keys(), ...headFiles.keys()].filter((path) => posix.basename(path) === '.sops.yaml'))];
  const paths = [...new Set([...baseFiles.keys(), ...headFiles.keys()])];
  const findings: SecretFinding[] = [];
  for (const config of configs) {
    const read = async (files: Map<string, TreeFile>, commit: string, label: string) => {
      const file = files.get(config);
      if (!file) return [];
      if (file.mode === SYMLINK) return `${config} is a symbolic link at the ${label}`;
      return creationRules((await blob(git, file.oid)).toString('utf8'), `${config} at the ${label} (${commit.slice(0, 12)})`);
    };
    const before = await read(baseFiles, base, 'base');
    const after = await read(headFiles, head, 'head');
    const unreadable = [before, after].find((rules): rules is string => typeof rules === 'string');
    if (unreadable) {
      findings.push(critical(config, 0, 'sops-config-unreadable', `${unreadable}, so what this change does to its creation rules cannot be judged; fix the file, or have the change reviewed by whoever owns the secrets.`));
      continue;
    }
    const [baseRules, headRules] = [before as CreationRule[], after as CreationRule[]];
    for (const rule of baseRules) {
      if (!headRules.some((other) => other.pathRegex === rule.pathRegex && sameRecipients(rule, other))) {
        findings.push(critical(config, 0, 'sops-rule-removed', `${config}: ${ruleName(rule)} at the base is gone or changed at the head; the files it had encrypted are no longer required to be; restore it.`));
      }
    }
    const folder = posix.dirname(config);
    const under = paths.filter((path) => path !== config && (folder === '.' || path.startsWith(`${folder}/`)));
    for (const path of under) {
      const relativePath = folder === '.' ? path : path.slice(folder.length + 1);
      const was = baseRules.find((rule) => rule.matches(relativePath));
      const now = headRules.find((rule) => rule.matches(relativePath));
      if (!was || !was.recipients.length || (now && sameRecipients(was, now))) continue;
      if (!now) findings.push(critical(path, 0, 'sops-rule-removed', `${shown(path)} matched ${ruleName(was)} of ${config} at the base and matches no rule at the head, so it is no longer required to be encrypted; restore the rule.`));
      else if (!now.recipients.length) findings.push(critical(path, 0, 'sops-rule-without-keys', `${shown(path)} matched ${ruleName(was)} of ${config} at the base; at the head ${ruleName(now)} wins, which names no keys; move the keyed rule first again.`));
      else findings.push(critical(path, 0, 'sops-rule-widened', `${shown(path)} matched ${ruleName(was)} of ${config} at the base; at the head ${ruleName(now)} matches it first and encrypts to other recipients; narrow that rule's path_regex or keep the original order.`));
    }
  }
  return findings;
}

// --- .gitattributes git-crypt paths --------------------------------------------------------------

/**
 * Which paths `filter=git-crypt` covers at a commit, as git itself decides (every `.gitattributes`
 * in every folder, later lines and deeper files winning, `!filter`/`-filter`, macros): `git check-attr
 * --cached` against a temporary index holding that commit's tree, never the working tree.
 */
async function gitCryptPaths(git: Git, commit: string, paths: string[]): Promise<Set<string>> {
  const folder = scratchFolder('gitops-sync-attr-');
  try {
    const env = { GIT_INDEX_FILE: join(folder, 'index') };
    await git(['read-tree', commit], env);
    const covered = new Set<string>();
    if (!paths.length) return covered;
    const output = (await git(['check-attr', '--cached', '-z', '--stdin', 'filter'], env, Buffer.from(`${paths.join('\0')}\0`))).toString('utf8');
    const fields = output.split('\0');
    for (let i = 0; i + 2 < fields.length; i += 3) if (fields[i + 2] === 'git-crypt') covered.add(fields[i]);
    return covered;
  } finally {
    removeScratchFolder(folder);
  }
}

async function gitCryptPathChanges(git: Git, base: string, head: string, baseFiles: Map<string, TreeFile>, headFiles: Map<string, TreeFile>): Promise<SecretFinding[]> {
  // git reads .gitattributes files in plaintext; git-crypt itself says never to encrypt them.
  const paths = [...new Set([...baseFiles.keys(), ...headFiles.keys()])].filter((path) => posix.basename(path) !== '.gitattributes');
  const [before, after] = await Promise.all([gitCryptPaths(git, base, paths), gitCryptPaths(git, head, paths)]);
  return [...before]
    .filter((path) => !after.has(path))
    .map((path) => critical(path, 0, 'git-crypt-path-removed', `${shown(path)} had filter=git-crypt at the base and not at the head (a .gitattributes line removed, narrowed or undone by !filter / -filter), so git-crypt no longer encrypts it; restore the attribute.`));
}

// --- secrets.allow and secrets.rules in the config --------------------------------------------------

/** `secrets:` as a commit's config file writes it (not validated: only compared), or undefined without one. */
async function secretsSettingsAt(git: Git, commit: string, configPath: string): Promise<{ allow: string[]; rules: string | undefined; rulesOid: string | undefined } | undefined> {
  const files = await listFiles(git, commit);
  const config = files.get(configPath);
  if (!config) return undefined;
  const settings = (structured((await blob(git, config.oid)).toString('utf8'))?.secrets ?? {}) as { allow?: unknown; rules?: unknown };
  const allow = Array.isArray(settings.allow) ? settings.allow.map((glob) => String(glob).replace(/^\.?\//, '')) : [];
  const rules = typeof settings.rules === 'string' ? posix.normalize(posix.join(posix.dirname(configPath), settings.rules)) : undefined;
  return { allow, rules, rulesOid: rules === undefined ? undefined : (files.get(rules)?.oid ?? 'absent') };
}

/**
 * drift-detect reads the config of the checkout, which is the change's own: a change that adds a
 * `secrets.allow` glob, or edits or swaps the `secrets.rules` file (a rule with a built-in id replaces
 * it), could silence the very check judging it. Each such edit is critical, like a weakened .sops.yaml.
 */
export async function secretsSettingsChanges(options: { root: string; base: string; head: string; configFile: string; exec: Exec }): Promise<SecretFinding[]> {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  const configPath = relative(real(options.root), real(options.configFile)).split(sep).join('/');
  if (configPath.startsWith('../') || isAbsolute(configPath)) return [];
  const git = gitIn(options.root, options.exec);
  const head = await commitId(git, options.head);
  const base = await mergeBase(git, await commitId(git, options.base), head);
  const [before, after] = await Promise.all([secretsSettingsAt(git, base, configPath), secretsSettingsAt(git, head, configPath)]);
  if (!after) return [];
  const findings: SecretFinding[] = [];
  const added = after.allow.filter((glob) => !(before?.allow ?? []).includes(glob));
  if (added.length) {
    findings.push(critical(configPath, 0, 'secrets-allow-widened', `${shown(configPath)}: this change adds ${added.map(shown).join(', ')} to secrets.allow, which hides plaintext-secret findings under those paths from this very check; have the change reviewed by whoever owns the secrets.`));
  }
  if (after.rules !== undefined && (after.rules !== before?.rules || after.rulesOid !== before?.rulesOid)) {
    findings.push(critical(after.rules, 0, 'secret-rules-changed', `${shown(after.rules)} (secrets.rules) is new or changed in this change, and it can replace or weaken the built-in rules judging this very change; have the change reviewed by whoever owns the secrets.`));
  }
  return findings;
}
