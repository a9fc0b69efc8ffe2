/**
 * The sync and rollback GitLab components under gitlab-ci-local: the README's include, with
 * `$MR_IID` and `$ROLLBACK_TO` as inputs, creates a pipeline (a `regex:` would be checked before the
 * variables expand) and a bad value fails the job with one sentence; a terraform-state rollback keeps
 * only age-encrypted backups as artifacts, and none when backups are not encrypted. Real terraform.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { parse } from 'yaml';
import {
  artifact,
  assertPrerequisites,
  CLI_COMMAND,
  componentInclude,
  componentProject,
  git,
  jobLog,
  jobStatus,
  NO_STACK_TRACE,
  removeComponentProjects,
  runPipeline,
  stateFile,
  type Pipeline,
} from './support/gitlab-ci-local.js';
import { REPO_ROOT } from './support/paths.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles, terraformDataApp } from './support/terraform.js';

const scratch = mkdtempSync(join(tmpdir(), 'gitops-sync-gitlab-backups-'));
afterAll(() => {
  removeComponentProjects();
  rmSync(scratch, { recursive: true, force: true });
});

/** The README's GitLab include that passes `$MR_IID` and `$ROLLBACK_TO`, pointed at a component project of this checkout. */
function readmeInclude(sha: string): object[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]).find((text) => text.includes('$MR_IID') && text.includes('$ROLLBACK_TO'));
  if (!block) throw new Error('README.md has no GitLab example with $MR_IID and $ROLLBACK_TO');
  const { include } = parse(block) as { include: { component: string; inputs: Record<string, string> }[] };
  return include.map(({ component, inputs }) => componentInclude(sha, /\/([a-z-]+)@/.exec(component)![1], { ...inputs, cli: CLI_COMMAND }));
}

const EXAMPLE_CONFIG = 'environments:\n  staging:\n    terraform: { dir: infra }\n  production:\n    terraform: { dir: infra }\n';

let exampleGood: Pipeline;
let exampleBad: Pipeline;
beforeAll(async () => {
  assertPrerequisites();
  const good = componentProject({ templates: ['sync', 'rollback'], files: { 'gitops-sync.yaml': EXAMPLE_CONFIG } });
  const bad = componentProject({ templates: ['sync', 'rollback'], files: { 'gitops-sync.yaml': EXAMPLE_CONFIG } });
  [exampleGood, exampleBad] = await Promise.all([
    runPipeline(good.dir, readmeInclude(good.sha), { variables: { MR_IID: '12', ROLLBACK_TO: '4f2a9c1' }, manual: ['rollback'] }),
    runPipeline(bad.dir, readmeInclude(bad.sha), { variables: { MR_IID: '12; curl evil', ROLLBACK_TO: 'HEAD~1' }, manual: ['rollback'] }),
  ]);
}, 180_000);

test("the README's include with $MR_IID and $ROLLBACK_TO creates a pipeline whose jobs get the values", () => {
  expect(exampleGood.output).not.toMatch(/configuration is invalid|does not match required regex/);
  expect(jobStatus(exampleGood, 'sync')).toBeDefined();
  expect(jobStatus(exampleGood, 'rollback')).toBeDefined();
  expect(jobLog(exampleGood, 'sync')).not.toContain('must be a merge request number (digits only), not "12"');
  expect(jobLog(exampleGood, 'rollback')).not.toContain('must be a commit SHA (7 to 40 hex digits), not "4f2a9c1"');
});

test('a value that is not a merge request number or a commit fails its job with one sentence', () => {
  expect(exampleBad.output).not.toMatch(/configuration is invalid/);
  expect(jobStatus(exampleBad, 'sync')).toBe('FAIL');
  expect(jobLog(exampleBad, 'sync')).toContain('merge_request_iid must be a merge request number (digits only), not "12; curl evil"; pass the IID, or a variable holding it such as "$MR_IID".');
  expect(jobStatus(exampleBad, 'rollback')).toBe('FAIL');
  expect(jobLog(exampleBad, 'rollback')).toContain(
    'to_commit must be a commit SHA (7 to 40 hex digits), not "HEAD~1"; set it, or the variable you pass to it, to a commit SHA (7 to 40 hex digits).',
  );
  for (const job of ['sync', 'rollback']) expect(jobLog(exampleBad, job)).not.toMatch(NO_STACK_TRACE);
});

/** Files under the job's backups/ artifact, relative to it. */
function artifactBackups(pipeline: Pipeline, job: string): string[] {
  const root = artifact(pipeline, job, 'backups');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else found.push(relative(root, join(dir, entry.name)));
    }
  };
  if (existsSync(root)) walk(root);
  return found.sort();
}

