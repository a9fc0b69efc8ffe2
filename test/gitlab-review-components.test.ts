/**
 * The GitLab CI/CD components approve-safe and gate (gitlab-components/templates/) run for real by gitlab-ci-local
 * (shell executor) against the loopback fake GitLab: merge request pipelines simulated with CI/CD variables
 * (CI_PIPELINE_SOURCE, CI_MERGE_REQUEST_IID, CI_PROJECT_ID, CI_API_V4_URL, GITLAB_TOKEN), the CLI from dist/.
 * The base commit is not in the job's checkout, so the policy at the base comes through the repository files API.
 *
 * Needs what test/gitlab-component.test.ts needs; a missing prerequisite fails every test with the reason.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  artifact,
  assertPrerequisites,
  CLI_COMMAND,
  componentInclude,
  componentProject,
  jobLog,
  jobStatus,
  NO_STACK_TRACE,
  removeComponentProjects,
  runPipeline,
  stateFile,
  type Pipeline,
} from './support/gitlab-ci-local.js';
import { glMergeRequest, glUser, modifiedDiff, startFakeGitLab, type FakeGitLab, type GlDiff, type GlMr, type GlState } from './support/fake-gitlab.js';
import { tofuFixture } from './support/paths.js';

/** Not a commit of the job's checkout: the CLI has to read the base policy through the API. */
const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const IID = 5;
const TOKEN = `glpat-${randomBytes(12).toString('hex')}`;
const author = glUser(10, 'alice');
const bob = glUser(11, 'bob');
const carol = glUser(12, 'carol');

const modified = (path: string): GlDiff => modifiedDiff(path);

/** A fake GitLab holding project 42 (group/project) with one open merge request !5 by alice. */
async function gitlab(diffs: GlDiff[], mr: Partial<GlMr> = {}, state: Partial<GlState> = {}): Promise<FakeGitLab> {
  const fake = await startFakeGitLab({
    token: TOKEN,
    members: { 10: 30, 11: 30, 12: 30 },
    projectApprovals: { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true },
    files: { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n' },
    ...state,
  });
  fake.state.mrs.set(IID, glMergeRequest(author, diffs, mr, { iid: IID, head: HEAD, base: BASE }));
  return fake;
}

/** A merge request pipeline's variables; CI_PROJECT_ID and CI_API_V4_URL override gitlab-ci-local's own. */
const mrPipeline = (fake: FakeGitLab) => ({
  CI_PIPELINE_SOURCE: 'merge_request_event',
  CI_MERGE_REQUEST_IID: String(IID),
  CI_PROJECT_ID: String(fake.state.projectId),
  CI_API_V4_URL: `${fake.url}/api/v4`,
  GITLAB_TOKEN: TOKEN,
});

const calls = (fake: FakeGitLab, method: string, suffix: string) =>
  fake.requests.filter((request) => request.method === method && request.path === `/api/v4/projects/42/merge_requests/${IID}${suffix}`);
const json = (pipeline: Pipeline, job: string, path: string) => JSON.parse(readFileSync(artifact(pipeline, job, path), 'utf8'));

/** Every file gitlab-ci-local wrote: job logs, artifacts, the copies the jobs ran in. */
function stateFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? (name === '.git' ? [] : stateFiles(path)) : [path];
  });
}

const fakes: FakeGitLab[] = [];
let docsOnly: { fake: FakeGitLab; pipeline: Pipeline };
let terraform: { fake: FakeGitLab; pipeline: Pipeline };
let allowed: { fake: FakeGitLab; pipeline: Pipeline };
let denied: { fake: FakeGitLab; pipeline: Pipeline };
let pushPipeline: { fake: FakeGitLab; pipeline: Pipeline };
let gateBadNumber: Pipeline;
let gateHead: string;

