import { pointerFromSteps, stepsFromPointer } from '../diff/json-pointer.js';
import { SENSITIVE, type OutputChange, type UnjudgedChange } from '../model/report.js';
import { terraformQuoted, terraformUnquoted } from '../plan/instance-key.js';
import { appendAll } from '../arrays.js';

/**
 * Shorter secrets are found only as a whole string: inside longer ones a short value ("admin", "app")
 * would turn up everywhere and mask, and make critical, half a report.
 */
const MIN_EMBEDDED_LENGTH = 8;
/** How many leading characters of a form the look-up hashes (at most what the shortest form has). */
const HASHED_UNITS = 3;
/** A shorter run of base64 would turn up by chance in unrelated base64 (certificates, user data). */
const MIN_BASE64_CORE = 8;

const hex = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
const htmlEscapes = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Zero bytes before and after a secret in base64CoresOfAll: as text (ASCII) and as bytes. */
const ZEROS = ['', '\0', '\0\0'];
const ZERO_BYTES = ZEROS.map((zeros) => Buffer.alloc(zeros.length));

/**
 * The base64 of each secret, wherever it starts in the encoded bytes: at each of the three alignments,
 * the characters that depend on the secret's bytes alone. Made with one conversion per alignment of
 * all the secrets laid end to end, each in slots of whole three-byte groups (a plan can have tens of
 * thousands of secrets: three conversions each cost more than the rest of their forms).
 */
export function base64CoresOfAll(secrets: readonly string[]): string[][] {
  const joined = secrets.join('');
  // All ASCII (most secrets): laid end to end as text. Otherwise each secret is encoded alone first: two
  // secrets' lone surrogates would make one character of their text (helper-136).
  const ascii = Buffer.byteLength(joined) === joined.length;
  const encoded = ascii ? undefined : secrets.map((secret) => Buffer.from(secret));
  const lengths = secrets.map((secret, index) => encoded?.[index].length ?? secret.length);
  const cores: string[][] = secrets.map(() => []);
  for (let offset = 0; offset < 3; offset++) {
    // Each secret after `offset` zero bytes, its slot filled up to whole groups: the groups it shares with
    // no other byte of it are left out below, so what fills a slot changes none that are kept.
    const slots: number[] = [];
    const text: string[] = [];
    const pieces: Buffer[] = [];
    let at = 0;
    for (let index = 0; index < secrets.length; index++) {
      const slot = Math.ceil((offset + lengths[index]) / 3) * 3;
      const pad = slot - offset - lengths[index];
      slots.push(at);
      if (encoded) pieces.push(ZERO_BYTES[offset], encoded[index], ZERO_BYTES[pad]);
      else text.push(ZEROS[offset], secrets[index], ZEROS[pad]);
      at += slot;
    }
    const bytes = encoded ? Buffer.concat(pieces) : Buffer.from(text.join(''), 'latin1');
    const base64 = bytes.toString('base64');
    for (let index = 0; index < secrets.length; index++) {
      const first = (slots[index] / 3) * 4;
      cores[index].push(base64.slice(first + (offset === 0 ? 0 : 4), first + Math.floor((offset + lengths[index]) / 3) * 4));
    }
  }
  return cores;
}

/**
 * The forms each secret takes inside a longer string built from it, as Terraform's functions write them:
 * itself, JSON-escaped (jsonencode escapes <, > and & too), URL-encoded (urlencode) and base64 (base64encode).
 */
function embeddedFormsOfAll(secrets: readonly string[]): string[][] {
  const cores = base64CoresOfAll(secrets);
  return secrets.map((secret, index) => {
    // Most secrets (generated passwords, tokens) are written as they are by all but base64.
    const forms = [secret];
    if (!WRITTEN_AS_IS.test(secret)) {
      const json = JSON.stringify(secret).slice(1, -1);
      forms.push(json, json.replace(/[<>&\u2028\u2029]/g, htmlEscapes));
      appendAll(forms, urlEncodings(secret));
    }
    for (const core of cores[index]) if (core.length >= MIN_BASE64_CORE) forms.push(core);
    return forms;
  });
}

