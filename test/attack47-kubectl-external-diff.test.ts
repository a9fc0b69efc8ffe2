// Attack 47: `gitops-sync kubectl-external-diff` (KUBECTL_EXTERNAL_DIFF) and the saved forms
// (`analyze --source k8s-dirs`, `analyze --source kubectl-diff`) fed hostile folders, disguised
// Secrets, odd $GITOPS_SYNC_REPORT paths and sloppy configs (helper-123). The holes it found are mended:
// entries that are not regular files, a file whose object is not the one its name says (a Secret named as
// a ConfigMap showed its values), a FIFO or folder at $GITOPS_SYNC_REPORT, an earlier report left after a
// failed run, --help among kubectl's words; `withstood:` tests pin what held.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { cli, type CliRun } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

let dir: string;
let live: string;
let merged: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-attack47-');
  live = join(dir, 'LIVE-2913716452');
  merged = join(dir, 'MERGED-1650426871');
  mkdirSync(live);
  mkdirSync(merged);
});

const configMap = (name: string, data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n${Object.entries(data).map(([key, value]) => `  ${key}: "${value}"\n`).join('')}`;
const secret = (name: string, data: Record<string, string>, kind = 'Secret') =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: shop\ntype: Opaque\ndata:\n${Object.entries(data).map(([key, value]) => `  ${key}: ${value}\n`).join('')}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** As kubectl runs it: LIVE MERGED, then the words after the program in KUBECTL_EXTERNAL_DIFF. */
const externalDiff = (env: NodeJS.ProcessEnv = {}, extra: string[] = []) => cli([live, merged, 'kubectl-external-diff', ...extra], { cwd: dir, env: { GITOPS_SYNC_REPORT: '', ...env } });

/** Everything the command wrote that a person or a CI step could read. */
function everything(run: CliRun, report?: string): string {
  return [run.stdout, run.stderr, report && existsSync(report) && lstatSync(report).isFile() ? readFileSync(report, 'utf8') : ''].join('\n');
}

/** One sentence, no stack trace, exit 2 (kubectl: trouble). */
function expectTrouble(run: CliRun): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^gitops-sync: [^\n]+\n$/);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
}

describe('entries of the LIVE and MERGED folders that are not regular files', () => {
  // LIVE holds the object; MERGED's entry of the same name is not a regular file. readKubectlDir
  // keeps only Dirent.isFile() entries, so each of these vanishes and the object is reported as
  // DELETED (exit 1, a "high" delete) instead of the run being refused.
  const entries: [string, (path: string) => void][] = [
    ['a symlink to a changed copy outside the folder', (path) => {
      writeFileSync(join(dir, 'outside.yaml'), configMap('db', { level: 'debug' }));
      symlinkSync(join(dir, 'outside.yaml'), path);
    }],
    ['a symlink to /etc/passwd', (path) => symlinkSync('/etc/passwd', path)],
    ['a symlink to /dev/zero', (path) => symlinkSync('/dev/zero', path)],
    ['a FIFO', (path) => execFileSync('mkfifo', [path])],
    ['a subfolder', (path) => {
      mkdirSync(path);
      writeFileSync(join(path, 'object.yaml'), configMap('db', { level: 'debug' }));
    }],
  ];
  test.each(entries)('a MERGED entry that is %s is refused in one sentence naming it (exit 2), never taken for a deleted object', async (_what, make) => {
    writeFileSync(join(live, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'info' }));
    make(join(merged, 'v1.ConfigMap.shop.db'));
    const report = join(dir, 'drift.json');
    const run = await externalDiff({ GITOPS_SYNC_REPORT: report });
    expect(run.stdout).not.toMatch(/\bdelete\b/);
    expectTrouble(run);
    expect(run.stderr).toContain(join(merged, 'v1.ConfigMap.shop.db'));
    expect(existsSync(report)).toBe(false);
  });

  test('a LIVE entry that is a symlink (to /etc/passwd) is refused, not read and not taken for a created object', async () => {
    symlinkSync('/etc/passwd', join(live, 'v1.ConfigMap.shop.db'));
    writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'info' }));
    const run = await externalDiff();
    expect(run.stdout).not.toMatch(/\bcreate\b/);
    expectTrouble(run);
    expect(run.stderr).toContain(join(live, 'v1.ConfigMap.shop.db'));
    expect(run.stderr).not.toContain('root:');
  });

  test('analyze --source k8s-dirs (the saved folders) refuses a symlinked object file too, instead of reporting a deletion', async () => {
    writeFileSync(join(live, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'info' }));
    writeFileSync(join(dir, 'outside.yaml'), configMap('db', { level: 'debug' }));
    symlinkSync(join(dir, 'outside.yaml'), join(merged, 'v1.ConfigMap.shop.db'));
    const run = await cli(['analyze', '--source', 'k8s-dirs', '--input', merged, '--live', live, '--format', 'json'], { cwd: dir });
    expect(run.stdout).not.toContain('"action":"delete"');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(merged, 'v1.ConfigMap.shop.db'));
  });

  test('a stray file in LIVE not named like kubectl\'s files is refused naming the LIVE folder, not a MERGED path that does not exist', async () => {
    writeFileSync(join(live, 'notes.txt'), 'hello\n');
    const run = await externalDiff();
    expectTrouble(run);
    expect(run.stderr).toContain(join(live, 'notes.txt'));
  });
});

describe('Secret values never reach the terminal or the report', () => {
  test('withstood: a Secret whose data and stringData differ shows no value, base64 or decoded, on stdout, stderr or in the report', async () => {
    const report = join(dir, 'drift.json');
    writeFileSync(join(live, 'v1.Secret.shop.db'), `${secret('db', { password: b64('old-hunter2-pass') })}stringData:\n  token: OldTokenValue123\n`);
    writeFileSync(join(merged, 'v1.Secret.shop.db'), `${secret('db', { password: b64('new-hunter2-pass') })}stringData:\n  token: NewTokenValue456\n`);
    writeFileSync(join(merged, 'v1.Secret.shop.api'), secret('api', { key: b64('created-secret-value') }));
    const run = await externalDiff({ GITOPS_SYNC_REPORT: report });
    expect(run.code).toBe(1);
    const seen = everything(run, report);
    for (const value of ['old-hunter2-pass', 'new-hunter2-pass', 'OldTokenValue123', 'NewTokenValue456', 'created-secret-value']) {
      expect(seen).not.toContain(value);
      expect(seen).not.toContain(b64(value));
    }
  });

  test('withstood: a ConfigMap holding a high-entropy password is masked and critical', async () => {
    const report = join(dir, 'drift.json');
    writeFileSync(join(live, 'v1.ConfigMap.shop.cfg'), configMap('cfg', { DB_PASSWORD: 'Aq9xLmP2wR7vKs4bN3cZ' }));
    writeFileSync(join(merged, 'v1.ConfigMap.shop.cfg'), configMap('cfg', { DB_PASSWORD: 'Zq9xLmP2wR7vKs3aB9fT' }));
    const run = await externalDiff({ GITOPS_SYNC_REPORT: report });
    expect(run.code).toBe(1);
    expect(everything(run, report)).not.toMatch(/Aq9xLmP2wR7vKs4bN3cZ|Zq9xLmP2wR7vKs3aB9fT/);
    expect(JSON.parse(readFileSync(report, 'utf8')).changes[0]).toMatchObject({ severity: 'critical' });
  });

  test('a Secret in a file named as a ConfigMap (v1.ConfigMap.shop.db) never shows its values: the object\'s own kind counts, or the mismatch is refused', async () => {
    const report = join(dir, 'drift.json');
    writeFileSync(join(live, 'v1.ConfigMap.shop.db'), secret('db', { password: b64('old-pass') }));
    writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), secret('db', { password: b64('new-pass') }));
    const run = await externalDiff({ GITOPS_SYNC_REPORT: report });
    const seen = everything(run, report);
    expect(seen).not.toContain(b64('old-pass'));
    expect(seen).not.toContain(b64('new-pass'));
  });

  test('a List of Secrets in a file named v1.List.shop.bundle never shows the Secret\'s values', async () => {
    const report = join(dir, 'drift.json');
    const list = (value: string) => `apiVersion: v1\nkind: List\nmetadata: {}\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: db\n    namespace: shop\n  data:\n    password: ${b64(value)}\n`;
    writeFileSync(join(live, 'v1.List.shop.bundle'), list('old-pass'));
    writeFileSync(join(merged, 'v1.List.shop.bundle'), list('new-pass'));
    const run = await externalDiff({ GITOPS_SYNC_REPORT: report });
    const seen = everything(run, report);
    expect(seen).not.toContain(b64('old-pass'));
    expect(seen).not.toContain(b64('new-pass'));
  });

  test('a file whose object is named otherwise than the file (v1.ConfigMap.shop.web holding ConfigMap db) is refused, not reported as web', async () => {
    writeFileSync(join(live, 'v1.ConfigMap.shop.web'), configMap('db', { level: 'info' }));
    writeFileSync(join(merged, 'v1.ConfigMap.shop.web'), configMap('db', { level: 'debug' }));
    const run = await externalDiff();
    expect(run.stdout).not.toContain('v1/ConfigMap/shop/web');
    expectTrouble(run);
  });

  test('analyze --source kubectl-diff never shows the values of a hunk that shows kind: Secret, whatever the file is named', async () => {
    const saved = join(dir, 'kubectl-diff.txt');
    writeFileSync(saved, [
      'diff -u -N /tmp/LIVE-1/v1.ConfigMap.shop.db /tmp/MERGED-1/v1.ConfigMap.shop.db',
      '--- /tmp/LIVE-1/v1.ConfigMap.shop.db\t2026-12-07 13:00:00.000000000 +0000',
      '+++ /tmp/MERGED-1/v1.ConfigMap.shop.db\t2026-12-07 13:00:00.000000000 +0000',
      '@@ -1,6 +1,6 @@',
      ' apiVersion: v1',
      ' data:',
      `-  password: ${b64('old-pass')}`,
      `+  password: ${b64('new-pass')}`,
      ' kind: Secret',
      ' metadata:',
      '   name: db',
      '',
    ].join('\n'));
    const run = await cli(['analyze', '--source', 'kubectl-diff', '--input', saved, '--format', 'json'], { cwd: dir });
    const seen = everything(run);
    expect(seen).not.toContain(b64('old-pass'));
    expect(seen).not.toContain(b64('new-pass'));
  });

  test('withstood: invalid YAML in a Secret is refused (exit 2) without quoting the value', async () => {
    writeFileSync(join(merged, 'v1.Secret.shop.db'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ndata:\n  password: "hunter2-unterminated\n');
    const run = await externalDiff();
    expectTrouble(run);
    expect(run.stderr).not.toContain('hunter2');
  });

  test('withstood: analyze --source kubectl-diff (diff -U 0) masks a ConfigMap password and the last-applied line that repeats it', async () => {
    const saved = join(dir, 'kubectl-diff.txt');
    const applied = (value: string) => `      {"apiVersion":"v1","data":{"DB_PASSWORD":"${value}"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cfg","namespace":"shop"}}`;
    writeFileSync(saved, [
      'diff -u -N -U 0 /tmp/LIVE-1/v1.ConfigMap.shop.cfg /tmp/MERGED-1/v1.ConfigMap.shop.cfg',
      '--- /tmp/LIVE-1/v1.ConfigMap.shop.cfg\t2026-12-07 13:00:00.000000000 +0000',
      '+++ /tmp/MERGED-1/v1.ConfigMap.shop.cfg\t2026-12-07 13:00:00.000000000 +0000',
      '@@ -3 +3 @@',
      '-  DB_PASSWORD: Zq9xLmP2wR7vKs3aB9fT',
      '+  DB_PASSWORD: Nw4pQeR8tY2uIo6aS1dF',
      '@@ -8 +8 @@',
      `-${applied('Zq9xLmP2wR7vKs3aB9fT')}`,
      `+${applied('Nw4pQeR8tY2uIo6aS1dF')}`,
      '',
    ].join('\n'));
    const run = await cli(['analyze', '--source', 'kubectl-diff', '--input', saved, '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(everything(run)).not.toMatch(/Zq9xLmP2wR7vKs3aB9fT|Nw4pQeR8tY2uIo6aS1dF/);
  });
});

describe('$GITOPS_SYNC_REPORT', () => {
  const drifted = () => {
    writeFileSync(join(live, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'info' }));
    writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'debug' }));
  };

  test('a FIFO at $GITOPS_SYNC_REPORT (as >(jq .) or a named pipe gives) is refused in one sentence, never replaced by a regular file', async () => {
    drifted();
    const fifo = join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const run = await externalDiff({ GITOPS_SYNC_REPORT: fifo });
    expectTrouble(run);
    expect(run.stderr).toContain(`${fifo} is, or leads to, a device, FIFO or socket (such as /dev/stdout), which gitops-sync does not write to`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  test('withstood: a symlink at $GITOPS_SYNC_REPORT to a file elsewhere is replaced, never written through; one to a device (/dev/null, as /dev/stdout is) is refused, left as it is', async () => {
    drifted();
    const elsewhere = join(dir, 'elsewhere.txt');
    writeFileSync(elsewhere, 'keep me\n');
    const toFile = join(dir, 'report-file.json');
    symlinkSync(elsewhere, toFile);
    const run = await externalDiff({ GITOPS_SYNC_REPORT: toFile });
    expect(run.code).toBe(1);
    expect(lstatSync(toFile).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(toFile, 'utf8'))).toMatchObject({ drift_detected: true });
    expect(readFileSync(elsewhere, 'utf8')).toBe('keep me\n');
    const toDevice = join(dir, 'report-null.json');
    symlinkSync('/dev/null', toDevice);
    const refused = await externalDiff({ GITOPS_SYNC_REPORT: toDevice });
    expectTrouble(refused);
    expect(refused.stderr).toContain(`${toDevice} is, or leads to, a device, FIFO or socket (such as /dev/stdout)`);
    expect(lstatSync(toDevice).isSymbolicLink()).toBe(true);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('$GITOPS_SYNC_REPORT naming an existing folder is refused in one sentence saying it is a folder (no errno, no temporary file name)', async () => {
    drifted();
    const folder = join(dir, 'reports');
    mkdirSync(folder);
    const run = await externalDiff({ GITOPS_SYNC_REPORT: folder });
    expectTrouble(run);
    expect(run.stderr).toContain(folder);
    expect(run.stderr).not.toMatch(/EISDIR|\.tmp\b|writable/);
  });

  test('a failed run leaves no earlier report at $GITOPS_SYNC_REPORT (after `kubectl diff || true` a CI would read the old one as this run\'s)', async () => {
    drifted();
    const report = join(dir, 'drift.json');
    expect((await externalDiff({ GITOPS_SYNC_REPORT: report })).code).toBe(1);
    expect(existsSync(report)).toBe(true);
    writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: [broken\n');
    const failed = await externalDiff({ GITOPS_SYNC_REPORT: report });
    expectTrouble(failed);
    expect(existsSync(report)).toBe(false);
  });

  test('withstood: $GITOPS_SYNC_REPORT unset prints the table only, exit 1', async () => {
    drifted();
    const run = await cli([live, merged, 'kubectl-external-diff'], { cwd: dir, env: { GITOPS_SYNC_REPORT: undefined } });
    expect(run).toMatchObject({ code: 1, stderr: '' });
    expect(run.stdout).toMatch(/^Drift in kubectl: 1 change/);
  });
});

describe('exit codes as kubectl reads them (0 same, 1 different, >1 trouble)', () => {
  test('KUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff --help" never exits 0 while LIVE and MERGED differ (kubectl would print "no differences")', async () => {
    writeFileSync(join(live, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'info' }));
    writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'debug' }));
    const run = await externalDiff({}, ['--help']);
    expect(run.code).not.toBe(0);
  });

  const deep = 20000;
  const broken: [string, () => void][] = [
    ['nesting 20,000 levels deep', () => writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\n  namespace: shop\nx: ${'['.repeat(deep)}${']'.repeat(deep)}\n`)],
    ['JSON nesting 20,000 levels deep', () => writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"db","namespace":"shop"},"x":${'['.repeat(deep)}${']'.repeat(deep)}}`)],
    ['a billion-laughs alias bomb', () => {
      let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\n  namespace: shop\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
      let previous = 'a';
      for (const name of 'bcdefghi') {
        text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
        previous = name;
      }
      writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), text);
    }],
    ['duplicate keys', () => writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\n  namespace: shop\ndata:\n  a: "1"\n  a: "2"\n')],
    ['two objects in one file', () => writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), `${configMap('db', { a: '1' })}---\n${configMap('db2', { a: '1' })}`)],
    ['a file over GITOPS_SYNC_MAX_INPUT_MB', () => writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), configMap('db', { a: 'x'.repeat(1_200_000) }))],
    ['a binary file', () => writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]))],
  ];
  test.each(broken)('withstood: %s is trouble (exit 2, one sentence, no report), never "same" or "different"', async (_what, make) => {
    make();
    const report = join(dir, 'drift.json');
    // The input bound is read from the process's environment (files.ts maxInputBytes), as in a real run.
    process.env.GITOPS_SYNC_MAX_INPUT_MB = '1';
    let run: CliRun;
    try {
      run = await externalDiff({ GITOPS_SYNC_REPORT: report });
    } finally {
      delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
    }
    expectTrouble(run);
    expect(existsSync(report)).toBe(false);
  });

  test('withstood: empty files on both sides are no change (exit 0); JSON files, an object only in LIVE and one only in MERGED are read', async () => {
    writeFileSync(join(live, 'v1.ConfigMap.shop.empty'), '');
    writeFileSync(join(merged, 'v1.ConfigMap.shop.empty'), '');
    expect((await externalDiff()).code).toBe(0);
    writeFileSync(join(live, 'v1.ConfigMap.shop.gone'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone', namespace: 'shop' }, data: { a: '1' } }));
    writeFileSync(join(merged, 'v1.ConfigMap.shop.new'), configMap('new', { a: '1' }));
    const report = join(dir, 'drift.json');
    const run = await externalDiff({ GITOPS_SYNC_REPORT: report });
    expect(run.code).toBe(1);
    const changes = JSON.parse(readFileSync(report, 'utf8')).changes as { address: string; action: string }[];
    expect(changes.map(({ address, action }) => `${action} ${address}`).sort()).toEqual(['create v1/ConfigMap/shop/new', 'delete v1/ConfigMap/shop/gone']);
  });

  test('withstood: a file name carrying terminal escapes and a newline (not the name of the object in it) is refused, and reaches the terminal without them', async () => {
    writeFileSync(join(merged, 'v1.ConfigMap.shop.x\x1b]0;pwned\x07\x1b[2J\nfake line'), configMap('x', { a: '1' }));
    const report = join(dir, 'drift.json');
    const run = await externalDiff({ GITOPS_SYNC_REPORT: report });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not the v1/ConfigMap/shop/x');
    for (const output of [run.stdout, run.stderr]) {
      expect(output).not.toContain('\x1b');
      expect(output).not.toContain('\x07');
      expect(output).not.toMatch(/^fake line/m);
    }
    expect(existsSync(report)).toBe(false);
  });
});

