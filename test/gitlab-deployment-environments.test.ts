/**
 * The sync and rollback GitLab components declare the job's environment, so GitLab records each run as a
 * deployment of the environment (action start), or, for a rollback that only opens a revert, not (prepare).
 * Checked under gitlab-ci-local: the job sees CI_ENVIRONMENT_NAME and CI_ENVIRONMENT_ACTION as GitLab sets them.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { assertPrerequisites, componentInclude, componentProject, jobLog, removeComponentProjects, runPipeline, type Pipeline } from './support/gitlab-ci-local.js';

// `printenv` as the CLI prints the two variables GitLab sets from the job's environment: keyword.
const PRINT_ENVIRONMENT = 'printenv CI_ENVIRONMENT_NAME CI_ENVIRONMENT_ACTION';

let pipeline: Pipeline;
beforeAll(async () => {
  assertPrerequisites();
  const project = componentProject({ templates: ['sync', 'rollback'], files: { 'gitops-sync.yaml': 'environments:\n  shop: {}\n' } });
  pipeline = await runPipeline(
    project.dir,
    [
      componentInclude(project.sha, 'sync', { job_name: 'sync-shop', cli: PRINT_ENVIRONMENT, environment: 'shop' }),
      componentInclude(project.sha, 'rollback', { job_name: 'rollback-live', cli: PRINT_ENVIRONMENT, environment: 'shop', mode: 'kubernetes', deployment: 'web' }),
      componentInclude(project.sha, 'rollback', { job_name: 'rollback-revert', cli: PRINT_ENVIRONMENT, environment: 'shop', to_commit: 'abc123def', environment_action: 'prepare' }),
    ],
    { manual: ['rollback-live', 'rollback-revert'] },
  );
}, 180_000);
afterAll(removeComponentProjects);

/** The two values printenv printed (it prints each variable's value on a line of its own). */
const environmentOf = (job: string) => {
  const lines = jobLog(pipeline, job).split('\n').map((line) => line.trim());
  const at = lines.indexOf('shop');
  return lines.slice(at, at + 2);
};

test('a sync job is a deployment of its environment (action start)', () => {
  expect(environmentOf('sync-shop')).toEqual(['shop', 'start']);
});

test('a rollback that changes what runs is a deployment too; one that only opens a revert is prepare', () => {
  expect(environmentOf('rollback-live')).toEqual(['shop', 'start']);
  expect(environmentOf('rollback-revert')).toEqual(['shop', 'prepare']);
});
