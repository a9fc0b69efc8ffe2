import { PLAIN_STYLE, type Severity, type TextStyle } from '@gitops-sync/core';
import type { CliIO } from './main.js';

/**
 * Colour only for a person at a terminal: FORCE_COLOR (not 0/false) forces it anywhere; otherwise
 * NO_COLOR (https://no-color.org), a CI job's log, TERM=dumb or output that is not a terminal
 * (a file, a pipe) get plain text.
 */
export function wantsColour(isTerminal: boolean, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  if (env.CI || env.GITHUB_ACTIONS || env.GITLAB_CI || env.TERM === 'dumb') return false;
  return isTerminal;
}

const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const red = ansi(31, 39);
const yellow = ansi(33, 39);
const cyan = ansi(36, 39);
const green = ansi(32, 39);
const bold = ansi(1, 22);
const SEVERITY_COLOUR: Record<Severity, (text: string) => string> = { critical: (text) => bold(red(text)), high: red, medium: yellow, low: cyan };

export const ANSI_STYLE: TextStyle = {
  severity: (severity, text) => (SEVERITY_COLOUR[severity] ?? ((plain: string) => plain))(text),
  strong: bold,
  good: green,
  bad: red,
};

/** The style for what this run writes to stdout. */
export function stdoutStyle(io: CliIO): TextStyle {
  return wantsColour(io.stdoutIsTerminal === true, io.env) ? ANSI_STYLE : PLAIN_STYLE;
}
