import { posix } from 'node:path';
import { UserError } from '../errors.js';
import { diffValues, MIN_HANDED_ON_SECRET_LENGTH, type SecretSink } from '../diff/value-diff.js';
import { SENSITIVE, type Action, type FieldChange, type UnjudgedChange } from '../model/report.js';
import type { ByteSource } from '../json/top-level-reader.js';
import { utf8Text } from '../json/utf8-text.js';
import { utf16Words, withoutByteOrderMark } from '../json/json-text.js';
import { ANSIBLE_RESULT_SCHEMA, AnsibleRunEnd, AnsibleTaskResult, type AnsibleDiff } from './ansible-results.js';
import { ANSIBLE_CHECK_SOURCE } from '../model/sources.js';
import { appendAll } from '../arrays.js';

/*
 * `ansible-playbook --check --diff` as a drift source. In check mode a `changed` result says what runs
 * on the host now differs from what the playbook (Git) wants: origin `outside`, `before` = the host,
 * `after` = the playbook. One change per host and resource, the resource being the module and its
 * identifying argument (a file's path, a package's or user's name), so rules can match real paths.
 */

/** Written for a field Ansible does not report, e.g. the `before` of a module's `prepared` diff text. */
export const NOT_REPORTED = '(not reported)';

/**
 * The arguments that name the resource a module manages, per module short name: the first one present
 * names it. A module not listed is named by the first of DEFAULT_IDENTIFYING_ARGS it has.
 */
const FILE_ARGS = ['path', 'dest', 'destfile', 'name'];
const NAME_ARGS = ['name'];
const PACKAGE_ARGS = ['name', 'pkg', 'package', 'deb'];
export const ANSIBLE_IDENTIFYING_ARGS: Readonly<Record<string, readonly string[]>> = {
  // files
  copy: ['dest'],
  template: ['dest'],
  file: FILE_ARGS,
  lineinfile: FILE_ARGS,
  blockinfile: FILE_ARGS,
  replace: FILE_ARGS,
  ini_file: FILE_ARGS,
  xml: ['path', 'dest', 'file'],
  assemble: ['dest'],
  unarchive: ['dest'],
  get_url: ['dest'],
  git: ['dest'],
  known_hosts: ['path', 'name'],
  // packages and repositories
  apt: PACKAGE_ARGS,
  dnf: PACKAGE_ARGS,
  dnf5: PACKAGE_ARGS,
  yum: PACKAGE_ARGS,
  package: PACKAGE_ARGS,
  apk: PACKAGE_ARGS,
  zypper: PACKAGE_ARGS,
  pacman: PACKAGE_ARGS,
  homebrew: PACKAGE_ARGS,
  snap: PACKAGE_ARGS,
  pip: ['name', 'requirements'],
  gem: NAME_ARGS,
  npm: ['name', 'path'],
  apt_repository: ['repo'],
  yum_repository: NAME_ARGS,
  apt_key: ['id', 'url', 'file'],
  rpm_key: ['key'],
  debconf: NAME_ARGS,
  // services and the kernel
  service: NAME_ARGS,
  systemd: NAME_ARGS,
  systemd_service: NAME_ARGS,
  sysvinit: NAME_ARGS,
  sysctl: NAME_ARGS,
  modprobe: NAME_ARGS,
  kernel_blacklist: NAME_ARGS,
  mount: ['path', 'name'],
  filesystem: ['dev'],
  lvg: ['vg'],
  lvol: ['lv'],
  cron: NAME_ARGS,
  hostname: NAME_ARGS,
  timezone: NAME_ARGS,
  alternatives: NAME_ARGS,
  locale_gen: NAME_ARGS,
  // identity and access
  user: NAME_ARGS,
  group: NAME_ARGS,
  authorized_key: ['user'],
  sudoers: NAME_ARGS,
  pamd: NAME_ARGS,
  pam_limits: ['domain'],
  seboolean: NAME_ARGS,
  sefcontext: ['target'],
  seport: ['ports'],
  selinux: ['policy'],
  firewalld: ['service', 'port', 'rich_rule', 'source', 'interface', 'zone'],
  iptables: ['chain'],
  ufw: ['rule', 'port', 'name'],
  // certificates and keys
  openssl_privatekey: ['path'],
  openssl_publickey: ['path'],
  openssl_csr: ['path'],
  openssl_dhparam: ['path'],
  openssl_pkcs12: ['path'],
  x509_certificate: ['path'],
  x509_crl: ['path'],
};
export const DEFAULT_IDENTIFYING_ARGS: readonly string[] = ['path', 'dest', 'name'];