beforeAll(async () => {
  assertPrerequisites([{ path: tofuFixture('drift'), hint: 'shared/ must sit beside the checkout' }]);
  const cli = CLI_COMMAND;
  const scenarios = await Promise.all([
    gitlab([modified('docs/guide.md'), modified('README.md')]),
    gitlab([modified('terraform/main.tf')]),
    gitlab([modified('terraform/main.tf')], { approvedBy: [bob, carol] }),
    // Only a project that lets authors approve can show the author's approval.
    gitlab([modified('terraform/main.tf')], { approvedBy: [author] }, { projectApprovals: { reset_approvals_on_push: true, merge_requests_author_approval: true, merge_requests_disable_committers_approval: true } }),
    gitlab([modified('docs/guide.md')]),
  ]);
  fakes.push(...scenarios);
  const project = (templates: string[]) => componentProject({ templates, copies: { 'plans/drift.json': tofuFixture('drift') } });
  const approveSafe = project(['approve-safe']);
  const approveSafeUnsafe = project(['approve-safe']);
  const gate = project(['drift-detect', 'gate']);
  // The gate refuses a report of another commit: this merge request's head is the commit the pipeline checks out.
  scenarios[2].state.mrs.get(IID)!.sha = gate.sha;
  gateHead = gate.sha;
  const gateDenied = project(['gate']);
  const gateBad = project(['gate']);
  const push = project(['approve-safe']);
  // A push pipeline: gitlab-ci-local's own CI_PIPELINE_SOURCE (push) is kept.
  const { CI_PIPELINE_SOURCE: _source, ...pushVariables } = mrPipeline(scenarios[4]);
  // Independent projects and fakes, so the pipelines run side by side.
  const pipelines = await Promise.all([
    runPipeline(approveSafe.dir, [componentInclude(approveSafe.sha, 'approve-safe', { cli })], { variables: mrPipeline(scenarios[0]) }),
    runPipeline(approveSafeUnsafe.dir, [componentInclude(approveSafeUnsafe.sha, 'approve-safe', { cli })], { variables: mrPipeline(scenarios[1]) }),
    runPipeline(
      gate.dir,
      [
        // The drift report of the change, handed to the gate as an artifact of an earlier stage.
        componentInclude(gate.sha, 'drift-detect', { cli, terraform_plan_json: 'plans/drift.json', environment: 'production', fail_on: 'never' }),
        componentInclude(gate.sha, 'gate', { cli, environment: 'production', report: 'gitops-sync-reports/drift-report-production.json' }),
      ],
      { variables: mrPipeline(scenarios[2]) },
    ),
    // The merge request given as a variable, as the README shows: GitLab checks an input's `regex:` before variables expand.
    runPipeline(gateDenied.dir, [componentInclude(gateDenied.sha, 'gate', { cli, environment: 'production', merge_request_iid: '$MR_IID' })], {
      variables: { ...mrPipeline(scenarios[3]), MR_IID: String(IID) },
    }),
    runPipeline(push.dir, [componentInclude(push.sha, 'approve-safe', { cli })], { variables: pushVariables }),
    runPipeline(gateBad.dir, [componentInclude(gateBad.sha, 'gate', { cli, environment: 'production', merge_request_iid: '$MR_IID' })], {
      variables: { ...mrPipeline(scenarios[3]), MR_IID: '12; curl evil' },
    }),
  ]);
  gateBadNumber = pipelines.pop()!;
  [docsOnly, terraform, allowed, denied, pushPipeline] = pipelines.map((pipeline, index) => ({ pipeline, fake: scenarios[index] }));
}, 180_000);

afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  removeComponentProjects();
});

describe('GitLab component approve-safe under gitlab-ci-local', () => {
  test('a docs-only merge request is approved once, at the head sha, with the decision as an artifact', () => {
    const { fake, pipeline } = docsOnly;
    expect(jobStatus(pipeline, 'approve-safe')).toBe('PASS');
    expect(pipeline.code).toBe(0);
    expect(calls(fake, 'POST', '/approve').map((request) => request.body)).toEqual([{ sha: HEAD }]);
    expect(fake.state.mrs.get(IID)?.approvedBy.map((user) => user.username)).toEqual(['gitops-bot']);
    expect(json(pipeline, 'approve-safe', 'approve-safe.json')).toMatchObject({ safe: true, approved: true, head_sha: HEAD, findings: [] });
    // CI_PROJECT_ID overrode gitlab-ci-local's 1217: every call went to project 42, and the policy was read at the base.
    expect(fake.requests.every((request) => request.path.startsWith('/api/v4/projects/42/') || ['/api/v4/projects/42', '/api/v4/user'].includes(request.path))).toBe(true);
    expect(fake.requests.some((request) => request.path.includes('/repository/files/gitops-sync.yaml/raw') && request.query.get('ref') === BASE)).toBe(true);
  });

  test('a merge request touching terraform/main.tf needs review: the job passes, nothing is approved, the label is added', () => {
    const { fake, pipeline } = terraform;
    expect(jobStatus(pipeline, 'approve-safe')).toBe('PASS');
    expect(calls(fake, 'POST', '/approve')).toEqual([]);
    expect(calls(fake, 'PUT', '').map((request) => request.body)).toEqual([{ add_labels: 'gitops-sync:needs-review' }]);
    expect(fake.state.mrs.get(IID)?.labels).toEqual(['gitops-sync:needs-review']);
    expect(fake.state.notes.filter((note) => note.body.includes('terraform/main.tf'))).toHaveLength(1);
    const decision = json(pipeline, 'approve-safe', 'approve-safe.json');
    expect(decision).toMatchObject({ safe: false, approved: false });
    expect(decision.findings).toContainEqual(expect.objectContaining({ path: 'terraform/main.tf', reason: 'the path is not a safe path' }));
  });

  test('outside a merge request pipeline the job is not created (rules:)', () => {
    expect(pushPipeline.pipeline.code).toBe(0);
    expect(pushPipeline.pipeline.output).toMatch(/pipeline finished/);
    expect(pushPipeline.pipeline.output).not.toMatch(/approve-safe\s+starting/);
    expect(jobStatus(pushPipeline.pipeline, 'approve-safe')).toBeUndefined();
    expect(pushPipeline.fake.requests).toEqual([]);
  });
});