describeWithTerraform('rollback component, terraform-state (real terraform)', () => {
  const app = terraformDataApp;
  const BACKUP = 'backups/dev/2030-01-02T03-04-05.678Z.tfstate';
  let identity: string;
  let encrypted: Pipeline;
  let plaintext: Pipeline;
  let tfEnv: Record<string, string>;

  beforeAll(async () => {
    identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    // v1 applied (its state is the backup), then v2 applied (the current state); the config is back at v1.
    const dir = join(scratch, 'infra');
    tfEnv = offlineTerraformEnv(scratch);
    writeFiles(dir, { 'main.tf': app('v1') });
    terraform(dir, tfEnv, 'init', '-input=false');
    terraform(dir, tfEnv, 'apply', '-auto-approve', '-input=false');
    const v1 = terraform(dir, tfEnv, 'state', 'pull');
    writeFiles(dir, { 'main.tf': app('v2') });
    terraform(dir, tfEnv, 'apply', '-auto-approve', '-input=false');
    const v2 = readFileSync(join(dir, 'terraform.tfstate'), 'utf8');
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const v1Encrypted = await encrypter.encrypt(v1);

    const config = (encryption: string) => `environments:\n  dev:\n    terraform: { dir: infra/dev }\n${encryption}`;
    const project = (encryption: string, backup: Record<string, string>) =>
      componentProject({
        templates: ['rollback'],
        files: { 'gitops-sync.yaml': config(encryption), 'infra/dev/main.tf': app('v1'), 'infra/dev/terraform.tfstate': v2, ...backup },
      });
    const withAge = project(`sync:\n  backup_encryption:\n    recipients: [${recipient}]\n`, {});
    // Binary content: written apart from the text files, then committed.
    mkdirSync(join(withAge.dir, 'backups/dev'), { recursive: true });
    writeFileSync(join(withAge.dir, `${BACKUP}.age`), v1Encrypted);
    git(withAge.dir, 'add', '-A');
    git(withAge.dir, 'commit', '-q', '-m', 'backup');
    const withAgeSha = git(withAge.dir, 'rev-parse', 'HEAD');
    const plain = project('', { [BACKUP]: v1 });

    const inputs = (stateFileInput: string) => ({ cli: CLI_COMMAND, environment: 'dev', mode: 'terraform-state', state_file: stateFileInput, force: true });
    const options = { env: tfEnv, manual: ['rollback'] };
    [encrypted, plaintext] = await Promise.all([
      runPipeline(withAge.dir, [componentInclude(withAgeSha, 'rollback', inputs(`${BACKUP}.age`))], { ...options, variables: { GITOPS_SYNC_AGE_IDENTITY: identity } }),
      runPipeline(plain.dir, [componentInclude(plain.sha, 'rollback', inputs(BACKUP))], options),
    ]);
  }, 180_000);

  test('with recipients: the .age backup is restored with the identity, and only .age files are kept as artifacts', () => {
    const log = jobLog(encrypted, 'rollback');
    expect(jobStatus(encrypted, 'rollback')).toBe('PASS');
    expect(log).not.toMatch(NO_STACK_TRACE);
    expect(log).not.toContain(identity);
    const result = JSON.parse(readFileSync(artifact(encrypted, 'rollback', 'rollback.json'), 'utf8'));
    expect(result).toMatchObject({ rolled_back: true, verification: 'consistent' });
    const kept = artifactBackups(encrypted, 'rollback');
    expect(kept.length).toBeGreaterThanOrEqual(2); // the backup restored and the safety backup of v2
    expect(kept.every((file) => file.endsWith('.tfstate.age'))).toBe(true);
  });

  test('without recipients: the plaintext backups stay on the runner, none is an artifact, and the result says so', () => {
    expect(jobStatus(plaintext, 'rollback')).toBe('PASS');
    const result = JSON.parse(readFileSync(artifact(plaintext, 'rollback', 'rollback.json'), 'utf8'));
    expect(result).toMatchObject({ rolled_back: true });
    expect(result.steps).toContain(
      'the backup is not encrypted, so it stays on this runner only (owner-only, never uploaded); set sync.backup_encryption.recipients to keep an age-encrypted copy as an artifact',
    );
    expect(artifactBackups(plaintext, 'rollback')).toEqual([]);
    expect(existsSync(stateFile(plaintext, 'artifacts', 'rollback', 'rollback.json'))).toBe(true);
  });
});
