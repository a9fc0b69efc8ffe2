/**
 * The gate's half of `signed_commits: required`: each commit of the change checked locally (the
 * shared `git verify-commit` check, against the keys the config at the BASE commit names, read from
 * the base commit so a change cannot add its own key) and as the platform reports it.
 */
import { posix } from 'node:path';
import { commitSignatureKeys, judgeCommitSignatures, UserError, type CommitSignatureDecision, type LocalCommitSignature } from '@gitops-sync/core';
import type { Exec } from '../ports.js';
import { commitVerifier, type KeySource, type SignatureKeySources } from '../signatures/verify-commit.js';
import { CommitReader, type BasePolicy } from './base-policy.js';
import type { ReviewPlatform } from './review-platform.js';

const PLATFORM_NAME = { github: 'GitHub', gitlab: 'GitLab' } as const;

/** The configured key files as they are at the base commit (paths relative to the config file). */
async function baseSignatureKeys(reader: CommitReader, policy: Pick<BasePolicy, 'config' | 'configPath'>, baseSha: string): Promise<SignatureKeySources> {
  const { keys, section } = commitSignatureKeys(policy.config);
  const read = async (path: string | undefined, key: string): Promise<KeySource | undefined> => {
    if (!path) return undefined;
    const inRepo = posix.normalize(posix.join(posix.dirname(policy.configPath), path.replace(/\\/g, '/')));
    const text = inRepo.startsWith('../') ? undefined : await reader.read(inRepo, baseSha);
    if (text === undefined) {
      throw new UserError(`${section}.${key} names ${inRepo}, which is not in the base commit ${baseSha.slice(0, 12)}; commit the file to the base branch first (keys are read at the base, so a change cannot bring its own).`);
    }
    return { text: Buffer.from(text), where: `${inRepo} at ${baseSha.slice(0, 12)} (${section}.${key})` };
  };
  return { allowedSigners: await read(keys.allowed_signers, 'allowed_signers'), gpgKeyring: await read(keys.gpg_keyring, 'gpg_keyring') };
}

/** Each commit of the change counted or rejected, with why. */
export async function judgeSignedCommits(platform: ReviewPlatform, exec: Exec, cwd: string, policy: Pick<BasePolicy, 'config' | 'configPath'>, baseSha: string): Promise<CommitSignatureDecision> {
  const platformName = PLATFORM_NAME[platform.name];
  if (!platform.commitSignatures) return { counted: [], rejected: [], problems: [`${platformName} does not report commit signatures here`] };
  const listed = await platform.commitSignatures();
  const keys = await baseSignatureKeys(new CommitReader(platform, exec, cwd), policy, baseSha);
  let local: Map<string, LocalCommitSignature> | undefined;
  if (keys.allowedSigners || keys.gpgKeyring) {
    const verifier = await commitVerifier({ cwd, exec, keys });
    try {
      local = new Map();
      for (const commit of listed.commits) local.set(commit.sha, await verifier.verify(commit.sha));
    } finally {
      verifier.dispose();
    }
  }
  return judgeCommitSignatures({
    shas: listed.commits.map((commit) => commit.sha),
    local,
    platform: new Map(listed.commits.map((commit) => [commit.sha, commit])),
    platformName,
    problems: listed.problem ? [listed.problem] : [],
  });
}
