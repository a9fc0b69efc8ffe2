/**
 * Attack on the GitLab rollback component's `environment_action`: `prepare` creates no deployment,
 * and since GitLab 18.0 a job that creates none is held for none of the protected environment's
 * deployment approvals. The input was meant for a git rollback that only opens a merge request, but
 * nothing held it there: `mode: terraform-state` with `environment_action: prepare` pushed a state
 * backup into the environment with no deployment approval asked. The same holds for any job of the
 * user's own that runs sync under a non-start action. gitlab-ci-local and real terraform for the
 * component; the CLI in-process for sync.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { artifact, assertPrerequisites, componentInclude, componentProject, jobLog, jobStatus, NO_STACK_TRACE, removeComponentProjects, runPipeline, type Pipeline } from './support/gitlab-ci-local.js';
import { REPO_ROOT } from './support/paths.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, terraformDataApp, writeFiles } from './support/terraform.js';

const CLI_FROM_SOURCE = `${join(REPO_ROOT, 'node_modules', '.bin', 'tsx')} ${join(REPO_ROOT, 'packages', 'cli', 'src', 'index.ts')}`;
const BACKUP = 'backups/dev/2030-01-02T03-04-05.678Z.tfstate';

describeWithTerraform('rollback component with environment_action prepare (real terraform)', () => {
  let scratch: string;
  let pipeline: Pipeline;
  beforeAll(async () => {
    assertPrerequisites();
    scratch = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27ci-prepare-'));
    const dir = join(scratch, 'infra');
    const tfEnv = offlineTerraformEnv(scratch);
    writeFiles(dir, { 'main.tf': terraformDataApp('v1') });
    terraform(dir, tfEnv, 'init', '-input=false');
    terraform(dir, tfEnv, 'apply', '-auto-approve', '-input=false');
    const v1 = terraform(dir, tfEnv, 'state', 'pull');
    writeFiles(dir, { 'main.tf': terraformDataApp('v2') });
    terraform(dir, tfEnv, 'apply', '-auto-approve', '-input=false');
    const project = componentProject({
      templates: ['rollback'],
      files: { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform: { dir: infra/dev }\n', 'infra/dev/main.tf': terraformDataApp('v1'), 'infra/dev/terraform.tfstate': readFileSync(join(dir, 'terraform.tfstate'), 'utf8'), [BACKUP]: v1 },
    });
    const inputs = { cli: CLI_FROM_SOURCE, environment: 'dev', mode: 'terraform-state', state_file: BACKUP, force: true, environment_action: 'prepare' };
    pipeline = await runPipeline(project.dir, [componentInclude(project.sha, 'rollback', inputs)], { env: tfEnv, manual: ['rollback'] });
  }, 180_000);
  afterAll(() => {
    removeComponentProjects();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the job refuses to push the state, in one sentence', () => {
    expect(jobStatus(pipeline, 'rollback')).toBe('FAIL');
    const log = jobLog(pipeline, 'rollback');
    expect(log).toContain(
      "gitops-sync: This job's GitLab environment action is prepare, which creates no deployment, so GitLab holds it for none of the deployment approvals of dev, and rollback --mode terraform-state changes what runs there; give the job environment action start (the rollback component's input environment_action: start); prepare is for a git rollback that opens a merge request.",
    );
    expect(log).not.toMatch(NO_STACK_TRACE);
    expect(readFileSync(artifact(pipeline, 'rollback', 'rollback.json'), 'utf8')).toBe('');
  });
});

describe('sync in a GitLab job whose environment action is not start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27ci-prepare-sync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  production:\n    terraform: { dir: infra }\n' });
  const env = { GITLAB_CI: 'true', CI_ENVIRONMENT_NAME: 'production', CI_ENVIRONMENT_ACTION: 'prepare', GITHUB_ACTIONS: '' };

  test('is refused before anything runs', async () => {
    const run = await cli(['sync', 'production'], { cwd: dir, env });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: "gitops-sync: This job's GitLab environment action is prepare, which creates no deployment, so GitLab holds it for none of the deployment approvals of production, and sync changes what runs there; give the job environment action start, or pass --dry-run.\n",
    });
  });
});
