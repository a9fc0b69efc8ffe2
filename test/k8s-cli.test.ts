import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { REPO_ROOT, SHARED_FIXTURES } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-k8s-');
});

const ENGINE = resolve(SHARED_FIXTURES, 'kubernetes', 'gitops-engine');

describe('gitops-sync analyze for Kubernetes', () => {
  test('k8s-manifests: Git folder against a live List export; exit 2 and the report says what drifted', async () => {
    mkdirSync(join(dir, 'git', 'apps'), { recursive: true });
    writeFileSync(join(dir, 'git', 'apps', 'deploy.yaml'), readFileSync(resolve(ENGINE, 'ssd-deploy-nested-config.yaml')));
    writeFileSync(join(dir, 'git', 'service.yaml'), readFileSync(resolve(ENGINE, 'smd-service-config.yaml')));
    const live = ['ssd-deploy-nested-live.yaml', 'smd-service-live.yaml'].map((name) => readFileSync(resolve(ENGINE, name), 'utf8')).join('\n---\n');
    writeFileSync(join(dir, 'live.yaml'), live);
    const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'git', '--live', 'live.yaml', '--format', 'json', '--env', 'prod'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.sources).toEqual(['k8s-manifests']);
    expect(report.changes.map((c) => [c.address, c.severity, c.rule])).toEqual([
      ['apps/v1/Deployment/default/nested-test-deployment', 'high', 'k8s.ports'],
      ['v1/Service/default/multiple-protocol-port-svc', 'high', 'k8s.networking'],
    ]);
  });

  test('k8s-manifests without --live, and with an invalid manifest', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n');
    expect(await cli(['analyze', '--source', 'k8s-manifests', '--input', 'bad.yaml'], { cwd: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'gitops-sync: --source k8s-manifests needs --live: a live export (kubectl get … -o yaml).\n',
    });
    writeFileSync(join(dir, 'live.yaml'), 'apiVersion: v1\nkind: List\nitems: []\n');
    const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'bad.yaml', '--live', 'live.yaml'], { cwd: dir });
    expect(run.stderr).toBe(`gitops-sync: ${join(dir, 'bad.yaml')}:1: a ConfigMap has no metadata.name; every manifest needs apiVersion, kind and metadata.name.\n`);
  });

  test('an export of 100 MB over GITOPS_SYNC_MAX_INPUT_MB=64 is refused before it is parsed', async () => {
    writeFileSync(join(dir, 'git.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n');
    writeFileSync(join(dir, 'live.yaml'), Buffer.alloc(100 * 1024 * 1024, 0x20));
    process.env.GITOPS_SYNC_MAX_INPUT_MB = '64';
    try {
      const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'git.yaml', '--live', 'live.yaml'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`gitops-sync: ${join(dir, 'live.yaml')} is 100.0 MB, over the 64 MB limit for a live export; split the input or raise GITOPS_SYNC_MAX_INPUT_MB.\n`);
    } finally {
      delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
    }
  });
});

