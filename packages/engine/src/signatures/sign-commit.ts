/**
 * How every commit gitops-sync makes (a git rollback, the audit log's `git` store) is signed: with
 * the runner's git signing key (`user.signingkey`, and `gpg.format ssh` for an SSH key) when one is
 * configured, so the commits pass the same `signed_commits: required` gate as everyone else's.
 */

/** Runs git in the repository the commit is made in. */
type RunGit = (args: string[]) => Promise<{ exitCode: number; stdout: Buffer | string }>;

/**
 * `-S` when git has a signing key configured; nothing when it has none and signing is not required.
 * `required` (e.g. `audit.sign_commits: true`) asks for `-S` anyway, so git's own error names what is missing.
 */
export async function signingArgs(git: RunGit, required = false): Promise<string[]> {
  const key = await git(['config', '--get', 'user.signingkey']);
  return required || (key.exitCode === 0 && key.stdout.toString().trim() !== '') ? ['-S'] : [];
}

/** The fix for a commit git could not sign, as a clause. */
export const SIGNING_FIX = "configure the runner's signing key (git config user.signingkey, and gpg.format ssh for an SSH key) so git can sign with it";
