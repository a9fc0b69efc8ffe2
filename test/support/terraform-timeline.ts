import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One terraform command of one environment (its folder's name) as the wrapper saw it, in ms, and the TF_PLUGIN_CACHE_DIR it had. */
export interface TerraformCall {
  environment: string;
  command: string;
  start: number;
  end: number;
  cache: string;
}

/**
 * A `terraform` wrapper (first on the PATH it returns) that runs the real terraform and appends when
 * each command started and ended, with which plugin cache, and what init printed, to `log`: how many ran at once is then a
 * fact about real processes, not about our code.
 */
export function timedTerraform(dir: string): { PATH: string; log: string } {
  const real = execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
  const bin = join(dir, 'timed-bin');
  mkdirSync(bin, { recursive: true });
  const binary = join(bin, 'terraform');
  const log = join(dir, 'terraform-calls.log');
  writeFileSync(log, '');
  writeFileSync(
    binary,
    `#!/bin/sh
environment=$(basename "$PWD")
start=$(date +%s%N)
if [ "$1" = init ]; then
  output=$('${real}' "$@"); code=$?
  printf '%s\\n' "$output" | sed "s|^|output $environment |" >> '${log}'
  printf '%s\\n' "$output"
else
  '${real}' "$@"; code=$?
fi
echo "call $environment $1 $start $(date +%s%N) $TF_PLUGIN_CACHE_DIR" >> '${log}'
exit $code
`,
  );
  chmodSync(binary, 0o755);
  return { PATH: `${bin}:${process.env.PATH}`, log };
}

export function terraformCalls(log: string): TerraformCall[] {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('call '))
    .map((line) => {
      const [, environment, command, start, end, ...cache] = line.split(' ');
      return { environment, command, start: Number(start) / 1e6, end: Number(end) / 1e6, cache: cache.join(' ') };
    });
}

/** What init printed, per environment. */
export function initOutput(log: string, environment: string): string {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(`output ${environment} `))
    .map((line) => line.slice(`output ${environment} `.length))
    .join('\n');
}

/** The most intervals open at one moment. */
export function mostAtOnce(intervals: { start: number; end: number }[]): number {
  const edges = intervals.flatMap(({ start, end }) => [
    [start, 1],
    [end, -1],
  ]);
  // An end before a start at the same instant: touching intervals do not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, change] of edges) most = Math.max(most, (open += change));
  return most;
}

/** Each environment from its first command's start to its last command's end. */
export function environmentSpans(calls: TerraformCall[]): { environment: string; start: number; end: number }[] {
  const spans = new Map<string, { environment: string; start: number; end: number }>();
  for (const call of calls) {
    const span = spans.get(call.environment) ?? { environment: call.environment, start: call.start, end: call.end };
    span.start = Math.min(span.start, call.start);
    span.end = Math.max(span.end, call.end);
    spans.set(call.environment, span);
  }
  return [...spans.values()];
}
