/**
 * The audit-export GitLab component under gitlab-ci-local: the command line its inputs make, the exit-5
 * handling (fail_on_exceptions), the report files kept as artifacts, and inputs refused by the spec.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { artifact, assertPrerequisites, CLI_COMMAND, componentInclude, componentProject, jobLog, jobStatus, NO_STACK_TRACE, removeComponentProjects, runGitlabCiLocal, runPipeline, type Pipeline } from './support/gitlab-ci-local.js';

const CONFIG = 'environments:\n  production:\n    terraform: { dir: terraform }\n';
/** Stands in for an export that found exceptions: writes the files, exits 5 as `audit export` does. */
const EXCEPTIONS = '#!/bin/sh\nmkdir -p audit-export\necho "## Audit export: sox" > audit-export/audit-report.md\necho "{}" > audit-export/audit-report.json\nexit 5\n';

/**
 * runPipeline with every string double-quoted: YAML 1.1 (GitLab's parser, and gitlab-ci-local's) reads an
 * unquoted 2026-07-01 as a date, which a string input refuses — users quote dates the same way.
 */
function quotedPipeline(dir: string, include: object[]): Promise<Pipeline> {
  writeFileSync(join(dir, '.gitlab-ci.yml'), stringify({ include }, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }));
  return runGitlabCiLocal(dir);
}

let pipeline: Pipeline;
let badSince: Pipeline;
beforeAll(async () => {
  assertPrerequisites();
  const project = componentProject({ templates: ['audit-export'], files: { 'gitops-sync.yaml': CONFIG, 'exceptions.sh': EXCEPTIONS } });
  const second = componentProject({ templates: ['audit-export'], files: { 'gitops-sync.yaml': CONFIG } });
  const audit = (job_name: string, inputs: Record<string, string | boolean>) => componentInclude(project.sha, 'audit-export', { job_name, ...inputs });
  [pipeline, badSince] = await Promise.all([
    quotedPipeline(project.dir, [
      // `echo` as the CLI prints the command line the inputs make, exactly as the CLI would receive it.
      audit('command-line', { cli: 'echo', since: '2026-07-01', until: '2026-09-30', environments: 'production,staging', compliance: 'sox,pci', format: 'csv', controls: 'audit/controls.yaml', output_directory: 'evidence' }),
      audit('defaults', { cli: 'echo' }),
      audit('exceptions-fail', { cli: 'sh exceptions.sh' }),
      audit('exceptions-allowed', { cli: 'sh exceptions.sh', fail_on_exceptions: false }),
      audit('real-cli-unknown-environment', { cli: CLI_COMMAND, environments: 'nope' }),
    ]),
    runPipeline(second.dir, [componentInclude(second.sha, 'audit-export', { job_name: 'bad-since', cli: 'echo', since: 'tomorrow' })]),
  ]);
}, 180_000);
afterAll(removeComponentProjects);

test('the pipeline is valid and its jobs run', () => {
  expect(pipeline.output).toContain('PASS');
});

test('the inputs become the flags of gitops-sync audit export', () => {
  expect(jobLog(pipeline, 'command-line')).toMatch(
    /^audit export --config gitops-sync\.yaml --since 2026-07-01 --until 2026-09-30 --environment production,staging --controls audit\/controls\.yaml --compliance sox,pci --format csv --output-dir evidence$/m,
  );
});

test('left at their defaults: every framework and format, the last 90 days, all environments', () => {
  expect(jobLog(pipeline, 'defaults')).toMatch(/^audit export --config gitops-sync\.yaml --compliance sox,soc2,pci,iso27001 --format json,csv,markdown --output-dir audit-export$/m);
});

test('exceptions (exit 5) fail the job by default, the report is printed and kept as an artifact', () => {
  expect(jobStatus(pipeline, 'exceptions-fail')).toBe('FAIL');
  expect(jobLog(pipeline, 'exceptions-fail')).toContain('## Audit export: sox');
  expect(existsSync(artifact(pipeline, 'exceptions-fail', 'audit-export/audit-report.json'))).toBe(true);
});

test('fail_on_exceptions: false lets the job pass on exit 5, with the same artifacts', () => {
  expect(jobStatus(pipeline, 'exceptions-allowed')).toBe('PASS');
  expect(existsSync(artifact(pipeline, 'exceptions-allowed', 'audit-export/audit-report.json'))).toBe(true);
});

test('the real CLI refuses an environment the config does not name: one sentence, the job fails', () => {
  const log = jobLog(pipeline, 'real-cli-unknown-environment');
  expect(jobStatus(pipeline, 'real-cli-unknown-environment')).toBe('FAIL');
  expect(log).toContain('gitops-sync: --environment nope is not an environment in gitops-sync.yaml; use one of production.');
  expect(log).not.toMatch(NO_STACK_TRACE);
});

test('a since that is not an ISO date is refused by the component spec, before any job runs', () => {
  expect(badSince.output).toMatch(/since.*(does not match required regex|regex)/i);
  expect(jobStatus(badSince, 'bad-since')).toBeUndefined();
});
