/**
 * What a bad-input fuzz of the CLI found (helper-128), each through the CLI as a user runs it on the
 * demo's files: inputs that read as "nothing there" and so hid drift, and paths whose errno text
 * leaked out as "a bug in gitops-sync".
 */
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const NO_STACK_TRACE = /\n\s+at |node:internal|this is a bug/;
let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-fuzz-s28-');
  cpSync(join(REPO_ROOT, 'examples', 'demo'), dir, { recursive: true });
});

test('an empty live export is refused: read as "nothing runs", the privileged container patched in by hand hid behind a plain create', async () => {
  const reference = await cli(['drift-detect', '--environment', 'demo', '--kubernetes-manifests', 'k8s', '--kubernetes-namespace', 'shop', '--kubernetes-live-export', 'cluster-export.yaml', '--output', 'reports'], { cwd: dir });
  expect(reference.stdout).toMatch(/Drift in demo: .*\(1 critical/);
  // Nothing, blank lines and comments, a null document, an empty array (a jq step that failed), and a folder holding an empty file.
  mkdirSync(join(dir, 'live-folder'));
  writeFileSync(join(dir, 'live-folder', 'live.yaml'), '');
  for (const blank of ['', '\n\n', `${'#'.repeat(80)}\n---\n`, 'null\n', '~\n', '[]\n', 'live-folder']) {
    const live = blank === 'live-folder' ? blank : 'live.yaml';
    if (live === 'live.yaml') writeFileSync(join(dir, live), blank);
    const run = await cli(['drift-detect', '--environment', 'demo', '--kubernetes-manifests', 'k8s', '--kubernetes-live-export', live, '--output', 'reports-blank'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `gitops-sync: ${join(dir, live)} holds no Kubernetes object and no List, as a failed \`kubectl get … -o yaml > FILE\` leaves it; export it again (asked for kinds, \`kubectl get deploy,svc -n NS -o yaml\`, kubectl writes an empty List when nothing runs; with --ignore-not-found it writes nothing, so write an empty List then: apiVersion: v1, kind: List, items: []).\n`,
    );
  }
  // What kubectl writes when nothing runs is an answer (any list kind, block, flow or JSON): every object Git wants is to be created.
  for (const empty of ['apiVersion: v1\nkind: List\nitems: []\n', '{"apiVersion": "v1", "kind": "ConfigMapList", "items": []}\n', '{apiVersion: v1, kind: List, items: []}\n']) {
    writeFileSync(join(dir, 'live.yaml'), empty);
    const none = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'k8s', '--live', 'live.yaml', '--namespace', 'shop'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('create');
  }
});

test('manifests that hold no object are refused without a tracking label, not read as Git wanting nothing (No drift, exit 0)', async () => {
  for (const empty of ['', 'null\n', '[]\n']) {
    writeFileSync(join(dir, 'empty.yaml'), empty);
    const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'empty.yaml', '--live', 'cluster-export.yaml'], { cwd: dir });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `gitops-sync: No Kubernetes object in ${join(dir, 'empty.yaml')}, so nothing would be compared; pass the manifests Git holds (with a tracking label, an empty Git side means every labelled live object is to be pruned).\n`,
    });
  }
  // With a tracking label an empty Git side is an answer: the labelled live objects are to be pruned.
  const pruned = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'empty.yaml', '--live', 'cluster-export.yaml', '--namespace', 'shop', '--tracking-label', 'app.kubernetes.io/name=web'], { cwd: dir });
  expect(pruned.code).toBe(2);
  expect(pruned.stdout).toContain('delete');
});

test('a symbolic link loop is named as one, in one sentence, wherever a path is read', async () => {
  symlinkSync('l2', join(dir, 'l1'));
  symlinkSync('l1', join(dir, 'l2'));
  const loop = `${join(dir, 'l1')} is a symbolic link that leads back to itself (a loop)`;
  const manifests = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'l1', '--live', 'cluster-export.yaml'], { cwd: dir });
  expect(manifests).toEqual({ code: 1, stdout: '', stderr: `gitops-sync: ${loop}; pass the path of Kubernetes manifests.\n` });
  const live = await cli(['drift-detect', '--environment', 'demo', '--kubernetes-manifests', 'k8s', '--kubernetes-live-export', 'l1', '--output', 'reports'], { cwd: dir });
  expect(live.code).toBe(1);
  expect(live.stderr).toContain(`${loop}; pass the path of a live export.`);
  const sync = await cli(['sync', 'demo', '--dry-run', '--report', 'l1'], { cwd: dir });
  expect(sync.code).toBe(1);
  expect(sync.stdout).toContain(`${loop}; pass the path of a drift report.`);
  for (const run of [manifests, live, sync]) expect(run.stdout + run.stderr).not.toMatch(NO_STACK_TRACE);
});

