/**
 * Attack on the per-run Terraform scratch folders (TF_DATA_DIR, the saved plan): a CI job cancelled
 * mid-run (SIGTERM) or Ctrl-C (SIGINT) must not leave the plan, which holds every sensitive value in
 * plain text, nor the backend settings, in the temp folder of a runner that lives on.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { REPO_ROOT } from './support/paths.js';
import { waitFor } from './support/processes.js';

const work = mkdtempSync(join(tmpdir(), 'gitops-sync-attack3-tf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));


// Without a signal handler `finally` never runs: gitops-sync-plan-*/ (the saved plan and TF_DATA_DIR) stayed in TMPDIR.
test('drift cancelled with SIGTERM while terraform init runs leaves no scratch folder behind', async () => {
  const sockets = new Set<Socket>();
  const backend = createServer((socket) => void sockets.add(socket)); // accepts, never answers: init blocks
  await new Promise<void>((done) => backend.listen(0, '127.0.0.1', done));
  const { port } = backend.address() as { port: number };
  const temp = join(work, 'tmp');
  mkdirSync(join(work, 'tf'), { recursive: true });
  mkdirSync(temp, { recursive: true });
  writeFileSync(join(work, 'tf', 'main.tf'), `terraform {\n  backend "http" {\n    address = "http://127.0.0.1:${port}/state"\n  }\n}\n`);
  writeFileSync(join(work, 'gitops-sync.yaml'), 'environments:\n  prod:\n    terraform:\n      dir: tf\n');
  writeFileSync(join(work, 'empty.tfrc'), '');
  const child = spawn(process.execPath, ['--import', resolve(REPO_ROOT, 'node_modules/tsx/dist/esm/index.mjs'), resolve(REPO_ROOT, 'packages/cli/src/index.ts'), 'drift', 'prod'], {
    cwd: work,
    env: { ...process.env, NODE_OPTIONS: '', TMPDIR: temp, TF_CLI_CONFIG_FILE: join(work, 'empty.tfrc'), CHECKPOINT_DISABLE: '1' },
    stdio: 'ignore',
  });
  const scratch = () => readdirSync(temp).filter((name) => name.startsWith('gitops-sync-'));
  try {
    expect(await waitFor(() => scratch().length > 0 && sockets.size > 0, 30_000)).toBe(true);
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    expect(scratch()).toEqual([]);
  } finally {
    child.kill('SIGKILL');
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => backend.close(done));
  }
});
