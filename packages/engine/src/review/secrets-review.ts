import { describeFailure, type ChangedFile, type ChangeRequest, type UnsafeFinding } from '@gitops-sync/core';
import { encryptionOf } from '../secrets/pr-changes.js';
import type { Exec } from '../ports.js';
import { CommitReader } from './base-policy.js';
import type { ReviewPlatform } from './review-platform.js';

/**
 * Why a change touches secrets at rest, for approve-safe: every changed file encrypted at the base or
 * at the head (SOPS metadata, git-crypt's header) needs a human who owns the secrets. Each side is
 * read from the local clone when it has that commit, else through the platform; a file that cannot
 * be read leaves the change unsafe (fail closed).
 */
export async function encryptedFilesTouched(platform: ReviewPlatform, exec: Exec, cwd: string, request: ChangeRequest, files: readonly ChangedFile[]): Promise<UnsafeFinding[]> {
  // One reader per commit: a clone may hold the base and not the head (pull_request_target checks out the base).
  const readers = { base: new CommitReader(platform, exec, cwd), head: new CommitReader(platform, exec, cwd) };
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
        findings.push({ path: file.path, reason: `whether ${JSON.stringify(path)} is encrypted at the ${side} cannot be known (${describeFailure(error).replace(/\.$/, '')})` });
        break;
      }
      const protection = text === undefined ? undefined : encryptionOf(Buffer.from(text, 'utf8'));
      if (protection) {
        findings.push({ path: file.path, reason: `${JSON.stringify(path)} is ${protection.kind === 'sops' ? 'SOPS' : 'git-crypt'}-encrypted at the ${side}: a change to a secret needs a human who owns it` });
        break;
      }
    }
  }
  return findings;
}
