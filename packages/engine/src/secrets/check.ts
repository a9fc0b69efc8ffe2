import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  appendAll,
  allowedPathMatcher,
  checkSopsFile,
  compileSecretRules,
  looksSopsEncrypted,
  mergeSecretRules,
  parseSopsConfig,
  parseYamlWith,
  scanPlaintext,
  SECRETS_REPORT_SCHEMA_ID,
  SecretRulesFile,
  sopsClearSuffix,
  sopsRequires,
  sopsRuleFor,
  UserError,
  type CompiledSecretRule,
  type GitopsSyncConfig,
  type SecretFinding,
  type SecretsReport,
  type SopsCreationRule,
} from '@gitops-sync/core';
import { inBatches } from '../git-objects.js';
import { isInside, readInputFile } from '../files.js';
import type { Exec } from '../ports.js';

const MB = 1024 * 1024;
/** Files (text or binary) over this size are not scanned; each is a finding instead, so nothing large hides a secret silently. */
export const MAX_SCANNED_FILE_BYTES = 8 * MB;
const SNIFF_BYTES = 8000;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** git-crypt's encrypted-file header: a NUL, GITCRYPT, a NUL (then a 12-byte nonce). */
const GIT_CRYPT_HEADER = Buffer.from('\0GITCRYPT\0', 'binary');
const GIT_CRYPT_NONCE_BYTES = 12;

/**
 * Ciphertext is random bytes, about 38% of them printable: a body of 16 or more bytes at least 90%
 * printable is text (for 16 random bytes that is about 4e-6 likely, less the longer the body), so a
 * forged header cannot hide plaintext behind a few unprintable bytes either. NULs are left out, as
 * for files: UTF-16 or NUL-padded text is half NULs, ciphertext only 1 byte in 256.
 */
function looksLikeText(body: Buffer): boolean {
  const bytes = body.filter((byte) => byte !== 0);
  const printable = bytes.reduce((count, byte) => count + (byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e) ? 1 : 0), 0);
  return bytes.length >= 16 && printable >= bytes.length * 0.9;
}

export interface SecretsCheckOptions {
  /** The repository (or folder) checked: `.sops.yaml`, `.gitattributes` and every reported path are relative to it. */
  root: string;
  /** Files or folders to check (relative to `root` or absolute, inside it); the whole root when empty. */
  paths?: string[];
  config: GitopsSyncConfig;
  /** The config file's folder: `secrets.rules` is relative to it. */
  baseDir: string;
  exec: Exec;
}

const toPosix = (path: string) => path.split(sep).join('/');

/**
 * Regular files under `root` (relative, `/`-separated), and the symbolic links met on the way (never
 * followed), as `taken` says (a path named is walked whole); devices and FIFOs are left out, .git never entered.
 */
function listFiles(root: string, paths: readonly string[], taken: WalkFilter): { files: string[]; links: string[] } {
  const realRoot = realpathSync(root);
  const files = new Set<string>();
  const links = new Set<string>();
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      const child = join(absolute, entry.name);
      const path = toPosix(relative(root, child));
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && taken.folder(path)) walk(child);
      } else if (!taken.file(path)) continue;
      else if (entry.isFile()) files.add(path);
      else if (entry.isSymbolicLink()) links.add(path);
    }
  };
  for (const path of paths.length ? paths : [root]) {
    const absolute = resolve(root, path);
    const shown = isInside(absolute, root) ? toPosix(relative(root, absolute)) || '.' : path;
    let stats;
    try {
      stats = lstatSync(absolute);
    } catch {
      throw new UserError(`${shown} does not exist; pass files or folders inside ${root}.`);
    }
    // The path itself is not followed (a link is refused below); the folders leading to it are.
    const real = absolute === root ? realRoot : join(realpathSync(dirname(absolute)), basename(absolute));
    if (!isInside(real, realRoot)) {
      throw new UserError(`${shown} is outside ${root}; secrets check reads only the repository it checks.`);
    }
    if (stats.isSymbolicLink()) throw new UserError(`${shown} is a symbolic link, which secrets check never follows; pass the file it points to.`);
    if (stats.isDirectory()) {
      if (absolute.split(sep).pop() !== '.git') walk(absolute);
    } else if (stats.isFile()) files.add(toPosix(relative(root, absolute)));
    else throw new UserError(`${shown} is a device, FIFO or socket, not a file; pass files or folders.`);
  }
  return { files: [...files].sort(), links: [...links].sort() };
}

