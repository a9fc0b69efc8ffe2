/**
 * A tool run with a timeout leads a process group of its own, so a terminal's Ctrl-C does not reach it:
 * before, gitops-sync removed its scratch folders and ended on SIGINT while terraform (an apply) went on,
 * unattended. Now every tool running gets the signal too and up to 5 s to stop (then it and what it
 * started are killed), nothing else of gitops-sync runs meanwhile, a tool so stopped is not taken for a
 * failure, and gitops-sync then ends as the signal would. The real CLI in a child
 * process; terraform is a shell script that records the signals it gets.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@jest/globals';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';
import { writeFiles } from './support/terraform.js';
import { alive, waitFor } from './support/processes.js';

/** environments a and b (one after the other); terraform notes each run and `onInt` decides what it does with SIGINT. */
function estate(onInt: string, command: string[] = ['drift', '--environments', 'a,b'], terraform?: (notes: string) => string) {
  const dir = tempDir('gitops-sync-signal-');
  const temp = join(dir, 'tmp');
  mkdirSync(temp);
  writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  a:\n    terraform:\n      dir: a\n  b:\n    terraform:\n      dir: b\n' });
  writeFiles(join(dir, 'a'), { 'main.tf': '' });
  writeFiles(join(dir, 'b'), { 'main.tf': '' });
  const notes = join(dir, 'notes');
  writeFiles(join(dir, 'bin'), {
    terraform: terraform ? terraform(notes) : `#!/bin/sh\nenv=$(basename "$PWD")\necho "$env $1 started $$" >> '${notes}'\n[ "$1" = init ] && [ "$GITOPS_TEST_INIT_PASSES" = 1 ] && exit 0\ntrap '${onInt.replaceAll('NOTES', notes)}' INT TERM\nwhile :; do sleep 0.1; done\n`,
  });
  chmodSync(join(dir, 'bin', 'terraform'), 0o755);
  const child = spawn(process.execPath, ['--import', resolve(REPO_ROOT, 'node_modules/tsx/dist/esm/index.mjs'), resolve(REPO_ROOT, 'packages/cli/src/index.ts'), ...command], {
    cwd: dir,
    // A process group of its own, as a terminal gives a command: a Ctrl-C there signals the whole group.
    detached: true,
    env: { ...process.env, NODE_OPTIONS: '', TMPDIR: temp, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, GITOPS_TEST_INIT_PASSES: command[0] === 'sync' ? '1' : '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exited = new Promise<NodeJS.Signals | number | null>((done) => child.once('exit', (code, signal) => done(signal ?? code)));
  const noted = () => (existsSync(notes) ? readFileSync(notes, 'utf8') : '');
  return { child, exited, noted, stderr: () => stderr, scratch: () => readdirSync(temp).filter((name) => name.startsWith('gitops-sync-')) };
}


const pidOf = (noted: string, what: string) => Number(new RegExp(`${what} started (\\d+)`).exec(noted)![1]);

test('Ctrl-C (SIGINT to gitops-sync alone): terraform gets it too and stops; neither a failure nor the next environment follows; gitops-sync ends by SIGINT with nothing left', async () => {
  const run = estate('echo "got signal" >> NOTES; exit 130');
  try {
    expect(await waitFor(() => run.noted().includes('a init started'), 30_000)).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe('SIGINT');
    expect(run.noted()).toContain('got signal');
    expect(run.noted()).not.toContain('b init');
    // The init that the signal stopped is not taken for a failure (no "[a] failed", no follow-up of one).
    expect(run.stderr()).not.toContain('failed');
    expect(await waitFor(() => !alive(pidOf(run.noted(), 'a init')), 2_000)).toBe(true);
    expect(run.scratch()).toEqual([]);
  } finally {
    run.child.kill('SIGKILL');
  }
}, 60_000);

test('a terraform that does not stop is killed after 5 s, with what it started; gitops-sync ends by the signal, nothing left', async () => {
  const run = estate('echo "ignored" >> NOTES');
  try {
    expect(await waitFor(() => run.noted().includes('a init started'), 30_000)).toBe(true);
    const pid = pidOf(run.noted(), 'a init');
    const sent = Date.now();
    run.child.kill('SIGINT');
    expect(await waitFor(() => run.noted().includes('ignored'), 5_000)).toBe(true);
    expect(await run.exited).toBe('SIGINT');
    const took = Date.now() - sent;
    expect(took).toBeGreaterThanOrEqual(4_500);
    expect(took).toBeLessThan(9_000);
    expect(await waitFor(() => !alive(pid), 2_000)).toBe(true);
    expect(run.stderr()).toContain('gitops-sync: stopping (SIGINT): waiting up to 5 s for terraform to stop\n');
    expect(run.noted()).not.toContain('b init');
    expect(run.scratch()).toEqual([]);
  } finally {
    run.child.kill('SIGKILL');
  }
}, 60_000);

test('Ctrl-C in a terminal (SIGINT to the whole process group) during sync: terraform leads a group of its own, so it hears one interrupt, from gitops-sync (it takes a second as "exit immediately")', async () => {
  const run = estate('', ['sync', 'a', '--dry-run'], (notes) =>
    `#!/bin/sh\necho "a $1 started $$ group $(ps -o pgid= -p $$ | tr -d ' ')" >> '${notes}'\n[ "$1" = init ] && exit 0\ntrap 'echo interrupt >> "${notes}"' INT\ni=0; while [ $i -lt 15 ]; do sleep 0.1; i=$((i+1)); done\nexit 1\n`,
  );
  try {
    expect(await waitFor(() => /a plan started/.test(run.noted()), 30_000)).toBe(true);
    const [, pid, group] = /a plan started (\d+) group (\d+)/.exec(run.noted())!;
    expect(group).toBe(pid);
    expect(Number(group)).not.toBe(run.child.pid);
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exited).toBe('SIGINT');
    expect(run.noted().match(/interrupt/g)).toEqual(['interrupt']);
    expect(run.scratch()).toEqual([]);
  } finally {
    run.child.kill('SIGKILL');
  }
}, 60_000);

test('a second Ctrl-C while the tools get their 5 s does not end gitops-sync half-way: the tool is still killed, nothing is left, it ends by SIGINT', async () => {
  const run = estate('echo "ignored" >> NOTES');
  try {
    expect(await waitFor(() => run.noted().includes('a init started'), 30_000)).toBe(true);
    const pid = pidOf(run.noted(), 'a init');
    run.child.kill('SIGINT');
    expect(await waitFor(() => run.noted().includes('ignored'), 5_000)).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe('SIGINT');
    expect(await waitFor(() => !alive(pid), 2_000)).toBe(true);
    expect(run.scratch()).toEqual([]);
  } finally {
    run.child.kill('SIGKILL');
  }
}, 60_000);

test('Ctrl-\\ in a terminal (SIGQUIT to the whole process group): terraform, in a group of its own, gets an interrupt from gitops-sync (a QUIT would leave its state lock held); nothing follows, nothing is left, gitops-sync ends with 131 and no core dump', async () => {
  const run = estate('', ['drift', '--environments', 'a,b'], (notes) =>
    `#!/bin/sh\nenv=$(basename "$PWD")\necho "$env $1 started $$" >> '${notes}'\ntrap 'echo "quit" >> "${notes}"; exit 131' QUIT\ntrap 'echo "interrupt" >> "${notes}"; exit 130' INT\nwhile :; do sleep 0.1; done\n`,
  );
  try {
    expect(await waitFor(() => run.noted().includes('a init started'), 30_000)).toBe(true);
    const pid = pidOf(run.noted(), 'a init');
    process.kill(-run.child.pid!, 'SIGQUIT');
    expect(await run.exited).toBe(131);
    expect(run.noted().match(/quit|interrupt/g)).toEqual(['interrupt']);
    expect(await waitFor(() => !alive(pid), 2_000)).toBe(true);
    expect(run.noted()).not.toContain('b init');
    expect(run.stderr()).not.toContain('failed');
    expect(run.scratch()).toEqual([]);
  } finally {
    run.child.kill('SIGKILL');
  }
}, 60_000);
