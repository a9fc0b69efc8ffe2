import { join } from 'node:path';
import { parseConfig } from '@gitops-sync/core';
import { GitHubReview } from '@gitops-sync/platforms';
import { nodeExec, runSync, silentProgress } from '@gitops-sync/engine';

/** prod applied from k8s/ with kubectl, one approval, a 30 s rollout wait: the automatic-rollback tests' config. */
export const ROLLOUT_CONFIG = `environments:
  prod:
    kubernetes: { manifests: [k8s], namespace: shop, live: { kubectl: true } }
approval:
  environments:
    prod: { required_approvals: 1 }
sync:
  rollout_timeout_seconds: 30
`;

/** shop/web, privileged or not (privileged is critical). */
export const webDeployment = (privileged: boolean) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n          securityContext: { privileged: ${privileged} }\n`;

/** `sync prod` of pull request 3 on the fake GitHub, from the report file `report` in the repository, with the fake tools' env. */
export async function syncReviewed(options: { dir: string; config: string; report: string; github: { url: string; state: { token: string } }; env: NodeJS.ProcessEnv }) {
  const { dir, github } = options;
  return runSync(
    {
      environments: ['prod'],
      config: parseConfig(options.config, 'gitops-sync.yaml'),
      baseDir: dir,
      review: { platform: new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 3, baseUrl: github.url }), configPath: 'gitops-sync.yaml', cwd: dir },
      reportPath: join(dir, options.report),
      dryRun: false,
      parallel: false,
      concurrency: 1,
    },
    { exec: nodeExec, progress: silentProgress, clock: { now: () => new Date('2026-11-25T12:00:00Z') }, env: options.env, sleep: async () => {} },
  );
}