describe('GitLab component gate under gitlab-ci-local', () => {
  test('two developers who are not the author approved, on a project that resets approvals and bars committers: allowed', () => {
    const { fake, pipeline } = allowed;
    expect(jobStatus(pipeline, 'drift-detect')).toBe('PASS');
    expect(jobStatus(pipeline, 'gate')).toBe('PASS');
    expect(pipeline.code).toBe(0);
    const decision = json(pipeline, 'gate', 'gate.json');
    expect(decision).toMatchObject({ allowed: true, environment: 'production', head_sha: gateHead, missing: [] });
    expect(json(pipeline, 'drift-detect', 'gitops-sync-reports/drift-report-production.json').head_sha).toBe(gateHead);
    expect(decision.approvals_counted.map((approval: { user: string }) => approval.user)).toEqual(['bob', 'carol']);
    // The decision is printed in the log too, and the project's approval settings were checked.
    expect(jobLog(pipeline, 'gate')).toMatch(/"allowed": true/);
    expect(fake.requests.some((request) => request.method === 'GET' && request.path === '/api/v4/projects/42/approvals')).toBe(true);
    expect(calls(fake, 'POST', '/approve')).toEqual([]);
  });

  test("only the author's approval: denied, exit 3 fails the job, the decision is in the log and the artifact", () => {
    const { pipeline } = denied;
    expect(jobStatus(pipeline, 'gate')).toBe('FAIL');
    expect(pipeline.code).not.toBe(0);
    const log = jobLog(pipeline, 'gate');
    expect(log).toMatch(/"allowed": false/);
    expect(log).not.toMatch(NO_STACK_TRACE);
    // gitlab-ci-local reports the script's exit code: `gate finished in 700 ms  FAIL 3`.
    expect(pipeline.output).toMatch(/^gate\s+finished in .*\bFAIL 3\s*$/m);
    const decision = json(pipeline, 'gate', 'gate.json');
    expect(decision).toMatchObject({ allowed: false, approvals_counted: [] });
    expect(decision.approvals_rejected).toContainEqual(expect.objectContaining({ user: 'alice', reason: 'is the author of the change' }));
  });

  test('merge_request_iid as a variable: the pipeline is created, and a value that is not a number fails the job in one sentence', () => {
    expect(denied.pipeline.output).not.toMatch(/configuration is invalid|does not match required regex/);
    expect(jobLog(denied.pipeline, 'gate')).toMatch(/"allowed": false/);
    expect(gateBadNumber.output).not.toMatch(/configuration is invalid|does not match required regex/);
    expect(jobStatus(gateBadNumber, 'gate')).toBe('FAIL');
    const log = jobLog(gateBadNumber, 'gate');
    expect(log).toContain('merge_request_iid must be a merge request number (digits only), not "12; curl evil"; pass the IID, or a variable holding it such as "$MR_IID".');
    expect(log).not.toContain('"allowed"');
    expect(log).not.toMatch(NO_STACK_TRACE);
  });

  test('the token never shows up: not in any job log, artifact or gitlab-ci-local output', () => {
    for (const { fake, pipeline } of [docsOnly, terraform, allowed, denied]) {
      expect(fake.requests.length).toBeGreaterThan(0);
      expect(fake.requests.every((request) => request.headers['private-token'] === TOKEN || request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      expect(pipeline.output).not.toContain(TOKEN);
      const files = stateFiles(stateFile(pipeline, 'output')).concat(stateFiles(stateFile(pipeline, 'artifacts')));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    }
  });
});
