/**
 * A cluster that accepts the connection and never answers (kubectl has no request timeout of its
 * own): `rollback --mode kubernetes` waited forever, silently, in the middle of an incident, holding
 * the environment's lock. Its `kubectl get` (the backup) and `kubectl rollout undo` are now stopped
 * after sync.rollout_timeout_seconds, in one sentence, exit 1. A stand-in kubectl that hangs.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { writeFiles } from './support/terraform.js';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  template:\n    spec:\n      containers: [{ name: web, image: "web:2.0" }]\n';

function setUp(hangOn: 'get' | 'rollout') {
  const root = tempDir('gitops-sync-attack31sync-hung-kubectl-');
  const log = join(root, 'calls.log');
  writeFiles(join(root, 'bin'), {
    kubectl: `#!/bin/sh\necho "$*" >> '${log}'\ncase "$1" in\n  ${hangOn}) exec sleep 600 ;;\n  get) cat '${join(root, 'live.yaml')}' ;;\n  *) exit 1 ;;\nesac\n`,
  });
  chmodSync(join(root, 'bin/kubectl'), 0o755);
  writeFileSync(join(root, 'live.yaml'), deployment);
  writeFiles(root, {
    'gitops-sync.yaml': 'environments:\n  prod:\n    kubernetes: { manifests: [k8s], live: { kubectl: true }, namespace: shop }\nsync:\n  rollout_timeout_seconds: 1\n',
  });
  writeFiles(join(root, 'k8s'), { 'web.yaml': deployment });
  return { root, calls: () => readFileSync(log, 'utf8').trim().split('\n') };
}

const rollback = (root: string) =>
  cli(['rollback', 'prod', '--mode', 'kubernetes', '--deployment', 'web'], { cwd: root, env: { PATH: `${join(root, 'bin')}:${process.env.PATH}`, GITHUB_ACTIONS: '', GITLAB_CI: '' } });

test('a kubectl get that never answers is stopped; nothing is rolled back', async () => {
  const { root, calls } = setUp('get');
  const started = Date.now();
  const run = await rollback(root);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect({ code: run.code, last: run.stderr.split('\n').at(-2) }).toEqual({
    code: 1,
    last: 'gitops-sync: kubectl get Deployment shop/web (the backup before rolling back deployment/web in shop) did not answer within 1 s and was stopped; check that the cluster answers (kubectl cluster-info), or raise sync.rollout_timeout_seconds.',
  });
  expect(calls().filter((call) => call.startsWith('rollout'))).toEqual([]);
}, 30_000);

test('a kubectl rollout undo that never answers is stopped, saying it may or may not have happened and where the backup is', async () => {
  const { root } = setUp('rollout');
  const started = Date.now();
  const run = await rollback(root);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(run.code).toBe(1);
  expect(run.stderr.split('\n').at(-2)).toMatch(
    /^gitops-sync: kubectl rollout undo deployment\/web in shop did not answer within 1 s and was stopped; it may or may not have rolled back: check with kubectl rollout history deployment\/web -n shop \(its YAML from before is in .*\/backups\/prod\/.*\)\.$/,
  );
}, 30_000);
