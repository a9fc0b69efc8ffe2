import { nodeExec } from '@gitops-sync/engine';
import { runCli } from '@gitops-sync/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the real Exec, capturing what it prints. */
export async function cli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    exec: nodeExec,
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}
