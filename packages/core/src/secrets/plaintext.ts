import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { SecretFinding } from './finding.js';
import type { CompiledSecretRule } from './rules.js';

/** Bits of Shannon entropy per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / text.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

/**
 * A SOPS-encrypted value; never a plaintext secret. SOPS's AES-GCM uses a 32-byte IV and a 16-byte tag
 * (aes/cipher.go), base64 with padding: anything shorter is no SOPS ciphertext (`data:` holding base64 plaintext).
 */
export const SOPS_ENCRYPTED_VALUE = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/]{43}=,tag:[A-Za-z0-9+/]{22}==,type:(?:str|int|float|bool|bytes|time|comment)\]$/;

/** Values that name a secret rather than hold one: references, templates, placeholders. */
const REFERENCE = /^(?:\$\{|\$\(|\{\{|<|%\(|\(sensitive\)$|vault:|ref\+|arn:aws:secretsmanager:)/;

/** SOPS's default `unencrypted_suffix`: it keeps a value in clear, and says nothing of what the value is. */
const SOPS_CLEAR_SUFFIX = '_unencrypted';

/** A key as the key rules judge it: `password_unencrypted` (SOPS leaves it in clear) is still a password. */
const judgedKey = (key: string, clearSuffixes: readonly string[]) => {
  const suffix = [SOPS_CLEAR_SUFFIX, ...clearSuffixes].find((each) => each !== '' && key.endsWith(each) && key.length > each.length);
  return suffix === undefined ? key : key.slice(0, -suffix.length);
};

function keyRuleMatches(rule: CompiledSecretRule, key: string, value: string): boolean {
  if (!rule.key?.test(key)) return false;
  if (value === '' || SOPS_ENCRYPTED_VALUE.test(value) || REFERENCE.test(value)) return false;
  if (rule.value && !rule.value.test(value)) return false;
  if (rule.minEntropy !== undefined) {
    // A random secret mixes letters with digits or both cases; lower-case words joined by dashes (a name) do not.
    const mixed = /[A-Za-z]/.test(value) && (/\d/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value)));
    if (value.length < rule.minLength || !mixed) return false;
    if (shannonEntropy(value) < rule.minEntropy) return false;
  }
  return true;
}

const LINE_KEY_VALUE = /^\s*(?:export\s+|-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^\s"',;#]*)/;
const YAML_FILE = /\.(?:ya?ml|json)$/i;
const MENTIONS_SECRET_KIND = /["']?\bkind["']?\s*:\s*["']?Secret\b(?![-.\w])/;

type Found = (line: number, rule: string, message: string, lastLine?: number) => void;

const plaintextMessage = (file: string, line: number, rule: CompiledSecretRule) =>
  `${file}:${line}: ${rule.description} in plaintext (rule ${rule.id}); remove it, rotate it, and keep it encrypted (SOPS, git-crypt, a SealedSecret or an external secret store), or list the path in secrets.allow if it is a test fixture.`;

function scanLines(file: string, lines: readonly string[], rules: readonly CompiledSecretRule[], found: Found, clearSuffixes: readonly string[] = []) {
  lines.forEach((text, index) => {
    const line = index + 1;
    const pair = LINE_KEY_VALUE.exec(text);
    for (const rule of rules) {
      if (rule.pattern ? rule.pattern.test(text) : pair !== null && keyRuleMatches(rule, judgedKey(pair[1], clearSuffixes), pair[2])) found(line, rule.id, plaintextMessage(file, line, rule));
    }
  });
}

/**
 * A run of base64 (standard or URL-safe) long enough to hold a token: 24 characters are 18 bytes. A
 * longer run is taken 4096 characters at a time (whole base64 quanta, so each piece decodes as the
 * run would), which also keeps V8's backtracking stack small on an endless line.
 */
const BASE64_RUN = /[A-Za-z0-9+/_-]{24,4096}={0,2}/g;

/** Text base64 hides in a line, by the pattern rules: a token encoded once is still the token. Binary (an image) is left alone. */
function scanEncodedLines(file: string, lines: readonly string[], patterns: readonly CompiledSecretRule[], skipped: ReadonlySet<number>, found: Found) {
  lines.forEach((text, index) => {
    const line = index + 1;
    if (skipped.has(line)) return;
    for (const [run] of text.matchAll(BASE64_RUN)) {
      const decoded = Buffer.from(run, 'base64');
      const printable = decoded.reduce((count, byte) => count + (byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e) ? 1 : 0), 0);
      if (printable < decoded.length * 0.9) continue;
      const plain = decoded.toString('latin1');
      for (const rule of patterns) {
        if (rule.pattern!.test(plain)) found(line, rule.id, plaintextMessage(file, line, { ...rule, description: `${rule.description}, base64-encoded,` }));
      }
    }
  });
}

const keyOf = (pair: { key: unknown }) => (isScalar(pair.key) ? String(pair.key.value) : undefined);

/** Where a kind keeps encrypted values: never judged as plaintext. */
const ENCRYPTED_FIELDS: Readonly<Record<string, readonly string[]>> = { SealedSecret: ['spec', 'encryptedData'] };

/**
 * Parsed YAML/JSON strings are checked too: a value folded, quoted or escaped across lines
 * (`"ghp_…\` + newline + `…"`) is whole only once parsed. Returns whether every document parsed.
 */
function scanParsed(file: string, text: string, rules: readonly CompiledSecretRule[], found: Found, clearSuffixes: readonly string[]): boolean {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const documentList = Array.isArray(documents) ? documents : [documents];
  const lineOf = (offset: number | undefined) => (offset === undefined ? 0 : lineCounter.linePos(offset).line);
  let document: Document | undefined;
  /** `where` is the node the value is written at: an alias (`password: *seed`) for a value anchored under an innocent key. */
  const visitScalar = (value: unknown, key: string | undefined, where: Node) => {
    if (typeof value !== 'string') return;
    const [start, , end] = where.range ?? [undefined, undefined, undefined];
    for (const rule of rules) {
      if (rule.pattern ? rule.pattern.test(value) : key !== undefined && keyRuleMatches(rule, judgedKey(key, clearSuffixes), value)) found(lineOf(start), rule.id, plaintextMessage(file, lineOf(start), rule), lineOf(end));
    }
  };
  const visit = (node: unknown, key: string | undefined, skip: readonly string[] = []) => {
    if (isAlias(node)) {
      const target = document && node.resolve(document);
      if (isScalar(target)) visitScalar(target.value, key, node);
    } else if (isScalar(node)) visitScalar(node.value, key, node);
    else if (isMap(node)) {
      const kindPair = node.items.find((pair) => keyOf(pair) === 'kind');
      const kind = isScalar(kindPair?.value) ? String(kindPair.value.value) : undefined;
      if (kind === 'Secret') {
        for (const pair of node.items) {
          const name = keyOf(pair);
          if (name !== 'data' && name !== 'stringData') continue;
          // An alias (`data: *shared`) counts as data: what it points to is a map of values somewhere in the file.
          if (isAlias(pair.value) || (isMap(pair.value) && pair.value.items.some((entry) => isAlias(entry.value) || (isScalar(entry.value) && String(entry.value.value ?? '') !== '')))) {
            const line = lineOf((pair.key as Node).range?.[0]);
            found(line, 'kubernetes-secret-plaintext', `${file}:${line}: a Kubernetes Secret with ${name} in plaintext (base64 is not encryption); encrypt it with SOPS, or replace it with a SealedSecret or an ExternalSecret.`);
          }
        }
      }
      const encrypted = kind === undefined ? skip : (ENCRYPTED_FIELDS[kind] ?? skip);
      // `{ name: DB_PASSWORD, value: … }` (a container's env, an ECS task's environment): the name says what the value is.
      const namePair = node.items.find((pair) => keyOf(pair) === 'name');
      const valueName = isScalar(namePair?.value) && typeof namePair.value.value === 'string' ? namePair.value.value : undefined;
      for (const pair of node.items) {
        const name = keyOf(pair);
        if (encrypted.length === 1 && encrypted[0] === name) continue;
        visit(pair.value, name === 'value' && valueName !== undefined ? valueName : name, encrypted[0] === name ? encrypted.slice(1) : []);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item, key);
    else if (isPair(node)) visit(node.value, undefined);
  };
  let parsed = true;
  for (document of documentList) {
    if (document.errors.length) {
      parsed = false;
      continue;
    }
    const root = document.contents;
    if (isMap(root) && root.items.some((pair) => keyOf(pair) === 'sops')) {
      // A SOPS-encrypted document: its values are checked against .sops.yaml, and its metadata holds no secret.
      for (const pair of root.items) if (keyOf(pair) !== 'sops') visit(pair.value, keyOf(pair));
    } else visit(root, undefined);
  }
  return parsed;
}

/** Without a parse (a Helm template, a broken file): `kind: Secret` and a `data:` or `stringData:` entry holding a literal value. */
function scanUnparsedSecret(file: string, lines: readonly string[], found: Found) {
  if (!lines.some((line) => MENTIONS_SECRET_KIND.test(line))) return;
  lines.forEach((text, index) => {
    const block = /^(\s*)["']?(data|stringData)["']?\s*:\s*(.*)$/.exec(text);
    if (!block) return;
    const inline = block[3].trim();
    const next = lines[index + 1] ?? '';
    const literal = inline.startsWith('{') ? /:\s*["']?[^\s{"'}]/.test(inline) && !inline.includes('{{', 1) : inline === '' && /^\s+["']?[\w.-]+["']?\s*:\s*["']?[^\s{"']/.test(next) && !next.includes('{{');
    if (literal) found(index + 1, 'kubernetes-secret-plaintext', `${file}:${index + 1}: a Kubernetes Secret with ${block[2]} in plaintext (base64 is not encryption); encrypt it with SOPS, or replace it with a SealedSecret or an ExternalSecret.`);
  });
}

/**
 * Plaintext secrets in one text file: every rule on every line, and on parsed YAML/JSON values.
 * `clearSuffixes`: a SOPS file's `unencrypted_suffix`, left off a key before the key rules judge it.
 */
export function scanPlaintext(file: string, text: string, rules: readonly CompiledSecretRule[], clearSuffixes: readonly string[] = []): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  // A value spanning lines is reported once: at the line the line scan saw it, else where it starts.
  const found: Found = (line, rule, message, lastLine = line) => {
    for (let each = line; each <= lastLine; each++) if (seen.has(`${rule}\0${each}`)) return;
    seen.add(`${rule}\0${line}`);
    findings.push({ file, line, rule, severity: 'critical', message });
  };
  const lines = text.split(/\r?\n/);
  const patterns = rules.filter((rule) => rule.pattern);
  const keyRules = rules.filter((rule) => !rule.pattern);
  scanLines(file, lines, patterns, found);
  scanEncodedLines(file, lines, patterns, new Set(findings.map((finding) => finding.line)), found);
  const yamlLike = YAML_FILE.test(file) || MENTIONS_SECRET_KIND.test(text);
  const parsed = yamlLike && scanParsed(file, text, rules, found, clearSuffixes);
  if (!parsed) scanLines(file, lines, keyRules, found, clearSuffixes);
  if (yamlLike && !parsed) scanUnparsedSecret(file, lines, found);
  // A specific rule says more than "high entropy" about the same line.
  const specific = new Set(findings.filter((finding) => patterns.some((rule) => rule.id === finding.rule)).map((finding) => finding.line));
  return findings
    .filter((finding) => !(specific.has(finding.line) && keyRules.some((rule) => rule.id === finding.rule && rule.minEntropy !== undefined)))
    .sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

/**
 * Whether one configuration entry (a ConfigMap key and its value) holds a secret by the rules: the
 * entry as a key and value, and each line of the value as a line of a file (`.env`, `credentials`):
 * also a one-line file, or the lines of a file a diff shows.
 */
export function holdsSecret(key: string, value: string, rules: readonly CompiledSecretRule[]): boolean {
  if (rules.some((rule) => (rule.pattern ? rule.pattern.test(value) : keyRuleMatches(rule, key, value)))) return true;
  let found = false;
  scanLines(key, value.split(/\r?\n/), rules, () => (found = true));
  return found;
}
