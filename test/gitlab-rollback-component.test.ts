/**
 * The rollback GitLab component's inputs force, to_revision, direct, dry_run and branch under gitlab-ci-local:
 * each becomes its CLI flag, the real CLI accepts them all, and a to_revision that is not a number or a branch
 * that is not a branch name is refused. Without branch the CLI picks the environment's policy branch (it was
 * always the project's default branch, whatever branch the environment deploys from).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { assertPrerequisites, CLI_COMMAND, componentInclude, componentProject, jobLog, jobStatus, NO_STACK_TRACE, removeComponentProjects, runPipeline, type Pipeline } from './support/gitlab-ci-local.js';

const CONFIG = 'environments:\n  shop:\n    kubernetes: { manifests: [k8s], live: { export: live.yaml }, namespace: shop }\n';
const KUBERNETES = { environment: 'shop', mode: 'kubernetes', deployment: 'web', to_revision: '3', force: true, direct: true, dry_run: true };

let pipeline: Pipeline;
beforeAll(async () => {
  assertPrerequisites();
  const project = componentProject({ templates: ['rollback'], files: { 'gitops-sync.yaml': CONFIG } });
  const rollback = (job_name: string, inputs: Record<string, string | boolean>) => componentInclude(project.sha, 'rollback', { job_name, ...inputs });
  pipeline = await runPipeline(
    project.dir,
    [
      // `echo` as the CLI prints the command line the inputs make, exactly as the CLI would receive it.
      rollback('command-line', { cli: 'echo', ...KUBERNETES }),
      rollback('defaults', { cli: 'echo', environment: 'shop', mode: 'kubernetes', deployment: 'web' }),
      rollback('mode-default', { cli: 'echo', environment: 'shop', to_commit: 'abc123def' }),
      rollback('real-cli', { cli: CLI_COMMAND, ...KUBERNETES }),
      rollback('bad-revision', { cli: CLI_COMMAND, ...KUBERNETES, to_revision: '3; id' }),
      rollback('branch', { cli: 'echo', environment: 'shop', to_commit: 'abc123def', branch: 'release/prod' }),
      rollback('bad-branch', { cli: CLI_COMMAND, environment: 'shop', to_commit: 'abc123def', branch: 'main --direct' }),
    ],
    { manual: ['command-line', 'defaults', 'mode-default', 'real-cli', 'bad-revision', 'branch', 'bad-branch'] },
  );
}, 180_000);
afterAll(removeComponentProjects);

test('to_revision, force, direct and dry_run become --to-revision, --force, --direct and --dry-run', () => {
  expect(jobLog(pipeline, 'command-line')).toMatch(
    /^rollback shop --mode kubernetes --platform gitlab --repo 1217 --config gitops-sync\.yaml --format json --deployment web --to-revision 3 --force --direct --dry-run$/m,
  );
});

test('left at their defaults, none of the four flags is passed', () => {
  expect(jobLog(pipeline, 'defaults')).toMatch(/^rollback shop --mode kubernetes --platform gitlab --repo 1217 --config gitops-sync\.yaml --format json --deployment web$/m);
});

test('mode defaults to git, as the CLI and the action do', () => {
  expect(jobLog(pipeline, 'mode-default')).toMatch(/^rollback shop --mode git --platform gitlab /m);
});

test('to_commit without branch leaves the branch to the CLI (the environment\'s policy branch), not the default branch', () => {
  expect(jobLog(pipeline, 'mode-default')).toMatch(/^rollback shop --mode git --platform gitlab --repo 1217 --config gitops-sync\.yaml --format json --to-commit abc123def$/m);
});

test('branch becomes --branch', () => {
  expect(jobLog(pipeline, 'branch')).toMatch(/^rollback shop --mode git .* --to-commit abc123def --branch release\/prod$/m);
});

test('a branch that is not a branch name fails the job with one sentence before the CLI runs', () => {
  expect(jobStatus(pipeline, 'bad-branch')).toBe('FAIL');
  expect(jobLog(pipeline, 'bad-branch')).toContain(
    'branch must be a branch name (letters, digits, . _ / -, not starting with -), not "main --direct"; set it, or the variable you pass to it, to a branch name (letters, digits, . _ / -, not starting with -).',
  );
});

test('the real CLI accepts every flag the inputs pass', () => {
  const log = jobLog(pipeline, 'real-cli');
  expect(log).toContain('gitops-sync: running ');
  expect(log).not.toMatch(/Unknown option/);
  // It parsed them all and got as far as judging the request: --force is for mode terraform-state only.
  expect(log).toMatch(/^gitops-sync: rollback --mode kubernetes does not use --force, which only --mode terraform-state reads/m);
  expect(log).not.toMatch(NO_STACK_TRACE);
});

test('a to_revision that is not a number fails the job with one sentence before the CLI runs', () => {
  expect(jobStatus(pipeline, 'bad-revision')).toBe('FAIL');
  expect(jobLog(pipeline, 'bad-revision')).toContain(
    'to_revision must be a rollout revision (digits only), not "3; id"; set it, or the variable you pass to it, to a rollout revision (digits only).',
  );
});