/**
 * `binary` (a NUL in the first 8000 bytes, as git judges) carries the bytes as text without their NULs:
 * UTF-16 text, or text padded with NULs, still shows an ASCII secret to the rules.
 */
type FileContent = { kind: 'text' | 'binary'; text: string } | { kind: 'not-a-file' } | { kind: 'too-large'; bytes: number };

/** Reads a file without following a link swapped in since the walk. */
function readScanned(path: string): FileContent {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'not-a-file' };
    if (stats.size > MAX_SCANNED_FILE_BYTES) return { kind: 'too-large', bytes: stats.size };
    const content = Buffer.alloc(stats.size);
    let length = 0;
    while (length < content.length) {
      const read = readSync(fd, content, length, content.length - length, length);
      if (read === 0) break;
      length += read;
    }
    const bytes = content.subarray(0, length);
    if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { kind: 'binary', text: Buffer.from(bytes.filter((byte) => byte !== 0)).toString('latin1') };
    return { kind: 'text', text: bytes.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** The nearest `.sops.yaml` above each file (up to the root), parsed once. */
function sopsConfigs(root: string) {
  const byFolder = new Map<string, { file: string; rules: SopsCreationRule[] } | undefined>();
  const configIn = (folder: string) => {
    if (!byFolder.has(folder)) {
      const file = folder === '' ? '.sops.yaml' : `${folder}/.sops.yaml`;
      let found: { file: string; rules: SopsCreationRule[] } | undefined;
      const absolute = join(root, file);
      let stats;
      try {
        stats = lstatSync(absolute);
      } catch {
        stats = undefined;
      }
      if (stats?.isSymbolicLink()) throw new UserError(`${file} is a symbolic link, which secrets check never follows; commit the SOPS config itself.`);
      if (stats) found = { file, rules: parseSopsConfig(readInputFile(absolute, 'a SOPS config (.sops.yaml)', { maxBytes: MB, fixed: true, within: root }).toString('utf8'), file) };
      byFolder.set(folder, found);
    }
    return byFolder.get(folder);
  };
  return (path: string) => {
    for (let folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : ''; ; folder = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '') {
      const config = configIn(folder);
      if (config) return { ...config, relativePath: folder === '' ? path : path.slice(folder.length + 1) };
      if (folder === '') return undefined;
    }
  };
}

/** Which files and folders (paths from the root) a walk of the tree takes. */
interface WalkFilter {
  file(path: string): boolean;
  folder(path: string): boolean;
  /** In a clone: the index's entries (`git ls-files -s`), by path. */
  staged?: ReadonlyMap<string, IndexEntry>;
}

/** A file in git's index: its mode (`100644`, `120000` a link, `160000` a submodule) and its blob. */
interface IndexEntry {
  mode: string;
  sha: string;
}

/** The index's entries that are this repository's files: a submodule (160000) is another repository's. */
const trackedFiles = (staged: ReadonlyMap<string, IndexEntry>) => [...staged].filter(([, entry]) => entry.mode !== '160000').map(([path]) => path);

/** Whether `folder` or one above it holds a `.git`. */
function insideAClone(folder: string): boolean {
  for (let at = resolve(folder); ; at = dirname(at)) {
    if (lstatSync(join(at, '.git'), { throwIfNoEntry: false })) return true;
    if (dirname(at) === at) return false;
  }
}

/** Outside a git work tree: everything but `.git` and `node_modules`. */
const OUTSIDE_GIT: WalkFilter = { file: () => true, folder: (path) => !SKIPPED_FOLDERS.has(posixBasename(path)) };
const posixBasename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const IN_NODE_MODULES = /(^|\/)node_modules\//;

/** What `git ls-files -z <args>` lists under `root` (its paths from there), or why git could not (not a work tree, or one it refuses). */
async function gitListed(root: string, exec: Exec, args: string[]): Promise<string[] | { failure: string }> {
  const listed = await exec.run('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', ...args], { cwd: root }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  if (listed instanceof Error) return { failure: listed.message };
  if (listed.exitCode !== 0) return { failure: listed.stderr.trim().split('\n')[0] || `git exited ${listed.exitCode}` };
  const names: string[] = [];
  for (let start = 0, end = listed.stdout.indexOf(0); end !== -1; start = end + 1, end = listed.stdout.indexOf(0, start)) {
    const raw = listed.stdout.subarray(start, end);
    const name = raw.toString('utf8');
    // Read back by a name that is not its own, such a file would be missed, or another read in its place.
    if (!Buffer.from(name, 'utf8').equals(raw)) {
      const path = args.includes('-s') ? name.slice(name.indexOf('\t') + 1) : name;
      throw new UserError(`${root} holds a file named ${JSON.stringify(path)} in bytes that are not UTF-8, which secrets check cannot read by its name; rename it.`);
    }
    names.push(name);
  }
  return names;
}

/**
 * In a clone, what git tracks wherever it is (`node_modules/` too), and what it does not track unless it
 * ignores it (`.terraform/` after `terraform init`, a local `.env`: never committed, so not secrets at rest);
 * with `trackedOnly`, only what it tracks (a change's content, not what a job wrote beside it). Outside a
 * git work tree, everything but `.git` and `node_modules`; with `trackedOnly`, that is an error.
 */
async function gitWalkFilter(root: string, exec: Exec, trackedOnly: boolean): Promise<WalkFilter> {
  const staged = await gitListed(root, exec, ['-s']);
  if ('failure' in staged) {
    // A clone git refuses (another user's checkout: safe.directory) is not "no clone": its committed node_modules would go unchecked.
    if (trackedOnly || (insideAClone(root) && !/not a git repository/i.test(staged.failure))) throw new UserError(`git could not list the files the clone at ${root} tracks (${staged.failure}); fix that (a checkout owned by another user needs \`git config --global --add safe.directory <path>\`) so secrets check can tell what is committed.`);
    return OUTSIDE_GIT;
  }
  // `<mode> <object> <stage>\t<path>`
  const index = new Map(
    staged.map((entry) => {
      const [mode = '', sha = ''] = entry.slice(0, entry.indexOf('\t')).split(' ');
      return [entry.slice(entry.indexOf('\t') + 1), { mode, sha }] as const;
    }),
  );
  const tracked = new Set(trackedFiles(index));
  const trackedFolders = new Set<string>();
  for (const file of tracked) for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) trackedFolders.add(file.slice(0, slash));
  if (trackedOnly) return { staged: index, file: (path) => tracked.has(path), folder: (path) => trackedFolders.has(path) };
  // A whole ignored folder is listed once, ending in `/`.
  const listedIgnored = await gitListed(root, exec, ['--others', '--ignored', '--exclude-standard', '--directory']);
  const ignored = new Set('failure' in listedIgnored ? [] : listedIgnored);
  return {
    staged: index,
    file: (path) => tracked.has(path) || (!ignored.has(path) && !IN_NODE_MODULES.test(path)),
    folder: (path) => trackedFolders.has(path) || (posixBasename(path) !== 'node_modules' && !ignored.has(`${path}/`)),
  };
}

