/**
 * Which gitops-sync a GitLab component runs when its `cli` input is left empty: exactly the npm release
 * `@org/gitops-sync@<version>` of the component's own version (GitLab 18.6+ `$[[ component.version ]]`), or of
 * the `cli_version` input — and a clear refusal for anything that is not an exact version.
 *
 * The components are included the way another project includes a released catalog: from a Git repository with
 * release tags (served locally through git's insteadOf, see releasedCatalog), so gitlab-ci-local resolves `@1`
 * and `@~latest` to the newest matching tag and fills `$[[ component.version ]]` with it, as GitLab does.
 * Nothing is downloaded from npm: an `npx` stand-in on PATH prints what it was asked for and runs this
 * checkout's CLI for `--yes @org/gitops-sync@<version>` (see npxStandIn).
 *
 * Where gitlab-ci-local 4.73 differs from GitLab: it fills component.version only for a range (`@1`, `@1.2`,
 * `@~latest`); for an exact `@1.2.3`, a branch or a SHA it leaves the placeholder text, where GitLab gives 1.2.3
 * (exact) or nothing (branch, SHA). The exact include is therefore exercised here through `@1`, and the branch
 * case is refused either way (the placeholder is no more a version than nothing is).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import {
  artifact,
  assertPrerequisites,
  CLI_COMMAND,
  consumerProject,
  jobLog,
  jobStatus,
  NO_STACK_TRACE,
  NOT_EXACT,
  NPM_PACKAGE,
  releasedCatalog,
  releasedInclude,
  removeComponentProjects,
  RUNNING,
  runPipeline,
  stateFile,
  TEMPLATES,
  withNpxStandIn,
  type Pipeline,
} from './support/gitlab-ci-local.js';
import { tofuFixture } from './support/paths.js';

const COMPONENTS = ['approve-safe', 'audit-export', 'drift-detect', 'drift-monitor', 'gate', 'rollback', 'sync'];
const SUBCOMMAND: Record<string, string> = { 'approve-safe': 'approve-safe', 'audit-export': 'audit', 'drift-detect': 'drift-detect', 'drift-monitor': 'drift-detect', gate: 'gate', rollback: 'rollback', sync: 'sync' };
const RELEASED = `npx --yes ${NPM_PACKAGE}@1.2.3`;
const CONFIG = 'environments:\n  shop:\n    kubernetes: { manifests: [k8s], live: { export: live.yaml }, namespace: shop }\n';
const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const FILES = { 'gitops-sync.yaml': CONFIG, 'k8s/web.yaml': deployment('web:1.1'), 'live.yaml': deployment('web:1.0'), 'plans/drift.json': readFileSync(tofuFixture('drift'), 'utf8') };
/** Each component's required inputs; nothing else, so `cli` and `cli_version` keep their defaults. */
const REQUIRED: Record<string, Record<string, string | string[] | boolean>> = {
  'approve-safe': {},
  'audit-export': {},
  'drift-detect': { terraform_plan_json: 'plans/drift.json', fail_on: 'never' },
  'drift-monitor': { environments: ['shop'] },
  gate: { environment: 'shop' },
  rollback: { environment: 'shop', mode: 'kubernetes', deployment: 'web' },
  sync: { environment: 'shop', report: '', dry_run: true },
};
/** A merge request pipeline (approve-safe and gate run only there) whose API refuses connections at once. */
const MR_PIPELINE = { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '5', CI_API_V4_URL: 'http://127.0.0.1:9/api/v4' };

/** gitlab-ci-local's file-safe name of a parallel:matrix job ("drift-monitor: [shop]"). */
const matrixJob = (pipeline: Pipeline, name: string) => readdirSync(stateFile(pipeline, 'output')).find((file) => file.startsWith(name))!.replace(/\.log$/, '');

let byDefault: Pipeline;
let scheduled: Pipeline;
let choices: Pipeline;

