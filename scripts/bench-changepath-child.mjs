// In-process timing of the shared path after mapping (branch changepath): map (cloud policy sources),
// judge, buildReport and render the JSON report, for A/B without process start-up noise.
//   node --expose-gc --import tsx scripts/bench-changepath-child.mjs <aws-config|azure-policy|plan> <input> <runs> [report-out]
// Prints one JSON line of medians in ms: map, judge, build, render, write (writeFileAtomic of the chunks).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildReport, defaultRules, parseAwsConfigCompliance, parseAzurePolicyStates, parseTerraformPlan, renderJsonChunks, SeverityEngine } from '@gitops-sync/core';
import { writeFileAtomic } from '../packages/engine/src/files.ts';

const [kind, path, runsText, out = '/tmp/cp/report.json'] = process.argv.slice(2);
const runs = Number(runsText);
const text = readFileSync(path, 'utf8');
const map = () =>
  kind === 'aws-config' ? parseAwsConfigCompliance(text, path) : kind === 'azure-policy' ? parseAzurePolicyStates(text, path) : parseTerraformPlan(text, { label: path }).changes;
const rules = defaultRules();
const times = { parse: [], map: [], judge: [], build: [], render: [], write: [] };
let bytes = 0;
// A plan is parsed once (the plan reader is not this script's subject): judge, build and render run on its changes.
const planChanges = kind === 'plan' ? map() : undefined;
for (let run = 0; run <= runs; run++) {
  globalThis.gc?.();
  const tp = performance.now();
  if (kind !== 'plan') JSON.parse(text);
  const parsed = performance.now() - tp;
  globalThis.gc?.();
  const t = performance.now();
  const changes = planChanges ?? map();
  const t1 = performance.now();
  const judged = new SeverityEngine(rules).judgeAll(changes);
  const t2 = performance.now();
  const report = buildReport({ environment: 'bench', sources: [kind], changes: judged, generatedAt: '2026-12-05T00:00:00.000Z' });
  const t3 = performance.now();
  bytes = 0;
  for (const chunk of renderJsonChunks(report)) bytes += chunk.length;
  const t4 = performance.now();
  writeFileAtomic(out, renderJsonChunks(report));
  const t5 = performance.now();
  if (run === 0) continue; // warm-up
  times.parse.push(parsed); times.map.push(t1 - t); times.judge.push(t2 - t1); times.build.push(t3 - t2); times.render.push(t4 - t3); times.write.push(t5 - t4);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ kind, bytes, ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, +median(v).toFixed(1)])) }));