/**
 * Encodings git checks files out in whose text still shows an ASCII secret: UTF-8, UTF-16 and UTF-32 (once their
 * NULs are dropped), and those that keep ASCII as it is (Latin-n, Windows code pages, Shift JIS, EUC, GB, Big5, KOI8).
 * Any other (EBCDIC, UTF-7) is a finding.
 */
const READABLE_ENCODING = /^(utf-?8|utf-?16|utf-?32|ucs-?2|ucs-?4)|^(us-?ascii|ascii|iso[-_]?8859-\d+|latin-?\d+|windows-125\d|cp125\d|shift[-_]?jis|sjis|euc-?(jp|kr|cn|tw)|gb(k|2312|18030)|big-?5|koi8-?[ru])$/i;

/**
 * Files `.gitattributes` (as committed) checks out in another encoding (`working-tree-encoding=IBM1047`): git
 * holds their text as committed, but the working tree, which the check reads, does not, so a secret in them
 * would not show. Each is a finding.
 */
async function encodingFindings(root: string, tracked: readonly string[], exec: Exec): Promise<SecretFinding[]> {
  if (!tracked.length) return [];
  const result = await exec.run('git', ['-c', 'core.quotePath=false', 'check-attr', '--cached', '-z', '--stdin', 'working-tree-encoding'], { cwd: root, input: Buffer.from(`${tracked.join('\0')}\0`) });
  if (result.exitCode !== 0) throw new UserError(`git check-attr failed in ${root} (${result.stderr.trim().split('\n')[0]}); check that it is a healthy clone.`);
  const fields = result.stdout.toString('utf8').split('\0');
  const findings: SecretFinding[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const [path = '', , value = ''] = fields.slice(i, i + 3);
    if (value === 'unspecified' || value === 'unset' || value === 'set' || READABLE_ENCODING.test(value)) continue;
    findings.push({ file: path, line: 0, rule: 'working-tree-encoding', severity: 'critical', message: `${path} is checked out in ${value} (working-tree-encoding in .gitattributes), in which the check cannot read its committed text for secrets; drop the attribute or keep the file in UTF-8.` });
  }
  return findings;
}