beforeAll(async () => {
  assertPrerequisites();
  const catalog = releasedCatalog(['1.1.0', '1.2.3']);
  const env = withNpxStandIn(catalog.env);
  const project = () => consumerProject(FILES);
  const atOne = (name: string, inputs: Record<string, string | string[] | boolean> = {}) => releasedInclude(name, '1', { ...REQUIRED[name], ...inputs });
  const drift = (ref: string, job_name: string, inputs: Record<string, string> = {}) => releasedInclude('drift-detect', ref, { ...REQUIRED['drift-detect'], job_name, ...inputs });
  [byDefault, scheduled, choices] = await Promise.all([
    // One stage, so a job that fails (approve-safe and gate have no API here) does not keep the others from running.
    runPipeline(project().dir, ['approve-safe', 'audit-export', 'drift-detect', 'gate', 'rollback', 'sync'].map((name) => atOne(name, { stage: 'test' })), { env, variables: MR_PIPELINE, manual: ['rollback'] }),
    runPipeline(project().dir, [atOne('drift-monitor')], { env, variables: { CI_PIPELINE_SOURCE: 'schedule' } }),
    runPipeline(
      project().dir,
      [
        drift('~latest', 'at-latest'),
        drift('main', 'at-branch'),
        drift('main', 'at-branch-with-cli-version', { cli_version: '1.2.3' }),
        drift('1', 'with-cli', { cli: CLI_COMMAND }),
        drift('1', 'cli-version-1', { cli_version: '1' }),
      ],
      { env },
    ),
  ]);
}, 180_000);

afterAll(removeComponentProjects);

describe('a GitLab component included at a release runs exactly that release of @org/gitops-sync', () => {
  test.each(COMPONENTS)('%s included @1 (newest 1.x: 1.2.3) runs `npx --yes @org/gitops-sync@1.2.3`', (name) => {
    const log = name === 'drift-monitor' ? jobLog(scheduled, matrixJob(scheduled, 'drift-monitor')) : jobLog(byDefault, name);
    expect(log).toContain(RUNNING(RELEASED));
    expect(log).toContain(`npx-stand-in: --yes ${NPM_PACKAGE}@1.2.3 ${SUBCOMMAND[name]} `);
  });

  test('drift-detect by default: the release runs for real and writes its report', () => {
    expect(jobStatus(byDefault, 'drift-detect')).toBe('PASS');
    expect(JSON.parse(readFileSync(artifact(byDefault, 'drift-detect', 'gitops-sync-reports/drift-report-default.json'), 'utf8'))).toMatchObject({ drift_detected: true });
  });

  test('@~latest runs the newest release it resolves to (1.2.3), never a floating tag', () => {
    expect(jobStatus(choices, 'at-latest')).toBe('PASS');
    expect(jobLog(choices, 'at-latest')).toContain(RUNNING(RELEASED));
  });

  test('included at a branch, the job refuses with one sentence and runs nothing', () => {
    const log = jobLog(choices, 'at-branch');
    expect(jobStatus(choices, 'at-branch')).toBe('FAIL');
    // gitlab-ci-local leaves the placeholder for a branch; GitLab gives an empty version. Both are refused.
    expect(log).toContain(NOT_EXACT('$[[ component.version ]]'));
    expect(log).not.toContain('npx-stand-in');
    expect(log).not.toMatch(NO_STACK_TRACE);
  });

  test('cli_version: 1.2.3 runs that release wherever the component comes from (GitLab before 18.6, a branch, a SHA)', () => {
    expect(jobStatus(choices, 'at-branch-with-cli-version')).toBe('PASS');
    expect(jobLog(choices, 'at-branch-with-cli-version')).toContain(`npx-stand-in: --yes ${NPM_PACKAGE}@1.2.3 drift-detect `);
  });

  test('an explicit cli wins over every version', () => {
    const log = jobLog(choices, 'with-cli');
    expect(jobStatus(choices, 'with-cli')).toBe('PASS');
    expect(log).toContain(RUNNING(CLI_COMMAND));
    expect(log).not.toContain('npx-stand-in');
  });

  test('cli_version 1 (a range, not a release) fails the job with the sentence, and nothing runs', () => {
    const log = jobLog(choices, 'cli-version-1');
    expect(jobStatus(choices, 'cli-version-1')).toBe('FAIL');
    expect(log).toContain(NOT_EXACT('1'));
    expect(log).not.toContain('npx-stand-in');
  });
});

