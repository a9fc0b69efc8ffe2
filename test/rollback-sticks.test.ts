/**
 * Rollbacks that stick: `rollback --mode kubernetes|argocd` also brings Git in line (a revert of the
 * environment's paths to the commit now running), so a controller with self-heal keeps the rolled-back
 * version instead of putting the failed one back; the controller is suspended for the rollback (and
 * turned back on) or the rollback is refused, per `rollback.auto_sync`. End to end: real git, a
 * stand-in cluster (kubectl, flux) with state, a loopback Argo CD, the loopback GitHub for the PR.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { nodeExec, rollbackArgoCdApp, rollbackDeployment, setArgoCdAutomatedSync, systemClock, type RollbackResult, type SyncContext } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { fakeArgoCd, type FakeArgoCd } from './support/fake-argocd.js';
import { fakeCluster, manifestsAt, type FakeCluster } from './support/fake-cluster.js';
import { useFakeGitHub } from './support/fake-github.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: ${image}
`;

const KUBERNETES = 'kubernetes: { manifests: [k8s], live: { kubectl: true }, namespace: shop }';
const FLUX_KEY = 'kustomization/flux-system/apps';

interface Fixture {
  remote: string;
  work: string;
  /** The commit that ran well (web:1.0) and the failed one (web:2.0, the branch's head). */
  good: string;
  bad: string;
  cluster: FakeCluster;
}

let fx: Fixture;
let argocd: FakeArgoCd | undefined;
afterEach(async () => {
  await argocd?.close();
  argocd = undefined;
});

/** A repository whose environment `prod` went from web:1.0 to the failed web:2.0, and a cluster that runs web:2.0. */
function setUp(environment: string, flux: string[] = []): void {
  const root = tempDir('gitops-sync-rollback-sticks-');
  const remote = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'clone', '-q', remote, work);
  git(work, 'checkout', '-q', '-B', 'main');
  writeFileSync(join(work, 'gitops-sync.yaml'), `environments:\n  prod:\n${environment.replace(/^/gm, '    ')}\n`);
  writeFileSync(join(work, '.gitignore'), 'backups/\n');
  mkdirSync(join(work, 'k8s'));
  writeFileSync(join(work, 'k8s', 'web.yaml'), deployment('web:1.0'));
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'web 1.0');
  const good = git(work, 'rev-parse', 'HEAD');
  writeFileSync(join(work, 'k8s', 'web.yaml'), deployment('web:2.0'));
  git(work, 'commit', '-q', '-am', 'web 2.0');
  const bad = git(work, 'rev-parse', 'HEAD');
  git(work, 'push', '-q', 'origin', 'main');
  const cluster = fakeCluster(flux);
  fx = { remote, work, good, bad, cluster };
}

/** The controller's next loop for Flux: apply what the branch holds, unless suspended. */
function fluxReconciles(): void {
  if (!fx.cluster.fluxSuspended(FLUX_KEY)) fx.cluster.apply(manifestsAt(fx.remote, 'main', 'k8s'));
}

const deployRevision = (revision: string) => fx.cluster.apply(manifestsAt(fx.remote, revision, 'k8s'));

