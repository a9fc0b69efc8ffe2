import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
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

/** A SOPS-encrypted value; never a plaintext secret. */
export const SOPS_ENCRYPTED_VALUE = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:(?:str|int|float|bool|bytes|comment)\]$/;

/** Values that name a secret rather than hold one: references, templates, placeholders. */
const REFERENCE = /^(?:\$\{|\$\(|\{\{|<|%\(|\(sensitive\)$|vault:|ref\+|arn:aws:secretsmanager:)/;

function keyRuleMatches(rule: CompiledSecretRule, key: string, value: string): boolean {
  if (!rule.key?.test(key)) return false;
  if (value === '' || SOPS_ENCRYPTED_VALUE.test(value) || REFERENCE.test(value)) return false;
  if (rule.value && !rule.value.test(value)) return false;
  if (rule.minEntropy !== undefined) {
    // A random secret mixes letters with digits or symbols; words joined by dashes do not.
    if (value.length < rule.minLength || !/[A-Za-z]/.test(value) || !/[^A-Za-z]/.test(value)) return false;
    if (shannonEntropy(value) < rule.minEntropy) return false;
  }
  return true;
}

const LINE_KEY_VALUE = /^\s*(?:export\s+|-\s+)?["']?([A-Za-z0-9_.\-]+)["']?\s*[:=]\s*["']?([^\s"',;#]*)/;
const YAML_FILE = /\.(?:ya?ml|json)$/i;
const MENTIONS_SECRET_KIND = /^\s*["']?kind["']?\s*:\s*["']?Secret["']?\s*,?\s*$/m;

type Found = (line: number, rule: string, message: string) => void;

const plaintextMessage = (file: string, line: number, rule: CompiledSecretRule) =>
  `${file}:${line}: ${rule.description} in plaintext (rule ${rule.id}); remove it, rotate it, and keep it encrypted (SOPS, git-crypt, a SealedSecret or an external secret store), or list the path in secrets.allow if it is a test fixture.`;

function scanLines(file: string, lines: readonly string[], rules: readonly CompiledSecretRule[], found: Found) {
  lines.forEach((text, index) => {
    const line = index + 1;
    const pair = LINE_KEY_VALUE.exec(text);
    for (const rule of rules) {
      if (rule.pattern ? rule.pattern.test(text) : pair !== null && keyRuleMatches(rule, pair[1], pair[2])) found(line, rule.id, plaintextMessage(file, line, rule));
    }
  });
}

/**
 * Parsed YAML/JSON strings are checked too: a value folded, quoted or escaped across lines
 * (`"ghp_…\` + newline + `…"`) is whole only once parsed.
 */
function scanParsed(file: string, text: string, rules: readonly CompiledSecretRule[], found: Found) {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const documentList = Array.isArray(documents) ? documents : [documents];
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 0);
  let unparsed = false;
  const visit = (node: unknown, key: string | undefined, inSops: boolean) => {
    if (isScalar(node)) {
      if (typeof node.value !== 'string' || inSops) return;
      const value = node.value;
      for (const rule of rules) {
        if (rule.pattern ? rule.pattern.test(value) : key !== undefined && keyRuleMatches(rule, key, value)) found(lineOf(node), rule.id, plaintextMessage(file, lineOf(node), rule));
      }
    } else if (isMap(node)) {
      const kindPair = node.items.find((pair) => isScalar(pair.key) && pair.key.value === 'kind');
      if (isScalar(kindPair?.value) && kindPair.value.value === 'Secret') {
        for (const pair of node.items) {
          if (!isScalar(pair.key) || (pair.key.value !== 'data' && pair.key.value !== 'stringData')) continue;
          if (isMap(pair.value) && pair.value.items.some((entry) => isScalar(entry.value) && String(entry.value.value ?? '') !== '')) {
            const line = lineOf(pair.key as Node);
            found(line, 'kubernetes-secret-plaintext', `${file}:${line}: a Kubernetes Secret with ${String(pair.key.value)} in plaintext (base64 is not encryption); encrypt it with SOPS, or replace it with a SealedSecret or an ExternalSecret.`);
          }
        }
      }
      for (const pair of node.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        visit(pair.value, name, inSops);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item, key, inSops);
    else if (isPair(node)) visit(node.value, undefined, inSops);
  };
  for (const document of documentList) {
    if (document.errors.length) {
      unparsed = true;
      continue;
    }
    const root = document.contents;
    // A SOPS-encrypted document: its values are checked against .sops.yaml, its metadata is no secret.
    const encrypted = isMap(root) && root.items.some((pair) => isScalar(pair.key) && pair.key.value === 'sops');
    if (encrypted && isMap(root)) {
      for (const pair of root.items) visit(pair.value, isScalar(pair.key) ? String(pair.key.value) : undefined, isScalar(pair.key) && pair.key.value === 'sops');
    } else visit(root, undefined, false);
  }
  return unparsed;
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

/** Plaintext secrets in one text file: every rule on every line, and on parsed YAML/JSON values. */
export function scanPlaintext(file: string, text: string, rules: readonly CompiledSecretRule[]): SecretFinding[] {
  const findings = new Map<string, SecretFinding>();
  const found: Found = (line, rule, message) => {
    const key = `${line}\0${rule}`;
    if (!findings.has(key)) findings.set(key, { file, line, rule, severity: 'critical', message });
  };
  const lines = text.split(/\r?\n/);
  scanLines(file, lines, rules, found);
  if (YAML_FILE.test(file) || MENTIONS_SECRET_KIND.test(text) || /"kind"\s*:\s*"Secret"/.test(text)) {
    const unparsed = scanParsed(file, text, rules, found);
    if (unparsed) scanUnparsedSecret(file, lines, found);
  }
  return [...findings.values()].sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}
