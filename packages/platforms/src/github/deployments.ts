import { z } from 'zod';
import { describeFailure } from '@gitops-sync/core';
import type { DeploymentOutcome, DeploymentRecord, DeploymentRecorder, Exec } from '@gitops-sync/engine';
import { apiLimitsFromEnv } from '../api-retry.js';
import { runIdentity } from '../run-identity.js';
import { GitHubApi, type GitHubApiOptions } from './api.js';

const WRITE_DEPLOYMENTS = 'the "Deployments: write" permission (GITHUB_TOKEN: permissions: deployments: write)';
const Created = z.object({ id: z.number() });
/** GitHub refuses a status description over 140 characters. */
const DESCRIPTION_LIMIT = 140;

const short = (text: string) => (text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT - 1)}…` : text);

export interface GitHubDeploymentOptions extends GitHubApiOptions {
  /** The commit deployed: the deployment's `ref`. */
  sha: string;
  /** The run's page, each status's `log_url`. */
  runUrl: string | null;
  /** Where a refusal is said, in one line; the sync goes on. */
  warn: (message: string) => void;
  /** Removes secrets from what is sent (a failure's message may quote a tool). */
  redact?: (text: string) => string;
}

/**
 * Each sync or rollback as a GitHub Deployment of the commit it applied, with its statuses
 * (`in_progress`, then `success` or `failure`, each linking the run), so the environment's page on
 * GitHub shows its history. https://docs.github.com/rest/deployments/deployments
 */
export class GitHubDeploymentRecorder implements DeploymentRecorder {
  private readonly api: GitHubApi;

  constructor(private readonly options: GitHubDeploymentOptions) {
    this.api = new GitHubApi(options);
  }

  async start(environment: string, description: string): Promise<DeploymentRecord> {
    let id: number;
    try {
      const created = await this.api.call({ what: `record the deployment of ${environment}`, permission: WRITE_DEPLOYMENTS }, Created, 'POST /repos/{owner}/{repo}/deployments', {
        ref: this.options.sha,
        environment,
        description: this.text(description),
        // The deployed commit, as it is: no merge of the default branch into it, no wait for checks the gate has judged.
        auto_merge: false,
        required_contexts: [],
      });
      id = created.data.id;
      await this.status(environment, id, 'in_progress', description);
    } catch (error) {
      this.refused(environment, error);
      return { finish: async () => {} };
    }
    return {
      finish: async (outcome: DeploymentOutcome, text: string) => {
        try {
          await this.status(environment, id, outcome, text);
        } catch (error) {
          this.refused(environment, error);
        }
      },
    };
  }

  private status(environment: string, id: number, state: 'in_progress' | DeploymentOutcome, description: string) {
    return this.api.call({ what: `set the deployment of ${environment} to ${state}`, permission: WRITE_DEPLOYMENTS }, Created, 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      deployment_id: id,
      state,
      description: this.text(description),
      ...(this.options.runUrl ? { log_url: this.options.runUrl } : {}),
    });
  }

  private text(description: string): string {
    return short(this.redact(description));
  }

  private redact(text: string): string {
    return this.options.redact ? this.options.redact(text) : text;
  }

  private refused(environment: string, error: unknown) {
    this.options.warn(`The deployment of ${environment} is not recorded on GitHub: ${this.redact(describeFailure(error)).replace(/\s+/g, ' ')} The sync or rollback itself is unaffected.`);
  }
}

/** The commit the working copy has checked out (what was applied), else the run's GITHUB_SHA. */
async function deployedCommit(exec: Exec, cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const head = await exec.run('git', ['rev-parse', '--verify', 'HEAD^{commit}'], { cwd }).catch(() => undefined);
  const sha = head?.exitCode === 0 ? head.stdout.toString('utf8').trim() : env.GITHUB_SHA?.trim();
  return sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : undefined;
}

/**
 * The recorder for a run in GitHub Actions with a token; none elsewhere (a terminal has no run to
 * link, and GitLab records a job's deployment itself through the job's `environment:`).
 */
export async function githubDeploymentsFor(
  env: NodeJS.ProcessEnv,
  where: { exec: Exec; cwd: string; warn: (message: string) => void; redact?: (text: string) => string; token?: string },
): Promise<DeploymentRecorder | undefined> {
  const token = where.token || env.GITHUB_TOKEN;
  const identity = runIdentity(env);
  if (env.GITHUB_ACTIONS !== 'true' || !token || !identity.repository) return undefined;
  const sha = await deployedCommit(where.exec, where.cwd, env);
  if (!sha) {
    where.warn('The deployment is not recorded on GitHub: neither the working copy nor GITHUB_SHA names the commit deployed. The sync or rollback itself is unaffected.');
    return undefined;
  }
  return new GitHubDeploymentRecorder({ token, repository: identity.repository, baseUrl: env.GITHUB_API_URL, limits: apiLimitsFromEnv(env), sha, runUrl: identity.run.url, warn: where.warn, redact: where.redact });
}
