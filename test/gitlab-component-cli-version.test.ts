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
  TEMPLATES,
  withNpxStandIn,
  type Pipeline,
} from './support/gitlab-ci-local.js';
import { tofuFixture } from './support/paths.js';

const COMPONENTS = ['approve-safe', 'drift-detect', 'drift-monitor', 'gate', 'rollback', 'sync'];
const SUBCOMMAND: Record<string, string> = { 'approve-safe': 'approve-safe', 'drift-detect': 'drift-detect', 'drift-monitor': 'drift-detect', gate: 'gate', rollback: 'rollback', sync: 'sync' };
const RELEASED = `npx --yes ${NPM_PACKAGE}@1.2.3`;
const CONFIG = 'environments:\n  shop:\n    kubernetes: { manifests: [k8s], live: { export: live.yaml }, namespace: shop }\n';
const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const FILES = { 'gitops-sync.yaml': CONFIG, 'k8s/web.yaml': deployment('web:1.1'), 'live.yaml': deployment('web:1.0'), 'plans/drift.json': readFileSync(tofuFixture('drift'), 'utf8') };
/** Each component's required inputs; nothing else, so `cli` and `cli_version` keep their defaults. */
const REQUIRED: Record<string, Record<string, string | string[] | boolean>> = {
  'approve-safe': {},
  'drift-detect': { terraform_plan_json: 'plans/drift.json', fail_on: 'never' },
  'drift-monitor': { environments: ['shop'] },
  gate: { environment: 'shop' },
  rollback: { environment: 'shop', mode: 'kubernetes', deployment: 'web' },
  sync: { environment: 'shop', report: '', dry_run: true },
};
/** A merge request pipeline (approve-safe and gate run only there) whose API refuses connections at once. */
const MR_PIPELINE = { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '5', CI_API_V4_URL: 'http://127.0.0.1:9/api/v4' };

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
    runPipeline(project().dir, ['approve-safe', 'drift-detect', 'gate', 'rollback', 'sync'].map((name) => atOne(name, { stage: 'test' })), { env, variables: MR_PIPELINE, manual: ['rollback'] }),
    runPipeline(project().dir, [atOne('drift-monitor')], { env, variables: { CI_PIPELINE_SOURCE: 'schedule' } }),
    runPipeline(
      project().dir,
      [
        drift('~latest', 'at-latest'),
        drift('main', 'at-branch'),
        drift('main', 'at-branch-with-cli-version', { cli_version: '1.2.3' }),
        drift('1', 'with-cli', { cli: CLI_COMMAND }),
        ...['1', '1.2', '~latest', 'latest', 'v1.2.3', '1.2.3; id', '^1.2.3', '01.2.3'].map((value, index) => drift('1', `cli-version-${index}`, { cli_version: value })),
      ],
      { env },
    ),
  ]);
}, 120_000);

afterAll(removeComponentProjects);

describe('a GitLab component included at a release runs exactly that release of @org/gitops-sync', () => {
  test.each(COMPONENTS)('%s included @1 (newest 1.x: 1.2.3) runs `npx --yes @org/gitops-sync@1.2.3`', (name) => {
    const log = jobLog(name === 'drift-monitor' ? scheduled : byDefault, name === 'drift-monitor' ? readdirSync(join(scheduled.dir, '.gitlab-ci-local', 'output')).find((file) => file.startsWith('drift-monitor'))!.replace(/\.log$/, '') : name);
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

  test.each(['1', '1.2', '~latest', 'latest', 'v1.2.3', '1.2.3; id', '^1.2.3', '01.2.3'].map((value, index) => [value, index] as const))(
    'cli_version %p is not an exact version: refused with the sentence, nothing runs',
    (value, index) => {
      const log = jobLog(choices, `cli-version-${index}`);
      expect(jobStatus(choices, `cli-version-${index}`)).toBe('FAIL');
      expect(log).toContain(NOT_EXACT(value));
      expect(log).not.toContain('npx-stand-in');
    },
  );
});

describe('the version logic is the same in every component', () => {
  const template = (name: string) => readFileSync(join(TEMPLATES, `${name}.yml`), 'utf8');
  const header = (name: string) => parseAllDocuments(template(name))[0].toJS().spec;
  const body = (name: string) => Object.values(parseAllDocuments(template(name))[1].toJS())[0] as { image: string; variables: Record<string, string>; script: string[] };

  test('all six templates are here', () => {
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
