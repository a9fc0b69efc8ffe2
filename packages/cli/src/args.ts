import { parseArgs } from 'node:util';
import { UserError } from '@gitops-sync/core';
import type { Progress } from '@gitops-sync/engine';
import type { CliIO } from './main.js';

type OptionSpec = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

export function parse(args: string[], options: OptionSpec) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(`${(error as Error).message.split(/\.(\s|$)/)[0]}; run \`gitops-sync --help\` for the usage.`);
  }
}

export function stderrProgress(io: CliIO, verbose: boolean): Progress {
  const started = Date.now();
  return { step: (message) => io.stderr(`gitops-sync: ${message}${verbose ? ` (+${((Date.now() - started) / 1000).toFixed(1)}s)` : ''}\n`) };
}

