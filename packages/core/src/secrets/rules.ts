import { readFileSync } from 'node:fs';
import { RE2JS } from 're2js';
import { load } from 'js-yaml';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { globToRegExp } from '../severity/glob.js';

/** A compiled regular expression: whether it matches anywhere in a text. */
export interface TextPattern {
  test(text: string): boolean;
}

/**
 * A regular expression from outside (`.sops.yaml`, a SOPS file's metadata, `secrets.rules`), compiled
 * with RE2 as SOPS (Go) does: matching takes linear time, so a pattern a pull request writes
 * (`^(a+)+$`) cannot hang the job the way a backtracking engine would. RE2 syntax: `(?i)` and the
 * like, no lookarounds or backreferences. Throws a UserError naming `where` when it does not compile.
 */
export function compileRegExp(source: string, where: string): TextPattern {
  try {
    const pattern = RE2JS.compile(source);
    return { test: (text) => pattern.test(text) };
  } catch (error) {
    throw new UserError(`${where} is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')}); fix it.`);
  }
}

const regexSource = z.string().min(1);

export const SecretRule = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'rule ids are lower-case letters, digits, . and -'),
    description: z.string().min(1),
    pattern: regexSource.optional(),
    key: regexSource.optional(),
    value: regexSource.optional(),
    min_entropy: z.number().positive().optional(),
    min_length: z.number().int().min(1).default(1),
  })
  .strict()
  .refine((rule) => (rule.pattern === undefined) !== (rule.key === undefined), { message: 'a rule has either `pattern` or `key` (with `value` and/or `min_entropy`)' })
  .refine((rule) => rule.key === undefined || rule.value !== undefined || rule.min_entropy !== undefined, { message: 'a `key` rule also needs `value` or `min_entropy`' });
export type SecretRule = z.infer<typeof SecretRule>;

export const SecretRulesFile = z.object({ rules: z.array(SecretRule) }).strict();

/** A rule with its expressions compiled, ready to match. */
export interface CompiledSecretRule {
  id: string;
  description: string;
  pattern?: TextPattern;
  key?: TextPattern;
  value?: TextPattern;
  minEntropy?: number;
  minLength: number;
}

export function compileSecretRules(rules: readonly SecretRule[], label: string): CompiledSecretRule[] {
  const ids = new Set<string>();
  return rules.map((rule) => {
    if (ids.has(rule.id)) throw new UserError(`${label}: the secret rule id ${rule.id} is used twice; give each rule its own id.`);
    ids.add(rule.id);
    const compile = (source: string | undefined, field: string) => (source === undefined ? undefined : compileRegExp(source, `${label}: ${field} of secret rule ${rule.id}`));
    return {
      id: rule.id,
      description: rule.description,
      pattern: compile(rule.pattern, 'pattern'),
      key: compile(rule.key, 'key'),
      value: compile(rule.value, 'value'),
      minEntropy: rule.min_entropy,
      minLength: rule.min_length,
    };
  });
}

let cached: SecretRule[] | undefined;

/** The plaintext-secret rules shipped with gitops-sync (`default-secret-rules.yaml`, bundled beside the code). */
export function defaultSecretRules(): SecretRule[] {
  cached ??= SecretRulesFile.parse(load(readFileSync(new URL('./default-secret-rules.yaml', import.meta.url), 'utf8'))).rules;
  return cached;
}

/** The built-in rules then the extra ones; an extra rule with a built-in id replaces it. */
export function mergeSecretRules(extra: readonly SecretRule[]): SecretRule[] {
  const replaced = new Set(extra.map((rule) => rule.id));
  return [...defaultSecretRules().filter((rule) => !replaced.has(rule.id)), ...extra];
}

/** `secrets.allow`: path globs (relative to the repository root; `**` crosses folders) whose plaintext-secret findings are allowed. */
export function allowedPathMatcher(globs: readonly string[]): (path: string) => boolean {
  const patterns = globs.map((glob) => globToRegExp(glob.replace(/^\.?\//, ''), { pathGlobstar: true }));
  return (path) => patterns.some((pattern) => pattern.test(path));
}

let compiledDefaults: CompiledSecretRule[] | undefined;

/** The built-in rules, compiled once. */
export function compiledDefaultSecretRules(): CompiledSecretRule[] {
  compiledDefaults ??= compileSecretRules(defaultSecretRules(), 'the built-in secret rules');
  return compiledDefaults;
}
