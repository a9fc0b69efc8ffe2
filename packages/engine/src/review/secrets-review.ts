import { posix } from 'node:path';
import {
  allowedPathMatcher,
  appendAll,
  compileSecretRules,
  describeFailure,
  mergeSecretRules,
  parseYamlWith,
  scanPlaintext,
  SecretRulesFile,
  type ChangedFile,
  type ChangeRequest,
  type CompiledSecretRule,
  type UnsafeFinding,
} from '@gitops-sync/core';
import { encryptionOf } from '../secrets/pr-changes.js';
import type { Exec } from '../ports.js';
import { CommitReader, type BasePolicy } from './base-policy.js';
import type { ReviewPlatform } from './review-platform.js';

/** What a text sniff of this many bytes finds a NUL in is binary (or UTF-16): read without its NULs. */
const SNIFF_BYTES = 8000;

/**
 * Why a change touches secrets, for approve-safe: a changed file encrypted at the base or at the head
 * (SOPS metadata, git-crypt's header) needs a human who owns the secrets, and so does a plaintext
 * secret the head adds (the secrets check's rules, with `secrets.rules` and `secrets.allow` read at
 * the base commit like the rest of the policy). Each side is read from the local clone when it has
 * that commit, else through the platform; anything that cannot be read leaves the change unsafe.
 */
export async function secretsFindingsForChange(platform: ReviewPlatform, exec: Exec, cwd: string, request: ChangeRequest, files: readonly ChangedFile[], policy: BasePolicy): Promise<UnsafeFinding[]> {
  // One reader per commit: a clone may hold the base and not the head (pull_request_target checks out the base).
  const readers = { base: new CommitReader(platform, exec, cwd), head: new CommitReader(platform, exec, cwd) };
  const rules = await secretRulesAtBase(readers.base, request.baseSha, policy);
  if (typeof rules === 'string') return [{ path: null, reason: rules }];
  const allowed = allowedPathMatcher(policy.config.secrets.allow);
  const findings: UnsafeFinding[] = [];
  for (let first = 0; first < files.length; first += FILES_READ_AT_ONCE) {
    const some = files.slice(first, first + FILES_READ_AT_ONCE).map((file) => ({ file, sides: sidesOf(file) }));
    const present = (side: 'base' | 'head') => some.flatMap(({ sides }) => sides.filter((each) => each.side === side && each.present).map((each) => each.path));
    const texts = { base: await readers.base.readAll(present('base'), request.baseSha), head: await readers.head.readAll(present('head'), request.headSha) };
    for (const { file, sides } of some) appendAll(findings, fileFindings(file, sides, texts, rules, allowed));
  }
  return findings;
}

/** A changed file's two sides, base first: where each is read, and whether the change has it. */
const sidesOf = (file: ChangedFile) => [
  { side: 'base' as const, path: file.previousPath ?? file.path, present: file.status !== 'added' },
  { side: 'head' as const, path: file.path, present: file.status !== 'removed' },
];

/** How many changed files are read at a time: their texts are in memory together. */
const FILES_READ_AT_ONCE = 200;

/** Why one changed file touches secrets, from its texts at the base and the head. */
function fileFindings(
  file: ChangedFile,
  sides: { side: 'base' | 'head'; path: string; present: boolean }[],
  texts: Record<'base' | 'head', Map<string, string | undefined | Error>>,
  rules: CompiledSecretRule[],
  allowed: (path: string) => boolean,
): UnsafeFinding[] {
  const findings: UnsafeFinding[] = [];
  for (const { side, path, present } of sides) {
    if (!present) continue;
    const text = texts[side].get(path);
    if (text instanceof Error) {
      findings.push({ path: file.path, reason: `whether ${JSON.stringify(path)} holds a secret at the ${side} cannot be known (${describeFailure(text).replace(/\.$/, '')})` });
      break;
    }
    if (text === undefined) continue;
    const protection = encryptionOf(Buffer.from(text, 'utf8'));
    if (protection) {
      findings.push({ path: file.path, reason: `${JSON.stringify(path)} is ${protection.kind === 'sops' ? 'SOPS' : 'git-crypt'}-encrypted at the ${side}: a change to a secret needs a human who owns it` });
      break;
    }
    if (side === 'head' && !allowed(path)) {
      // NULs (UTF-16 text, NUL padding) dropped as secrets check does: an ASCII secret still shows.
      const scanned = text.slice(0, SNIFF_BYTES).includes('\0') ? text.replaceAll('\0', '') : text;
      for (const secret of scanPlaintext(path, scanned, rules)) findings.push({ path: file.path, reason: `a plaintext secret at line ${secret.line} (rule ${secret.rule}): ${secret.message}` });
    }
  }
  return findings;
}

/** The secret rules as the base commit's config says (built-in plus `secrets.rules`), or why they cannot be read. */
export async function secretRulesAtBase(reader: CommitReader, baseSha: string, policy: Pick<BasePolicy, 'config' | 'configPath'>): Promise<CompiledSecretRule[] | string> {
  const extraPath = policy.config.secrets.rules;
  if (extraPath === undefined) return compileSecretRules(mergeSecretRules([]), 'the built-in secret rules');
  const path = posix.normalize(posix.join(posix.dirname(policy.configPath), extraPath.replace(/\\/g, '/')));
  try {
    const text = await reader.read(path, baseSha);
    if (text === undefined) return `secrets.rules names ${path}, which does not exist at the base commit, so plaintext secrets cannot be looked for`;
    const extra = parseYamlWith(SecretRulesFile, text, `${path} at the base commit`, 'a secret rules file holds `rules:` entries with id, description and pattern (or key with value / min_entropy).').rules;
    return compileSecretRules(mergeSecretRules(extra), path);
  } catch (error) {
    return `the secret rules ${path} at the base commit cannot be used (${describeFailure(error).replace(/\.$/, '')})`;
  }
}
