/**
 * Attack on `rollback --mode kubernetes`: the workload and its namespace are flags, and nothing held
 * them to the environment named. On a cluster staging and prod share, whoever may roll back staging
 * (its deployers, its lock, its audit entry) undid prod's Deployment with
 * `rollback staging --deployment web --namespace shop`. Real git, a stand-in cluster with state.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeCluster, manifestsAt } from './support/fake-cluster.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const deployment = (namespace: string, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: ${namespace} }\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers:\n        - { name: web, image: "${image}" }\n`;

const CONFIG = `environments:
  staging:
    kubernetes: { manifests: [k8s/staging], live: { kubectl: true }, namespace: shop-staging }
    rollback: { revert: direct }
  prod:
    kubernetes: { manifests: [k8s/prod], live: { kubectl: true }, namespace: shop }
    rollback: { revert: direct }
`;

test("a rollback of staging does not undo prod's Deployment named with --namespace, nor one no manifest of staging makes", async () => {
  const root = tempDir('gitops-sync-attack31sync-namespace-');
  const remote = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'clone', '-q', remote, work);
  git(work, 'checkout', '-q', '-B', 'main');
  writeFileSync(join(work, 'gitops-sync.yaml'), CONFIG);
  writeFileSync(join(work, '.gitignore'), 'backups/\n');
  mkdirSync(join(work, 'k8s/staging'), { recursive: true });
  mkdirSync(join(work, 'k8s/prod'), { recursive: true });
  writeFileSync(join(work, 'k8s/staging/web.yaml'), deployment('shop-staging', 'web:1.0'));
  writeFileSync(join(work, 'k8s/prod/web.yaml'), deployment('shop', 'web:1.0'));
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'web 1.0');
  const first = git(work, 'rev-parse', 'HEAD');
  writeFileSync(join(work, 'k8s/prod/web.yaml'), deployment('shop', 'web:2.0'));
  git(work, 'commit', '-q', '-am', 'prod web 2.0');
  git(work, 'push', '-q', 'origin', 'main');
  const cluster = fakeCluster();
  cluster.apply(manifestsAt(remote, first, 'k8s/staging'));
  cluster.apply(manifestsAt(remote, first, 'k8s/prod'));
  cluster.apply(manifestsAt(remote, 'main', 'k8s/prod'));
  const rollback = (...args: string[]) => cli(['rollback', 'staging', '--mode', 'kubernetes', ...args], { cwd: work, env: { ...cluster.env, GITHUB_ACTIONS: '', GITLAB_CI: '' } });

  const other = await rollback('--deployment', 'web', '--namespace', 'shop');
  expect(other).toEqual({
    code: 1,
    stdout: '',
    stderr: 'gitops-sync: Deployment shop/web is not among the objects the manifests of environment staging make, so nothing was rolled back; roll back the environment it belongs to, or check --deployment and --namespace.\n',
  });
  const unmanaged = await rollback('--deployment', 'coredns', '--namespace', 'shop-staging');
  expect(unmanaged.stderr).toBe(
    'gitops-sync: Deployment shop-staging/coredns is not among the objects the manifests of environment staging make, so nothing was rolled back; roll back the environment it belongs to, or check --deployment and --namespace.\n',
  );
  expect(cluster.image('shop', 'web')).toBe('web:2.0');
  expect(cluster.calls().filter((call) => call.startsWith('kubectl rollout undo'))).toEqual([]);
  expect(git(remote, 'rev-parse', 'main')).toBe(git(work, 'rev-parse', 'HEAD'));

  // prod's own rollback still undoes it.
  const own = await cli(['rollback', 'prod', '--mode', 'kubernetes', '--deployment', 'web'], { cwd: work, env: { ...cluster.env, GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(own.code).toBe(0);
  expect(cluster.image('shop', 'web')).toBe('web:1.0');
}, 60_000);
