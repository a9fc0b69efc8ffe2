import { nodeExec } from '@gitops-sync/engine';
import { runCli } from '@gitops-sync/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the real Exec, capturing what it prints; `terminal` makes stdout look like a terminal. */
export async function cli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; terminal?: boolean }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    exec: nodeExec,
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    stdoutIsTerminal: options.terminal,
  });
  return { code, stdout, stderr };
}
