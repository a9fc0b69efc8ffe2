#!/usr/bin/env node
import { nodeExec, removeScratchFoldersOnSignal, usePlanFingerprintWorker } from '@gitops-sync/engine';
import { runCli } from './main.js';

removeScratchFoldersOnSignal();
// Standard output that cannot be written (a full disk, /dev/full) or that closed (a pager quit: EPIPE) is one
// sentence and exit 1, not Node's trace of an unhandled 'error' event; a closed pipe needs no sentence. The run
// goes on to its end (the audit trail's checkpoint, its lock, its scratch folders), only its exit code changes.
let stdoutFailed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (!stdoutFailed && error.code !== 'EPIPE') process.stderr.write(`gitops-sync: could not write to standard output (${error.code ?? error.message}); check where it goes (a full disk, a closed file).\n`);
  stdoutFailed = true;
  process.exitCode = 1;
});
usePlanFingerprintWorker(import.meta.url);
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exec: nodeExec,
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTerminal: process.stdout.isTTY === true,
});
process.exitCode = stdoutFailed ? 1 : code;