describe("the environment's settings (GITOPS_SYNC_ENVIRONMENT, default kubectl)", () => {
  test('its ignore_differences and an HPA in the folders leave out what they own, as for the other Kubernetes sources', async () => {
    writeFileSync(
      join(dir, 'gitops-sync.yaml'),
      'environments:\n  kubectl:\n    kubernetes:\n      manifests: [k8s]\n      live: { export: live.yaml }\n      ignore_differences:\n        - kind: ConfigMap\n          json_pointers: [/data/level]\n',
    );
    writeFileSync(join(live, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'info' }));
    writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'debug' }));
    const deployment = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: ${replicas}\n`;
    writeFileSync(join(live, 'apps.v1.Deployment.shop.web'), deployment(7));
    writeFileSync(join(merged, 'apps.v1.Deployment.shop.web'), deployment(2));
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: 2\n  maxReplicas: 10\n';
    writeFileSync(join(live, 'autoscaling.v2.HorizontalPodAutoscaler.shop.web'), hpa);
    writeFileSync(join(merged, 'autoscaling.v2.HorizontalPodAutoscaler.shop.web'), hpa);
    const quiet = await externalDiff();
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    // What the rules do not cover still shows.
    writeFileSync(join(merged, 'v1.ConfigMap.shop.db'), configMap('db', { level: 'debug', extra: 'x' }));
    const run = await externalDiff();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('v1/ConfigMap/shop/db');
    expect(run.stdout).not.toContain('Deployment');
  });
});