async function drift(): Promise<{ code: number; report: DriftReport }> {
  git(fx.work, 'pull', '-q', '--ff-only', 'origin', 'main');
  const run = await cli(['drift', 'prod', '--format', 'json'], { cwd: fx.work, env: fx.cluster.env });
  expect(run.stdout).toMatch(/^\{/);
  return { code: run.code, report: JSON.parse(run.stdout) as DriftReport };
}

async function rollback(args: string[], env: NodeJS.ProcessEnv = {}) {
  return cli(['rollback', 'prod', ...args, '--format', 'json'], { cwd: fx.work, env: { ...fx.cluster.env, GITHUB_ACTIONS: '', GITLAB_CI: '', ...env } });
}

const context = (env: NodeJS.ProcessEnv): SyncContext => ({ exec: nodeExec, progress: { step: () => {} }, clock: systemClock, env, sleep: async () => {} });
const imageDrift = (report: DriftReport) => report.changes.flatMap((change) => change.fields.filter((field) => field.path.endsWith('/image')).map((field) => [change.address, field.before, field.after]));
const remoteFile = (path: string) => git(fx.remote, 'show', `main:${path}`);

describe('Flux: rollback --mode kubernetes under a reconciling Kustomization', () => {
  test('without the Git revert, Flux puts the failed version back, and drift-detect reports the rollback as drift until it does', async () => {
    setUp(`${KUBERNETES}\nflux: { kind: kustomization, name: apps }`, [FLUX_KEY]);
    deployRevision(fx.good);
    deployRevision(fx.bad);
    // What rollback --mode kubernetes did before: kubectl rollout undo, and nothing in Git.
    await rollbackDeployment({ environment: 'prod', kubernetes: {}, namespace: 'shop', name: 'web', backupDir: join(fx.work, 'backups', 'undo'), rolloutTimeoutSeconds: 60 }, context(fx.cluster.env));
    expect(fx.cluster.image('shop', 'web')).toBe('web:1.0');
    const after = await drift();
    expect(after.code).toBe(2);
    expect(imageDrift(after.report)).toEqual([['apps/v1/Deployment/shop/web', 'web:1.0', 'web:2.0']]);
    fluxReconciles();
    expect(fx.cluster.image('shop', 'web')).toBe('web:2.0');
  });

  test('auto_sync: suspend, revert: direct — suspends the Kustomization, reverts Git to the commit now running, resumes; Flux keeps web:1.0 and drift-detect is quiet', async () => {
    setUp(`${KUBERNETES}\nflux: { kind: kustomization, name: apps }\nrollback: { auto_sync: suspend, revert: direct }`, [FLUX_KEY]);
    deployRevision(fx.good);
    deployRevision(fx.bad);
    const run = await rollback(['--mode', 'kubernetes', '--deployment', 'web']);
    expect(run.stderr).not.toMatch(/^gitops-sync: .*(failed|refused|not found)/m);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as RollbackResult;
    expect(result).toMatchObject({
      mode: 'kubernetes',
      rolled_back: true,
      from: 'deployment/web revision 2',
      git_revert: { to: fx.good, branch: 'main', pull_request_url: '', landed: true },
      controller: { controller: 'Flux kustomization flux-system/apps', suspended: true, restored: true, note: 'resumed' },
    });
    expect(result.git_revert?.how).toBe('the newest commit on main whose Deployment shop/web pod template is the one running now');
    // Suspended before the undo, resumed after the revert was pushed.
    const order = fx.cluster.calls().filter((call) => /^(flux|kubectl rollout undo)/.test(call));
    expect(order).toEqual(['flux suspend kustomization apps -n flux-system', 'kubectl rollout undo deployment/web -n shop', 'flux resume kustomization apps -n flux-system']);
    expect(remoteFile('k8s/web.yaml')).toBe(deployment('web:1.0').trim());
    expect(git(fx.remote, 'log', '-1', '--format=%s', 'main')).toBe(`Roll back prod to ${fx.good.slice(0, 7)}`);
    fluxReconciles();
    expect(fx.cluster.image('shop', 'web')).toBe('web:1.0');
    const after = await drift();
    expect(after.report.changes).toEqual([]);
    expect(after.code).toBe(0);
  });

  describe('with the revert as a pull request (loopback GitHub)', () => {
    const github = useFakeGitHub();
    test('the Kustomization stays suspended, loudly, until the pull request is merged; then flux resume converges and drift-detect is quiet', async () => {
      setUp(`${KUBERNETES}\nflux: { kind: kustomization, name: apps }\nrollback: { auto_sync: suspend }`, [FLUX_KEY]);
      deployRevision(fx.good);
      deployRevision(fx.bad);
      const run = await rollback(['--mode', 'kubernetes', '--deployment', 'web', '--platform', 'github', '--repo', 'owner/repo'], { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url });
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as RollbackResult;
      const branch = `gitops-sync/rollback-prod-${fx.good.slice(0, 7)}`;
      expect(result.git_revert).toMatchObject({ to: fx.good, branch, pull_request_url: 'https://github.com/owner/repo/pull/1', landed: false });
      expect(result.controller).toEqual({
        controller: 'Flux kustomization flux-system/apps',
        suspended: true,
        restored: false,
        note: 'still suspended until https://github.com/owner/repo/pull/1 is merged; then run flux resume kustomization apps -n flux-system',
      });
      expect(run.stderr).toContain('Flux kustomization flux-system/apps stays SUSPENDED until https://github.com/owner/repo/pull/1 is merged; then run flux resume kustomization apps -n flux-system.');
      expect(github.state.pulls.get(1)).toMatchObject({ state: 'open', head: { ref: branch }, base: { ref: 'main' } });
      fluxReconciles();
      expect(fx.cluster.image('shop', 'web')).toBe('web:1.0');
      expect((await drift()).code).toBe(2);

      // The pull request is merged (a fast-forward of main), then Flux is resumed as the note says.
      git(fx.remote, 'update-ref', 'refs/heads/main', `refs/heads/${branch}`);
      expect(spawnSync('flux', ['resume', 'kustomization', 'apps', '-n', 'flux-system'], { env: fx.cluster.env }).status).toBe(0);
      fluxReconciles();
      expect(fx.cluster.image('shop', 'web')).toBe('web:1.0');
      const after = await drift();
      expect(after.report.changes).toEqual([]);
      expect(after.code).toBe(0);
    });
  });

  test('when no commit describes what runs after the undo, the run fails saying so, and the Kustomization stays suspended, loudly, so Flux does not put the failed version back', async () => {
    setUp(`${KUBERNETES}\nflux: { kind: kustomization, name: apps }\nrollback: { auto_sync: suspend, revert: direct }`, [FLUX_KEY]);
    // Revision 1 was applied by hand (web:0.9), never from Git.
    fx.cluster.apply(manifestsAt(fx.remote, fx.good, 'k8s').map((object) => JSON.parse(JSON.stringify(object).replace('web:1.0', 'web:0.9'))));
    deployRevision(fx.bad);
    const run = await rollback(['--mode', 'kubernetes', '--deployment', 'web']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\ngitops-sync: None of the last 2 commits that changed the paths of environment prod on main describes Deployment shop\/web as it runs now, so Git was not brought in line; pass --to-commit with the commit it runs\. prod was rolled back, and Flux kustomization flux-system\/apps is left SUSPENDED so it does not put the failed version back: bring Git in line with what runs now, then run flux resume kustomization apps -n flux-system\.\n$/,
    );
    expect(fx.cluster.calls().filter((call) => call.startsWith('flux'))).toEqual(['flux suspend kustomization apps -n flux-system']);
    expect(fx.cluster.fluxSuspended(FLUX_KEY)).toBe(true);
    expect(git(fx.remote, 'rev-parse', 'main')).toBe(fx.bad);
  });

  test('auto_sync: refuse (the default) refuses in one sentence naming the key, before anything changes', async () => {
    setUp(`${KUBERNETES}\nflux: { kind: kustomization, name: apps }`, [FLUX_KEY]);
    deployRevision(fx.bad);
    const run = await rollback(['--mode', 'kubernetes', '--deployment', 'web']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'gitops-sync: Flux kustomization flux-system/apps reconciles environment prod from Git and would put the failed version back; set environments.prod.rollback.auto_sync: suspend in gitops-sync.yaml to suspend it for the rollback (it is resumed once the Git revert is merged).\n',
    });
    expect(fx.cluster.calls()).toEqual([]);
  });

  test('a Flux object that cannot be suspended: one sentence, and nothing is rolled back', async () => {
    setUp(`${KUBERNETES}\nflux: { kind: kustomization, name: gone }\nrollback: { auto_sync: suspend, revert: direct }`, [FLUX_KEY]);
    deployRevision(fx.bad);
    const run = await rollback(['--mode', 'kubernetes', '--deployment', 'web']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'gitops-sync: flux suspend kustomization gone -n flux-system failed (exit 1: ✗ no Kustomization objects found in flux-system namespace), so nothing was rolled back; check the name with flux get kustomizations -n flux-system.\n',
    });
    expect(fx.cluster.calls()).toEqual(['flux suspend kustomization gone -n flux-system']);
    expect(fx.cluster.image('shop', 'web')).toBe('web:2.0');
    expect(git(fx.remote, 'rev-parse', 'main')).toBe(fx.bad);
  });
});