/** Texts Ansible writes in place of a value it censored (no_log tasks, no_log module parameters). */
const CENSORED_MARKERS = [
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
  'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER',
  '********',
];
/** Vault-encrypted values: the ciphertext (`$ANSIBLE_VAULT;1.1;AES256…`) or the YAML tag around it. */
const VAULT_MARKERS = ['$ANSIBLE_VAULT;', '!vault'];

export interface AnsibleChangeOptions {
  /** Names the input in messages (a file path, an AWX job). */
  label: string;
  /** Every sensitive value met: redacted from all output. */
  onSecret?: SecretSink;
  source?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The module's name without its collection: `ansible.builtin.copy` → `copy`. */
export function moduleShortName(module: string): string {
  return module.slice(module.lastIndexOf('.') + 1);
}

const RELATIVE_DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

function identifierText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') {
    // `/etc/./sudoers` and `/etc//sudoers.d/../sudoers` are /etc/sudoers: the address carries the real path for the rules;
    // a relative path keeps only its leading `..` (`a/../../etc/x` is `../etc/x`), which the rules judge as reaching anywhere.
    if (value.startsWith('/')) return value.includes('//') || value.includes('/.') ? posix.normalize(value) : value;
    return !value.includes('://') && (value.includes('//') || RELATIVE_DOT_SEGMENT.test(value)) ? posix.normalize(value) : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length) {
    const items = value.map(identifierText);
    return items.every((item) => item !== undefined) ? items.join(',') : undefined;
  }
  return undefined;
}

/**
 * `<host>/<module short name>[<identifying argument>]`, or `<host>/<module short name>` when no argument
 * names it. A `/` in the host name is written `%2F`, so the address has exactly one `/` before the module
 * and the rules' address globs (one segment for the host, one for the module) match whatever the host is called.
 */
export function ansibleAddress(result: Pick<AnsibleTaskResult, 'host' | 'module' | 'args'>): string {
  return addressOf(escapedSegment(result.host), moduleShortName(result.module), result.args);
}

const escapedSegment = (name: string) => (name.includes('/') ? name.replaceAll('/', '%2F') : name);

/** Looked up in a Map: a module named `constructor` or `__proto__` must not find Object's own properties. */
const IDENTIFYING_ARGS = new Map(Object.entries(ANSIBLE_IDENTIFYING_ARGS));