/** Paths `.gitattributes` (as committed in the index) marks `filter=git-crypt`, and whether each blob in the index is encrypted. */
async function gitCryptFindings(root: string, files: readonly string[], links: readonly string[], blobOf: ReadonlyMap<string, IndexEntry> | undefined, exec: Exec): Promise<{ findings: SecretFinding[]; paths: Set<string> }> {
  const findings: SecretFinding[] = [];
  const paths = new Set<string>();
  const mentionsGitCrypt = files.some((file) => /(^|\/)\.gitattributes$/.test(file) && /filter=git-crypt/.test(readInputFile(join(root, file), 'a .gitattributes file', { maxBytes: MB, fixed: true, within: root }).toString('utf8')));
  if (!blobOf) {
    if (mentionsGitCrypt) throw new UserError(`${root} is not a git repository, so the paths .gitattributes marks filter=git-crypt cannot be checked in git; run secrets check in a clone.`);
    return { findings, paths };
  }
  const git = async (args: string[], input?: string | Buffer) => {
    const result = await exec.run('git', ['-c', 'core.quotePath=false', ...args], { cwd: root, input: typeof input === 'string' ? Buffer.from(input) : input });
    if (result.exitCode !== 0) throw new UserError(`git ${args[0]} failed in ${root} (${result.stderr.trim().split('\n')[0]}); check that it is a healthy clone.`);
    return result.stdout;
  };
  const wanted = new Set([...files, ...links]);
  const candidates = [...blobOf.keys()].filter((path) => wanted.has(path));
  if (!candidates.length) return { findings, paths };
  const attributes = (await git(['check-attr', '--cached', '-z', '--stdin', 'filter'], candidates.join('\0') + '\0')).toString('utf8').split('\0');
  const encrypted: string[] = [];
  for (let i = 0; i + 2 < attributes.length; i += 3) {
    const [path, , value] = attributes.slice(i, i + 3);
    if (value === 'git-crypt') encrypted.push(path);
  }
  const special = (path: string) => blobOf.get(path)!.mode === '120000' || blobOf.get(path)!.mode === '160000';
  for await (const batch of inBatches((args, input) => git(args, input), encrypted, (path) => (special(path) ? undefined : blobOf.get(path)!.sha))) {
    for (const [path, content] of batch) {
      paths.add(path);
      const finding = gitCryptFinding(path, blobOf.get(path)!.mode, content);
      if (finding) findings.push(finding);
    }
  }
  return { findings, paths };
}

