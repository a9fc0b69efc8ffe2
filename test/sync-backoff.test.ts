/**
 * sync retries what is transient before anything is applied (a registry answering 503 during
 * init) with the configured backoff, and never what another try cannot fix (a syntax error).
 * terraform is a fake executable here, through the real Exec port.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { nodeExec, runSync, silentProgress } from '@gitops-sync/engine';
import { callLines, fakeTools, type FakeRule } from './support/fake-kubectl.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-backoff-'));
mkdirSync(join(dir, 'infra'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = parseConfig('environments:\n  dev:\n    terraform: { dir: infra }\nsync:\n  retry: { limit: 3, delay_seconds: 5, factor: 2 }\n', 'gitops-sync.yaml');
const PLAN = JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} });

async function dryRun(initRules: FakeRule[]) {
  const tools = fakeTools({
    terraform: [...initRules, { match: /^plan /, exit: 2 }, { match: /^show -json /, stdout: PLAN }],
  });
  const slept: number[] = [];
  const result = await runSync(
    { environments: ['dev'], config, baseDir: dir, dryRun: true, parallel: false, concurrency: 1 },
    { exec: nodeExec, progress: silentProgress, clock: { now: () => new Date('2026-11-25T12:00:00Z') }, env: tools.env, sleep: async (ms) => void slept.push(ms) },
  );
  return { result, slept, inits: callLines(tools.calls()).filter((line) => line.startsWith('terraform init')).length };
}

test('a 503 from the registry during init is retried after 5 s, then the plan goes on', async () => {
  const { result, slept, inits } = await dryRun([
    { match: /^init /, times: 1, exit: 1, stderr: 'Error: Failed to query available provider packages: could not connect to registry.terraform.io: 503 Service Unavailable\n' },
    { match: /^init /, stdout: 'Terraform has been successfully initialized!\n' },
  ]);
  expect(result.environments[0]).toMatchObject({ status: 'synced', dry_run: true });
  expect(inits).toBe(2);
  expect(slept).toEqual([5000]);
});

test('a syntax error is not retried: one init, one sentence', async () => {
  const { result, slept, inits } = await dryRun([{ match: /^init /, exit: 1, stderr: 'Error: Invalid block definition\n\n  on main.tf line 3\n' }]);
  expect(result.environments[0].status).toBe('failed');
  expect(result.environments[0].message).toMatch(/^terraform init failed .*Invalid block definition/);
  expect(inits).toBe(1);
  expect(slept).toEqual([]);
});
