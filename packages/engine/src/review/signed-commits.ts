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

/**
 * The commits from base to head (merged-in ones too), oldest first, when the clone has both. None
 * (the base already holds the head, e.g. a merged change whose base the platform moved on) says
 * nothing about which commits were the change's: then only the platform's listing does.
 */
async function localRange(exec: Exec, cwd: string, baseSha: string, headSha: string): Promise<string[] | undefined> {
  if (![baseSha, headSha].every((sha) => /^[0-9a-f]{40,64}$/i.test(sha))) return undefined;
  const listed = await exec.run('git', ['rev-list', '--reverse', headSha, `^${baseSha}`, '--'], { cwd }).catch(() => undefined);
  const shas = listed?.exitCode === 0 ? listed.stdout.toString('utf8').split('\n').filter(Boolean) : [];
  return shas.length ? shas : undefined;
}

/**
 * Each commit of the change counted or rejected, with why. The commits are the clone's base..head
 * when it has them, not only the platform's listing: that may be of another head (pushed while the
 * gate ran), or leave out commits.
 */
export async function judgeSignedCommits(platform: ReviewPlatform, exec: Exec, cwd: string, policy: Pick<BasePolicy, 'config' | 'configPath'>, request: { baseSha: string; headSha: string }): Promise<CommitSignatureDecision> {
  const { baseSha, headSha } = request;
  const platformName = PLATFORM_NAME[platform.name];
  if (!platform.commitSignatures) return { counted: [], rejected: [], problems: [`${platformName} does not report commit signatures here`] };
  const listed = await platform.commitSignatures();
  const listedShas = listed.commits.map((commit) => commit.sha);
  const range = await localRange(exec, cwd, baseSha, headSha);
  const shas = range ? [...new Set([...range, ...listedShas])] : listedShas;
  const problems = listed.problem ? [listed.problem] : [];
  if (!range && !listedShas.includes(headSha)) problems.push(`${platformName} lists the commits of another head than ${headSha.slice(0, 12)} (pushed while the gate ran?), so the head's cannot be checked; run the gate again`);
  const keys = await baseSignatureKeys(new CommitReader(platform, exec, cwd), policy, baseSha);
  let local: Map<string, LocalCommitSignature> | undefined;
  if (keys.allowedSigners || keys.gpgKeyring) {
    const verifier = await commitVerifier({ cwd, exec, keys });
    try {
      local = new Map();
      for (const sha of shas) local.set(sha, await verifier.verify(sha));
    } finally {
      verifier.dispose();
    }
  }
  return judgeCommitSignatures({
    shas,
    local,
    platform: new Map(listed.commits.map((commit) => [commit.sha, commit])),
    platformName,
    problems,
    ...(range ? { range: { base: baseSha, head: headSha, shas: new Set(range) } } : {}),
  });
}