function addressOf(host: string, short: string, args: AnsibleTaskResult['args']): string {
  const module = escapedSegment(short);
  if (args) {
    for (const name of IDENTIFYING_ARGS.get(short) ?? DEFAULT_IDENTIFYING_ARGS) {
      const identifier = identifierText(args[name]);
      if (identifier !== undefined) return `${host}/${module}[${identifier}]`;
    }
  }
  return `${host}/${module}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Any censorship or vault marker, in one scan of a text. */
const MARKER = new RegExp([...CENSORED_MARKERS, ...VAULT_MARKERS].map(escapeRegExp).join('|'));

const containsMarker = (value: unknown): boolean => {
  if (typeof value === 'string') return MARKER.test(value);
  if (Array.isArray(value)) return value.some(containsMarker);
  if (isObject(value)) return Object.values(value).some(containsMarker);
  return false;
};

/** Strings that are secrets to redact: everything but Ansible's own censorship texts. */
function collectSecrets(value: unknown, sink: SecretSink | undefined): void {
  if (!sink || value === null || value === undefined) return;
  if (typeof value === 'string') {
    // Shorter ones are masked in the report but not handed on, as the plan source does: blanking every "no" would garble all output.
    if (value.length >= MIN_HANDED_ON_SECRET_LENGTH && !CENSORED_MARKERS.some((marker) => value === marker)) sink(value);
    return;
  }
  if (typeof value === 'object') for (const item of Object.values(value)) collectSecrets(item, sink);
}

/** A field showing a censored or vault-encrypted value is sensitive: it shows `(sensitive)` and its values go to the sink. */
function guarded(field: FieldChange, sink: SecretSink | undefined): FieldChange {
  if (!containsMarker(field.before) && !containsMarker(field.after)) return field;
  collectSecrets(field.before, sink);
  collectSecrets(field.after, sink);
  const masked = (value: unknown) => (value === null || value === undefined ? null : SENSITIVE);
  return { ...field, before: masked(field.before), after: masked(field.after), sensitive: true };
}

const CONTENT = '/content';

function fieldsOfDiff(diff: AnsibleDiff): FieldChange[] {
  const { before, after, prepared } = diff;
  if (isObject(before) || isObject(after)) {
    if ((isObject(before) || before === undefined) && (isObject(after) || after === undefined)) return diffValues(before, after);
  }
  const fields: FieldChange[] = [];
  if (before !== undefined || after !== undefined) {
    if (before !== after) fields.push({ path: CONTENT, before: before ?? null, after: after ?? null, sensitive: false });
  }
  if (prepared !== undefined && prepared !== '') fields.push({ path: CONTENT, before: NOT_REPORTED, after: prepared, sensitive: false });
  return fields;
}

/** The argument naming a link's target (`file` with state link or hard), written by the callback beside the identifying ones. */
export const LINK_TARGET_ARG = 'src';

/**
 * A link's target as a field: what is later written through the link lands there, so the rules judge it
 * (Ansible's diff of a link shows only its path and state).
 */
function linkTargetField(result: AnsibleTaskResult, fields: readonly FieldChange[]): FieldChange | undefined {
  if (moduleShortName(result.module) !== 'file' || (result.args?.state !== 'link' && result.args?.state !== 'hard')) return undefined;
  const target = identifierText(result.args[LINK_TARGET_ARG]);
  if (target === undefined || fields.some((field) => field.path === `/${LINK_TARGET_ARG}`)) return undefined;
  return { path: `/${LINK_TARGET_ARG}`, before: NOT_REPORTED, after: target, sensitive: false };
}

const NO_DIFFS: readonly AnsibleDiff[] = [];
const diffsOf = (result: AnsibleTaskResult): readonly AnsibleDiff[] => (result.diff === undefined ? NO_DIFFS : Array.isArray(result.diff) ? result.diff : [result.diff]);

const absentAfter = (diff: AnsibleDiff) => isObject(diff.after) && diff.after.state === 'absent';
const absentBefore = (diff: AnsibleDiff) => isObject(diff.before) && diff.before.state === 'absent';

/** What the playbook does to the resource: creates it (it is absent now), deletes it (state absent), or updates it. */
function actionOf(result: AnsibleTaskResult, diffs: readonly AnsibleDiff[]): Action {
  if (!diffs.length) return result.args?.state === 'absent' ? 'delete' : 'update';
  if (diffs.every(absentAfter)) return 'delete';
  if (diffs.every(absentBefore)) return 'create';
  return 'update';
}

/** The whole resource, hidden: a `no_log` task says it changed and nothing more. */
const HIDDEN_FIELD: FieldChange = { path: '', before: SENSITIVE, after: SENSITIVE, sensitive: true };

/**
 * A name or message from the playbook or the host, shown in one line: control characters written as
 * `\uXXXX`, so none breaks the sentence, reads as a CI runner's command (`::add-mask::`) or moves the terminal.
 */
// eslint-disable-next-line no-control-regex
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

function refuseFailure(result: AnsibleTaskResult, label: string): never {
  const what = result.status === 'unreachable' ? 'could not reach' : 'failed on';
  // The first line only, bounded: module messages can be long (a traceback, a command's output).
  const reason = printable((result.no_log ? '' : (result.message ?? '').split('\n')[0]!.trim()).slice(0, 200).replace(/[.\s]+$/, ''));
  throw new UserError(
    `${label}: the Ansible check ${what} host ${printable(result.host)} in task "${printable(result.task)}"${reason ? ` (${reason})` : ''}, so it cannot tell whether that host drifted; fix the task or the host and run the check again.`,
  );
}

/**
 * Builds the changes of an `ansible-playbook --check --diff` run one result at a time (parseAnsibleResults
 * hands each over as it reads it, so the results are not kept): one change per host and resource that
 * check mode reports changed. A failed or unreachable result (not ignored by the playbook) is refused
 * when the changes are taken, the first in the order given: a check that did not run cannot say there
 * is no drift.
 */
export class AnsibleChangeCollector {
  private readonly source: string;
  private readonly byAddress = new Map<string, UnjudgedChange>();
  /** Per host name, its address segment: a run has few hosts and many results per host. */
  private readonly hostSegments = new Map<string, string>();
  private failure: AnsibleTaskResult | undefined;
  /**
   * The censored values met, handed to onSecret when the changes are taken, as when the file was read
   * whole first: a line refused as the file is read is shown whole, not redacted by them ("in" → "l***e 2 …").
   */
  private readonly secrets: string[] = [];
  private readonly sink: SecretSink | undefined;

  constructor(private readonly options: AnsibleChangeOptions) {
    this.source = options.source ?? ANSIBLE_CHECK_SOURCE;
    if (options.onSecret) this.sink = (value) => void this.secrets.push(value);
  }

  add(result: AnsibleTaskResult): void {
    const { status } = result;
    if ((status === 'failed' && !result.ignored) || status === 'unreachable') {
      this.failure ??= result;
      return;
    }
    if (!result.changed || status === 'skipped' || status === 'failed' || this.failure) return;
    const { sink } = this;
    let diffs: readonly AnsibleDiff[] = NO_DIFFS;
    let fields: FieldChange[];
    if (result.no_log) fields = [HIDDEN_FIELD];
    else {
      diffs = diffsOf(result);
      fields = [];
      for (const diff of diffs) for (const field of fieldsOfDiff(diff)) fields.push(guarded(field, sink));
      const linkTarget = linkTargetField(result, fields);
      if (linkTarget) fields.push(linkTarget);
    }
    let host = this.hostSegments.get(result.host);
    if (host === undefined) this.hostSegments.set(result.host, (host = escapedSegment(result.host)));
    const address = addressOf(host, moduleShortName(result.module), result.args);
    const existing = this.byAddress.get(address);
    if (existing) {
      appendAll(existing.fields, fields);
      return;
    }
    this.byAddress.set(address, { address, kind: result.module, source: this.source, action: actionOf(result, diffs), origin: 'outside', fields });
  }

  /** The changes; refuses the run when a result failed or found its host unreachable. */
  changes(): UnjudgedChange[] {
    for (const secret of this.secrets.splice(0)) this.options.onSecret!(secret);
    if (this.failure) refuseFailure(this.failure, this.options.label);
    return [...this.byAddress.values()];
  }
}

/** AnsibleChangeCollector over results already read (AWX's job events). */
export function changesFromAnsibleResults(results: readonly AnsibleTaskResult[], options: AnsibleChangeOptions): UnjudgedChange[] {
  const collector = new AnsibleChangeCollector(options);
  for (const result of results) collector.add(result);
  return collector.changes();
}

export interface AnsibleResults {
  /**
   * The results that say something: changed, failed or unreachable; only the failed and unreachable
   * ones when a collector took them as they were read. Check mode's unchanged results (most of a run)
   * are counted, not kept: every result kept is copied again by each garbage collection while the file is read.
   */
  results: AnsibleTaskResult[];
  /** Per host, how many results changed or failed (see requireRunEnd); counted from `results` when absent. */
  shown?: Map<string, number>;
  /** How many task results the file holds. */
  count: number;
  /** The callback's last line; undefined when the run never reported its end. */
  end: AnsibleRunEnd | undefined;
}

const FIX = 'pass the file gitops-sync\'s Ansible callback wrote (GITOPS_SYNC_ANSIBLE_RESULTS)';

/** Bytes in chunks (engine's withInputChunks), strings in chunks, or the whole text. */
export type AnsibleResultsInput = string | Iterable<string> | ByteSource;

const NEWLINE = 0x0a;

function* linesOfText(text: string, complete: boolean): Generator<{ text: string; complete: boolean }> {
  let start = 0;
  for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
    yield { text: text.slice(start, newline), complete: true };
    start = newline + 1;
  }
  if (start < text.length) yield { text: text.slice(start), complete };
}

/**
 * Lines of bytes read in chunks: each chunk is cut after its last newline and decoded whole (a newline byte
 * is never part of a multi-byte character, so no character is split); the rest waits for the next chunk.
 */
function* linesOfBytes(next: ByteSource): Generator<{ text: string; complete: boolean }> {
  let pending: Buffer[] = [];
  for (let chunk = next(); chunk; chunk = next()) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const newline = bytes.lastIndexOf(NEWLINE);
    if (newline < 0) {
      pending.push(bytes);
      continue;
    }
    const whole = pending.length ? Buffer.concat([...pending, bytes.subarray(0, newline + 1)]) : bytes.subarray(0, newline + 1);
    yield* linesOfText(utf8Text(whole), true);
    pending = newline + 1 < bytes.length ? [bytes.subarray(newline + 1)] : [];
  }
  if (pending.length) yield* linesOfText(utf8Text(Buffer.concat(pending)), false);
}

function* lines(input: AnsibleResultsInput): Generator<{ text: string; complete: boolean }> {
  if (typeof input === 'function') {
    yield* linesOfBytes(input);
    return;
  }
  let pending = '';
  for (const chunk of typeof input === 'string' ? [input] : input) {
    pending += chunk;
    const newline = pending.lastIndexOf('\n');
    if (newline < 0) continue;
    yield* linesOfText(pending.slice(0, newline + 1), true);
    pending = pending.slice(newline + 1);
  }
  if (pending !== '') yield { text: pending, complete: false };
}

/**
 * Reads the callback's output: one JSON object per line, task results then the run's end line.
 * Each bad line is refused in one sentence (which line, what is wrong); JSON.parse's own message is
 * not repeated, as it quotes the text around the error, which may be a secret.
 */
export function parseAnsibleResults(input: AnsibleResultsInput, label: string, collector?: AnsibleChangeCollector): AnsibleResults {
  const results: AnsibleTaskResult[] = [];
  const shown = new Map<string, number>();
  let count = 0;
  let end: AnsibleRunEnd | undefined;
  let number = 0;
  for (const line of lines(input)) {
    number++;
    const { complete } = line;
    const text = number === 1 ? withoutByteOrderMark(line.text) : line.text;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (!complete) throw new UserError(`${label}: line ${number} is cut off (the file ends inside a result), so the Ansible run's output is incomplete; run the check again.`);
      const utf16 = utf16Words(text);
      throw new UserError(`${label}: line ${number} is not valid JSON${utf16 ? ` (${utf16})` : ''}; ${FIX}.`);
    }
    if (!isObject(value) || value.schema !== ANSIBLE_RESULT_SCHEMA) {
      throw new UserError(`${label}: line ${number} is not a gitops-sync Ansible result (schema ${ANSIBLE_RESULT_SCHEMA}); ${FIX}.`);
    }
    if (end) throw new UserError(`${label}: line ${number} comes after the run's end line, so the file holds more than one run; ${FIX}, one run per file.`);
    if ('end' in value) {
      const parsed = AnsibleRunEnd.safeParse(value);
      if (!parsed.success) throw new UserError(`${label}: line ${number} is a malformed end line (${issueText(parsed.error)}); ${FIX}.`);
      end = parsed.data;
      // zod's record drops a key named __proto__ without checking it; an inventory may name a host that.
      const stats = value.stats as Record<string, unknown>;
      if (Object.hasOwn(stats, '__proto__')) {
        const host = AnsibleRunEnd.shape.stats.valueType.safeParse(stats['__proto__']);
        if (!host.success) throw new UserError(`${label}: line ${number} is a malformed end line (stats.__proto__: ${host.error.issues[0]!.message}); ${FIX}.`);
        Object.defineProperty(end.stats, '__proto__', { value: host.data, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    let result: AnsibleTaskResult;
    if (isWellFormedResult(value)) {
      value.no_log ??= false;
      result = value as AnsibleTaskResult;
    } else {
      // The schema decides, and words the refusal; the check above only spares it the lines that are fine.
      const parsed = AnsibleTaskResult.safeParse(value);
      if (!parsed.success) throw new UserError(`${label}: line ${number} is a malformed task result (${issueText(parsed.error)}); ${FIX}.`);
      result = parsed.data;
    }
    count++;
    if (!saysSomething(result)) continue;
    noteShown(shown, result);
    if (!collector) results.push(result);
    else {
      collector.add(result);
      if (result.status === 'failed' || result.status === 'unreachable') results.push(result);
    }
  }
  return { results, shown, count, end };
}

/** A result that changed, failed or found its host unreachable: what the analysis and the run's end line checks read. */
export const saysSomething = (result: AnsibleTaskResult) => result.changed || result.status === 'failed' || result.status === 'unreachable';

const RESULT_KEYS = new Set(['schema', 'host', 'task', 'module', 'args', 'status', 'changed', 'ignored', 'no_log', 'diff', 'message']);
const STATUSES = new Set(['ok', 'changed', 'failed', 'skipped', 'unreachable']);
const optional = (value: unknown, type: 'string' | 'boolean') => value === undefined || typeof value === type;
const isWellFormedDiff = (diff: unknown) =>
  isObject(diff) && optional(diff.before_header, 'string') && optional(diff.after_header, 'string') && optional(diff.prepared, 'string');

/**
 * What AnsibleTaskResult accepts, checked by hand: validating 10,000 lines with zod took as long as
 * JSON.parse-ing them (npm run bench, scenario ansible). Lines it does not accept go to the schema.
 */
function isWellFormedResult(value: Record<string, unknown>): boolean {
  for (const key in value) if (!RESULT_KEYS.has(key)) return false;
  const { host, task, module, args, status, changed, diff } = value;
  return (
    typeof host === 'string' && host !== '' &&
    typeof task === 'string' &&
    typeof module === 'string' && module !== '' &&
    typeof status === 'string' && STATUSES.has(status) &&
    typeof changed === 'boolean' &&
    optional(value.no_log, 'boolean') && optional(value.ignored, 'boolean') && optional(value.message, 'string') &&
    (args === undefined || isObject(args)) &&
    (diff === undefined || (Array.isArray(diff) ? diff.every(isWellFormedDiff) : isWellFormedDiff(diff)))
  );
}

function issueText(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? issue.path.map(String).join('.') : 'the line'}: ${issue.message}`;
}

/** Counts `result` for its host when it shows a change Ansible's end line counts (changed, or failed: see requireChangesShown). */
function noteShown(shown: Map<string, number>, result: AnsibleTaskResult): void {
  if (result.changed || result.status === 'failed') shown.set(result.host, (shown.get(result.host) ?? 0) + 1);
}

/**
 * Ansible catches an exception a callback raises and goes on, so a callback that failed on some results
 * still writes the end line: a host whose end line counts more changed tasks than its results show lost
 * results. Ansible counts a loop once and a failed task it ignores or rescues when it changed; the
 * results hold each item and do not say a failed task changed, so they are counted as at least that.
 */
function requireChangesShown(parsed: AnsibleResults, end: AnsibleRunEnd, label: string): void {
  let shown = parsed.shown;
  if (!shown) {
    shown = new Map<string, number>();
    for (const result of parsed.results) noteShown(shown, result);
  }
  for (const host of shown.keys()) {
    if (!Object.hasOwn(end.stats, host)) {
      throw new UserError(`${label}: host ${printable(host)} has results that changed, but the run's end line does not count that host, so the results are not those of this run; pass the whole file the callback wrote for one run.`);
    }
  }
  for (const [host, stats] of Object.entries(end.stats)) {
    const counted = stats.changed ?? 0;
    const seen = shown.get(host) ?? 0;
    if (counted > seen) {
      throw new UserError(
        `${label}: Ansible counts ${counted} changed task${counted === 1 ? '' : 's'} on host ${printable(host)} but the results show ${seen}; the callback lost some results (see the warnings in Ansible's output), so the check cannot tell what drifted; run the check again.`,
      );
    }
  }
}

