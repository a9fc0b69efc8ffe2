import { spawn } from 'node:child_process';
import { UserError } from '@gitops-sync/core';
import type { Exec, ExecResult } from './ports.js';

/** The Exec port on Node's child_process: no shell, output captured, ENOENT turned into a UserError. */
export const nodeExec: Exec = {
  run(command, args, options = {}) {
    return new Promise<ExecResult>((resolve, reject) => {
      const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
      // Standard input is the given input, or empty. A program that exits without reading it all closes the pipe: not our error.
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') reject(new UserError(`${command} is not installed or not on PATH; install it (or, in the drift-detect action, set terraform-version) and run again.`));
        else reject(new UserError(`Could not start ${command}: ${error.message}.`));
      });
      child.on('close', (code, signal) => {
        resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') });
      });
    });
  },
};