/** Characters JSON, jsonencode and both URL encodings (JavaScript's, Go's url.QueryEscape) write as they are. */
const WRITTEN_AS_IS = /^[A-Za-z0-9_.-]*$/;

/** As JavaScript and Go (url.QueryEscape) URL-encode it; none for a string with a lone surrogate, which cannot be. */
function urlEncodings(secret: string): string[] {
  let url: string;
  try {
    url = encodeURIComponent(secret);
  } catch {
    return [];
  }
  return [url, url.replace(/[!'()*]/g, hex).replaceAll('%20', '+')];
}

const SHIFT = 7;
const STARTS = 1 << (SHIFT * HASHED_UNITS);

/**
 * A hash of the HASHED_UNITS UTF-16 units ending at `index`, from the one ending before it: a
 * unit is shifted out after HASHED_UNITS steps. Forms sharing a hash are told apart by startsWith.
 */
const rolled = (hash: number, text: string, index: number) => ((hash << SHIFT) ^ text.charCodeAt(index)) & (STARTS - 1);

/** The hash of the HASHED_UNITS units from `at` (the same as rolling them in one by one). */
const unitsHashAt = (text: string, at: number) => ((text.charCodeAt(at) << (2 * SHIFT)) ^ (text.charCodeAt(at + 1) << SHIFT) ^ text.charCodeAt(at + 2)) & (STARTS - 1);

/**
 * Whether a text contains one of `forms` (each HASHED_UNITS characters or more). Forms are found by a
 * hash of their first characters, so a long text costs one array look-up per character (a map look-up
 * where a form may start), however many forms there are. As findsFormsInBytes, when every form is longer
 * than HASHED_UNITS only every `stride`-th place is hashed, against the hashes of each form's first
 * `stride` groups of units.
 */
export function findsForms(forms: Iterable<string>): (text: string) => boolean {
  const byStart = new Map<number, string[]>();
  const starts = new Uint8Array(STARTS);
  // No form is shorter than this: a shorter text holds none.
  let shortest = Infinity;
  const distinct = new Set(forms);
  for (const form of distinct) {
    const start = unitsHashAt(form, 0);
    starts[start] = 1;
    const known = byStart.get(start);
    if (known) known.push(form);
    else byStart.set(start, [form]);
    shortest = Math.min(shortest, form.length);
  }
  /** Whether a form whose first units hash to `hash` starts at `from`. */
  const formAt = (text: string, from: number, hash: number) => starts[hash] !== 0 && byStart.get(hash)!.some((form) => text.startsWith(form, from));
  const startsAt = (text: string, from: number) => formAt(text, from, unitsHashAt(text, from));
  if (shortest < HASHED_UNITS) throw new Error(`findsForms was given a form shorter than ${HASHED_UNITS} units`);
  const stride = distinct.size === 0 ? 1 : shortest - HASHED_UNITS + 1;
  // A step of one: rolling the hash on reads each place once (the strided loop would hash it twice).
  if (stride === 1) {
    return (text) => {
      if (text.length < shortest) return false;
      let hash = 0;
      for (let index = 0; index < text.length; index++) {
        hash = rolled(hash, text, index);
        const start = index + 1 - HASHED_UNITS;
        if (start >= 0 && formAt(text, start, hash)) return true;
      }
      return false;
    };
  }
  const groups = new Uint8Array(STARTS);
  for (const form of distinct) for (let at = 0; at < stride; at++) groups[unitsHashAt(form, at)] = 1;
  return (text) => {
    if (text.length < shortest) return false;
    for (let at = 0; at + HASHED_UNITS <= text.length; at += stride) {
      if (groups[unitsHashAt(text, at)] === 0) continue;
      for (let from = Math.max(0, at - stride + 1); from <= at; from++) if (startsAt(text, from)) return true;
    }
    return false;
  };
}

/**
 * Whether a string holds one of `secrets`: is one, or contains one (of `minEmbedded` characters or
 * more, at least HASHED_UNITS) in any of its embedded forms, however many secrets there are (see findsForms).
 */
export function findsSecrets(secrets: ReadonlySet<string>, minEmbedded = MIN_EMBEDDED_LENGTH): (text: string) => boolean {
  // Made when first needed: a large report's changes are mostly let through by mayHoldSecretsInJson instead.
  let contains: ((text: string) => boolean) | undefined;
  const formsFinder = () => {
    const long = [...secrets].filter((secret) => secret.length >= Math.max(minEmbedded, HASHED_UNITS));
    return findsForms(embeddedFormsOfAll(long).flat());
  };
  return (text) => secrets.has(text) || (contains ??= formsFinder())(text);
}

/** Whether JSON, a JSON pointer or Terraform's quoting of an instance key writes a string otherwise than as it is. */
function escapedSomewhere(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // Outside printable ASCII; `"`, `\`, `/`, `~`; `{` after `$` or `%`.
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c || code === 0x2f || code === 0x7e) return true;
    if (code === 0x7b && index > 0 && (text[index - 1] === '$' || text[index - 1] === '%')) return true;
  }
  return false;
}

/** Inside a JSON string: a form as itself, as a JSON pointer token (`~` → `~0`, `/` → `~1`), and as Terraform quotes an instance key. */
const jsonTextForms = (text: string) => {
  if (!escapedSomewhere(text)) return [text];
  const inJson = (value: string) => JSON.stringify(value).slice(1, -1);
  return [...new Set([inJson(text), inJson(text.replaceAll('~', '~0').replaceAll('/', '~1')), inJson(terraformQuoted(text))])];
};

/** A lone surrogate (half of a pair): JSON.stringify escapes it alone, not where its other half follows in a longer string. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Bytes of a form the byte search hashes: a shift-xor hash of the last four bytes (older ones are shifted out), so few places of a text look like the start of one. */
const HASHED_BYTES = 4;
const BYTE_SHIFT = 6;
const BYTE_HASH_MASK = (1 << (HASHED_BYTES * BYTE_SHIFT)) - 1;

/** Slots of the table of forms by hash (a form's slot is the low bits of its hash; a slot's forms are chained). */
const FORM_SLOTS = 1 << 16;

/** The hash of the HASHED_BYTES bytes from `at` (the same as the shift-xor of them one by one). */
const bytesHashAt = (bytes: Uint8Array, at: number) => ((bytes[at]! << (3 * BYTE_SHIFT)) ^ (bytes[at + 1]! << (2 * BYTE_SHIFT)) ^ (bytes[at + 2]! << BYTE_SHIFT) ^ bytes[at + 3]!) & BYTE_HASH_MASK;

/** Whether bytes[start, end) contain one of `forms` (see whereFormsInBytes). */
export function findsFormsInBytes(forms: readonly string[]): (bytes: Uint8Array, start: number, end: number) => boolean {
  const where = whereFormsInBytes(forms);
  return (bytes, start, end) => where(bytes, start, end) !== -1;
}

/**
 * Where in bytes[start, end) one of `forms` (each HASHED_BYTES or more in UTF-8) starts, or -1, found by a hash of
 * their first bytes: a bit set of where forms start, then the forms starting so compared byte by byte.
 * The forms are kept in one buffer and typed arrays: a plan's secrets have a hundred thousand forms.
 *
 * When every form is longer than HASHED_BYTES, only every `stride`-th place is hashed (stride: the
 * shortest form's length less HASHED_BYTES, plus one): a form found anywhere covers one of them with
 * one of its first `stride` groups of HASHED_BYTES bytes, which a second bit set holds; only where it
 * does are the places just before compared as above. Ten-character secrets make this 3-4 times faster.
 */
export function whereFormsInBytes(forms: readonly string[]): (bytes: Uint8Array, start: number, end: number) => number {
  let capacity = 0;
  for (const form of forms) capacity += form.length * 3;
  const encoded = Buffer.allocUnsafe(capacity);
  const offsets = new Int32Array(forms.length + 1);
  const hashes = new Int32Array(forms.length);
  const next = new Int32Array(forms.length);
  const firsts = new Int32Array(FORM_SLOTS).fill(-1);
  const buckets = new Uint32Array((BYTE_HASH_MASK + 1) >>> 5);
  let shortest = Infinity;
  // Encoded in one go (a plan's secrets have a hundred thousand forms); when that is all ASCII each form takes as many bytes as characters.
  const joined = forms.join('');
  const ascii = encoded.write(joined) === joined.length;
  for (let form = 0, used = 0; form < forms.length; form++) {
    offsets[form] = used;
    used += ascii ? forms[form].length : encoded.write(forms[form], used);
    offsets[form + 1] = used;
    shortest = Math.min(shortest, used - offsets[form]);
    const hash = bytesHashAt(encoded, offsets[form]);
    buckets[hash >>> 5] |= 1 << (hash & 31);
    hashes[form] = hash;
    next[form] = firsts[hash & (FORM_SLOTS - 1)];
    firsts[hash & (FORM_SLOTS - 1)] = form;
  }
  const formAt = (bytes: Uint8Array, from: number, end: number, hash: number) => {
    for (let form = firsts[hash & (FORM_SLOTS - 1)]; form >= 0; form = next[form]) {
      const length = offsets[form + 1] - offsets[form];
      if (hashes[form] !== hash || from + length > end) continue;
      let index = 0;
      while (index < length && bytes[from + index] === encoded[offsets[form] + index]) index++;
      if (index === length) return true;
    }
    return false;
  };
  const startsAt = (bytes: Uint8Array, from: number, end: number) => {
    const hash = bytesHashAt(bytes, from);
    return (buckets[hash >>> 5] & (1 << (hash & 31))) !== 0 && formAt(bytes, from, end, hash);
  };
  if (shortest < HASHED_BYTES) throw new Error(`whereFormsInBytes was given a form shorter than ${HASHED_BYTES} bytes`);
  const stride = forms.length === 0 ? 1 : shortest - HASHED_BYTES + 1;
  // A step of one: rolling the hash on reads each place once (the strided loop would hash it twice).
  if (stride === 1) {
    return (bytes, start, end) => {
      // The hash of the last HASHED_BYTES bytes, rolled on a byte at a time.
      let hash = 0;
      for (let index = start; index < end; index++) {
        hash = ((hash << BYTE_SHIFT) ^ bytes[index]) & BYTE_HASH_MASK;
        if ((buckets[hash >>> 5] & (1 << (hash & 31))) !== 0 && index + 1 - HASHED_BYTES >= start && formAt(bytes, index + 1 - HASHED_BYTES, end, hash)) return index + 1 - HASHED_BYTES;
      }
      return -1;
    };
  }
  const groups = new Uint32Array((BYTE_HASH_MASK + 1) >>> 5);
  for (let form = 0; form < forms.length; form++) {
    for (let at = offsets[form]; at < offsets[form] + stride; at++) {
      const hash = bytesHashAt(encoded, at);
      groups[hash >>> 5] |= 1 << (hash & 31);
    }
  }
  return (bytes, start, end) => {
    for (let at = start; at + HASHED_BYTES <= end; at += stride) {
      const hash = bytesHashAt(bytes, at);
      if ((groups[hash >>> 5] & (1 << (hash & 31))) === 0) continue;
      for (let from = Math.max(start, at - stride + 1); from <= at; from++) if (startsAt(bytes, from, end)) return from;
    }
    return -1;
  };
}

/**
 * Whether the JSON text of a change (JSON.stringify of it, as UTF-8) may hold what findsSecrets(`secrets`, `minEmbedded`)
 * finds in one of its strings, map keys, path tokens or instance keys: false only where
 * unmarkedSecretScrubber(findsSecrets(…)) would change nothing, so a change already rendered need not be parsed
 * again to be scrubbed. JSON, JSON pointers, Terraform's quoting and UTF-8 encode a string character by
 * character, so a form inside a string is its encoded form inside the text; a form that cannot be looked for
 * so (shorter than the hash, or with a lone surrogate) makes every text "may".
 *
 * Except an address whose instance keys hold quoting (hasQuotedInstanceKey): the scrubber reads such a key
 * back (terraformUnquoted), and what it reads back need not be in its text — a `\u` escape stands for any
 * character (Terraform writes one for a character Go's Unicode tables call unprintable; a forged plan may
 * escape any), and a forged key may double one `${` of a secret and not another. The caller treats such a
 * change as "may" itself: looking for every escape here would make the search look at every place of every line.
 */
export function mayHoldSecretsInJson(secrets: ReadonlySet<string>, minEmbedded = MIN_EMBEDDED_LENGTH): (json: Uint8Array, start: number, end: number) => boolean {
  const where = whereSecretsMayBeInJson(secrets, minEmbedded);
  return (json, start, end) => where(json, start, end) !== -1;
}

/** Where in bytes[start, end) of JSON text mayHoldSecretsInJson finds what may be a secret (`start` when it cannot tell), or -1. */
export function whereSecretsMayBeInJson(secrets: ReadonlySet<string>, minEmbedded = MIN_EMBEDDED_LENGTH): (json: Uint8Array, start: number, end: number) => number {
  // What findsSecrets looks for: a long secret's embedded forms, a short one only as a whole string.
  const long: string[] = [];
  const candidates: string[] = [];
  for (const secret of secrets) {
    if (secret.length < Math.max(minEmbedded, HASHED_UNITS)) candidates.push(secret);
    else long.push(secret);
  }
  for (const secretForms of embeddedFormsOfAll(long)) for (const form of secretForms) candidates.push(form);
  // Most forms are ASCII, as many bytes as characters: only when some are not is each measured.
  const joined = candidates.join('');
  const ascii = Buffer.byteLength(joined) === joined.length;
  const forms: string[] = [];
  for (const form of candidates) {
    const bytes = ascii ? form.length : Buffer.byteLength(form);
    // A lone surrogate is written in three bytes: an ASCII form (as many bytes as characters) holds none.
    if (bytes < HASHED_BYTES || (bytes !== form.length && LONE_SURROGATE.test(form))) return (_json, start) => start;
    if (escapedSomewhere(form)) appendAll(forms, jsonTextForms(form));
    else forms.push(form);
  }
  return whereFormsInBytes(forms);
}

/** What Terraform's quoting of an instance key can change: an escape, or a doubled `$` or `%`. */
const QUOTING = /\\|\$\$\{|%%\{/;

/**
 * Whether a change's address or previous address holds what the scrubber reads an instance key back
 * from (QUOTING: its rule, not a copy of it), which mayHoldSecretsInJson does not look into.
 */
export const hasQuotedInstanceKey = (change: Pick<UnjudgedChange, 'address' | 'previous_address'>) =>
  QUOTING.test(change.address) || (change.previous_address !== undefined && QUOTING.test(change.previous_address));

/** How many keys a scrubber remembers the answer for: a plan's keys are mostly the same few attribute names. */
const MAX_KEYS_REMEMBERED = 100_000;

/** A string instance key of a resource address, `["…"]`, quoted as Terraform quotes it. */
const INSTANCE_KEY = /\["((?:[^"\\]|\\.)*)"\]/g;

/**
 * Terraform does not always carry sensitivity along: `terraform_data.output` copies a sensitive
 * `input` without marking it, so the same secret shows up unmarked elsewhere in the plan, also inside
 * longer strings built from that output (a connection string, a jsonencode'd policy). Any string
 * holding a secret met anywhere in the changes (changed or not; see findsSecrets) is masked too: in
 * the fields, the outputs and the attributes severity rules read, and as a key in an address or a
 * field's path. `holdsSecret` is findsSecrets(the plan's secrets); the scrubber is made once per plan.
 */
export function unmarkedSecretScrubber(holdsSecret: (text: string) => boolean): { change: (change: UnjudgedChange) => void; output: (output: OutputChange) => void } {
  // A map's keys as well as its values: a map keyed by a secret (for_each over it) holds it as much.
  const leaks = (value: unknown): boolean => {
    if (typeof value === 'string') return holdsSecret(value);
    if (typeof value !== 'object' || value === null) return false;
    const isMap = !Array.isArray(value);
    for (const key in value) if ((isMap && keyHoldsSecret(key)) || leaks((value as Record<string, unknown>)[key])) return true;
    return false;
  };
  const scrub = (entry: { before: unknown; after: unknown; sensitive: boolean }) => {
    if (leaks(entry.before)) Object.assign(entry, { before: SENSITIVE, sensitive: true });
    if (leaks(entry.after)) Object.assign(entry, { after: SENSITIVE, sensitive: true });
  };
  // Keys (address instance keys, path steps, map keys) repeat across a plan's changes: each is looked at once (up to a bound).
  const keyHolds = new Map<string, boolean>();
  const keyHoldsSecret = (key: string) => {
    let holds = keyHolds.get(key);
    if (holds === undefined) {
      holds = holdsSecret(key);
      if (keyHolds.size < MAX_KEYS_REMEMBERED) keyHolds.set(key, holds);
    }
    return holds;
  };
  // A key can hold one too (`for_each` over it, a map keyed by it): the address and the path keep their shape.
  const scrubKey = (key: string) => (keyHoldsSecret(key) ? SENSITIVE : key);
  // Read step by step, without building the steps of the many paths that hold none.
  const pathHoldsSecret = (path: string) => {
    for (let start = 1, end = 0; start <= path.length; start = end + 1) {
      end = path.indexOf('/', start);
      if (end < 0) end = path.length;
      const token = path.slice(start, end);
      if (keyHoldsSecret(token.includes('~') ? token.replaceAll('~1', '/').replaceAll('~0', '~') : token)) return true;
    }
    return false;
  };
  // A key as written (a long secret is found in its escaped forms too) and as the key it stands for (a short one only as a whole).
  const instanceKeyHoldsSecret = (quoted: string) => keyHoldsSecret(quoted) || (QUOTING.test(quoted) && keyHoldsSecret(terraformUnquoted(quoted)));
  // Each `["` up to the next unquoted `"`: every key INSTANCE_KEY finds, and perhaps more (scrubAddress then goes by INSTANCE_KEY), without its match arrays.
  const addressHoldsSecret = (address: string) => {
    for (let open = address.indexOf('["'); open !== -1; open = address.indexOf('["', open + 1)) {
      let close = open + 2;
      while (close < address.length && address[close] !== '"') close += address[close] === '\\' ? 2 : 1;
      if (instanceKeyHoldsSecret(address.slice(open + 2, close))) return true;
    }
    return false;
  };
  // Most addresses hold no secret: they are left as they are, not rebuilt (a plan has hundreds of thousands).
  const scrubAddress = (address: string) => {
    if (!address.includes('["') || !addressHoldsSecret(address)) return address;
    return address.replace(INSTANCE_KEY, (key, quoted: string) => (instanceKeyHoldsSecret(quoted) ? `["${SENSITIVE}"]` : key));
  };
  const change = (change: UnjudgedChange) => {
    change.address = scrubAddress(change.address);
    if (change.previous_address) change.previous_address = scrubAddress(change.previous_address);
    for (const field of change.fields) if (pathHoldsSecret(field.path)) field.path = pointerFromSteps(stepsFromPointer(field.path).map(scrubKey));
    change.fields.forEach(scrub);
    // The unchanged values severity rules read are in the report too.
    const attributes = change.attributes;
    if (attributes) for (const path in attributes) if (leaks(attributes[path])) attributes[path] = SENSITIVE;
  };
  return { change, output: scrub };
}