/**
 * A finished run: refuses output whose run never reported its end (the run was killed, the file cut
 * short) and an end line that counts failed or unreachable hosts the results do not show.
 */
export function requireRunEnd(parsed: AnsibleResults, label: string): AnsibleRunEnd {
  if (!parsed.end) {
    const held = parsed.count ? `${parsed.count} task results but no end line` : 'no end line';
    throw new UserError(`${label} holds ${held}: the Ansible run never reported its end; run the check again and pass the whole file the callback wrote.`);
  }
  // An empty inventory, or a --limit / host pattern that matched nothing: a run that checked nothing says nothing of drift.
  // Skipped, rescued or ignored tasks checked nothing: a run counts only when some host had a task run (ok, changed, failed, unreachable).
  const ran = Object.values(parsed.end.stats).some((host) => [host.ok, host.changed, host.failures, host.unreachable].some((count) => (count ?? 0) > 0));
  if (!ran) {
    throw new UserError(`${label}: the Ansible run checked no host (its end line counts none: an empty inventory, or a --limit or host pattern that matched nothing), so it cannot tell whether anything drifted; check the inventory and the limit and run the check again.`);
  }
  for (const [host, stats] of Object.entries(parsed.end.stats)) {
    if ((stats.failures ?? 0) > 0 || (stats.unreachable ?? 0) > 0) {
      const failed = parsed.results.find((result) => result.host === host && (result.status === 'unreachable' || (result.status === 'failed' && !result.ignored)));
      if (failed) refuseFailure(failed, label);
      throw new UserError(`${label}: Ansible counts host ${printable(host)} as ${(stats.unreachable ?? 0) > 0 ? 'unreachable' : 'failed'}, so the check cannot tell whether it drifted; fix the host and run the check again.`);
    }
  }
  requireChangesShown(parsed, parsed.end, label);
  return parsed.end;
}
