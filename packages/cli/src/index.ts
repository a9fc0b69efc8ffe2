#!/usr/bin/env node
import { nodeExec, removeScratchFoldersOnSignal, usePlanFingerprintWorker } from '@gitops-sync/engine';
import { runCli } from './main.js';

removeScratchFoldersOnSignal();
usePlanFingerprintWorker(import.meta.url);
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exec: nodeExec,
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTerminal: process.stdout.isTTY === true,
});
