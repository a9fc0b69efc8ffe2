/**
 * The plan fingerprint binds a sync to the plan that was reviewed: sha256 of the canonical JSON
 * (object keys sorted at every level, no whitespace) of
 *
 *   { output_changes, resource_changes, var_files, workspace }
 *
 * taken from `terraform show -json <planfile>`, with every sensitive value replaced by `(sensitive)`
 * first, so the fingerprint neither depends on a secret nor could give one away. It is computed one
 * resource change at a time, in the pass that analyses the plan (PlanFingerprinter observes
 * parseTerraformPlan) or beside it in a worker thread (observePlanForFingerprint); the plan is read
 * again only when a secret turned up after an unmarked copy of it had already been written down
 * (see PlanFingerprinter). This module loads no schema library: the worker bundles it on its own.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import { JsonShapeError, readTopLevel, type ByteSource } from '../json/top-level-reader.js';
import { collectMaskedSecrets, MIN_HANDED_ON_SECRET_LENGTH, type Mask, type SecretSink } from '../diff/value-diff.js';
import { SENSITIVE } from '../model/markers.js';
import type { Action, FieldChange, OutputChange } from '../model/report.js';
import type { ParsedTerraformPlan, PlanObserver } from '../sources/terraform-plan.js';
import { ByteEntryWriter, NOT_HANDLED, type MaskedValueCollector } from './canonical-bytes.js';
import { planInstance } from './plan-instance.js';
import { hashed, hashString, StringSieve } from './string-sieve.js';

export const FINGERPRINT_PREFIX = 'sha256:';

/** A fingerprint as people compare it: `sha256:` and its first 12 hex digits. */
export const shortFingerprint = (fingerprint: string) => `${fingerprint.slice(0, FINGERPRINT_PREFIX.length + 12)}…`;

/** Hands the plan to `consume` as a fresh byte source each time it is called (e.g. a file read in chunks). */
export type PlanReader = <T>(consume: (source: ByteSource) => T) => T;

export interface FingerprintOptions {
  /** The Terraform workspace the plan was made in (`default` when none is configured). */
  workspace: string;
  /** The var-file names as configured, in order. */
  varFiles: readonly string[];
  /** Names the plan in error messages. */
  label?: string;
  /** Receives every raw sensitive value met, so the caller can mask it in logs. */
  onSecret?: SecretSink;
}

/** One planned resource change, as in the report: values already redacted. */
export interface SummaryChange {
  address: string;
  action: Action;
  fields: FieldChange[];
}

/**
 * What a plan does, enough to say how two plans differ without any secret: the planned changes
 * and output changes (redacted as in the report) and a short digest of every resource_changes
 * entry, no-ops included.
 */
export interface PlanSummary {
  workspace: string;
  var_files: string[];
  changes: SummaryChange[];
  outputs: OutputChange[];
  /** Digest of each resource_changes entry by address; absent when the summary was made from a report. */
  digests?: Record<string, string>;
}

export interface PlanFingerprint {
  /** `sha256:<64 hex>`. */
  fingerprint: string;
  summary: PlanSummary;
}

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;
const child = (mask: Mask, key: string | number): Mask => (isContainer(mask) ? (mask as Record<string, unknown>)[key as string] : undefined);

/** A piece of JSON already in canonical form, placed as is by canonicalJson. */
class CanonicalText {
  constructor(readonly text: string) {}
}

