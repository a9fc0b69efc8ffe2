import { isMap, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { GitopsSyncConfig } from './schema.js';

/** YAML documents may not expand aliases past this many nodes (stops "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
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
  let node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
  if (issue.code === 'unrecognized_keys') {
    const parent = document.getIn(path, true);
    const pair = isMap(parent) ? parent.items.find((item) => String((item.key as { value?: unknown })?.value) === issue.keys[0]) : undefined;
    node = (pair?.key as typeof node) ?? node;
  }
  for (let depth = path.length; !node?.range && depth > 0; depth--) node = document.getIn(path.slice(0, depth - 1), true) as typeof node;
  const where = path.length ? `${path.join('.')}: ` : '';
  throw new UserError(`${label}:${lineAt(node?.range?.[0])}: ${where}${describeIssue(issue)}; ${hint}`);
}

export function parseConfig(text: string, label: string): GitopsSyncConfig {
  return parseYamlWith(GitopsSyncConfig, text, label, 'see the configuration reference in the README.');
}
