import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/** One scripted answer: the first rule whose pattern matches the arguments (joined by spaces) answers. */
export interface FakeRule {
  match: RegExp;
  /** Answer only this many times, then let later rules answer. */
  times?: number;
  exit?: number;
  stdout?: string;
  stderr?: string;
}

/** One recorded invocation. */
export interface FakeCall {
  tool: string;
  args: string[];
  /** The text of the `-f` file, read while the tool ran (the caller deletes it afterwards). */
  file?: string;
  /** The files in the watched folder at the moment the tool ran. */
  watched?: string[];
}

export interface FakeTools {
  /** Folder with the fake executables: put it first on PATH. */
  bin: string;
  /** An environment whose PATH starts with `bin`. */
  env: NodeJS.ProcessEnv;
  /** Every invocation of every fake tool, in order. */
  calls(): FakeCall[];
}

/**
 * Stand-ins for kubectl, flux… since no API server runs here: small Node scripts (absolute node
 * shebang, so PATH needs nothing else) that append each invocation to a JSON-lines log and answer
 * from a scripted table. An invocation no rule matches exits 1 with "no rule for …".
 */
export function fakeTools(tools: Record<string, FakeRule[]>, options: { watchDir?: string; pathAfter?: string } = {}): FakeTools {
  const root = tempDir('gitops-sync-fake-tools-');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const log = join(root, 'calls.jsonl');
  for (const [tool, rules] of Object.entries(tools)) {
    const table = rules.map((rule) => ({ pattern: rule.match.source, flags: rule.match.flags, exit: rule.exit ?? 0, stdout: rule.stdout ?? '', stderr: rule.stderr ?? '', times: rule.times ?? null }));
    const rulesFile = join(root, `${tool}.rules.json`);
    writeFileSync(rulesFile, JSON.stringify({ tool, rules: table, log, watchDir: options.watchDir ?? null }));
    const script = `#!${process.execPath}
const fs = require('fs');
const config = JSON.parse(fs.readFileSync(${JSON.stringify(rulesFile)}, 'utf8'));
const args = process.argv.slice(2);
const call = { tool: config.tool, args };
const f = args.indexOf('-f');
if (f >= 0 && args[f + 1]) { try { call.file = fs.readFileSync(args[f + 1], 'utf8'); } catch { call.file = null; } }
if (config.watchDir) { try { call.watched = fs.readdirSync(config.watchDir).filter((n) => !n.startsWith('.')).sort(); } catch { call.watched = []; } }
fs.appendFileSync(config.log, JSON.stringify(call) + '\\n');
const line = args.join(' ');
const countsFile = config.log + '.' + config.tool + '.counts';
const counts = fs.existsSync(countsFile) ? JSON.parse(fs.readFileSync(countsFile, 'utf8')) : {};
for (const [index, rule] of config.rules.entries()) {
  if (new RegExp(rule.pattern, rule.flags).test(line)) {
    if (rule.times !== null && (counts[index] ?? 0) >= rule.times) continue;
    counts[index] = (counts[index] ?? 0) + 1;
    fs.writeFileSync(countsFile, JSON.stringify(counts));
    process.stdout.write(rule.stdout);
    process.stderr.write(rule.stderr);
    process.exitCode = rule.exit;
    return;
  }
}
process.stderr.write('fake ' + config.tool + ': no rule for: ' + line + '\\n');
process.exitCode = 1;
`;
    // `return` at top level is allowed in a CommonJS script: wrap it to be sure.
    const path = join(bin, tool);
    writeFileSync(path, script.replace(/^(#!.*\n)([\s\S]*)$/, '$1(function () {\n$2})();\n'));
    chmodSync(path, 0o755);
  }
  const PATH = options.pathAfter === undefined ? `${bin}:${process.env.PATH ?? ''}` : options.pathAfter ? `${bin}:${options.pathAfter}` : bin;
  return {
    bin,
    env: { ...process.env, PATH },
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as FakeCall)
        : [],
  };
}

/** The arguments of each call, joined, for order checks. */
export const callLines = (calls: FakeCall[]) => calls.map((call) => `${call.tool} ${call.args.join(' ')}`);
