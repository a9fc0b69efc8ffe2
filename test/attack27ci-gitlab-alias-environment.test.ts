/**
 * Attack on the sync and rollback GitLab components: their `environment` input is also the GitLab
 * environment the job deploys to (its protection, deploy access and approvals, its environment-scoped
 * variables) and names the job's resource group. The CLI accepts an alias (`prod` for production), so
 * `environment: prod` synced production as the GitLab environment `prod` — none of production's
 * protection — and in resource group gitops-sync-prod, beside a sync of production. gitlab-ci-local,
 * the CLI from this checkout's source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { assertPrerequisites, componentInclude, componentProject, jobLog, jobStatus, NO_STACK_TRACE, removeComponentProjects, runPipeline, stateFile, type Pipeline } from './support/gitlab-ci-local.js';
import { REPO_ROOT } from './support/paths.js';

const CLI_FROM_SOURCE = `${join(REPO_ROOT, 'node_modules', '.bin', 'tsx')} ${join(REPO_ROOT, 'packages', 'cli', 'src', 'index.ts')}`;
const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const CONFIG = `environments:
  production:
    aliases: [prod]
    kubernetes: { manifests: [k8s], live: { export: live.yaml }, namespace: shop }
approval:
  environments:
    production: { production: true }
`;

let pipeline: Pipeline;
beforeAll(async () => {
  assertPrerequisites();
  const project = componentProject({ templates: ['sync', 'rollback'], files: { 'gitops-sync.yaml': CONFIG, 'k8s/web.yaml': deployment('web:1.1'), 'live.yaml': deployment('web:1.0') } });
  pipeline = await runPipeline(
    project.dir,
    [
      componentInclude(project.sha, 'sync', { cli: CLI_FROM_SOURCE, environment: 'prod', report: '', dry_run: true }),
      componentInclude(project.sha, 'rollback', { cli: CLI_FROM_SOURCE, environment: 'prod', to_commit: project.sha, dry_run: true }),
    ],
    { manual: ['rollback'] },
  );
}, 180_000);
afterAll(() => removeComponentProjects());

test('sync with an alias as its environment input fails, naming the environment to give instead', () => {
  expect(jobStatus(pipeline, 'sync')).toBe('FAIL');
  const log = jobLog(pipeline, 'sync');
  expect(log).toContain(
    'gitops-sync: prod is an alias of environment production, but this job deploys to the GitLab environment prod, whose protection, variables and resource group are not those of production; name the environment production (the component input environment, or the job\'s environment:).',
  );
  expect(log).not.toMatch(NO_STACK_TRACE);
  expect(readFileSync(stateFile(pipeline, 'artifacts', 'sync', 'sync.json'), 'utf8')).toBe('');
});

test('rollback with an alias as its environment input fails the same way', () => {
  expect(jobStatus(pipeline, 'rollback')).toBe('FAIL');
  expect(jobLog(pipeline, 'rollback')).toContain('gitops-sync: prod is an alias of environment production, but this job deploys to the GitLab environment prod');
});
