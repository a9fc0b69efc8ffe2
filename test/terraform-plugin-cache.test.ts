/**
 * The environments a concurrent slot runs one after another share the slot's provider plugin cache:
 * the provider is installed once per slot and linked into the slot's next environments, and no two
 * commands run on one cache at once (Terraform documents it as not safe for concurrent installs)
 * while the slots run side by side. Real terraform and the real
 * hashicorp/aws provider from the machine's offline filesystem mirror.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { terraform, writeFiles } from './support/terraform.js';
import { environmentSpans, initOutput, mostAtOnce, terraformCalls, timedTerraform } from './support/terraform-timeline.js';

const MIRROR = '/opt/tf-plugins';
const AWS = join(MIRROR, 'registry.terraform.io/hashicorp/aws/5.100.0');
const hasMirror = existsSync(AWS);
// CI runs on a fresh machine that may not have the 675 MB mirror: skip there, saying why.
const describeWithMirror = hasMirror ? describe : describe.skip;
const why = hasMirror ? '' : ` (skipped: no hashicorp/aws 5.100.0 in the offline mirror ${MIRROR})`;

/** Plans without calling AWS: dummy keys, no credential or account lookups. */
const awsStack = (name: string) => `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAEXAMPLEEXAMPLE00"
  secret_key                  = "dummy-secret-key-for-offline-plans"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
resource "aws_sqs_queue" "jobs" {
  name = "${name}-jobs"
}
resource "aws_s3_bucket" "logs" {
  bucket = "${name}-logs-example"
}
`;

const INSTALLED = 'Installing hashicorp/aws v5.100.0...';
const FROM_CACHE = 'Using hashicorp/aws v5.100.0 from the shared cache directory';

describeWithMirror(`environments sharing the provider plugin cache${why}`, () => {
  const ENVIRONMENTS = ['env1', 'env2', 'env3'];
  let root: string;
  let env: Record<string, string>;
  let log: string;

  beforeAll(() => {
    root = tempDir('gitops-sync-plugin-cache-');
    const timed = timedTerraform(root);
    log = timed.log;
    const cliConfig = join(root, 'mirror.tfrc');
    writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}\n`);
    env = { TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', PATH: timed.PATH, TF_PLUGIN_CACHE_DIR: '' };
    writeFiles(root, { 'gitops-sync.yaml': `environments:\n${ENVIRONMENTS.map((name) => `  ${name}:\n    terraform:\n      dir: ${name}\n`).join('')}` });
    for (const name of ENVIRONMENTS) writeFiles(join(root, name), { 'main.tf': awsStack(name) });
    // Committed lock files, as Terraform (1.4+) needs before it uses a cached provider.
    const platforms = readdirSync(AWS).map((platform) => `-platform=${platform}`);
    for (const name of ENVIRONMENTS) terraform(join(root, name), { ...env, TF_DATA_DIR: join(root, `lock-${name}`) }, 'providers', 'lock', `-fs-mirror=${MIRROR}`, ...platforms);
  }, 120_000);

  const drift = (names: string[], extra: Record<string, string> = {}, concurrency = names.length) => {
    writeFileSync(log, '');
    return cli(['drift', '--environments', names.join(','), '--parallel', '--concurrency', String(concurrency)], { cwd: root, env: { ...env, ...extra } });
  };

  test('three environments on two slots install the provider once per slot and link it from the slot\'s cache; the environments overlap', async () => {
    // The CLI runs in this process, and its cache is named by the process id: another Jest worker running a test file
    // with `drift --parallel` meanwhile makes caches of its own in the same temp folder.
    const ours = (name: string) => name.startsWith(`gitops-sync-plugins-${process.pid}-`);
    const before = readdirSync(tmpdir()).filter(ours);
    const run = await drift(ENVIRONMENTS, {}, 2);
    expect(run.stdout).toContain('Drift in env1: 2 change(s)');
    expect(run.code).toBe(2);
    const outputs = ENVIRONMENTS.map((name) => initOutput(log, name));
    expect(outputs.filter((output) => output.includes(INSTALLED))).toHaveLength(2);
    expect(outputs.filter((output) => output.includes(FROM_CACHE))).toHaveLength(1);
    const calls = terraformCalls(log);
    for (const cache of new Set(calls.map((call) => call.cache))) expect(mostAtOnce(calls.filter((call) => call.cache === cache))).toBe(1);
    expect(mostAtOnce(environmentSpans(calls))).toBeGreaterThanOrEqual(2);
    // The run's cache is its own and is gone when the run ends.
    expect(calls.every((call) => ours(basename(call.cache)))).toBe(true);
    expect(readdirSync(tmpdir()).filter((name) => ours(name) && !before.includes(name))).toEqual([]);
  }, 300_000);

  test('a TF_PLUGIN_CACHE_DIR the user set is used (created when missing) and kept: the next run installs nothing', async () => {
    const cache = join(tempDir('gitops-sync-user-cache-'), 'plugins');
    const first = await drift(['env1'], { TF_PLUGIN_CACHE_DIR: cache });
    expect(first.code).toBe(2);
    expect(initOutput(log, 'env1')).toContain(INSTALLED);
    expect(existsSync(join(cache, 'registry.terraform.io/hashicorp/aws/5.100.0'))).toBe(true);
    const second = await drift(['env1'], { TF_PLUGIN_CACHE_DIR: cache });
    expect(second.code).toBe(2);
    expect(initOutput(log, 'env1')).toContain(FROM_CACHE);
  }, 300_000);
});
