import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/paths.js';

interface PackedFile {
  path: string;
  size: number;
  mode: number;
}

/**
 * ncc's files whose names it chooses: the default severity rules (validated JSON), the built-in control mapping and the
 * built-in secret rules (assets), and the chunks loaded only when needed: every command with what only it uses (drift,
 * analyze, review, protection, sync, audit, secrets), each analysis analyze may run, the audit trail, age-encryption,
 * the platform clients, the plan fingerprint's pass that analyze and drift-detect share, and the secrets-at-rest
 * check that `secrets check` and drift-detect's check of a change share.
 */
const CHUNKS = 24;
const NAMED_BY_NCC = [/^dist\/cli\/[0-9a-f]+\.json$/, /^dist\/cli\/[0-9a-f]+\.yaml$/, /^dist\/cli\/[0-9a-f]+\.yaml$/, ...Array.from({ length: CHUNKS }, () => /^dist\/cli\/\d+\.index\.js$/)];

/** The packed paths: those ncc names matched one for one against NAMED_BY_NCC, the others as they are. */
function shipped(paths: string[]) {
  const named = paths.filter((path) => NAMED_BY_NCC.some((pattern) => pattern.test(path)));
  for (const pattern of new Set(NAMED_BY_NCC.map(String))) {
    expect(named.filter((path) => new RegExp(pattern.slice(1, -1)).test(path))).toHaveLength(NAMED_BY_NCC.filter((other) => String(other) === pattern).length);
  }
  return paths.filter((path) => !named.includes(path)).sort();
}

const SHIPPED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  // the Ansible callback `drift` installs for ansible-playbook (an ncc asset that keeps its name)
  'dist/cli/gitops_sync.py',
  'dist/cli/index.js',
  'dist/cli/licenses.txt',
  'dist/cli/package.json',
  // the plan fingerprint's worker thread, a bundle of its own
  'dist/cli/plan-fingerprint-worker/index.js',
  'dist/cli/plan-fingerprint-worker/licenses.txt',
  'dist/cli/plan-fingerprint-worker/package.json',
  'package.json',
  'schema/audit-checkpoint.schema.json',
  'schema/audit-controls.schema.json',
  'schema/audit-event.schema.json',
  'schema/audit-report.schema.json',
  'schema/drift-report.schema.json',
  'schema/gitops-sync.schema.json',
  'schema/secret-rules.schema.json',
  'schema/secrets-report.schema.json',
];

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'gitops-sync-package-'));
  writeFileSync(join(work, 'empty.npmrc'), '');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function npm(args: string[]) {
  return spawnSync('npm', args, { cwd: REPO_ROOT, encoding: 'utf8' });
}

function checkPackage(args: string[] = []) {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/check-package.mjs'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the npm package @org/gitops-sync', () => {
  let pack: { id: string; files: PackedFile[]; entryCount: number; size: number; unpackedSize: number };
  beforeAll(() => {
    const run = npm(['pack', '--dry-run', '--json', '--ignore-scripts']);
    expect(run.status).toBe(0);
    [pack] = JSON.parse(run.stdout);
  });

  test('ships only the bundled CLI, the JSON Schemas, README, LICENSE and CHANGELOG', () => {
    expect(shipped(pack.files.map((file) => file.path))).toEqual(SHIPPED);
    expect(checkPackage()).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^@org\/gitops-sync@\d+\.\d+\.\d+: 46 files, \d\.\d MB packed, \d\.\d MB unpacked\.\n$/),
      stderr: '',
    });
  });

  test('installs no dependencies: the bundle carries them, and needs Node 22 or newer', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(manifest).not.toHaveProperty('private');
    expect(manifest).not.toHaveProperty('dependencies');
    expect(manifest).not.toHaveProperty('optionalDependencies');
    expect(manifest).not.toHaveProperty('peerDependencies');
    expect(manifest).toMatchObject({ bin: { 'gitops-sync': 'dist/cli/index.js' }, engines: { node: '>=22' } });
    expect(readFileSync(join(REPO_ROOT, 'dist/cli/index.js'), 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
  });

  test('npm publish --dry-run needs no login and no registry, publishes publicly and ships the same files', () => {
    // npm 11 asks the registry whether the version exists and carries on when it cannot: a closed
    // loopback port as the registry, without retries, shows the dry run decides everything offline.
    const registry = ['--registry', 'http://127.0.0.1:9/', '--fetch-retries', '0'];
    const run = npm(['publish', '--dry-run', '--json', '--userconfig', join(work, 'empty.npmrc'), ...registry]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('with tag latest and public access (dry-run)');
    const published = JSON.parse(run.stdout)['@org/gitops-sync'];
    expect(shipped(published.files.map((file: PackedFile) => file.path))).toEqual(SHIPPED);
  });
});