/** What is wrong with a file `.gitattributes` marks filter=git-crypt, committed with `mode` and (a regular file) `content`, if anything. */
function gitCryptFinding(path: string, mode: string, content: Buffer | string | undefined): SecretFinding | undefined {
  const finding = (message: string): SecretFinding => ({ file: path, line: 0, rule: 'git-crypt-plaintext', severity: 'critical', message });
  if (mode === '120000') {
    return finding(`${path} is marked filter=git-crypt in .gitattributes but is committed as a symbolic link, which git-crypt never encrypts, so a tool reading it follows the link to a plaintext file; commit the file itself at this path, encrypted.`);
  }
  if (mode === '160000') return undefined;
  if (!(content instanceof Buffer)) throw new UserError(`git cat-file could not read ${path} (${content ?? 'no answer'}); check that it is a healthy clone.`);
  const hasHeader = content.subarray(0, GIT_CRYPT_HEADER.length).equals(GIT_CRYPT_HEADER);
  if (hasHeader && looksLikeText(content.subarray(GIT_CRYPT_HEADER.length + GIT_CRYPT_NONCE_BYTES))) {
    return finding(`${path} starts with git-crypt's header but what follows is text, not ciphertext, so it is committed in plaintext behind a forged header; re-add it with git-crypt unlocked (\`git-crypt status -f\`), commit, and rotate what it held.`);
  }
  if (!hasHeader) {
    return finding(`${path} is marked filter=git-crypt in .gitattributes but is committed in plaintext (the blob in git has no git-crypt header); run \`git-crypt status -f\` to re-stage it encrypted, commit, and rotate what it held, since the plaintext stays in git history.`);
  }
  return undefined;
}

function loadExtraRules(config: GitopsSyncConfig, baseDir: string) {
  if (config.secrets.rules === undefined) return [];
  const path = resolve(baseDir, config.secrets.rules);
  const text = readInputFile(path, 'a secret rules YAML file (secrets.rules)', { maxBytes: MB, fixed: true, within: baseDir }).toString('utf8');
  return parseYamlWith(SecretRulesFile, text, config.secrets.rules, 'a secret rules file holds `rules:` entries with id, description and pattern (or key with value / min_entropy).').rules;
}

/** At most this many findings of one kind of check per file: the rest are counted, so a report stays readable. */
export const MAX_FINDINGS_PER_FILE = 100;

function addCapped(findings: SecretFinding[], file: string, found: readonly SecretFinding[]): void {
  for (const finding of found.slice(0, MAX_FINDINGS_PER_FILE)) findings.push(finding);
  if (found.length > MAX_FINDINGS_PER_FILE) {
    findings.push({ file, line: 0, rule: 'more-findings', severity: 'critical', message: `${file} has ${found.length - MAX_FINDINGS_PER_FILE} more findings than the ${MAX_FINDINGS_PER_FILE} listed; fix those and run again to see the rest.` });
  }
}

/**
 * `gitops-sync secrets check`: SOPS files as `.sops.yaml` says, git-crypt paths encrypted in git,
 * and no plaintext secret anywhere else. Findings name file, line and rule, never the value.
 */