describe('Argo CD: rollback --mode argocd under automated sync with selfHeal', () => {
  const AUTOMATED = { prune: true, selfHeal: true };

  async function startArgoCd(app = 'guestbook'): Promise<NodeJS.ProcessEnv> {
    argocd = await fakeArgoCd({ name: app, repo: fx.remote, branch: 'main', path: 'k8s', automated: { ...AUTOMATED }, deploy: deployRevision }, [fx.good, fx.bad]);
    return { ARGOCD_SERVER: argocd.url, ARGOCD_AUTH_TOKEN: argocd.token };
  }

  test('without the Git revert, self-heal syncs the failed version back, and drift-detect reports the rollback as drift until it does', async () => {
    setUp(`${KUBERNETES}\nargocd: { app: guestbook }`);
    const env = await startArgoCd();
    const connection = { server: argocd!.url, token: argocd!.token, app: 'guestbook' };
    // By hand, as before: auto-sync off (Argo CD refuses otherwise), roll back, auto-sync back on.
    await setArgoCdAutomatedSync(connection, null, context(env));
    await rollbackArgoCdApp({ ...connection, id: 1, timeoutSeconds: 60 }, context(env));
    expect(fx.cluster.image('shop', 'web')).toBe('web:1.0');
    const after = await drift();
    expect(after.code).toBe(2);
    expect(imageDrift(after.report)).toEqual([['apps/v1/Deployment/shop/web', 'web:1.0', 'web:2.0']]);
    await setArgoCdAutomatedSync(connection, AUTOMATED, context(env));
    argocd!.selfHeal();
    expect(fx.cluster.image('shop', 'web')).toBe('web:2.0');
  });

  test('auto_sync: suspend, revert: direct — suspends automated sync, rolls back, reverts Git to the history entry\'s revision, restores it; self-heal keeps web:1.0 and drift-detect is quiet', async () => {
    setUp(`${KUBERNETES}\nargocd: { app: guestbook }\nrollback: { auto_sync: suspend, revert: direct }`);
    const env = await startArgoCd();
    const run = await rollback(['--mode', 'argocd', '--history-id', '1'], env);
    expect(run.stderr).not.toMatch(/^gitops-sync: .*(failed|refused|not found)/m);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as RollbackResult;
    expect(result).toMatchObject({
      mode: 'argocd',
      rolled_back: true,
      from: `history 2 (revision ${fx.bad})`,
      to: `history 1 (revision ${fx.good})`,
      git_revert: { to: fx.good, how: 'the revision of Argo CD history entry 1', branch: 'main', landed: true },
      controller: { controller: 'Argo CD application "guestbook"', suspended: true, restored: true, note: 'automated sync restored ({"prune":true,"selfHeal":true})' },
    });
    expect(run.stderr).toContain('Suspended automated sync of Argo CD application "guestbook" (was {"prune":true,"selfHeal":true}) for the rollback.');
    expect(run.stderr).toContain('Restored automated sync of Argo CD application "guestbook" ({"prune":true,"selfHeal":true}).');
    expect(argocd!.requests.filter((request) => !request.startsWith('GET'))).toEqual([
      'PATCH /api/v1/applications/guestbook {"name":"guestbook","patch":"{\\"spec\\":{\\"syncPolicy\\":{\\"automated\\":null}}}","patchType":"merge"}',
      'POST /api/v1/applications/guestbook/rollback {"id":1,"prune":false,"dryRun":false}',
      'PATCH /api/v1/applications/guestbook {"name":"guestbook","patch":"{\\"spec\\":{\\"syncPolicy\\":{\\"automated\\":{\\"prune\\":true,\\"selfHeal\\":true}}}}","patchType":"merge"}',
    ]);
    expect(argocd!.application()).toMatchObject({ spec: { syncPolicy: { automated: AUTOMATED } } });
    expect(remoteFile('k8s/web.yaml')).toBe(deployment('web:1.0').trim());
    argocd!.selfHeal();
    expect(fx.cluster.image('shop', 'web')).toBe('web:1.0');
    const after = await drift();
    expect(after.report.changes).toEqual([]);
    expect(after.code).toBe(0);
  });

  test('auto-sync on with auto_sync: refuse (the default): Argo CD is not asked to roll back; one sentence naming the key', async () => {
    setUp(`${KUBERNETES}\nargocd: { app: guestbook }`);
    const env = await startArgoCd();
    const run = await rollback(['--mode', 'argocd', '--history-id', '1'], env);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'gitops-sync: Argo CD application "guestbook" of environment prod has automated sync on, so Argo CD refuses the rollback and would sync the failed version back; set environments.prod.rollback.auto_sync: suspend in gitops-sync.yaml to suspend it for the rollback, or turn automated sync off first.\n',
    });
    expect(argocd!.requests.map((request) => request.split(' ')[0])).toEqual(['GET']);
    expect(fx.cluster.image('shop', 'web')).toBe('web:2.0');
  });

  test('Argo CD itself refuses a rollback while automated sync is on', async () => {
    setUp(`${KUBERNETES}\nargocd: { app: guestbook }`);
    const env = await startArgoCd();
    await expect(rollbackArgoCdApp({ server: argocd!.url, token: argocd!.token, app: 'guestbook', id: 1, timeoutSeconds: 60 }, context(env))).rejects.toThrow(
      `Argo CD at ${argocd!.url} refused to roll back application "guestbook" (HTTP 400: rollback cannot be initiated when auto-sync is enabled); fix what Argo CD says and try again.`,
    );
  });

  test('auto_sync: suspend with the revert as a pull request is refused: auto-sync would come back before the merge', async () => {
    setUp(`${KUBERNETES}\nargocd: { app: guestbook }\nrollback: { auto_sync: suspend }`);
    const env = await startArgoCd();
    const run = await rollback(['--mode', 'argocd', '--history-id', '1'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'gitops-sync: environments.prod.rollback.auto_sync: suspend needs the Git revert pushed directly, because automated sync of Argo CD application "guestbook" comes back when the rollback ends and would sync the failed version back from an unmerged pull request; set environments.prod.rollback.revert: direct in gitops-sync.yaml (or pass --direct).\n',
    );
    expect(argocd!.requests.map((request) => request.split(' ')[0])).toEqual(['GET']);
  });

  test('a rollback Argo CD refuses still gets automated sync restored', async () => {
    setUp(`${KUBERNETES}\nargocd: { app: guestbook }\nrollback: { auto_sync: suspend, revert: direct }`);
    const env = await startArgoCd();
    const run = await rollback(['--mode', 'argocd', '--history-id', '9'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\ngitops-sync: Argo CD at \S+ refused to roll back application "guestbook" \(HTTP 400: application guestbook does not have deployment with id 9\); fix what Argo CD says and try again\.\n$/);
    expect(run.stderr).toContain('Restored automated sync of Argo CD application "guestbook"');
    expect(argocd!.application()).toMatchObject({ spec: { syncPolicy: { automated: AUTOMATED } } });
    expect(git(fx.remote, 'rev-parse', 'main')).toBe(fx.bad);
  });

  test('an Application that does not exist: one sentence, nothing changed', async () => {
    setUp(`${KUBERNETES}\nargocd: { app: nope }\nrollback: { auto_sync: suspend, revert: direct }`);
    const env = await startArgoCd();
    const run = await rollback(['--mode', 'argocd', '--history-id', '1'], env);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `gitops-sync: Argo CD at ${argocd!.url}: application "nope" not found (HTTP 404: applications.argoproj.io "nope" not found); check the application name.\n`,
    });
    expect(git(fx.remote, 'rev-parse', 'main')).toBe(fx.bad);
  });

  test('when restoring automated sync fails, the run fails saying auto-sync is OFF and how to turn it back on', async () => {
    setUp(`${KUBERNETES}\nargocd: { app: guestbook }\nrollback: { auto_sync: suspend, revert: direct }`);
    const env = await startArgoCd();
    argocd!.failPatchFrom = 2;
    const run = await rollback(['--mode', 'argocd', '--history-id', '1'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /gitops-sync: Automated sync of Argo CD application "guestbook" is OFF: restoring it after the rollback failed \(Argo CD at http:\/\/127\.0\.0\.1:\d+ denied update for application "guestbook" \(HTTP 403: permission denied: applications, update, default\/guestbook\); check ARGOCD_AUTH_TOKEN: the token needs update permission on the application \(Argo CD also answers so when it does not exist\)\); turn it back on now with argocd app set guestbook --sync-policy automated --self-heal --auto-prune\.\n$/,
    );
    expect(run.stderr).not.toContain(argocd!.token);
  });
});