/** `"key":` for each object key met: the same few keys recur in every resource change. */
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`;
    if (keyTexts.size < 100_000) keyTexts.set(key, text);
  }
  return text;
}

/** An object's keys in code-unit order; Terraform writes most objects sorted already, and checking is cheaper than sorting. */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  for (let index = 1; index < keys.length; index++) if (keys[index - 1] > keys[index]) return keys.sort();
  return keys;
}

const NO_SECRETS: ReadonlySet<string> = new Set();
/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, surrogates (lone ones). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;
const SENSITIVE_TEXT = JSON.stringify(SENSITIVE);

/**
 * Canonical JSON of `value` with what `mask` marks sensitive replaced by `(sensitive)`, and any string
 * equal to one of `secrets` too (Terraform copies some secrets unmarked, e.g. into
 * terraform_data.output). Undefined object members are left out, as JSON.stringify does. Every
 * string written as is goes into `written`, when given.
 */
function canonical(value: unknown, mask: Mask, secrets: ReadonlySet<string>, written?: StringSieve): string {
  if (mask === true) return value === null || value === undefined ? 'null' : SENSITIVE_TEXT;
  if (typeof value === 'string') {
    if (secrets.size > 0 && secrets.has(value)) return SENSITIVE_TEXT;
    written?.add(value);
    return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
  }
  if (value instanceof CanonicalText) return value.text;
  if (!isContainer(value)) return JSON.stringify(value ?? null);
  const masked = isContainer(mask);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += canonical(value[index], masked ? child(mask, index) : undefined, secrets, written);
    }
    return `${text}]`;
  }
  const keys = sortedKeys(value);
  let text = '{';
  for (const key of keys) {
    const item = value[key];
    if (item === undefined) continue;
    if (text.length > 1) text += ',';
    text += keyText(key) + canonical(item, masked ? child(mask, key) : undefined, secrets, written);
  }
  return `${text}}`;
}

/** JSON with object keys sorted at every level and no whitespace; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return canonical(value, undefined, NO_SECRETS);
}

const record = (value: unknown): Record<string, unknown> => (isContainer(value) && !Array.isArray(value) ? value : {});

/** `keys` with `key` added when missing. */
function withKey(keys: string[], key: string): string[] {
  if (!keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * The canonical text of a resource_changes entry with its before/after values redacted: canonicalJson
 * of `{ ...entry, change: { ...change, before: <redacted>, after: <redacted> } }`, written without the
 * copies. Every string of before/after written as is goes into `written`, when given.
 */
export function redactedResourceChange(item: unknown, secrets: ReadonlySet<string>, written?: StringSieve): string {
  const entry = record(item);
  const change = record(entry.change);
  let text = '{';
  for (const key of withKey(Object.keys(entry), 'change').sort()) {
    const value = key === 'change' ? change : entry[key];
    if (value === undefined) continue;
    if (text.length > 1) text += ',';
    text += keyText(key) + (key === 'change' ? redactedChange(change, secrets, written) : canonical(value, undefined, NO_SECRETS));
  }
  return `${text}}`;
}

function redactedChange(change: Record<string, unknown>, secrets: ReadonlySet<string>, written?: StringSieve): string {
  let text = '{';
  for (const key of withKey(withKey(Object.keys(change), 'before'), 'after').sort()) {
    const redacted = key === 'before' || key === 'after';
    const value = change[key];
    if (value === undefined && !redacted) continue;
    if (text.length > 1) text += ',';
    text += keyText(key) + (redacted ? canonical(value, change[`${key}_sensitive`], secrets, written) : canonical(value, undefined, NO_SECRETS));
  }
  return `${text}}`;
}

/** output_changes with before/after redacted; a `sensitive: true` entry is redacted whole. */
function redactedOutputChanges(raw: unknown, secrets: ReadonlySet<string>): string {
  // No prototype: an output named __proto__ (a valid Terraform name) is a member like any other, not the object's prototype.
  const entries: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(record(raw))) {
    const change = record(value);
    const whole = change.sensitive === true;
    entries[name] = {
      ...change,
      before: new CanonicalText(canonical(change.before, whole || change.before_sensitive, secrets)),
      after: new CanonicalText(canonical(change.after, whole || change.after_sensitive, secrets)),
    };
  }
  return canonicalJson(entries);
}

const digestOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

function entryKey(item: unknown): string {
  const entry = record(item);
  return planInstance(typeof entry.address === 'string' ? entry.address : '(no address)', entry.deposed);
}

export function readPlan<T>(input: Uint8Array | PlanReader, label: string, read: (source: Uint8Array | ByteSource) => T): T {
  try {
    return typeof input === 'function' ? input((source) => read(source)) : read(input);
  } catch (error) {
    if (error instanceof JsonShapeError) throw new UserError(`${label} could not be read again for its fingerprint (${error.message}); produce the plan again.`);
    throw error;
  }
}

/** More suspects than this (see PlanFingerprinter.stale) and the plan is read again without searching for them. */
const MAX_SUSPECTS_SEARCHED = 16;

/** Canonical text is kept in pieces of about this many bytes. */
const PIECE_BYTES = 1 << 20;

/**
 * Where a fingerprint keeps each entry's canonical text until output_changes (which the canonical text
 * starts with, and plans write after resource_changes) are known: as much text as the plan's changes.
 * In memory by default; the engine keeps it in a private scratch file (kept-pieces-file.ts), so a
 * fingerprint costs no memory in proportion to the plan.
 */
export interface KeptPieces {
  add(piece: Buffer): void;
  /** The pieces added, in order, each whole; a piece read may be overwritten once the next is read. */
  read(): Iterable<Buffer>;
  /** Lets go of the pieces. */
  clear(): void;
}

class PiecesInMemory implements KeptPieces {
  private pieces: Buffer[] = [];

  add(piece: Buffer) {
    this.pieces.push(piece);
  }

  read(): Iterable<Buffer> {
    return this.pieces;
  }

  clear() {
    this.pieces = [];
  }
}

export interface FingerprinterOptions {
  /** The Terraform workspace the plan was made in (`default` when none is configured). */
  workspace: string;
  /** The var-file names as configured, in order. */
  varFiles: readonly string[];
  /** Names the plan in error messages. */
  label?: string;
  /** Also a digest per resource_changes entry, for the summary (sync's "what differs"). */
  digests?: boolean;
  /** The plan's size in bytes, if known: sizes the memory of which strings were written. */
  planBytes?: number;
  /** Where the canonical text waits (see KeptPieces); in memory when not given. */
  keptPieces?: () => KeptPieces;
}

/**
 * Computes the plan fingerprint while parseTerraformPlan analyses the plan: pass `onSecret` to it
 * (as, or from, its onSecret) and `observer` as its observer, then call `finish`.
 *
 * The fingerprint hashes output_changes first (sorted keys), which plans write after
 * resource_changes, so each entry's canonical text is kept (as bytes) until the end. An entry is
 * redacted with every secret met anywhere in the plan, but when it is written only the secrets met
 * so far are known; a later secret matters only if an earlier entry wrote it down unredacted (an
 * unmarked copy met before the entry that marks it). Every string written is remembered in a
 * StringSieve; a new secret it may hold is looked for in the kept text, and only when the text has it
 * is the plan read again, to write every entry with all the secrets.
 */
export class PlanFingerprinter {
  private readonly secrets = new Set<string>();
  /** hashed.first of each secret (see hashString), for ByteEntryWriter to look for them in bytes. */
  private readonly secretHashes = new Set<number>();
  private readonly written: StringSieve;
  private bytesWriter?: ByteEntryWriter;
  /** How many entries were written from their bytes (resourceChangeBytes) and how many parsed (observer.resourceChange). */
  readonly entriesWritten = { fromBytes: 0, parsed: 0 };
  private readonly suspects: string[] = [];
  private readonly pieces: KeptPieces;
  /** The piece being filled, up to `filled` bytes. */
  private piece = Buffer.allocUnsafe(0);
  private filled = 0;
  private entries = 0;
  private outputs: unknown;
  private readonly digests: Record<string, string> = {};

  constructor(private readonly options: FingerprinterOptions) {
    this.written = new StringSieve(options.planBytes === undefined ? 1 << 23 : Math.min(options.planBytes / 2, 1 << 26));
    this.pieces = options.keptPieces?.() ?? new PiecesInMemory();
  }

  /** Takes each secret parseTerraformPlan hands to its onSecret. */
  readonly onSecret: SecretSink = (value) => {
    if (this.secrets.has(value)) return;
    this.secrets.add(value);
    hashString(value);
    this.secretHashes.add(hashed.first);
    if (this.entries > 0 && this.written.mightHold(value)) this.suspects.push(value);
  };

  readonly observer: PlanObserver = {
    resourceChange: (item) => {
      this.entriesWritten.parsed++;
      const text = redactedResourceChange(item, this.secrets, this.written);
      this.keep(this.entries++ === 0 ? text : `,${text}`);
      if (this.options.digests) this.digests[entryKey(item)] = digestOf(text);
    },
    outputChanges: (raw) => {
      this.outputs = raw;
    },
  };

  /**
   * observer.resourceChange for the entry at `bytes[start]`, written from its bytes (ByteEntryWriter):
   * returns the offset after it, or NEED_MORE / NOT_HANDLED when nothing was done with it (then parse
   * it and call observer.resourceChange). `collect` is called with before/after and their masks
   * before the entry is written, when a mask may mark something.
   */
  resourceChangeBytes(bytes: Buffer, start: number, collect?: MaskedValueCollector): number {
    if (this.options.digests) return NOT_HANDLED;
    const writer = (this.bytesWriter ??= new ByteEntryWriter());
    const end = writer.entry(bytes, start, this.secrets, this.secretHashes, collect);
    if (end < 0) return end;
    this.entriesWritten.fromBytes++;
    for (let index = 0; index < writer.writtenLength; index += 2) this.written.addHashed(writer.written[index]!, writer.written[index + 1]!);
    this.keepWritten(writer);
    return end;
  }

  /** keep for the entry text of `writer`, written in place. */
  private keepWritten(writer: ByteEntryWriter) {
    const comma = this.entries++ === 0 ? 0 : 1;
    const length = writer.textLength() + comma;
    if (this.filled + length > this.piece.length) {
      this.keepPiece();
      this.piece = Buffer.allocUnsafe(Math.max(length, PIECE_BYTES));
    }
    if (comma) this.piece[this.filled] = 0x2c;
    writer.writeText(this.piece, this.filled + comma);
    this.filled += length;
  }

  /**
   * Appends one entry's text to the kept bytes. Each entry is encoded on its own (a long string built
   * up entry by entry costs far more to encode) and never split between two pieces, so that a JSON
   * string is always whole in one piece (see stale).
   */
  private keep(text: string) {
    const most = text.length * 3;
    if (this.filled + most <= this.piece.length) {
      this.filled += this.piece.write(text, this.filled);
      return;
    }
    this.keepPiece();
    // An entry too large for a piece is kept on its own, exactly sized.
    if (most > PIECE_BYTES) this.pieces.add(Buffer.from(text));
    else {
      this.piece = Buffer.allocUnsafe(PIECE_BYTES);
      this.filled = this.piece.write(text);
    }
  }

  private keepPiece() {
    if (this.filled > 0) this.pieces.add(this.piece.subarray(0, this.filled));
    this.piece = Buffer.allocUnsafe(0);
    this.filled = 0;
  }

  /** Whether a secret was written down unredacted before it was known to be one. */
  private stale(): boolean {
    // Each suspect is a search of all the text kept: past a few, reading the plan again costs less
    // (a plan can make every late secret a suspect by filling the sieve).
    if (this.suspects.length > MAX_SUSPECTS_SEARCHED) return true;
    if (this.suspects.length === 0) return false;
    const tokens = this.suspects.map((secret) => Buffer.from(JSON.stringify(secret)));
    for (const piece of this.pieces.read()) if (tokens.some((token) => piece.includes(token))) return true;
    return false;
  }

  /**
   * The fingerprint and summary of the plan parseTerraformPlan returned; `plan` reads it again in
   * the rare case described above.
   */
  finish(parsed: ParsedTerraformPlan, plan: Uint8Array | PlanReader): PlanFingerprint {
    const fingerprint = this.fingerprint(plan);
    return {
      fingerprint,
      summary: {
        workspace: this.options.workspace,
        var_files: [...this.options.varFiles],
        changes: parsed.changes.filter((change) => change.origin === 'planned').map(({ address, action, fields }) => ({ address, action, fields })),
        outputs: parsed.outputChanges,
        ...(this.options.digests ? { digests: this.digests } : {}),
      },
    };
  }

  /** The fingerprint of the plan observed (`sha256:<64 hex>`); `plan` reads it again in the rare case described above. */
  fingerprint(plan: Uint8Array | PlanReader): string {
    this.keepPiece();
    const label = this.options.label ?? 'the plan';
    const hash = createHash('sha256');
    hash.update(`{"output_changes":${redactedOutputChanges(this.outputs, this.secrets)},"resource_changes":[`);
    if (!this.stale()) for (const piece of this.pieces.read()) hash.update(piece);
    else {
      let first = true;
      readPlan(plan, label, (source) =>
        readTopLevel(source, {
          values: [],
          arrays: ['resource_changes'],
          onItem: (_key, item) => {
            const text = redactedResourceChange(item, this.secrets);
            hash.update(first ? text : `,${text}`);
            first = false;
            if (this.options.digests) this.digests[entryKey(item)] = digestOf(text);
          },
        }),
      );
    }
    this.pieces.clear();
    hash.update(`],"var_files":${canonicalJson([...this.options.varFiles])},"workspace":${canonicalJson(this.options.workspace)}}`);
    return `${FINGERPRINT_PREFIX}${hash.digest('hex')}`;
  }
}

/** The top-level members of a plan observePlanForFingerprint reads: a plan reduced to them has the same fingerprint. */
export const FINGERPRINT_INPUT_KEYS: readonly string[] = ['resource_drift', 'resource_changes', 'output_changes'];

/**
 * Reads a plan for its fingerprint alone, without analysing it (in a worker thread, beside the
 * analysis), handing each resource_changes entry and output_changes to `fingerprinter`. With
 * `onSecret`, the secrets parseTerraformPlan would hand on are gathered as it gathers them (the
 * sensitive-marked strings of every resource_drift and resource_changes entry, before the entry is
 * written); the caller decides which go to the fingerprinter: parseTerraformPlan stays the
 * authority on which strings are secrets.
 */
export function observePlanForFingerprint(source: Uint8Array | ByteSource, fingerprinter: PlanFingerprinter, onSecret?: SecretSink): void {
  const sink: SecretSink | undefined = onSecret && ((value) => value.length >= MIN_HANDED_ON_SECRET_LENGTH && onSecret(value));
  const collect: MaskedValueCollector | undefined = sink && ((value, mask) => collectMaskedSecrets(value, mask as Mask, sink));
  const top = readTopLevel(source, {
    values: ['output_changes'],
    arrays: ['resource_drift', 'resource_changes'],
    // Each entry is written from its bytes; those the writer declines are parsed and handed to onItem.
    raw: { keys: ['resource_changes'], onItem: (_key, bytes, start) => fingerprinter.resourceChangeBytes(bytes, start, collect) },
    onItem: (key, item) => {
      const change = record(record(item).change);
      collectMaskedSecrets(change.before, change.before_sensitive as Mask, sink);
      collectMaskedSecrets(change.after, change.after_sensitive as Mask, sink);
      if (key === 'resource_changes') fingerprinter.observer.resourceChange(item);
    },
  });
  fingerprinter.observer.outputChanges(top.values.get('output_changes'));
}