describe('the package check (scripts/check-package.mjs) refuses', () => {
  function checkPackedFiles(changes: { files?: PackedFile[]; entryCount?: number; size?: number; unpackedSize?: number }) {
    const pack = { id: '@org/gitops-sync@0.1.0', files: complete(), entryCount: 6, size: 1_000_000, unpackedSize: 5_000_000 };
    const file = join(work, 'pack.json');
    writeFileSync(file, JSON.stringify([{ ...pack, ...changes }]));
    return checkPackage(['--pack-json', file]);
  }
  const packed = (path: string, mode = 0o644): PackedFile => ({ path, size: 100, mode });
  const complete = () => [
    ...['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', 'schema/drift-report.schema.json'].map((path) => packed(path)),
    packed('dist/cli/index.js', 0o755),
    packed('dist/cli/gitops_sync.py'),
  ];

  test('a file outside the CLI bundle, the schemas and the documents', () => {
    const run = checkPackedFiles({ files: [...complete(), packed('packages/cli/src/main.ts'), packed('dist/cli/nested/index.js.map')] });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'packages/cli/src/main.ts is in the package but is neither the CLI bundle, a schema, README, LICENSE nor CHANGELOG: narrow "files" in package.json.\n' +
        'dist/cli/nested/index.js.map is in the package but is neither the CLI bundle, a schema, README, LICENSE nor CHANGELOG: narrow "files" in package.json.\n',
    });
  });

  test('a package without its LICENSE, its schemas or its bin', () => {
    const files = complete().filter((file) => !['LICENSE', 'schema/drift-report.schema.json', 'dist/cli/index.js'].includes(file.path));
    expect(checkPackedFiles({ files }).stderr).toBe(
      'LICENSE is missing from the package: add it to the repository root and to "files" in package.json.\n' +
        'The JSON Schemas are missing from the package: run npm run build and keep schema/ in "files".\n' +
        'The bin gitops-sync (dist/cli/index.js) is missing from the package: run npm run build.\n',
    );
  });

  test('a package without the Ansible callback', () => {
    const files = complete().filter((file) => file.path !== 'dist/cli/gitops_sync.py');
    expect(checkPackedFiles({ files }).stderr).toBe('dist/cli/gitops_sync.py (the Ansible callback) is missing from the package: run npm run build.\n');
  });

  test('a bin that is not executable', () => {
    const files = complete().map((file) => (file.path === 'dist/cli/index.js' ? { ...file, mode: 0o644 } : file));
    expect(checkPackedFiles({ files })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'The bin gitops-sync (dist/cli/index.js) is not executable: npm run build sets its mode.\n',
    });
  });

  test('a package the size of the whole repository (286 files, 7.5 MB, as before the files list)', () => {
    const run = checkPackedFiles({ files: complete(), entryCount: 286, size: 7_504_852, unpackedSize: 31_613_936 });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'The package holds 286 files, more than 48: check "files" in package.json.\n' +
        'The package is 7.5 MB packed, more than 3.0 MB: check what the bundle pulls in.\n' +
        'The package is 31.6 MB unpacked, more than 12.0 MB: check what the bundle pulls in.\n',
    );
  });
});
