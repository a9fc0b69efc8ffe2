import { posix } from 'node:path';
import {
  allowedPathMatcher,
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
  for (const file of files) {
    const sides = [
      { side: 'base' as const, path: file.previousPath ?? file.path, sha: request.baseSha, present: file.status !== 'added' },
      { side: 'head' as const, path: file.path, sha: request.headSha, present: file.status !== 'removed' },
    ];
    for (const { side, path, sha, present } of sides) {
      if (!present) continue;
      let text: string | undefined;
      try {
        text = await readers[side].read(path, sha);
      } catch (error) {
        findings.push({ path: file.path, reason: `whether ${JSON.stringify(path)} holds a secret at the ${side} cannot be known (${describeFailure(error).replace(/\.$/, '')})` });
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
