import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { GitopsSyncConfig } from './schema.js';

/** YAML documents may not expand aliases past this many nodes (stops "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
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
  if (yamlError) throw new UserError(`${label}:${lineAt(yamlError.pos[0])}: invalid YAML (${yamlError.message.split('\n')[0]}); ${hint}`);
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    throw new UserError(`${label}: ${(error as Error).message}; ${hint}`);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map(String);
  const target = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]] : path;
  const found = nodeAt(document.contents, target);
  const where = path.length ? `${path.join('.')}: ` : '';
  throw new UserError(`${label}:${lineAt(found?.range?.[0])}: ${where}${describeIssue(issue)}; ${hint}`);
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