describe("the version check itself: the components' first script line, run by sh as the job runs it", () => {
  const resolve = (version: string, componentVersion = '') => {
    const line = (Object.values(parseAllDocuments(readFileSync(join(TEMPLATES, 'drift-detect.yml'), 'utf8'))[1].toJS())[0] as { script: string[] }).script[0];
    const env = { PATH: process.env.PATH, GITOPS_SYNC_CLI: '', GITOPS_SYNC_CLI_VERSION: version, GITOPS_SYNC_COMPONENT_VERSION: componentVersion };
    const result = spawnSync('sh', ['-c', line], { env, encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  test.each(['1.2.3', '0.1.0', '10.20.30', '1.3.0-rc.1', '1.2.3+build.5'])('%p is exact: npx --yes @org/gitops-sync@%s', (version) => {
    expect(resolve(version)).toEqual({ status: 0, output: `${RUNNING(`npx --yes ${NPM_PACKAGE}@${version}`)}\n` });
  });

  test('cli_version wins over the component version', () => {
    expect(resolve('1.2.3', '2.0.0').output).toContain(`${NPM_PACKAGE}@1.2.3`);
    expect(resolve('', '2.0.0').output).toContain(`${NPM_PACKAGE}@2.0.0`);
  });

  test.each(['', '1', '1.2', '~latest', 'latest', 'main', 'v1.2.3', '^1.2.3', '01.2.3', '1.2.3; id', '1.2.3 x', '1.2.3\nid', '$[[ component.version ]]'])(
    '%p is refused with the sentence (exit 1)',
    (version) => {
      expect(resolve(version)).toEqual({ status: 1, output: `${NOT_EXACT(version)}\n` });
    },
  );
});

describe('the version logic is the same in every component', () => {
  const template = (name: string) => readFileSync(join(TEMPLATES, `${name}.yml`), 'utf8');
  const header = (name: string) => parseAllDocuments(template(name))[0].toJS().spec;
  const body = (name: string) => Object.values(parseAllDocuments(template(name))[1].toJS())[0] as { image: string; variables: Record<string, string>; script: string[] };

  test('all seven templates are here', () => {
    expect(readdirSync(TEMPLATES).sort()).toEqual(COMPONENTS.map((name) => `${name}.yml`));
  });

  test.each(COMPONENTS)('%s: the same cli and cli_version inputs (empty defaults), variables and first script line as drift-detect', (name) => {
    expect(header(name).component).toEqual(['version']);
    expect(header(name).inputs.cli).toEqual(header('drift-detect').inputs.cli);
    expect(header(name).inputs.cli_version).toEqual(header('drift-detect').inputs.cli_version);
    expect(header(name).inputs.cli.default).toBe('');
    expect(header(name).inputs.cli_version.default).toBe('');
    for (const variable of ['GITOPS_SYNC_CLI', 'GITOPS_SYNC_CLI_VERSION', 'GITOPS_SYNC_COMPONENT_VERSION']) expect(body(name).variables[variable]).toBe(body('drift-detect').variables[variable]);
    expect(body(name).variables.GITOPS_SYNC_COMPONENT_VERSION).toBe('$[[ component.version ]]');
    expect(body(name).script[0]).toBe(body('drift-detect').script[0]);
  });

  test.each(COMPONENTS)('%s: no unscoped or floating package name, and a supported Node image', (name) => {
    expect(template(name)).not.toMatch(/(?<!@org\/)gitops-sync@/);
    expect(header(name).inputs.image.default).toBe('node:24-bookworm');
  });
});