(existsSync('/dev/full') ? test : test.skip)('standard output that cannot be written is one sentence and exit 1, not the trace of an unhandled error event', () => {
  const full = openSync('/dev/full', 'w');
  try {
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(REPO_ROOT, 'packages/cli/src/index.ts'), 'analyze', '--input', 'recorded-plan.json', '--format', 'json'], {
      cwd: dir,
      stdio: ['ignore', full, 'pipe'],
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('gitops-sync: could not write to standard output (ENOSPC); check where it goes (a full disk, a closed file).\n');
  } finally {
    closeSync(full);
  }
});

test('YAML nested past what the parser can follow is said so, not as a JavaScript error ("Maximum call stack size exceeded")', async () => {
  const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n${Array.from({ length: 3000 }, (_, depth) => `${'  '.repeat(depth + 1)}a:\n`).join('')}${'  '.repeat(3001)}a: 1\n`;
  writeFileSync(join(dir, 'deep.yaml'), deep);
  const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'deep.yaml', '--live', 'cluster-export.yaml'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^gitops-sync: \S+deep\.yaml:\d+: invalid YAML \(values nested thousands of levels deep, more than gitops-sync can follow\); fix the manifest\.\n$/);
});

test('an --output whose folder is a file is said in words, not as EEXIST from mkdir', async () => {
  writeFileSync(join(dir, 'afile'), '');
  const run = await cli(['drift-detect', '--environment', 'demo', '--terraform-plan-json', 'recorded-plan.json', '--output', 'afile'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`Could not write ${join(dir, 'afile', 'drift-report-demo.json')}: a part of its folder is a file, not a folder; check the output path is writable.`);
  expect(run.stderr).not.toMatch(/EEXIST|ENOTDIR/);
});

test('drift-detect --platform is checked even when nothing talks to the platform (it was ignored)', async () => {
  const run = await cli(['drift-detect', '--environment', 'demo', '--terraform-plan-json', 'recorded-plan.json', '--platform', 'bitbucket', '--output', 'reports', '--fail-on', 'never'], { cwd: dir });
  expect(run).toEqual({ code: 1, stdout: '', stderr: 'gitops-sync: --platform must be github or gitlab (got "bitbucket").\n' });
});

test('a configured environment whose render is empty is not refused (sync of it must go on); only manifests given on the command line are', async () => {
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  bare:\n    kubernetes: { manifests: [empty.yaml], namespace: shop, live: { export: cluster-export.yaml } }\n');
  const run = await cli(['drift', 'bare', '--format', 'json'], { cwd: dir });
  expect(run.stderr).not.toContain('No Kubernetes object in');
  expect(run.code).toBe(0);
});

test('a config that cannot be read, outside the run\'s folder, gets no audit folder beside it (an action\'s config: ../../../etc/passwd made /etc/.gitops-sync)', async () => {
  rmSync(join(dir, '.gitops-sync'), { recursive: true, force: true });
  const outside = tempDir('gitops-sync-outside-');
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  const run = await cli(['drift-detect', '--environment', 'demo', '--config', join(outside, 'passwd'), '--terraform-plan-json', 'recorded-plan.json', '--output', 'reports'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(existsSync(join(outside, '.gitops-sync'))).toBe(false);
  expect(run.stderr).toContain(`the config ${join(outside, 'passwd')} could not be read and is outside ${dir}, so this run records no events.`);
  // Inside the run's folder the failed run is still recorded beside the config, as before.
  writeFileSync(join(dir, 'broken.yaml'), 'environments: [\n');
  await cli(['drift-detect', '--environment', 'demo', '--config', 'broken.yaml', '--terraform-plan-json', 'recorded-plan.json', '--output', 'reports'], { cwd: dir });
  expect(existsSync(join(dir, '.gitops-sync', 'audit', 'events.jsonl'))).toBe(true);
});
