/**
 * The catalog project (gitlab-components/ as its own GitLab project) runs its own .gitlab-ci.yml under
 * gitlab-ci-local: on a branch it tests the components, included from its own commit, with the release
 * GITOPS_SYNC_TEST_VERSION names; on a semantic-version tag it tests that tag's release and creates the catalog
 * release; on any other tag there is no release job. The npm registry is stood in for by npxStandIn (it runs this
 * checkout's CLI); the release itself (glab talking to GitLab's API) is out of reach here — the job's rules and
 * its `release:` keyword are what is checked.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import {
  artifact,
  assertPrerequisites,
  CATALOG,
  componentProject,
  git,
  jobLog,
  jobStatus,
  NO_STACK_TRACE,
  NPM_PACKAGE,
  removeComponentProjects,
  RUNNING,
  runGitlabCiLocal,
  withNpxStandIn,
  type Pipeline,
} from './support/gitlab-ci-local.js';

/** A Git project holding a copy of gitlab-components/, its .gitlab-ci.yml included, as the catalog project does. */
function catalogProject(): string {
  const project = componentProject({ templates: [] });
  cpSync(CATALOG, project.dir, { recursive: true });
  git(project.dir, 'add', '-A');
  git(project.dir, 'commit', '-q', '-m', 'the catalog project');
  return project.dir;
}

const tag = (name: string) => ({ CI_COMMIT_TAG: name, CI_COMMIT_REF_NAME: name });
const BRANCH_VERSION = (parse(readFileSync(join(CATALOG, '.gitlab-ci.yml'), 'utf8')) as { variables: Record<string, string> }).variables.GITOPS_SYNC_TEST_VERSION;

let branch: Pipeline;
let release: Pipeline;
let otherTags: Pipeline[];

beforeAll(async () => {
  assertPrerequisites();
  const env = withNpxStandIn();
  [branch, release, ...otherTags] = await Promise.all([
    runGitlabCiLocal(catalogProject(), { env }),
    runGitlabCiLocal(catalogProject(), { env, variables: tag('1.2.3') }),
    // Which jobs these pipelines would have is all that matters: listed, not run.
    ...['v1.2.3', '1.2', '1.2.3-rc.1'].map((name) => runGitlabCiLocal(catalogProject(), { env, variables: tag(name) }, ['--list'])),
  ]);
}, 180_000);
afterAll(removeComponentProjects);

describe("the catalog project's pipeline", () => {
  test('has a README beside templates/, as the CI/CD Catalog requires', () => {
    expect(existsSync(join(CATALOG, 'README.md'))).toBe(true);
  });

  test('on a branch: the components run from this commit with the release GITOPS_SYNC_TEST_VERSION names, and there is no release', () => {
    expect(BRANCH_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const job of ['test-drift-detect', 'test-sync']) {
      expect(jobStatus(branch, job)).toBe('PASS');
      expect(jobLog(branch, job)).toContain(RUNNING(`npx --yes ${NPM_PACKAGE}@${BRANCH_VERSION}`));
      expect(jobLog(branch, job)).not.toMatch(NO_STACK_TRACE);
    }
    expect(JSON.parse(readFileSync(artifact(branch, 'test-drift-detect', 'gitops-sync-reports/drift-report-shop.json'), 'utf8'))).toMatchObject({ drift_detected: true });
    expect(branch.output).not.toMatch(/create-release/);
    // Merge request, schedule and manual jobs do not run in a push pipeline.
    for (const job of ['test-gate', 'test-approve-safe', 'test-drift-monitor', 'test-rollback']) expect(jobStatus(branch, job)).toBeUndefined();
    expect(branch.code).toBe(0);
  });

  test('on the tag 1.2.3: the components run @org/gitops-sync@1.2.3 and the release job creates the catalog release', () => {
    expect(jobLog(release, 'test-drift-detect')).toContain(RUNNING(`npx --yes ${NPM_PACKAGE}@1.2.3`));
    expect(jobStatus(release, 'create-release')).toBe('PASS');
    expect(jobLog(release, 'create-release')).toContain('Releasing the gitops-sync components 1.2.3, which run @org/gitops-sync@1.2.3');
    const job = parse(readFileSync(join(release.dir, '.gitlab-ci-local', 'expanded-gitlab-ci.yml'), 'utf8'))['create-release'];
    expect(job.release).toMatchObject({ tag_name: '$CI_COMMIT_TAG' });
    expect(job.release.description).toEqual(expect.any(String));
  });

  test.each([0, 1, 2].map((index) => [['v1.2.3', '1.2', '1.2.3-rc.1'][index], index] as const))('on the tag %p (not a release version): no release job', (_name, index) => {
    expect(otherTags[index].code).toBe(0);
    expect(otherTags[index].output).toMatch(/test-drift-detect/);
    expect(otherTags[index].output).not.toMatch(/create-release/);
  });
});