describe('KUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff"', () => {
  /** kubectl's layout: /tmp/LIVE-<n> and /tmp/MERGED-<n>, one file per object named [group.]version.Kind.namespace.name. */
  function layOut() {
    const live = join(dir, 'LIVE-2913716452');
    const merged = join(dir, 'MERGED-1650426871');
    mkdirSync(live);
    mkdirSync(merged);
    const deployment = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  uid: 0b0b\n  generation: 3\nspec:\n  replicas: ${replicas}\n`;
    writeFileSync(join(live, 'apps.v1.Deployment.shop.web'), deployment(2));
    writeFileSync(join(merged, 'apps.v1.Deployment.shop.web'), deployment(5));
    return { live, merged };
  }

  test('kubectl runs it with LIVE and MERGED first and the subcommand after them: exit 1 like diff, report to GITOPS_SYNC_REPORT', () => {
    const { live, merged } = layOut();
    const report = join(dir, 'report.json');
    const run = spawnSync(process.execPath, [resolve(REPO_ROOT, 'dist/cli/index.js'), live, merged, 'kubectl-external-diff'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GITOPS_SYNC_REPORT: report },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^Drift in kubectl: 1 change\(s\)/);
    expect(JSON.parse(readFileSync(report, 'utf8')).changes[0]).toMatchObject({ address: 'apps/v1/Deployment/shop/web', source: 'k8s-dirs', fields: [{ path: '/spec/replicas', before: 2, after: 5 }] });
  });

  test('no differences: exit 0; trouble: exit 2', async () => {
    const { live, merged } = layOut();
    writeFileSync(join(merged, 'apps.v1.Deployment.shop.web'), readFileSync(join(live, 'apps.v1.Deployment.shop.web')));
    expect((await cli([live, merged, 'kubectl-external-diff'], { cwd: dir })).code).toBe(0);
    const trouble = await cli([live, join(dir, 'nope'), 'kubectl-external-diff'], { cwd: dir });
    expect(trouble).toEqual({ code: 2, stdout: '', stderr: `gitops-sync: ${join(dir, 'nope')} is not a folder; pass the MERGED folder kubectl diff creates.\n` });
  });
});

describe('gitops-sync analyze --source flux-diff', () => {
  test('a flux diff golden with a drifted Service: exit 2, judged by the Kubernetes rules', async () => {
    const run = await cli(['analyze', '--source', 'flux-diff', '--input', resolve(SHARED_FIXTURES, 'kubernetes', 'flux-diff-kustomization', 'diff-with-drifted-service.golden'), '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.changes.find((c) => c.action === 'update')).toMatchObject({ address: 'v1/Service/default/podinfo', severity: 'high', rule: 'k8s.networking' });
  });
});

describe('gitops-sync analyze --source kubectl-diff', () => {
  test('saved kubectl diff output: exit 2, Secret values never shown', async () => {
    const saved = resolve(REPO_ROOT, 'test', 'fixtures', 'kubectl-diff', 'kubectl-diff.txt');
    const run = await cli(['analyze', '--source', 'kubectl-diff', '--input', saved, '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.sources).toEqual(['kubectl-diff']);
    expect(report.changes.find((c) => c.kind === 'Secret')).toMatchObject({ severity: 'critical', rule: 'k8s.secrets' });
    const secretValues = [...readFileSync(saved, 'utf8').matchAll(/^[-+]\s+\S+:\s+([A-Za-z0-9+/]{12,}={0,2})$/gm)].map((match) => match[1]);
    expect(secretValues).toHaveLength(2);
    for (const value of secretValues) expect(run.stdout).not.toContain(value);
  });
});

describe('gitops-sync analyze --source argocd --argocd-app', () => {
  test('fetches managed resources with the token from the environment and never prints it', async () => {
    const { createServer } = await import('node:http');
    const token = 'argocd-token-do-not-print-123';
    const target = readFileSync(resolve(ENGINE, 'ssd-deploy-nested-config.yaml'), 'utf8');
    const { parse } = await import('yaml');
    const item = (live: string) => ({ group: 'apps', kind: 'Deployment', namespace: 'default', name: 'nested-test-deployment', targetState: JSON.stringify(parse(target)), normalizedLiveState: live, liveState: live, predictedLiveState: 'null' });
    const liveState = JSON.stringify(parse(readFileSync(resolve(ENGINE, 'ssd-deploy-nested-live.yaml'), 'utf8')));
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization === `Bearer ${token}`}`);
      if (request.url?.includes('missing')) return void response.writeHead(404).end('{"error":"not found"}');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [item(liveState)] }));
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as { port: number };
    const env = { ARGOCD_SERVER: `http://127.0.0.1:${port}`, ARGOCD_AUTH_TOKEN: token };
    try {
      const run = await cli(['analyze', '--source', 'argocd', '--argocd-app', 'shop', '--format', 'json', '--env', 'prod'], { cwd: dir, env });
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout).changes.map((c: { address: string }) => c.address)).toEqual(['apps/v1/Deployment/default/nested-test-deployment']);
      const missing = await cli(['analyze', '--source', 'argocd', '--argocd-app', 'missing'], { cwd: dir, env });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^gitops-sync: .*not found.*\n$/);
      expect(run.stdout + run.stderr + missing.stderr).not.toContain(token);
      expect(seen).toEqual(['/api/v1/applications/shop/managed-resources true', '/api/v1/applications/missing/managed-resources true']);
    } finally {
      server.close();
    }
  });
});

describe('ignore_differences from gitops-sync.yaml', () => {
  test('apply to analyze too, for the environment named with --env', async () => {
    const web = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
    writeFileSync(join(dir, 'git.yaml'), web('web:2'));
    writeFileSync(join(dir, 'live.yaml'), web('web:1'));
    writeFileSync(
      join(dir, 'gitops-sync.yaml'),
      'environments:\n  prod:\n    kubernetes:\n      manifests: [git.yaml]\n      live: { export: live.yaml }\n      ignore_differences:\n        - { kind: Deployment, json_pointers: [/spec/template/spec/containers/0/image] }\n',
    );
    const args = ['analyze', '--source', 'k8s-manifests', '--input', 'git.yaml', '--live', 'live.yaml'];
    expect((await cli([...args, '--env', 'prod'], { cwd: dir })).code).toBe(0);
    expect((await cli([...args, '--env', 'other'], { cwd: dir })).code).toBe(2);
  });
});