export async function checkSecretsAtRest(options: {
  root: string;
  paths?: string[];
  config: GitopsSyncConfig;
  baseDir: string;
  exec: Exec;
  /** The rules and allow list to use instead of the config's: a change request's are read at its base commit. */
  policy?: { rules: CompiledSecretRule[]; allow: readonly string[] };
  /** Only the files git tracks (a change request's checkout: what the job wrote beside it is not the change). */
  trackedOnly?: boolean;
}): Promise<SecretsReport> {
  const root = resolve(options.root);
  const rules = options.policy?.rules ?? compileSecretRules(mergeSecretRules(loadExtraRules(options.config, options.baseDir)), options.config.secrets.rules ?? 'the built-in secret rules');
  const allowed = allowedPathMatcher(options.policy?.allow ?? options.config.secrets.allow);
  const taken = await gitWalkFilter(root, options.exec, options.trackedOnly === true);
  const { files, links } = listFiles(root, (options.paths ?? []).map((path) => (isAbsolute(path) ? path : resolve(root, path))), taken);
  const sopsConfigFor = sopsConfigs(root);
  const gitCrypt = await gitCryptFindings(root, files, links, taken.staged, options.exec);
  const findings: SecretFinding[] = [...gitCrypt.findings];
  const { staged } = taken;
  if (staged) appendAll(findings, await encodingFindings(root, trackedFiles(staged), options.exec));
  if (options.trackedOnly && staged) {
    // Met as git has it: a tracked file replaced by a link (or a folder) in the working tree was not read.
    const met = new Set([...files, ...links.filter((link) => staged.get(link)?.mode === '120000')]);
    const missing = trackedFiles(staged).filter((path) => !met.has(path));
    const named = `${missing.slice(0, 3).map((path) => JSON.stringify(path)).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`;
    if (missing.length) {
      findings.push({ file: '.', line: 0, rule: 'tracked-file-missing', severity: 'critical', message: `Files git tracks are not in the working tree (${named}): a sparse checkout, or removed by an earlier step, so they were not checked; check out the whole change before the check.` });
    }
  }
  let filesChecked = 0;
  for (const file of files) {
    if (gitCrypt.paths.has(file)) {
      filesChecked++;
      continue;
    }
    // Every .sops.yaml is read (an invalid one fails the check even if no file falls under it); it names no rule for itself.
    const sops = sopsConfigFor(file);
    const rule = sops && !/(^|\/)\.sops\.yaml$/.test(file) ? sopsRuleFor(sops.rules, sops.relativePath) : undefined;
    const content = readScanned(join(root, file));
    if (content.kind === 'not-a-file') continue;
    filesChecked++;
    if (content.kind === 'binary') {
      if (sopsRequires(rule)) findings.push({ file, line: 0, rule: 'sops-not-encrypted', severity: 'critical', message: `${file} is matched by creation rule ${rule.number} of ${sops!.file} but is a binary file, not SOPS-encrypted; encrypt it with \`sops --encrypt --in-place ${file}\`.` });
      else if (!allowed(file)) addCapped(findings, file, scanPlaintext(file, content.text, rules));
      continue;
    }
    if (content.kind === 'too-large') {
      if (!allowed(file)) findings.push({ file, line: 0, rule: 'file-too-large', severity: 'high', message: `${file} is ${(content.bytes / MB).toFixed(1)} MB, over the ${MAX_SCANNED_FILE_BYTES / MB} MB that secrets check reads, so it was not checked for secrets; move it out of the repository or list it in secrets.allow.` });
      continue;
    }
    const isSops = sopsRequires(rule) || looksSopsEncrypted(file, content.text);
    if (isSops) addCapped(findings, file, checkSopsFile(file, content.text, rule, sops?.file ?? '.sops.yaml'));
    const clearSuffix = isSops ? sopsClearSuffix(file, content.text, rule) : undefined;
    if (!allowed(file)) addCapped(findings, file, scanPlaintext(file, content.text, rules, clearSuffix === undefined ? [] : [clearSuffix]));
  }
  for (const link of links) {
    const sops = sopsConfigFor(link);
    const rule = sops && sopsRuleFor(sops.rules, sops.relativePath);
    // A tool reading the path follows the link to a file no creation rule names, so nothing says it is encrypted.
    if (sopsRequires(rule)) findings.push({ file: link, line: 0, rule: 'sops-not-encrypted', severity: 'critical', message: `${link} is matched by creation rule ${rule.number} of ${sops!.file} but is a symbolic link, not a SOPS-encrypted file; commit the encrypted file itself at this path.` });
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)));
  return { schema: SECRETS_REPORT_SCHEMA_ID, files_checked: filesChecked, findings };
}
