/**
 * Attack on the live-object backups of a kubernetes rollback (and sync): they are said to stay on the
 * runner "owner-only", but only a folder this run created was owner-only, and only a Secret's file.
 * A checkout that carries backups/<env>/ (a .gitkeep is enough) left the folder 0755, and the
 * Deployment's YAML — its env values, credentials included — was written 0644: readable by every
 * other user of a shared self-hosted runner. Real git, a stand-in cluster with state.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeCluster, manifestsAt } from './support/fake-cluster.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers:\n        - name: web\n          image: "${image}"\n          env: [{ name: DATABASE_URL, value: "postgres://app:hunter2@db/shop" }]\n`;

test('the backup folder and the live YAML of a rollback are owner-only, also in a folder the checkout carries', async () => {
  const root = tempDir('gitops-sync-attack31sync-modes-');
  const remote = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'clone', '-q', remote, work);
  git(work, 'checkout', '-q', '-B', 'main');
  writeFileSync(join(work, 'gitops-sync.yaml'), 'environments:\n  prod:\n    kubernetes: { manifests: [k8s], live: { kubectl: true }, namespace: shop }\n    rollback: { revert: direct }\n');
  mkdirSync(join(work, 'k8s'));
  mkdirSync(join(work, 'backups/prod'), { recursive: true, mode: 0o755 });
  writeFileSync(join(work, 'backups/prod/.gitkeep'), '');
  writeFileSync(join(work, 'k8s/web.yaml'), deployment('web:1.0'));
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'web 1.0');
  const first = git(work, 'rev-parse', 'HEAD');
  writeFileSync(join(work, 'k8s/web.yaml'), deployment('web:2.0'));
  git(work, 'commit', '-q', '-am', 'web 2.0');
  git(work, 'push', '-q', 'origin', 'main');
  const cluster = fakeCluster();
  cluster.apply(manifestsAt(remote, first, 'k8s'));
  cluster.apply(manifestsAt(remote, 'main', 'k8s'));

  const run = await cli(['rollback', 'prod', '--mode', 'kubernetes', '--deployment', 'web'], { cwd: work, env: { ...cluster.env, GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(run.code).toBe(0);
  const folder = join(work, 'backups/prod');
  const backups = readdirSync(folder).filter((name) => name !== '.gitkeep');
  expect(backups).toHaveLength(1);
  expect({ folder: statSync(folder).mode & 0o777, file: statSync(join(folder, backups[0])).mode & 0o777 }).toEqual({ folder: 0o700, file: 0o600 });
}, 60_000);
