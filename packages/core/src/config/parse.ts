import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError, yamlErrorText } from '../errors.js';
import { closest } from '../closest.js';
import { GitopsSyncConfig } from './schema.js';

/** YAML documents may not expand aliases past this many nodes (stops "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** The key a required-member issue says is absent (zod: "expected string, received undefined"), if that is what it says. */
function missingKey(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'invalid_type' || !/received undefined$/.test(issue.message) || issue.path.length === 0) return undefined;
  return String(issue.path.at(-1));
}

/** A key that should hold settings but holds nothing (YAML reads `terraform:` with nothing indented below it as null). */
const isEmptyObject = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && /expected object, received null$/.test(issue.message);

const pathText = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** The unknown keys found in the object at `path`. */
function unknownKeysAt(all: readonly z.core.$ZodIssue[], path: readonly PropertyKey[]): string[] {
  const issue = all.find((other) => other.code === 'unrecognized_keys' && pathText(other.path) === pathText(path));
  return issue?.code === 'unrecognized_keys' ? issue.keys : [];
}

function describeIssue(issue: z.core.$ZodIssue, all: readonly z.core.$ZodIssue[]): string {
  if (issue.code === 'unrecognized_keys') {
    // A key missing beside it is what it may have been meant as: one spelt alike, or one it starts with (`directory` for `dir`).
    const expected = all.filter((other) => missingKey(other) !== undefined && pathText(other.path.slice(0, -1)) === pathText(issue.path)).map((other) => missingKey(other)!);
    const key = issue.keys[0];
    const meant = closest(key, expected, { prefixes: false }) ?? expected.find((missing) => key.startsWith(missing) || missing.startsWith(key));
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}${meant ? ` (did you mean "${meant}"?)` : ''}`;
  }
  const missing = missingKey(issue);
  if (missing !== undefined) return `the key "${missing}" is missing (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`;
  if (isEmptyObject(issue)) {
    const beside = unknownKeysAt(all, issue.path.slice(0, -1));
    return `nothing is set under it; indent its settings below it${beside.length ? ` (${beside.map((key) => `"${key}"`).join(', ')} ${beside.length > 1 ? 'are' : 'is'} at its level)` : ''}`;
  }
  // zod words a map key its pattern refuses only as "Invalid key in record"; the pattern's own message says what is allowed.
  if (issue.code === 'invalid_key' && issue.issues[0]?.message) return `not an allowed name: ${issue.issues[0].message}`;
  return issue.message;
}

/**
 * Parses YAML text with a zod schema; every problem becomes one UserError sentence of the form
 * `file:line: where: what`, so a user can jump straight to it.
 */
export function parseYamlWith<T extends z.ZodType>(schema: T, text: string, label: string, hint: string): z.infer<T> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const yamlError = document.errors[0];
  if (yamlError) throw new UserError(`${label}:${lineAt(yamlError.pos[0])}: invalid YAML (${yamlErrorText(yamlError.message)}); ${hint}`);
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    throw new UserError(`${label}: ${(error as Error).message}; ${hint}`);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues;
  // A key with nothing under it beside unknown keys: its settings were not indented below it. Else an
  // unknown key is usually the cause of the rest (`directory:` written for `dir:` also leaves dir missing).
  const issue =
    issues.find((candidate) => isEmptyObject(candidate) && unknownKeysAt(issues, candidate.path.slice(0, -1)).length > 0) ??
    issues.find((candidate) => candidate.code === 'unrecognized_keys') ??
    issues[0];
  const path = issue.path.map(String);
  // A missing key is reported at the object that lacks it.
  const at = missingKey(issue) !== undefined ? path.slice(0, -1) : path;
  const found = nodeAt(document.contents, issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]] : at);
  const where = at.length ? `${at.join('.')}: ` : '';
  throw new UserError(`${label}:${lineAt(found?.range?.[0])}: ${where}${describeIssue(issue, issues)}; ${hint}`);
}

type Located = { range?: [number, number, number] | null };

/**
 * The YAML node `path` names — the key, for a map entry, where a reader looks first. Keys are compared
 * as text, since YAML reads `123:` as a number but zod reports the path segment "123".
 */
function nodeAt(root: unknown, path: readonly string[]): Located | undefined {
  let node = root as Located | undefined;
  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === segment);
      if (!pair) return node;
      if (index === path.length - 1 || !pair.value) return pair.key as Located;
      node = pair.value as Located;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Located | undefined;
      if (!item) return node;
      node = item;
    } else return node;
  }
  return node;
}

export function parseConfig(text: string, label: string): GitopsSyncConfig {
  return parseYamlWith(GitopsSyncConfig, text, label, 'see the configuration reference in the README.');
}
