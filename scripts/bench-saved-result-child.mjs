// The measuring child of the saved-result scenarios (ansible, aws-config, azure-policy; run by scripts/bench.mjs
// with `node --import tsx`): in one process, alternately, N times each after a warm-up,
//   parse    read the file and JSON.parse it (`whole`), or each of its lines (`lines`: the Ansible callback's
//            JSON lines), nothing else;
//   analyse  what `analyze --source <source> --format json --output F` does: read the file through the engine,
//            validate it, map its results to changes, judge them, render the JSON report into F as the CLI
//            writes it.
// Node start-up and module loading are outside both, so the ratio is that of the work itself.
// Usage: bench-saved-result-child.mjs <source> <file> <runs> <whole|lines>
// Prints one JSON line: { parse: [s…], analyse: [s…], analyse_without_render: [s…], changes, report_bytes }.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderJsonChunks, parseConfig } from '@gitops-sync/core';
import { analyzeSavedResult, savedResultSource, writeFileAtomic } from '@gitops-sync/engine';

const [sourceName, path, runsText, mode] = process.argv.slice(2);
const runs = Number(runsText);
const source = savedResultSource(sourceName);
const config = parseConfig('environments: {}\n', 'bench');
const reportPath = join(tmpdir(), `gitops-sync-bench-${sourceName}-${process.pid}.json`);

function parse() {
  const text = readFileSync(path, 'utf8');
  if (mode === 'whole') return JSON.parse(text) ? 1 : 0;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    JSON.parse(line);
    lines++;
  }
  return lines;
}
async function analyse() {
  const started = performance.now();
  const report = await analyzeSavedResult(source, path, { environment: 'bench', config });
  const judged = performance.now();
  writeFileAtomic(reportPath, renderJsonChunks(report));
  const bytes = statSync(reportPath).size;
  return { changes: report.total_changes, bytes, judgedIn: (judged - started) / 1000 };
}

const times = { parse: [], analyse: [], analyse_without_render: [] };
parse();
let last = await analyse();
for (let run = 0; run < runs; run++) {
  let started = performance.now();
  parse();
  times.parse.push((performance.now() - started) / 1000);
  started = performance.now();
  last = await analyse();
  times.analyse.push((performance.now() - started) / 1000);
  times.analyse_without_render.push(last.judgedIn);
}
rmSync(reportPath, { force: true });
console.log(JSON.stringify({ ...times, changes: last.changes, report_bytes: last.bytes }));
