#!/usr/bin/env node
// `npm run bench`: how the Terraform-plan analysis scales against plain JSON.parse, and the
// Kubernetes manifest analysis against plain YAML parsing.
//
//   node scripts/bench.mjs [--runs N] [--scenario NAME[,NAME]] [--changes N] [--state-coverage F] [--objects N] [--profile]
//
// Scenarios: changes, 50mb, 100k (Terraform plans), k8s (Kubernetes), audit (audit log
// verification), audit-append (a run's closing audit checkpoint on a long log), multienv (8 Terraform
// environments side by side) and ansible (10,000 Ansible check results); all of them by default.
//
// For each scenario it generates a deterministic plan (scripts/bench-plan-generator.mjs; cached in
// bench-out/ under a name that changes with the generator's source) and runs, each in a fresh node
// process and interleaved, N times (default 3):
//   parse    read the file and JSON.parse it, nothing else;
//   analyse  `node dist/cli/index.js analyze --source terraform-plan --format json --output …`.
// Times are whole-process wall times for both (the CLI bundle cannot be timed from inside), so node
// start-up is in both; it is measured too (`node -e ""`) and shown. Peak RSS comes from the child
// itself: a preloaded module writes process.resourceUsage().maxRSS when the process exits.
// Figures go to the terminal and to bench-out/results.json; the exit code is 0 whatever they are.
//
// The k8s scenario (scripts/bench-k8s-generator.mjs, cached in bench-out/k8s-<objects>-<rate>-<hash>/):
// --objects (default 10,000) Deployments, Services, ConfigMaps and RBAC objects in several namespaces,
// desired as a folder of multi-document YAML files (one per app) and live as one `kind: List` export
// with everything the API server adds; 10% of the objects really drifted, one difference each. Runs:
//   parse    a node child that reads the same files and parses them with js-yaml's loadAll (core
//            schema), the parser the analysis itself uses for plain YAML, nothing else;
//   analyse  `node dist/cli/index.js analyze --source k8s-manifests --input desired/ --live live.yaml
//            --namespace default --format json --output …` (exit 2 = drift; anything but 0/2 fails the bench).
// It checks the report holds exactly one change per drifted object (none missed, none extra). YAML
// parsing is slow (~2.5 MB/s on a 2-CPU box: ~20 s for the 56 MB of the 10,000 objects), so unless
// --runs is given it stops adding runs once the next one would take the scenario's measurements past
// ~60 s (at least one run, at most 3). --profile adds a profiled run and the time per stage.
//
// The audit scenario (scripts/bench-audit-generator.mjs, cached in bench-out/audit-<events>-<hash>/):
// --events (default 100,000) chained audit events of every type and a signed checkpoint over them.
// Runs `node dist/cli/index.js audit verify --log … --checkpoint … --public-key …` (must exit 0: every
// hash, the chain, the Merkle root and the signature recomputed), beside a node child that only reads
// the file and JSON.parses its lines.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateK8s } from './bench-k8s-generator.mjs';
import { generatePlan } from './bench-plan-generator.mjs';
import { generateAuditLog } from './bench-audit-generator.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench-out');
const CLI = join(ROOT, 'dist/cli/index.js');
/** Whether the CLI bundle has `text` in its entry or any chunk it loads when run: a build older than a source lacks its words. */
const cliBundleHas = (text) => existsSync(CLI) && readdirSync(dirname(CLI)).some((name) => name.endsWith('.js') && readFileSync(join(dirname(CLI), name), 'utf8').includes(text));
const GENERATOR = join(ROOT, 'scripts/bench-plan-generator.mjs');
const K8S_GENERATOR = join(ROOT, 'scripts/bench-k8s-generator.mjs');
const AUDIT_GENERATOR = join(ROOT, 'scripts/bench-audit-generator.mjs');
const MB = 1e6;

const TARGETS = { ratio: 1.5, rssPerFileByte: 3, k8sRatio: 2, auditVerifySeconds: 2, driftDetectRatio: 1.15 };
/** Where each target comes from: the issue that asked for it. */
const TARGET_SOURCES = {
  ratio: 'issue 2: a 100,000-change plan analysed in at most 1.5 x the time of reading and JSON.parse-ing it',
  rssPerFileByte: 'issue 2: peak RSS at most 3 x the plan file size',
  k8sRatio: 'issue 3: 10,000 Kubernetes objects analysed in at most 2 x the time of only parsing their YAML',
  auditVerifySeconds: 'issue 12: an untampered audit log of 100,000 events verifies in under 2 s',
  driftDetectRatio: 'issue 15: drift-detect on a plan in at most 1.15 x the time of analyze on the same plan',
};
const cite = (target) => TARGET_SOURCES[target].split(':')[0];

function printTargets() {
  console.log('Targets, and where they come from:');
  console.log(`  analyse/parse <= ${TARGETS.ratio}            (${TARGET_SOURCES.ratio})`);
  console.log(`  peak RSS <= ${TARGETS.rssPerFileByte} x file size       (${TARGET_SOURCES.rssPerFileByte})`);
  console.log(`  k8s analyse/parse <= ${TARGETS.k8sRatio}          (${TARGET_SOURCES.k8sRatio})`);
  console.log(`  audit verify < ${TARGETS.auditVerifySeconds} s               (${TARGET_SOURCES.auditVerifySeconds})`);
}
/** Seconds of timed runs the k8s scenario may take when --runs is not given. */
const K8S_BUDGET_S = 60;

// Real plans list every resource in planned_values and prior_state too, so resource_changes are
// under half the bytes. At that proportion ~50 MB holds ~34,000 changes, and 100,000 changes take
// ~146 MB, which is over the CLI's default 128 MB input limit (raised for that run only).
// The issue's case is 100,000 changes in about 50 MB: only a plan with little state beside its
// changes is that small, so `changes` lists them without prior_state/planned_values copies.
// --- k8sstream ---
// The k8s-50k scenario: a 50,000-object export (~230 MB of YAML, over the former 64 MB limit) analysed
// with the CLI's defaults (no GITOPS_SYNC_MAX_INPUT_MB), as issue 15 asks, twice: with the export as
// YAML (`kubectl get -o yaml`, a List) and as JSON (`kubectl get -o json`, the same List, written from
// the YAML once and cached beside it). "Parse time" is what parsing the analysis's own inputs costs,
// each with its format's parser: the desired YAML with js-yaml (the parser the analysis uses for plain
// YAML) plus the export with js-yaml (YAML) or JSON.parse (JSON). The target ratio is analyse / that;
// analyse / parse of the export alone is shown beside it. Both reports must be identical.
const K8S_STREAM_TARGETS = { ratio: 1.5, rssPerInputByte: 3, source: 'issue 15' };
const K8S_STREAM_SCENARIO = {
  name: 'k8s-50k',
  kind: 'k8s',
  title: '50,000 Kubernetes objects, desired manifests vs a live List export over the former 64 MB limit, with the defaults, 10% drifted',
  objects: 50_000,
  driftRate: 0.1,
  defaults: true,
  bench: benchK8sStream,
};

/** Reads files and folders as the CLI does; parses .json files with JSON.parse, the others with js-yaml. */
const K8S_STREAM_PARSE_ONLY = `
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { loadAll, CORE_SCHEMA } = require('node:module').createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('js-yaml');
const files = (path) => !statSync(path).isDirectory() ? [path] : readdirSync(path, { withFileTypes: true })
  .sort((a, b) => a.name.localeCompare(b.name))
  .flatMap((e) => e.isDirectory() ? files(join(path, e.name)) : /\\.(ya?ml|json)$/i.test(e.name) ? [join(path, e.name)] : []);
let objects = 0;
for (const file of JSON.parse(process.env.BENCH_K8S_INPUTS).flatMap(files)) {
  const text = readFileSync(file, 'utf8');
  const values = file.endsWith('.json') ? [JSON.parse(text)] : loadAll(text, undefined, { schema: CORE_SCHEMA });
  for (const value of values) objects += value && value.kind === 'List' && Array.isArray(value.items) ? value.items.length : value == null ? 0 : 1;
}
if (objects !== Number(process.env.BENCH_K8S_OBJECTS)) {
  console.error('parsed ' + objects + ' objects, expected ' + process.env.BENCH_K8S_OBJECTS);
  process.exitCode = 3;
}
`;

/** The live export as `kubectl get -o json` writes it (a List, four-space indent), from live.yaml; cached. */
async function ensureK8sJsonExport(data) {
  const path = join(data.dir, 'live.json');
  if (existsSync(path)) return path;
  process.stdout.write(`writing ${relative(ROOT, path)} from live.yaml… `);
  const { loadAll, CORE_SCHEMA } = await import('js-yaml');
  const [list] = loadAll(readFileSync(data.livePath, 'utf8'), undefined, { schema: CORE_SCHEMA });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(list, null, 4)}\n`);
  renameSync(`${path}.tmp`, path);
  console.log(`${(statSync(path).size / MB).toFixed(1)} MB`);
  return path;
}

async function benchK8sStream(scenario, options, preload, startup) {
  const figures = await benchK8s(scenario, options, preload, startup);
  const data = ensureK8s(scenario);
  const yamlReport = readFileSync(join(OUT, `report-${scenario.name}.json`), 'utf8');
  const jsonPath = await ensureK8sJsonExport(data);
  const jsonMb = (data.bytes.desired + statSync(jsonPath).size) / MB;
  const reportPath = join(OUT, `report-${scenario.name}-json.json`);
  const analyseArgs = [CLI, 'analyze', '--source', 'k8s-manifests', '--input', data.desiredDir, '--live', jsonPath, '--namespace', 'default', '--format', 'json', '--output', reportPath];
  const objects = String(2 * data.objects + data.liveOnly);
  const exportObjects = String(data.objects + data.liveOnly);
  const parseRuns = { yamlExport: [], jsonAll: [], jsonExport: [] };
  const jsonAnalyse = [];
  for (let run = 0; run < figures.runs; run++) {
    for (const [into, inputs, count] of [[parseRuns.yamlExport, [data.livePath], exportObjects], [parseRuns.jsonAll, [data.desiredDir, jsonPath], objects], [parseRuns.jsonExport, [jsonPath], exportObjects]]) {
      const parsed = await runNode(['-e', K8S_STREAM_PARSE_ONLY], { preload, env: { BENCH_K8S_INPUTS: JSON.stringify(inputs), BENCH_K8S_OBJECTS: count } });
      if (parsed.code !== 0) throw new Error(`k8s parse-only run exited ${parsed.code}:\n${parsed.stderr}`);
      into.push(parsed);
    }
    rmSync(reportPath, { force: true });
    const result = await runNode(analyseArgs, { preload, env: {} });
    if (result.code !== 2) throw new Error(`analysis of the JSON export exited ${result.code} (2 = drift expected):\n${result.stderr}`);
    jsonAnalyse.push(result);
    process.stdout.write('.');
  }
  const withoutTime = (text) => ({ ...JSON.parse(text), generated_at: undefined });
  const sameReports = JSON.stringify(withoutTime(yamlReport)) === JSON.stringify(withoutTime(readFileSync(reportPath, 'utf8')));
  const [yamlExport, jsonAll, jsonExport, analyseJson] = [parseRuns.yamlExport, parseRuns.jsonAll, parseRuns.jsonExport, jsonAnalyse].map(timings);
  figures.k8s_stream = {
    max_input_mb_set: figures.analyse.max_input_mb !== undefined,
    yaml: { parse_export: yamlExport, ratio: figures.ratio, ratio_to_export_parse: figures.analyse.median_s / yamlExport.median_s },
    json: {
      input_mb: jsonMb,
      analyse: analyseJson,
      parse: jsonAll,
      parse_export: jsonExport,
      ratio: analyseJson.median_s / jsonAll.median_s,
      ratio_to_export_parse: analyseJson.median_s / jsonExport.median_s,
      rss_per_input_size: analyseJson.peak_rss_mb / jsonMb,
    },
    same_reports: sameReports,
  };
  const json = figures.k8s_stream.json;
  figures.targets.stream_ratio = { target: `<= ${K8S_STREAM_TARGETS.ratio}`, value: figures.ratio, pass: figures.ratio <= K8S_STREAM_TARGETS.ratio };
  figures.targets.peak_rss = { target: `<= ${K8S_STREAM_TARGETS.rssPerInputByte} x input`, value: figures.rss_per_input_size, pass: figures.rss_per_input_size <= K8S_STREAM_TARGETS.rssPerInputByte };
  figures.targets.json_ratio = { target: `<= ${K8S_STREAM_TARGETS.ratio}`, value: json.ratio, pass: json.ratio <= K8S_STREAM_TARGETS.ratio };
  figures.targets.json_peak_rss = { target: `<= ${K8S_STREAM_TARGETS.rssPerInputByte} x input`, value: json.rss_per_input_size, pass: json.rss_per_input_size <= K8S_STREAM_TARGETS.rssPerInputByte };
  figures.targets.same_reports = { target: 'JSON and YAML exports give the same report', pass: sameReports };
  return figures;
}

function printK8sStream(r) {
  const mark = (target) => (target.pass ? 'PASS' : 'MISS');
  const { yaml, json } = r.k8s_stream;
  const runs = (t) => t.seconds.map((s) => s.toFixed(2)).join(', ');
  console.log(`  defaults: GITOPS_SYNC_MAX_INPUT_MB ${r.k8s_stream.max_input_mb_set ? 'was set (not the defaults!)' : 'not set'}; exit ${r.analyse.exit_code}`);
  console.log('  "parse" = parsing the analysis\'s inputs with their own parsers: desired YAML with js-yaml, plus the export with js-yaml (YAML) or JSON.parse (JSON)');
  console.log(`  YAML export (kubectl get -o yaml): analyse ${r.analyse.median_s.toFixed(2)} s, parse ${r.parse.median_s.toFixed(2)} s (export alone ${yaml.parse_export.median_s.toFixed(2)} s: ${runs(yaml.parse_export)})`);
  console.log(`    ${mark(r.targets.stream_ratio)}  YAML: analyse / parse ${r.ratio.toFixed(2)} (target <= ${K8S_STREAM_TARGETS.ratio}, ${K8S_STREAM_TARGETS.source}); analyse / parse of the export alone ${yaml.ratio_to_export_parse.toFixed(2)}`);
  console.log(`    ${mark(r.targets.peak_rss)}  YAML: analyse peak RSS ${r.analyse.peak_rss_mb.toFixed(0)} MB = ${r.rss_per_input_size.toFixed(2)} x the input (target <= ${K8S_STREAM_TARGETS.rssPerInputByte} x, ${K8S_STREAM_TARGETS.source})`);
  console.log(`  JSON export (kubectl get -o json, ${json.input_mb.toFixed(1)} MB with the desired): analyse ${json.analyse.median_s.toFixed(2)} s (${runs(json.analyse)}), parse ${json.parse.median_s.toFixed(2)} s (${runs(json.parse)}); export alone ${json.parse_export.median_s.toFixed(2)} s`);
  console.log(`    ${mark(r.targets.json_ratio)}  JSON: analyse / parse ${json.ratio.toFixed(2)} (target <= ${K8S_STREAM_TARGETS.ratio}, ${K8S_STREAM_TARGETS.source}); analyse / parse of the export alone ${json.ratio_to_export_parse.toFixed(2)}`);
  console.log(`    ${mark(r.targets.json_peak_rss)}  JSON: analyse peak RSS ${json.analyse.peak_rss_mb.toFixed(0)} MB = ${json.rss_per_input_size.toFixed(2)} x the input (target <= ${K8S_STREAM_TARGETS.rssPerInputByte} x)`);
  console.log(`  ${mark(r.targets.same_reports)}  the JSON and YAML exports give the same report`);
}
// --- end k8sstream ---

// --- awx ---
// The awx scenario: the job events of an AWX check run (100 hosts x 100 tasks = 10,000 runner_on_ok events,
// 10% changed with a diff, every 20th task no_log and censored as ansible-runner does), saved as AWX serves
// them (pages of 200, a list of pages), cached in bench-out/awx-<events>-<hash>/events.json. Runs, interleaved:
//   parse    a node child that reads the file and JSON.parses it, nothing else;
//   analyse  `node dist/cli/index.js analyze --source awx-job-events --input events.json --format json --output …`
//            (exit 2 = drift; anything else fails the bench), which maps the events to Ansible task results,
//            turns them into changes and judges them. The report must hold one change per changed result.
const AWX_TARGET = { ratio: 2, source: 'issue 13: 10,000 results analysed in at most 2 x the time to parse them' };

function awxBenchEvents(count) {
  const hosts = 100;
  const tasks = Math.ceil(count / hosts);
  const events = [];
  let counter = 0;
  let changed = 0;
  const stats = { changed: {}, ok: {}, dark: {}, failures: {}, skipped: {}, ignored: {}, rescued: {}, processed: {} };
  for (let task = 0; task < tasks; task++) {
    for (let h = 0; h < hosts && events.length < count; h++) {
      const host = `web${String(h).padStart(3, '0')}.example.com`;
      const noLog = task % 20 === 19;
      const drifted = !noLog && (task * hosts + h) % 10 === 0;
      const path = `/etc/app/conf.d/task-${task}.conf`;
      const res = noLog
        ? { censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result" }
        : {
            changed: drifted,
            ...(drifted && { diff: [{ before: `listen=${8000 + h}\nworkers=4\n`, after: `listen=${8000 + h}\nworkers=8\n`, before_header: path, after_header: `task-${task}.conf.j2` }] }),
            invocation: { module_args: { dest: path, src: `task-${task}.conf.j2`, mode: '0644', owner: 'root', group: 'root' } },
            dest: path,
            checksum: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
            _ansible_no_log: false,
          };
      if (drifted) changed++;
      counter++;
      const id = 1_000_000 + counter;
      events.push({
        id, type: 'job_event', url: `/api/v2/job_events/${id}/`,
        related: { job: '/api/v2/jobs/100/', children: `/api/v2/job_events/${id}/children/`, host: `/api/v2/hosts/${h + 1}/` },
        summary_fields: { host: { id: h + 1, name: host, description: '' }, job: { id: 100, name: 'site check', status: 'successful', failed: false, job_template_id: 7, job_template_name: 'site check' } },
        created: '2026-12-05T04:30:00.000000Z', modified: '2026-12-05T04:30:01.000000Z',
        job: 100, event: 'runner_on_ok', counter, event_display: 'Host OK',
        event_data: {
          playbook: 'site.yml', playbook_uuid: 'b1', play: 'all', play_uuid: 'p1', play_pattern: 'all',
          task: `config ${task}`, task_uuid: `t-${task}`, task_action: 'template', resolved_action: 'ansible.builtin.template', task_args: '',
          task_path: `/runner/project/site.yml:${3 + task * 4}`, host, remote_addr: host, res,
          start: '2026-12-05T04:30:00.000000+00:00', end: '2026-12-05T04:30:01.000000+00:00', duration: 0.8, event_loop: null, uuid: `e-${counter}`,
        },
        event_level: 3, failed: false, changed: drifted, uuid: `e-${counter}`, parent_uuid: `t-${task}`, host: h + 1, host_name: host,
        playbook: 'site.yml', play: 'all', task: `config ${task}`, role: '', stdout: '', start_line: counter, end_line: counter + 1, verbosity: 0,
      });
      stats.ok[host] = (stats.ok[host] ?? 0) + 1;
      if (drifted) stats.changed[host] = (stats.changed[host] ?? 0) + 1;
      stats.processed[host] = 1;
    }
  }
  counter++;
  events.push({ id: 1_000_000 + counter, type: 'job_event', job: 100, event: 'playbook_on_stats', counter, event_data: { ...stats, artifact_data: {} }, host_name: '', changed: false, failed: false });
  const pages = [];
  for (let at = 0, page = 1; at < events.length; at += 200, page++) {
    pages.push({
      count: events.length,
      next: at + 200 < events.length ? `/api/v2/jobs/100/job_events/?order_by=counter&page=${page + 1}&page_size=200` : null,
      previous: page > 1 ? `/api/v2/jobs/100/job_events/?order_by=counter&page=${page - 1}&page_size=200` : null,
      results: events.slice(at, at + 200),
    });
  }
  return { pages, changed };
}

function ensureAwxEvents(scenario) {
  const hash = createHash('sha1').update(awxBenchEvents.toString()).digest('hex').slice(0, 8);
  const dir = join(OUT, `awx-${scenario.events}-${hash}`);
  const path = join(dir, 'events.json');
  const meta = join(dir, 'meta.json');
  if (!existsSync(meta)) {
    mkdirSync(dir, { recursive: true });
    const { pages, changed } = awxBenchEvents(scenario.events);
    writeFileSync(`${path}.tmp`, JSON.stringify(pages));
    renameSync(`${path}.tmp`, path);
    writeFileSync(meta, JSON.stringify({ changed }));
  }
  return { path, changed: JSON.parse(readFileSync(meta, 'utf8')).changed, bytes: statSync(path).size };
}

async function benchAwx(scenario, options, preload, startup) {
  if (!cliBundleHas('awx-job-events')) {
    console.log('dist/cli/index.js predates the awx-job-events source; running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const input = ensureAwxEvents(scenario);
  const reportPath = join(OUT, `report-${scenario.name}.json`);
  const analyseArgs = [CLI, 'analyze', '--source', 'awx-job-events', '--input', input.path, '--format', 'json', '--output', reportPath];
  const parseArgs = ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(input.path)}, 'utf8'))`];
  readFileSync(input.path); // into the page cache
  const parse = [];
  const analyse = [];
  const cliStartup = [];
  for (let run = 0; run < options.runs; run++) {
    parse.push(await runNode(parseArgs, { preload }));
    cliStartup.push(await runNode([CLI, '--version'], { preload }));
    rmSync(reportPath, { force: true });
    const result = await runNode(analyseArgs, { preload });
    if (result.code !== 2) throw new Error(`analyze --source awx-job-events exited ${result.code} (2 = drift expected):\n${result.stderr}`);
    analyse.push(result);
    process.stdout.write('.');
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const [parsed, analysed, cli] = [timings(parse), timings(analyse), timings(cliStartup)];
  const ratio = analysed.median_s / parsed.median_s;
  const ratioWithoutStartup = (analysed.median_s - startup) / Math.max(parsed.median_s - startup, 1e-3);
  // The CLI bundle's own load (`--version`) is a fixed cost; beyond it, the analysis's work against parsing's.
  const ratioBeyondLoad = (analysed.median_s - cli.median_s) / Math.max(parsed.median_s - startup, 1e-3);
  return {
    name: scenario.name,
    kind: 'awx',
    title: scenario.title,
    input: { events: scenario.events, mb: input.bytes / MB, changed_results: input.changed },
    parse: parsed,
    analyse: analysed,
    runs: options.runs,
    ratio,
    ratio_without_startup: ratioWithoutStartup,
    cli_startup: cli,
    ratio_beyond_cli_load: ratioBeyondLoad,
    report: { total_changes: report.total_changes },
    targets: {
      ratio: { target: `<= ${AWX_TARGET.ratio}`, value: ratio, pass: ratio <= AWX_TARGET.ratio },
      changes: { target: 'one change per changed result', pass: report.total_changes === input.changed },
    },
    print: printAwx,
  };
}

function printAwx(r) {
  const mark = (target) => (target.pass ? 'PASS' : 'MISS');
  console.log(`\n${r.name}: ${r.title}`);
  console.log(`  input: ${r.input.events} job events, ${r.input.mb.toFixed(1)} MB of job_events pages; ${r.input.changed_results} changed results`);
  console.log(`  analyse    ${r.analyse.median_s.toFixed(2)} s (${r.analyse.seconds.map((s) => s.toFixed(2)).join(', ')}); peak RSS ${r.analyse.peak_rss_mb.toFixed(0)} MB`);
  console.log(`  parse only ${r.parse.median_s.toFixed(2)} s (${r.parse.seconds.map((s) => s.toFixed(2)).join(', ')}; read + JSON.parse); peak RSS ${r.parse.peak_rss_mb.toFixed(0)} MB`);
  console.log(`  CLI load   ${r.cli_startup.median_s.toFixed(2)} s (node dist/cli/index.js --version: node start-up plus loading the bundle)`);
  console.log(`  ${mark(r.targets.ratio)}  analyse/parse ${r.ratio.toFixed(2)} (target <= ${AWX_TARGET.ratio}, ${AWX_TARGET.source.split(':')[0]}; ${r.ratio_without_startup.toFixed(2)} without node start-up; ${r.ratio_beyond_cli_load.toFixed(2)} beyond the CLI's own load)`);
  console.log(`  ${mark(r.targets.changes)}  ${r.report.total_changes} changes in the report for ${r.input.changed_results} changed results`);
}
// --- end awx ---

// --- ansible ---
// The ansible scenario: 10,000 results of `ansible-playbook --check --diff` as gitops-sync's callback
// writes them (100 hosts x 100 tasks: copy/template/lineinfile text diffs, file attribute diffs, apt
// `prepared` text, users and services without a diff, no_log tasks, ~40% unchanged), generated into
// bench-out/ansible-<results>-<hash>.jsonl. scripts/bench-saved-result-child.mjs then times, in one process,
// plain read + JSON.parse of each line against the analysis (`analyze --source ansible-check`'s code:
// read, validate, map, judge, render). Target (issue 13): analyse <= 2 x parse.
const ANSIBLE_TARGETS = { ratio: 2, source: 'issue 13' };
const SAVED_RESULT_CHILD = join(ROOT, 'scripts/bench-saved-result-child.mjs');
const ANSIBLE_SCENARIO = { name: 'ansible', kind: 'ansible', title: '10,000 Ansible check results (100 hosts x 100 tasks), callback JSON lines', hosts: 100, tasks: 100, bench: benchAnsible };

/** One task result line; deterministic in (host, task). */
function ansibleResultLine(host, task) {
  const base = { schema: 'gitops-sync/ansible-result@1', host: `web${String(host).padStart(3, '0')}.example.internal`, task: `task ${task}` };
  const path = `/srv/app${task % 7}/conf.d/file-${task}.conf`;
  const kind = task % 10;
  if (kind >= 6) return { ...base, module: 'ansible.builtin.copy', status: 'ok', changed: false, no_log: false, args: { dest: path } };
  if (kind === 0) return { ...base, module: 'ansible.builtin.copy', status: 'changed', changed: true, no_log: false, args: { dest: path }, diff: [{ before_header: path, before: `port=${80 + task}\nworkers=4\n`, after_header: 'files/app.conf', after: `port=${8080 + task}\nworkers=8\n` }] };
  if (kind === 1) return { ...base, module: 'ansible.builtin.file', status: 'changed', changed: true, no_log: false, args: { path, state: 'file' }, diff: { before: { path, mode: '0644', owner: 'root' }, after: { path, mode: '0600', owner: 'app' } } };
  if (kind === 2) return { ...base, module: 'ansible.builtin.lineinfile', status: 'changed', changed: true, no_log: false, args: { path: task % 20 === 2 ? '/etc/ssh/sshd_config' : path, state: 'present' }, diff: [{ before: 'a=1\n', after: `a=1\nb=${task}\n`, before_header: `${path} (content)`, after_header: `${path} (content)` }, { before_header: `${path} (file attributes)`, after_header: `${path} (file attributes)` }] };
  if (kind === 3) return { ...base, module: 'ansible.builtin.apt', status: 'changed', changed: true, no_log: false, args: { name: [`pkg-${task}`, 'curl'], state: 'present' }, diff: { prepared: `The following NEW packages will be installed:\n  pkg-${task}\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\n` } };
  if (kind === 4) return { ...base, module: task % 20 === 4 ? 'ansible.builtin.user' : 'ansible.builtin.service', status: 'changed', changed: true, no_log: false, args: { name: `svc-${task}`, state: 'started' } };
  return { ...base, module: 'ansible.builtin.template', status: 'changed', changed: true, no_log: true };
}

function ensureAnsibleResults(scenario) {
  const version = createHash('sha1').update(ansibleResultLine.toString()).digest('hex').slice(0, 8);
  const path = join(OUT, `ansible-${scenario.hosts * scenario.tasks}-${version}.jsonl`);
  if (existsSync(path)) return path;
  const lines = [];
  const stats = {};
  for (let host = 0; host < scenario.hosts; host++) {
    for (let task = 0; task < scenario.tasks; task++) lines.push(JSON.stringify(ansibleResultLine(host, task)));
    stats[`web${String(host).padStart(3, '0')}.example.internal`] = { ok: scenario.tasks, changed: Math.round(scenario.tasks * 0.6), failures: 0, unreachable: 0, skipped: 0, rescued: 0, ignored: 0 };
  }
  lines.push(JSON.stringify({ schema: 'gitops-sync/ansible-result@1', end: true, stats }));
  writeFileSync(`${path}.tmp`, `${lines.join('\n')}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** Times a saved result's analysis against parsing it, in one process (scripts/bench-saved-result-child.mjs). */
async function savedResultChild(source, path, runs, mode) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SAVED_RESULT_CHILD, source, path, String(runs), mode], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(JSON.parse(stdout)) : reject(new Error(`${source} bench child exited ${code}:\n${stderr}`))));
  });
}

/** Each run takes tens of milliseconds, where a scheduler hiccup moves a median of five by a tenth. */
const IN_PROCESS_RUNS = 15;

async function benchAnsible(scenario, options, preload) {
  const path = ensureAnsibleResults(scenario);
  const runs = Math.max(options.runs, IN_PROCESS_RUNS);
  const child = await savedResultChild('ansible-check', path, runs, 'lines');
  const results = scenario.hosts * scenario.tasks;
  const parse = { seconds: child.parse, median_s: median(child.parse) };
  const analyse = { seconds: child.analyse, median_s: median(child.analyse) };
  const ratio = analyse.median_s / parse.median_s;
  const withoutRender = median(child.analyse_without_render);
  // Whole-process, for information: the CLI bundle's own start-up included.
  const cli = await runNode([CLI, 'analyze', '--source', 'ansible-check', '--input', path, '--format', 'json', '--output', join(OUT, `report-${scenario.name}.json`)], { preload });
  return {
    name: scenario.name,
    kind: 'ansible',
    print: printAnsible,
    title: scenario.title,
    input: { results, mb: statSync(path).size / MB },
    runs,
    parse,
    analyse,
    ratio,
    ratio_without_render: withoutRender / parse.median_s,
    changes: child.changes,
    cli: { exit_code: cli.code, seconds: cli.seconds, peak_rss_mb: (cli.rss ?? 0) / MB },
    targets: { ratio: { target: `<= ${ANSIBLE_TARGETS.ratio}`, value: ratio, pass: ratio <= ANSIBLE_TARGETS.ratio } },
  };
}

function printAnsible(r) {
  console.log(`\n${r.name}: ${r.title} — ${r.input.mb.toFixed(1)} MB, ${r.changes} changes`);
  console.log(`  parse   ${(r.parse.median_s * 1000).toFixed(1)} ms (read + JSON.parse each line; runs ${r.parse.seconds.map((s) => (s * 1000).toFixed(1)).join(', ')})`);
  console.log(`  analyse ${(r.analyse.median_s * 1000).toFixed(1)} ms (read, validate, map, judge, render; runs ${r.analyse.seconds.map((s) => (s * 1000).toFixed(1)).join(', ')})`);
  console.log(`  CLI analyze --source ansible-check, whole process: ${r.cli.seconds.toFixed(2)} s, exit ${r.cli.exit_code}, peak RSS ${r.cli.peak_rss_mb.toFixed(0)} MB`);
  console.log(`  ${r.targets.ratio.pass ? 'PASS' : 'MISS'}  analyse / parse ${r.ratio.toFixed(2)} (target <= ${ANSIBLE_TARGETS.ratio}, ${ANSIBLE_TARGETS.source}); ${r.ratio_without_render.toFixed(2)} without rendering the JSON report`);
}
// --- end ansible ---

// --- cloudpolicy ---
// The aws-config and azure-policy scenarios: 10,000 compliance results (issue 13), written here in the
// shapes the CLIs print (`aws configservice get-compliance-details-by-config-rule --output json`:
// EvaluationResults; `az policy state list --expand PolicyEvaluationDetails -o json`: an array of
// PolicyState), 80% non-compliant over a mix of rules, several rules per resource. The target is measured
// as for ansible, in one process (scripts/bench-saved-result-child.mjs): `analyze --source <name>`'s work
// (read, validate, map, judge, render the JSON report) against reading and JSON.parse of the file, medians
// of 15 runs. Whole-process figures are shown for information: `gitops-sync analyze` in a fresh node, its
// answer to an empty result, and JSON.parse in a fresh node. At this size start-up is most of either run,
// and the ratio net of it swung from 1.0 to 4.3 between runs of the same code (its parse is ~0.05 s).
const CLOUD_POLICY_TARGET_RATIO = 2;
const AWS_RULES = ['restricted-ssh', 's3-bucket-public-read-prohibited', 'required-tags', 'encrypted-volumes', 'cloudtrail-enabled', 'ec2-instance-managed-by-systems-manager', 'acme-custom-rule'];
const AZURE_POLICIES = [
  ['404c3081-a854-4457-ae30-26a93ef643f9', 'properties.supportsHttpsTrafficOnly', false, true, 'NotEquals'],
  ['deny-public-network-access', 'properties.publicNetworkAccess', 'Enabled', 'Disabled', 'NotEquals'],
  ['require-costcenter-tag', 'tags[costCenter]', null, 'false', 'Exists'],
  ['e56962a6-4747-49cd-b67b-bf8b01975c4c', 'location', 'eastus', ['westeurope'], 'NotIn'],
];

function cloudPolicyResults(source, count) {
  const nonCompliant = (i) => i % 5 !== 0;
  if (source === 'aws-config') {
    const results = Array.from({ length: count }, (_, i) => ({
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: { ConfigRuleName: AWS_RULES[i % AWS_RULES.length], ResourceType: i % 2 ? 'AWS::EC2::SecurityGroup' : 'AWS::S3::Bucket', ResourceId: `resource-${Math.floor(i / 3)}`, EvaluationMode: 'DETECTIVE' },
        OrderingTimestamp: '2026-11-30T09:12:44.301000+00:00',
        ResourceEvaluationId: `eval-${i}`,
      },
      ComplianceType: nonCompliant(i) ? 'NON_COMPLIANT' : 'COMPLIANT',
      ResultRecordedTime: '2026-11-30T09:12:46.532000+00:00',
      ConfigRuleInvokedTime: '2026-11-30T09:12:44.102000+00:00',
      ...(i % 7 === 6 ? { Annotation: `field=Configuration.Setting${i % 4} actual=off expected=on` } : {}),
    }));
    return { EvaluationResults: results };
  }
  return Array.from({ length: count }, (_, i) => {
    const [definition, path, value, target, operator] = AZURE_POLICIES[i % AZURE_POLICIES.length];
    const resourceId = `/subscriptions/fffedd8f-ffff-fffd-fffd-fffed2f84852/resourcegroups/rg-${i % 50}/providers/microsoft.storage/storageaccounts/acct${Math.floor(i / 3)}`;
    return {
      complianceState: nonCompliant(i) ? 'NonCompliant' : 'Compliant',
      isCompliant: !nonCompliant(i),
      policyAssignmentId: '/subscriptions/fffedd8f-ffff-fffd-fffd-fffed2f84852/providers/Microsoft.Authorization/policyAssignments/acme-baseline',
      policyAssignmentName: 'acme-baseline',
      policyDefinitionAction: 'audit',
      policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${definition}`,
      policyDefinitionName: definition,
      policyDefinitionReferenceId: '',
      resourceGroup: `rg-${i % 50}`,
      resourceId,
      resourceLocation: 'westeurope',
      resourceType: 'Microsoft.Storage/storageAccounts',
      subscriptionId: 'fffedd8f-ffff-fffd-fffd-fffed2f84852',
      timestamp: '2026-11-30T09:10:11.0000000Z',
      policyEvaluationDetails: {
        evaluatedExpressions: [
          { expression: 'type', expressionKind: 'Field', path: 'type', expressionValue: 'Microsoft.Storage/storageAccounts', targetValue: 'Microsoft.Storage/storageAccounts', operator: 'Equals', result: 'True' },
          { expression: path, expressionKind: 'Alias', path, expressionValue: value, targetValue: target, operator, result: 'True' },
        ],
      },
    };
  });
}

function ensureCloudPolicyInput(scenario) {
  const path = join(OUT, `${scenario.name}-${scenario.results}.json`);
  const empty = join(OUT, `${scenario.name}-empty.json`);
  if (!existsSync(path)) writeFileSync(path, `${JSON.stringify(cloudPolicyResults(scenario.name, scenario.results), null, 4)}\n`);
  if (!existsSync(empty)) writeFileSync(empty, scenario.name === 'aws-config' ? '{"EvaluationResults": []}\n' : '[]\n');
  return { path, empty };
}

const CLOUD_POLICY_PARSE_ONLY = `const { readFileSync } = require('node:fs'); const value = JSON.parse(readFileSync(process.env.BENCH_INPUT, 'utf8')); if (!value) process.exitCode = 3;`;

async function benchCloudPolicy(scenario, options, preload, startup) {
  const { path, empty } = ensureCloudPolicyInput(scenario);
  const report = join(OUT, `report-${scenario.name}.json`);
  const analyseArgs = (input, output = report) => [CLI, 'analyze', '--source', scenario.name, '--input', input, '--format', 'json', '--output', output];
  const runs = { parse: [], analyse: [], cliStartup: [] };
  for (let run = 0; run < options.runs; run++) {
    runs.parse.push(await runNode(['-e', CLOUD_POLICY_PARSE_ONLY], { preload, env: { BENCH_INPUT: path } }));
    const analysed = await runNode(analyseArgs(path), { preload });
    if (analysed.code !== 2) throw new Error(`analyze --source ${scenario.name} exited ${analysed.code} (2 = drift expected):\n${analysed.stderr}`);
    runs.analyse.push(analysed);
    runs.cliStartup.push(await runNode(analyseArgs(empty, join(OUT, `report-${scenario.name}-empty.json`)), { preload }));
    process.stdout.write('.');
  }
  const [parse, analyse, cliStartup] = [runs.parse, runs.analyse, runs.cliStartup].map(timings);
  const judged = JSON.parse(readFileSync(report, 'utf8'));
  const child = await savedResultChild(scenario.name, path, Math.max(options.runs, IN_PROCESS_RUNS), 'whole');
  if (child.changes !== judged.total_changes) throw new Error(`the in-process analysis of ${scenario.name} found ${child.changes} changes, the CLI ${judged.total_changes}`);
  const inProcess = { parse: median(child.parse), analyse: median(child.analyse), analyse_without_render: median(child.analyse_without_render) };
  const inProcessRatio = inProcess.analyse / inProcess.parse;
  return {
    name: scenario.name,
    kind: 'cloudpolicy',
    title: scenario.title,
    runs: options.runs,
    input: { results: scenario.results, mb: statSync(path).size / MB },
    in_process: { ...inProcess, runs: child.parse.length, ratio: inProcessRatio },
    parse,
    analyse,
    cli_startup: cliStartup,
    ratio: analyse.median_s / parse.median_s,
    ratio_without_startup: (analyse.median_s - cliStartup.median_s) / Math.max(parse.median_s - startup, 1e-3),
    report: { total_changes: judged.total_changes, changes_by_severity: judged.changes_by_severity },
    targets: { ratio: { target: `<= ${CLOUD_POLICY_TARGET_RATIO}`, value: inProcessRatio, pass: inProcessRatio <= CLOUD_POLICY_TARGET_RATIO } },
    print: printCloudPolicy,
  };
}

function printCloudPolicy(r) {
  const s = (t) => `${t.median_s.toFixed(3)} s`;
  const ms = (seconds) => `${(seconds * 1000).toFixed(1)} ms`;
  console.log(`\n${r.name}: ${r.title}`);
  console.log(`  input: ${r.input.results} results, ${r.input.mb.toFixed(1)} MB; report: ${r.report.total_changes} changes (${Object.entries(r.report.changes_by_severity).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  console.log(`  in one process (medians of ${r.in_process.runs}): analyse ${ms(r.in_process.analyse)} (${ms(r.in_process.analyse_without_render)} without rendering the report), parse ${ms(r.in_process.parse)}`);
  console.log(`  whole process: analyse ${s(r.analyse)} (CLI answering an empty result ${s(r.cli_startup)}); parse ${s(r.parse)}; ratio ${r.ratio.toFixed(2)}, net of start-up ${r.ratio_without_startup.toFixed(2)}`);
  console.log(`  ${r.targets.ratio.pass ? 'PASS' : 'MISS'}  analyse / parse in one process ${r.in_process.ratio.toFixed(2)} (target <= ${CLOUD_POLICY_TARGET_RATIO}, issue 13)`);
}
// --- end cloudpolicy ---

// --- configconnector ---
// The config-connector scenario (issue 13): --objects (default 10,000) GCP Config Connector resources
// (firewalls, buckets, IAM members, SQL instances, Pub/Sub topics) as `kubectl get gcp -o json` writes
// them (one List, four-space indent, managedFields and all), 10% not up to date: spec against
// status.observedState, Ready False with UpdateFailed or DependencyNotReady, observedGeneration behind.
// Cached in bench-out/config-connector-<n>-<rate>-<hash>.json. Runs, interleaved:
//   parse    a node child that reads the file and JSON.parses it, nothing else;
//   analyse  `node dist/cli/index.js analyze --source gcp-config-connector --input … --format json
//            --output …` (exit 2 = drift); the report must hold one change per drifted resource.
// Both are whole processes (node start-up in both); the CLI bundle's own load (`--version`) is measured
// too and the ratio without it shown beside the target's.
const CONFIG_CONNECTOR_TARGET = { ratio: 2, source: 'issue 13' };
const CONFIG_CONNECTOR_SCENARIO = {
  name: 'config-connector',
  kind: 'config-connector',
  title: '10,000 Config Connector resources (kubectl get gcp -o json), 10% not up to date',
  resources: 10_000,
  driftRate: 0.1,
  bench: benchConfigConnector,
};

/** One resource of each kind in turn; every 1/driftRate-th one drifted, its way chosen in turn too. */
function generateConfigConnector(count, driftRate) {
  const every = Math.round(1 / driftRate);
  const ready = (reason, message) => ({ lastTransitionTime: '2026-12-01T09:30:00Z', message, reason, status: reason === 'UpToDate' ? 'True' : 'False', type: 'Ready' });
  const kinds = [
    ['compute', 'ComputeFirewall', (n) => ({ allow: [{ ports: ['443'], protocol: 'tcp' }], direction: 'INGRESS', networkRef: { name: 'vpc-main' }, sourceRanges: [`10.${n % 250}.0.0/16`] }), 'sourceRanges', ['0.0.0.0/0']],
    ['storage', 'StorageBucket', () => ({ location: 'EU', publicAccessPrevention: 'enforced', uniformBucketLevelAccess: true, versioning: { enabled: true } }), 'publicAccessPrevention', 'inherited'],
    ['iam', 'IAMPolicyMember', (n) => ({ member: `serviceAccount:app-${n}@acme-prod.iam.gserviceaccount.com`, resourceRef: { external: 'projects/acme-prod', kind: 'Project' }, role: 'roles/storage.objectViewer' }), 'role', 'roles/storage.admin'],
    ['sql', 'SQLInstance', () => ({ databaseVersion: 'POSTGRES_15', region: 'europe-west1', settings: { ipConfiguration: { ipv4Enabled: false, privateNetworkRef: { name: 'vpc-main' } }, tier: 'db-custom-2-7680' } }), 'databaseVersion', 'POSTGRES_14'],
    ['pubsub', 'PubSubTopic', () => ({ messageRetentionDuration: '86400s' }), 'messageRetentionDuration', '600s'],
  ];
  const items = [];
  let drifted = 0;
  for (let n = 0; n < count; n++) {
    const [group, kind, specOf, field, liveValue] = kinds[n % kinds.length];
    const name = `${kind.toLowerCase()}-${n}`;
    const namespace = `team-${n % 20}`;
    const spec = specOf(n);
    const isDrifted = n % every === every - 1;
    const way = isDrifted ? drifted++ % 4 : -1;
    const status = {
      conditions: [way === 1 ? ready('UpdateFailed', `Update call failed: error applying desired state: googleapi: Error 403: permission denied on ${name}, forbidden`) : way === 2 ? ready('DependencyNotReady', `reference ComputeNetwork ${namespace}/vpc-main is not ready`) : ready('UpToDate', 'The resource is up to date')],
      externalRef: `projects/acme-prod/${group}/${name}`,
      observedGeneration: way === 3 ? 3 : 4,
      observedState: { ...spec, [field]: way === 0 ? liveValue : spec[field] },
    };
    items.push({
      apiVersion: `${group}.cnrm.cloud.google.com/v1beta1`,
      kind,
      metadata: {
        annotations: { 'cnrm.cloud.google.com/management-conflict-prevention-policy': 'none', 'cnrm.cloud.google.com/project-id': 'acme-prod', 'cnrm.cloud.google.com/state-into-spec': 'absent' },
        creationTimestamp: '2026-11-02T08:00:00Z',
        generation: 4,
        managedFields: [{ apiVersion: `${group}.cnrm.cloud.google.com/v1beta1`, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': Object.fromEntries(Object.keys(spec).map((key) => [`f:${key}`, {}])) }, manager: 'kubectl', operation: 'Apply', time: '2026-11-02T08:00:00Z' }],
        name,
        namespace,
        resourceVersion: String(100000 + n),
        uid: `6f1c2a4e-0000-4000-8000-${String(n).padStart(12, '0')}`,
      },
      spec,
      status,
    });
  }
  return { items, drifted };
}

function ensureConfigConnector(count, driftRate) {
  const version = createHash('sha1').update(generateConfigConnector.toString()).digest('hex').slice(0, 8);
  const path = join(OUT, `config-connector-${count}-${driftRate}-${version}.json`);
  const meta = `${path}.meta.json`;
  if (existsSync(path) && existsSync(meta)) return { path, ...JSON.parse(readFileSync(meta, 'utf8')) };
  process.stdout.write(`generating ${relative(ROOT, path)} (${count} resources)… `);
  const { items, drifted } = generateConfigConnector(count, driftRate);
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`);
  renameSync(`${path}.tmp`, path);
  const info = { resources: count, drifted, mb: statSync(path).size / MB };
  writeFileSync(meta, JSON.stringify(info));
  console.log(`${info.mb.toFixed(1)} MB`);
  return { path, ...info };
}

const CONFIG_CONNECTOR_PARSE_ONLY = `
const items = JSON.parse(require('node:fs').readFileSync(process.env.BENCH_CNRM_INPUT, 'utf8')).items;
if (items.length !== Number(process.env.BENCH_CNRM_RESOURCES)) { console.error('parsed ' + items.length + ' resources'); process.exitCode = 3; }
`;

async function benchConfigConnector(scenario, options, preload, startup) {
  const count = options.objects ?? scenario.resources;
  const data = ensureConfigConnector(count, scenario.driftRate);
  const reportPath = join(OUT, `report-${scenario.name}.json`);
  const analyseArgs = [CLI, 'analyze', '--source', 'gcp-config-connector', '--input', data.path, '--format', 'json', '--output', reportPath];
  const runs = { parse: [], analyse: [], cliStartup: [] };
  process.stdout.write(`${scenario.name}: `);
  for (let run = 0; run < options.runs; run++) {
    const parsed = await runNode(['-e', CONFIG_CONNECTOR_PARSE_ONLY], { preload, env: { BENCH_CNRM_INPUT: data.path, BENCH_CNRM_RESOURCES: String(count) } });
    if (parsed.code !== 0) throw new Error(`config-connector parse-only run exited ${parsed.code}:\n${parsed.stderr}`);
    runs.parse.push(parsed);
    rmSync(reportPath, { force: true });
    const analysed = await runNode(analyseArgs, { preload });
    if (analysed.code !== 2) throw new Error(`analyze --source gcp-config-connector exited ${analysed.code} (2 = drift expected):\n${analysed.stderr}`);
    runs.analyse.push(analysed);
    runs.cliStartup.push(await runNode([CLI, '--version'], { preload }));
    process.stdout.write('.');
  }
  console.log();
  const changes = JSON.parse(readFileSync(reportPath, 'utf8')).changes.length;
  const [parse, analyse, cliStartup] = [runs.parse, runs.analyse, runs.cliStartup].map(timings);
  const ratio = analyse.median_s / parse.median_s;
  const withoutStartup = (analyse.median_s - cliStartup.median_s) / Math.max(0.001, parse.median_s - startup);
  return {
    name: scenario.name,
    kind: scenario.kind,
    title: scenario.title.replace('10,000', count.toLocaleString('en-US')),
    input: { resources: count, drifted: data.drifted, mb: data.mb },
    parse,
    analyse,
    cli_startup: cliStartup,
    ratio,
    ratio_without_startup: withoutStartup,
    changes,
    targets: {
      ratio: { target: `<= ${CONFIG_CONNECTOR_TARGET.ratio}`, value: ratio, pass: ratio <= CONFIG_CONNECTOR_TARGET.ratio },
      changes: { target: `${data.drifted} changes (one per drifted resource)`, value: changes, pass: changes === data.drifted },
    },
    print: printConfigConnector,
  };
}

function printConfigConnector(r) {
  const mark = (target) => (target.pass ? 'PASS' : 'MISS');
  console.log(`\n${r.name}: ${r.title} — ${r.input.mb.toFixed(1)} MB, ${r.input.drifted} drifted`);
  console.log(`  analyse ${r.analyse.median_s.toFixed(2)} s, parse (read + JSON.parse) ${r.parse.median_s.toFixed(2)} s, CLI start-up alone ${r.cli_startup.median_s.toFixed(2)} s; analyse peak RSS ${r.analyse.peak_rss_mb.toFixed(0)} MB`);
  console.log(`  ${mark(r.targets.ratio)}  analyse/parse ${r.ratio.toFixed(2)} (target <= ${CONFIG_CONNECTOR_TARGET.ratio}, ${CONFIG_CONNECTOR_TARGET.source}); ${r.ratio_without_startup.toFixed(2)} without start-up (CLI load vs node's)`);
  console.log(`  ${mark(r.targets.changes)}  ${r.changes} changes in the report, ${r.input.drifted} resources drifted`);
}
// --- end configconnector ---
// --- tfc ---
// The terraform-cloud scenario: a 10,000-change plan served as a health assessment's json-output by a
// loopback stand-in for Terraform Cloud (workspace lookup, current-assessment-result, a 307 to an
// "archivist" on another port that streams the plan file), fetched and analysed by
// `node dist/cli/index.js drift production` (terraform_cloud: in a config under bench-out/tfc/), against
// a node child that reads the same plan file and JSON.parses it. Target: at most 2 x (issue 13).
TARGET_SOURCES.tfcRatio = 'issue 13: 10,000 results of a source analysed in at most 2 x the time to parse them';
const TFC_TARGET_RATIO = 2;
/** Fetching from Terraform Cloud should cost little beyond analysing the same plan from a file. */
const TFC_TARGET_TO_FILE = 1.1;
const TFC_SCENARIO = { name: 'terraform-cloud', kind: 'tfc', title: 'a 10,000-change health assessment plan fetched from a loopback Terraform Cloud and analysed, vs read + JSON.parse', changes: 10_000, stateCoverage: 1, bench: benchTerraformCloud };

async function tfcServers(planPath, token) {
  const { createServer } = await import('node:http');
  const { createReadStream } = await import('node:fs');
  const listen = async (handler) => {
    const server = createServer(handler);
    await new Promise((done) => server.listen(0, '127.0.0.1', done));
    return { server, url: `http://127.0.0.1:${server.address().port}` };
  };
  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/vnd.api+json', ...headers });
    res.end(JSON.stringify(body));
  };
  const archivist = await listen((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    createReadStream(planPath).pipe(res);
  });
  const api = await listen((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { errors: [{ status: '401', title: 'unauthorized' }] });
    if (req.url === '/api/v2/organizations/bench/workspaces/plan-10k') {
      return json(res, 200, { data: { id: 'ws-BenchWorkspace1', type: 'workspaces', attributes: { name: 'plan-10k', 'assessments-enabled': true } } });
    }
    if (req.url === '/api/v2/workspaces/ws-BenchWorkspace1/current-assessment-result') {
      const links = { 'json-output': '/api/v2/assessment-results/asmtres-Bench0001/json-output' };
      return json(res, 200, { id: 'asmtres-Bench0001', type: 'assessment-results', data: { attributes: { drifted: true, succeeded: true, 'error-msg': null }, links } });
    }
    if (req.url === '/api/v2/assessment-results/asmtres-Bench0001/json-output') return json(res, 307, {}, { location: `${archivist.url}/archive/plan` });
    json(res, 404, { errors: [{ status: '404', title: 'not found' }] });
  });
  return { url: api.url, close: () => Promise.all([api, archivist].map(({ server }) => new Promise((done) => { server.closeAllConnections(); server.close(done); }))) };
}

async function benchTerraformCloud(scenario, options, preload) {
  if (!cliBundleHas('current-assessment-result')) {
    console.log('dist/cli/index.js predates the terraform-cloud source; running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const plan = ensurePlan(scenario);
  const dir = join(OUT, 'tfc');
  mkdirSync(dir, { recursive: true });
  const token = 'bench-tfc-token-0123456789abcdef';
  const servers = await tfcServers(plan.path, token);
  try {
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: bench, workspace: plan-10k, hostname: "${servers.url}" }\n`);
    const reportPath = join(dir, 'report.json');
    const analyseArgs = [CLI, 'drift', 'production', '--config', join(dir, 'gitops-sync.yaml'), '--format', 'json', '--output', reportPath];
    const env = { TFE_TOKEN: token, TFE_HOSTNAME: new URL(servers.url).host, GITOPS_SYNC_MAX_INPUT_MB: String(Math.ceil((plan.bytes / 1024 / 1024) * 2)) };
    const parseArgs = ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(plan.path)}, 'utf8'))`];
    // The same plan analysed from the file: what fetching it from Terraform Cloud adds.
    const localArgs = [CLI, 'analyze', '--source', 'terraform-plan', '--input', plan.path, '--format', 'json', '--output', join(dir, 'local-report.json')];
    readFileSync(plan.path);
    const parse = [];
    const analyse = [];
    const local = [];
    for (let run = 0; run < options.runs; run++) {
      parse.push(await runNode(parseArgs, { preload }));
      local.push(await runNode(localArgs, { preload, env }));
      const result = await runNode(analyseArgs, { preload, env });
      if (result.code !== 2) throw new Error(`drift production against the loopback Terraform Cloud exited ${result.code}:\n${result.stderr}`);
      analyse.push(result);
      process.stdout.write('.');
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    if (!report.drift_detected || report.sources.join() !== 'terraform-cloud') throw new Error(`the report of ${reportPath} is not a terraform-cloud report with drift`);
    const figures = { parse: timings(parse), analyse: timings(analyse), analyze_file: timings(local) };
    const ratio = figures.analyse.median_s / figures.parse.median_s;
    return {
      name: scenario.name,
      kind: 'tfc',
      title: scenario.title,
      plan: { path: relative(ROOT, plan.path), mb: plan.bytes / MB, resource_changes: plan.counts.resource_changes },
      runs: options.runs,
      ...figures,
      report: { total_changes: report.total_changes, sources: report.sources },
      ratio,
      ratio_to_file: figures.analyse.median_s / figures.analyze_file.median_s,
      targets: {
        ratio: { target: `<= ${TFC_TARGET_RATIO}`, value: ratio, pass: ratio <= TFC_TARGET_RATIO },
        to_file: { target: `<= ${TFC_TARGET_TO_FILE}`, value: figures.analyse.median_s / figures.analyze_file.median_s, pass: figures.analyse.median_s / figures.analyze_file.median_s <= TFC_TARGET_TO_FILE },
      },
      print: printTerraformCloud,
    };
  } finally {
    await servers.close();
  }
}

function printTerraformCloud(r) {
  console.log(`\n${r.name}: ${r.title} — ${r.plan.mb.toFixed(1)} MB, ${r.plan.resource_changes} resource_changes, ${r.report.total_changes} changes reported from ${r.report.sources.join(', ')}`);
  for (const name of ['parse', 'analyze_file', 'analyse']) console.log(`  ${name.padEnd(12)} ${r[name].median_s.toFixed(2)} s; peak RSS ${r[name].peak_rss_mb.toFixed(0)} MB (runs ${r[name].seconds.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`  ${r.targets.to_file.pass ? 'PASS' : 'MISS'}  fetched from Terraform Cloud + analysed / analyze of the same file ${r.ratio_to_file.toFixed(2)} (target <= ${TFC_TARGET_TO_FILE})`);
  console.log(`  ${r.targets.ratio.pass ? 'PASS' : 'MISS'}  fetched + analysed / read + JSON.parse ${r.ratio.toFixed(2)} (target <= ${TFC_TARGET_RATIO}, ${cite('tfcRatio')})`);
}
// --- end tfc ---

// --- audit-append ---
// The audit-append scenario: what a run's closing audit checkpoint costs on a long log. A log of
// --events (default 100,000) events with a checkpoint after each, all signed (a file store after that
// many runs with a signing key: scripts/bench-audit-generator.mjs --checkpoint-every 1 --sign-all,
// cached in bench-out/audit-<events>-every1-signed-<hash>/), is copied to bench-out/audit-append-run/
// before each run; scripts/bench-audit-append-child.mjs then appends one event through the file trail
// and closes it (the log checked, a checkpoint signed with the same key), in a fresh node process
// (`node --import tsx`: the engine's sources, not dist/). The same on an empty log, alternately: the
// ratio is what the log's length costs a run. Whole-process times, and the record + close alone as the
// child measures it.
const AUDIT_APPEND_CHILD = join(ROOT, 'scripts/bench-audit-append-child.mjs');
const AUDIT_APPEND_SCENARIO = {
  name: 'audit-append',
  kind: 'audit-append',
  title: 'one event appended, and the closing signed checkpoint, on a log of 100,000 events with a signed checkpoint after each',
  events: 100_000,
  checkpointEvery: 1,
  signAll: true,
  bench: benchAuditAppend,
};

async function benchAuditAppend(scenario, options, preload) {
  const input = ensureAuditLog(scenario);
  const scratch = join(OUT, 'audit-append-run');
  /** One append + close, on a copy of the generated log or on no log at all. */
  const append = async (onLog) => {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const [log, checkpoints, timing] = ['events.jsonl', 'checkpoints.jsonl', 'timing.json'].map((name) => join(scratch, name));
    if (onLog) {
      for (const [from, to] of [[input.log, log], [input.checkpoint, checkpoints]]) {
        copyFileSync(from, to);
        // On disk before the run: the child's fsync of its one line must not write out the copy too.
        const fd = openSync(to, 'r');
        fsyncSync(fd);
        closeSync(fd);
      }
    }
    const result = await runNode(['--import', 'tsx', AUDIT_APPEND_CHILD, log, checkpoints, input.privateKey, timing], { preload });
    if (result.code !== 0) throw new Error(`appending to ${onLog ? `a copy of ${input.log}` : 'an empty log'} exited ${result.code}:\n${result.stderr}`);
    const last = JSON.parse(readFileSync(checkpoints, 'utf8').trimEnd().split('\n').at(-1));
    const size = onLog ? input.events + 1 : 1;
    if (last.size !== size || !last.signature) throw new Error(`the closing checkpoint covers ${last.size} events${last.signature ? '' : ', unsigned'}; a signed one over ${size} was expected`);
    return { ...result, in_process_s: JSON.parse(readFileSync(timing, 'utf8')).seconds };
  };
  const empty = [];
  const full = [];
  for (let run = 0; run < options.runs; run++) {
    empty.push(await append(false));
    full.push(await append(true));
    process.stdout.write('.');
  }
  rmSync(scratch, { recursive: true, force: true });
  const [onEmpty, onLog] = [empty, full].map((runs) => ({ ...timings(runs), in_process: { seconds: runs.map((r) => r.in_process_s), median_s: median(runs.map((r) => r.in_process_s)) } }));
  return {
    name: scenario.name,
    kind: 'audit-append',
    title: scenario.title.replaceAll('100,000', input.events.toLocaleString('en-US')),
    input: { events: input.events, mb: input.bytes / MB, checkpoints_mb: statSync(input.checkpoint).size / MB },
    runs: options.runs,
    empty: onEmpty,
    log: onLog,
    ratio: onLog.median_s / onEmpty.median_s,
    ratio_in_process: onLog.in_process.median_s / onEmpty.in_process.median_s,
    print: printAuditAppend,
  };
}

function printAuditAppend(r) {
  const line = (name, t) =>
    `  ${name} ${t.median_s.toFixed(2)} s whole process (${t.seconds.map((s) => s.toFixed(2)).join(', ')}); record + close ${t.in_process.median_s.toFixed(3)} s (${t.in_process.seconds.map((s) => s.toFixed(3)).join(', ')}); peak RSS ${t.peak_rss_mb.toFixed(0)} MB`;
  console.log(`\n${r.name}: ${r.title}`);
  console.log(`  input: ${r.input.events} events, ${r.input.mb.toFixed(1)} MB of JSONL; ${r.input.checkpoints_mb.toFixed(1)} MB of checkpoints`);
  console.log(line('on the log  ', r.log));
  console.log(line('on no log   ', r.empty));
  console.log(`  ratio on the log / on no log: ${r.ratio.toFixed(2)} whole process, ${r.ratio_in_process.toFixed(1)} for record + close (median of ${r.runs} run${r.runs === 1 ? '' : 's'} each)`);
}
// --- end audit-append ---

const SCENARIOS = [
  { name: 'changes', title: '100,000 resource changes, no state copies (the issue\'s case)', changes: 100_000, stateCoverage: 0 },
  { name: '50mb', title: '~50 MB plan, real proportions', changes: 34_000, stateCoverage: 1 },
  { name: '100k', title: '100,000 resource changes, real proportions', changes: 100_000, stateCoverage: 1 },
  { name: '300k', title: '300,000 resource changes, no state copies (~200 MB), with the default input bound', changes: 300_000, stateCoverage: 0, withDefaults: true },
  {
    name: 'k8s',
    kind: 'k8s',
    title: '10,000 Kubernetes objects (Deployments, Services, ConfigMaps, RBAC), desired manifests vs live List export, 10% drifted',
    objects: 10_000,
    driftRate: 0.1,
  },
  K8S_STREAM_SCENARIO,
  { name: 'fingerprint', kind: 'fingerprint', title: 'drift-detect on a ~50 MB plan (report + fingerprint) vs analyze of the same plan', changes: 34_000, stateCoverage: 1 },
  { name: 'audit', kind: 'audit', title: '100,000 audit events: hashes, chain, Merkle root and a signed checkpoint verified', events: 100_000 },
  {
    name: 'audit-store',
    kind: 'audit',
    title: "100,000 audit events with a checkpoint after each (a file store's log after 100,000 runs): every checkpoint held to the log",
    events: 100_000,
    checkpointEvery: 1,
  },
  AUDIT_APPEND_SCENARIO,
  { name: 'multienv', kind: 'multienv', title: '8 environments: drift --parallel (defaults) against the same serially', environments: 8 },
  CONFIG_CONNECTOR_SCENARIO,
  TFC_SCENARIO,
  ...['aws-config', 'azure-policy'].map((name) => ({ name, kind: 'cloudpolicy', title: `10,000 ${name} compliance results, 80% non-compliant`, results: 10_000, bench: benchCloudPolicy })),
  ANSIBLE_SCENARIO,
  { name: 'awx', kind: 'awx', title: '10,000 AWX job events (100 hosts x 100 tasks, 10% changed) mapped and analysed', events: 10_000, bench: benchAwx },
];

/** Runs the analysis once more under --cpu-prof; returns the folder with the profile. */
async function profileAnalysis(scenario, analyseArgs, preload, env) {
  const dir = join(OUT, `profile-${scenario.name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await runNode(['--cpu-prof', '--cpu-prof-dir', dir, ...analyseArgs], { preload, env });
  return dir;
}

/** Seconds of each run, their median and the peak RSS in MB. */
function timings(runs) {
  const seconds = runs.map((r) => r.seconds);
  return { seconds, median_s: median(seconds), peak_rss_mb: Math.max(...runs.map((r) => r.rss ?? 0)) / MB };
}

function parseArgs(argv) {
  const options = { runs: 3, runsGiven: false, scenarios: SCENARIOS.map((s) => s.name), profile: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--runs') {
      options.runs = Math.max(1, Number(value()));
      options.runsGiven = true;
    } else if (flag === '--objects') options.objects = Math.max(1, Number(value()));
    else if (flag === '--events') options.events = Math.max(1, Number(value()));
    else if (flag === '--scenario') options.scenarios = value().split(',');
    else if (flag === '--changes') options.changes = Number(value());
    else if (flag === '--state-coverage') options.stateCoverage = Number(value());
    else if (flag === '--profile') options.profile = true;
    else throw new Error(`unknown option ${argv[i]}; see the header of scripts/bench.mjs`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Child processes

const RSS_PRELOAD = `import { writeFileSync } from 'node:fs';
const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
`;

/** Runs `node args` and resolves with wall seconds, peak RSS (bytes), exit code and stderr tail. */
function runNode(args, { env = {}, preload, cwd = ROOT }) {
  const rssFile = join(OUT, `.rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', preload, ...args], {
      cwd,
      env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let rss;
      try {
        rss = Number(readFileSync(rssFile, 'utf8')) * 1024;
        rmSync(rssFile);
      } catch {
        rss = undefined;
      }
      resolvePromise({ seconds, rss, code, stderr });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Plan files

function generatorVersion(file = GENERATOR) {
  return createHash('sha1').update(readFileSync(file)).digest('hex').slice(0, 8);
}

function ensurePlan(scenario) {
  const version = generatorVersion();
  const path = join(OUT, `plan-${scenario.changes}-${scenario.stateCoverage}-${version}.json`);
  const meta = `${path}.meta.json`;
  if (existsSync(path) && existsSync(meta)) return { path, ...JSON.parse(readFileSync(meta, 'utf8')), cached: true };
  // Plans from older generator versions are only in the way.
  for (const name of readdirSync(OUT)) {
    if (/^plan-\d+-[\d.]+-[0-9a-f]{8}\.json(\.meta\.json)?$/.test(name) && !name.includes(`-${version}.json`)) rmSync(join(OUT, name));
  }
  process.stdout.write(`generating ${relative(ROOT, path)} (${scenario.changes} changes)… `);
  const result = generatePlan({ out: path, changes: scenario.changes, stateCoverage: scenario.stateCoverage });
  console.log(`${(result.bytes / MB).toFixed(1)} MB in ${result.seconds.toFixed(1)}s`);
  const info = { bytes: result.bytes, counts: result.counts, sections: result.sections };
  writeFileSync(meta, JSON.stringify(info, null, 2));
  return { path, ...info, cached: false };
}

/** The k8s scenario's desired folder and live export, generated once per generator version. */
function ensureK8s(scenario) {
  const version = generatorVersion(K8S_GENERATOR);
  const name = `k8s-${scenario.objects}-${scenario.driftRate}-${version}`;
  const dir = join(OUT, name);
  const metaPath = join(dir, 'meta.json');
  const paths = { dir, desiredDir: join(dir, 'desired'), livePath: join(dir, 'live.yaml') };
  if (existsSync(metaPath)) return { ...paths, ...JSON.parse(readFileSync(metaPath, 'utf8')), cached: true };
  // Data from older generator versions is only in the way.
  for (const entry of readdirSync(OUT)) {
    if (/^k8s-\d+-[\d.]+-[0-9a-f]{8}$/.test(entry) && !entry.endsWith(`-${version}`)) rmSync(join(OUT, entry), { recursive: true, force: true });
  }
  process.stdout.write(`generating ${relative(ROOT, dir)}/ (${scenario.objects} objects)… `);
  const result = generateK8s({ out: dir, objects: scenario.objects, driftRate: scenario.driftRate });
  console.log(`desired ${(result.bytes.desired / MB).toFixed(1)} MB in ${result.files} files, live ${(result.bytes.live / MB).toFixed(1)} MB, in ${result.seconds.toFixed(1)}s`);
  const { out: _out, desiredDir: _d, livePath: _l, seconds: _s, ...info } = result;
  writeFileSync(metaPath, JSON.stringify(info, null, 2));
  return { ...paths, ...info, cached: false };
}

/** The audit scenario's log, signed checkpoint and public key, generated once per generator version. */
function ensureAuditLog(scenario) {
  const version = generatorVersion(AUDIT_GENERATOR);
  const dir = join(OUT, `audit-${scenario.events}${scenario.checkpointEvery ? `-every${scenario.checkpointEvery}` : ''}${scenario.signAll ? '-signed' : ''}-${version}`);
  const metaPath = join(dir, 'meta.json');
  if (existsSync(metaPath)) return { ...JSON.parse(readFileSync(metaPath, 'utf8')), cached: true };
  for (const entry of readdirSync(OUT)) {
    if (/^audit-\d+(-every\d+)?(-signed)?-[0-9a-f]{8}$/.test(entry) && !entry.endsWith(`-${version}`)) rmSync(join(OUT, entry), { recursive: true, force: true });
  }
  process.stdout.write(`generating ${relative(ROOT, dir)}/ (${scenario.events} events)… `);
  const result = generateAuditLog({ out: dir, events: scenario.events, checkpointEvery: scenario.checkpointEvery, signAll: scenario.signAll });
  console.log(`${(result.bytes / MB).toFixed(1)} MB in ${result.seconds.toFixed(1)}s`);
  const { seconds: _seconds, ...info } = result;
  writeFileSync(metaPath, JSON.stringify(info, null, 2));
  return { ...info, cached: false };
}

async function benchAudit(scenario, options, preload, startup) {
  const input = ensureAuditLog(scenario);
  const verifyArgs = [CLI, 'audit', 'verify', '--log', input.log, '--checkpoint', input.checkpoint, '--public-key', input.publicKey];
  const parseArgs = ['-e', `for (const line of require('node:fs').readFileSync(${JSON.stringify(input.log)}, 'utf8').split('\\n')) if (line) JSON.parse(line)`];
  readFileSync(input.log); // into the page cache
  const parse = [];
  const verify = [];
  for (let run = 0; run < options.runs; run++) {
    parse.push(await runNode(parseArgs, { preload }));
    const result = await runNode(verifyArgs, { preload });
    if (result.code !== 0) throw new Error(`audit verify of ${input.log} exited ${result.code} (0 = intact expected):\n${result.stderr}`);
    verify.push(result);
  }
  const timed = timings(verify);
  return {
    name: scenario.name,
    kind: 'audit',
    title: scenario.title.replaceAll('100,000', input.events.toLocaleString('en-US')),
    input: { events: input.events, mb: input.bytes / MB },
    verify: timed,
    parse: timings(parse),
    runs: options.runs,
    verify_without_startup_s: timed.median_s - startup,
    targets: { verify: { target_s: TARGETS.auditVerifySeconds, pass: timed.median_s < TARGETS.auditVerifySeconds } },
  };
}

function printAudit(r) {
  const mark = (target) => (target.pass ? 'PASS' : 'MISS');
  console.log(`\n${r.name}: ${r.title}`);
  console.log(`  input: ${r.input.events} events, ${r.input.mb.toFixed(1)} MB of JSONL`);
  console.log(`  verify     ${r.verify.median_s.toFixed(2)} s (${r.verify_without_startup_s.toFixed(2)} without node start-up); peak RSS ${r.verify.peak_rss_mb.toFixed(0)} MB`);
  console.log(`  parse only ${r.parse.median_s.toFixed(2)} s (read + JSON.parse each line); peak RSS ${r.parse.peak_rss_mb.toFixed(0)} MB`);
  console.log(`  (median of ${r.runs} run${r.runs === 1 ? '' : 's'}: verify ${r.verify.seconds.map((s) => s.toFixed(2)).join(', ')} s)`);
  console.log(`  ${mark(r.targets.verify)}  verify ${r.verify.median_s.toFixed(2)} s (target < ${TARGETS.auditVerifySeconds} s, ${cite('auditVerifySeconds')})`);
}

/** Builds dist/ when the CLI is missing, or lacks the k8s-manifests source a k8s scenario needs or the audit verify an audit scenario needs. */
function ensureCli(needsK8s, needsAudit) {
  let reason;
  if (!existsSync(CLI)) reason = 'dist/cli/index.js is missing';
  else if (needsK8s && !cliBundleHas('k8s-manifests')) reason = 'dist/cli/index.js predates the k8s-manifests source';
  else if (needsAudit && !cliBundleHas('gitops-sync/audit-checkpoint@1')) reason = 'dist/cli/index.js predates audit verify';
  if (!reason) return;
  console.log(`${reason}; running npm run build`);
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

// ---------------------------------------------------------------------------------------------
// CPU profile summary (--profile)

function summariseProfile(dir) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return [];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const total = profile.endTime - profile.startTime;
  const interval = total / Math.max(1, profile.samples.length);
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
    const name = functionName || '(anonymous)';
    const key = `${name.length > 70 ? `${name.slice(0, 67)}...` : name} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount * interval);
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), share: micros / total }));
}

/**
 * Inclusive time of the analysis stages (each function name counted once per sample, wherever it
 * is on the stack), so "where the time goes" reads as parse vs diff vs report, not just hot leaves.
 */
function profileStages(dir, stages) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return [];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const total = profile.endTime - profile.startTime;
  const interval = total / Math.max(1, profile.samples.length);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const memo = new Map();
  const onStack = (id) => {
    if (memo.has(id)) return memo.get(id);
    const node = byId.get(id);
    const above = parent.has(id) ? onStack(parent.get(id)) : 0;
    let mask = above;
    stages.forEach((stage, n) => {
      if (stage.functions.includes(node.callFrame.functionName)) mask |= 1 << n;
    });
    memo.set(id, mask);
    return mask;
  };
  const micros = stages.map(() => 0);
  for (const id of profile.samples) {
    const mask = onStack(id);
    stages.forEach((_, n) => {
      if (mask & (1 << n)) micros[n] += interval;
    });
  }
  return stages.map((stage, n) => ({ stage: stage.name, ms: Math.round(micros[n] / 1000), share: micros[n] / total }));
}

const K8S_STAGES = [
  { name: 'whole analysis (analyzeKubernetes)', functions: ['analyzeKubernetes'] },
  { name: '  read + parse manifests (readManifests)', functions: ['readManifests'] },
  { name: '    YAML parse (js-yaml loadAll)', functions: ['loadAll'] },
  { name: '  match, normalise, diff (diffManifests)', functions: ['diffManifests'] },
  { name: '    normaliseObject', functions: ['normalizeObject'] },
  { name: '    diffObjects', functions: ['diffObjects'] },
  { name: '  severity rules + report (reportFromChanges)', functions: ['reportFromChanges'] },
  { name: 'write the report (emit)', functions: ['emit'] },
  { name: '(garbage collector)', functions: ['(garbage collector)'] },
];

// --- planread ---
// The fingerprint scenario: `drift-detect --terraform-plan-json` (the report, its Markdown and the
// plan fingerprint sync binds to) against `analyze` of the same plan, and `analyze --fingerprint`
// beside them, so the fingerprint's own cost shows. Each in a fresh node process, interleaved.
async function benchFingerprint(scenario, options, preload) {
  const plan = ensurePlan(scenario);
  const reportDir = join(OUT, `drift-detect-${scenario.name}`);
  const env = { GITOPS_SYNC_MAX_INPUT_MB: String(Math.ceil((plan.bytes / 1024 / 1024) * 2)) };
  const commands = {
    analyze: [CLI, 'analyze', '--source', 'terraform-plan', '--input', plan.path, '--format', 'json', '--output', join(OUT, `report-${scenario.name}.json`)],
    analyze_fingerprint: [CLI, 'analyze', '--source', 'terraform-plan', '--input', plan.path, '--fingerprint', '--format', 'json', '--output', join(OUT, `report-${scenario.name}-fp.json`)],
    drift_detect: [CLI, 'drift-detect', '--terraform-plan-json', plan.path, '--fail-on', 'never', '--output', reportDir],
  };
  // drift-detect records an audit event beside its config: in a folder of its own, with a log of its
  // own run only (as in CI's fresh checkout), not the repository's log growing with every bench run.
  const auditHome = join(OUT, `drift-detect-${scenario.name}-cwd`);
  mkdirSync(auditHome, { recursive: true });
  readFileSync(plan.path);
  const runs = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let run = 0; run < options.runs; run++) {
    for (const [name, args] of Object.entries(commands)) {
      rmSync(join(auditHome, '.gitops-sync'), { recursive: true, force: true });
      const result = await runNode(args, { preload, env, cwd: auditHome });
      if (result.code !== 0 && result.code !== 2) throw new Error(`${name} of ${plan.path} exited ${result.code}:\n${result.stderr}`);
      runs[name].push(result);
    }
    process.stdout.write('.');
  }
  const figures = Object.fromEntries(Object.entries(runs).map(([name, results]) => [name, timings(results)]));
  const ratio = figures.drift_detect.median_s / figures.analyze.median_s;
  return {
    name: scenario.name,
    kind: 'fingerprint',
    title: scenario.title,
    plan: { path: relative(ROOT, plan.path), mb: plan.bytes / MB, resource_changes: plan.counts.resource_changes },
    runs: options.runs,
    ...figures,
    ratio,
    analyze_fingerprint_ratio: figures.analyze_fingerprint.median_s / figures.analyze.median_s,
    targets: { ratio: { target: `<= ${TARGETS.driftDetectRatio}`, value: ratio, pass: ratio <= TARGETS.driftDetectRatio } },
  };
}

function printFingerprint(r) {
  console.log(`\n${r.name}: ${r.title} — ${r.plan.mb.toFixed(1)} MB, ${r.plan.resource_changes} resource_changes`);
  for (const name of ['analyze', 'analyze_fingerprint', 'drift_detect']) {
    console.log(`  ${name.padEnd(20)} ${r[name].median_s.toFixed(2)} s; peak RSS ${r[name].peak_rss_mb.toFixed(0)} MB (runs ${r[name].seconds.map((s) => s.toFixed(2)).join(', ')})`);
  }
  console.log(`  analyze --fingerprint / analyze ${r.analyze_fingerprint_ratio.toFixed(2)}`);
  console.log(`  ${r.targets.ratio.pass ? 'PASS' : 'MISS'}  drift-detect / analyze ${r.ratio.toFixed(2)} (target <= ${TARGETS.driftDetectRatio}, ${cite('driftDetectRatio')})`);
}
// --- end planread ---

// ---------------------------------------------------------------------------------------------

async function benchScenario(scenario, options, preload, startup) {
  const plan = ensurePlan(scenario);
  const reportPath = join(OUT, `report-${scenario.name}.json`);
  const bigEnough = String(Math.ceil((plan.bytes / 1024 / 1024) * 2));
  const analyseArgs = [CLI, 'analyze', '--source', 'terraform-plan', '--input', plan.path, '--format', 'json', '--output', reportPath];
  const analyseEnv = scenario.withDefaults ? {} : { GITOPS_SYNC_MAX_INPUT_MB: bigEnough };
  const parseArgs = ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(plan.path)}, 'utf8'))`];

  readFileSync(plan.path); // into the page cache, so the first timed run does not pay for the disk
  const parse = [];
  const analyse = [];
  for (let run = 0; run < options.runs; run++) {
    parse.push(await runNode(parseArgs, { preload }));
    const result = await runNode(analyseArgs, { preload, env: analyseEnv });
    if (result.code !== 0 && result.code !== 2) {
      throw new Error(`analysis of ${plan.path} exited ${result.code}:\n${result.stderr}`);
    }
    analyse.push(result);
    process.stdout.write('.');
  }
  for (const result of parse) if (result.code !== 0) throw new Error(`parse-only run exited ${result.code}:\n${result.stderr}`);

  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const figures = {
    name: scenario.name,
    title: scenario.title,
    plan: {
      path: relative(ROOT, plan.path),
      mb: plan.bytes / MB,
      resource_changes: plan.counts.resource_changes,
      resource_drift: plan.counts.resource_drift,
      resource_changes_share: plan.sections.resource_changes / plan.bytes,
    },
    parse: timings(parse),
    analyse: {
      ...timings(analyse),
      exit_code: analyse[0].code,
      max_input_mb: scenario.withDefaults ? undefined : Number(bigEnough),
    },
    report: { mb: statSync(reportPath).size / MB, total_changes: report.total_changes, changes_by_action: report.changes_by_action },
  };
  figures.ratio = figures.analyse.median_s / figures.parse.median_s;
  figures.ratio_without_startup = (figures.analyse.median_s - startup) / (figures.parse.median_s - startup);
  figures.rss_per_file_size = figures.analyse.peak_rss_mb / figures.plan.mb;
  figures.targets = {
    ratio: { target: `<= ${TARGETS.ratio}`, value: figures.ratio, pass: figures.ratio <= TARGETS.ratio },
    peak_rss: { target: `<= ${TARGETS.rssPerFileByte} x file size`, value: figures.rss_per_file_size, pass: figures.rss_per_file_size <= TARGETS.rssPerFileByte },
  };

  if (scenario.withDefaults) withDefaultsTarget(figures);
  if (options.profile) figures.profile = summariseProfile(await profileAnalysis(scenario, analyseArgs, preload, analyseEnv));
  return figures;
}

// --- planpipe ---
// A plan analysed with the defaults (no GITOPS_SYNC_MAX_INPUT_MB): the memory-based input bound must
// let it in, and the analysis must stay within the peak memory that bound assumes.
const PLAN_RSS_PER_FILE_BYTE_WITH_DEFAULTS = 2;
TARGET_SOURCES.rssWithDefaults = 'issue 15: a 300,000-change plan (150 MB) analysed with the defaults, peak RSS at most 2 x the file';

function withDefaultsTarget(figures) {
  const value = figures.rss_per_file_size;
  figures.targets.peak_rss = { target: `<= ${PLAN_RSS_PER_FILE_BYTE_WITH_DEFAULTS} x file size (${cite('rssWithDefaults')})`, value, pass: value <= PLAN_RSS_PER_FILE_BYTE_WITH_DEFAULTS };
}
// --- end planpipe ---

// ---------------------------------------------------------------------------------------------
// Kubernetes

/** Reads files and folders (every .yaml/.yml/.json below, in name order, as the CLI does) and parses them with js-yaml only. */
const K8S_PARSE_ONLY = `
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { loadAll, CORE_SCHEMA } = require('node:module').createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('js-yaml');
const files = (path) => !statSync(path).isDirectory() ? [path] : readdirSync(path, { withFileTypes: true })
  .sort((a, b) => a.name.localeCompare(b.name))
  .flatMap((e) => e.isDirectory() ? files(join(path, e.name)) : /\\.(ya?ml|json)$/i.test(e.name) ? [join(path, e.name)] : []);
let objects = 0;
for (const file of JSON.parse(process.env.BENCH_K8S_INPUTS).flatMap(files)) {
  for (const value of loadAll(readFileSync(file, 'utf8'), undefined, { schema: CORE_SCHEMA })) {
    objects += value && value.kind === 'List' && Array.isArray(value.items) ? value.items.length : value == null ? 0 : 1;
  }
}
if (objects !== Number(process.env.BENCH_K8S_OBJECTS)) {
  console.error('parsed ' + objects + ' objects, expected ' + process.env.BENCH_K8S_OBJECTS);
  process.exitCode = 3;
}
`;

async function benchK8s(scenario, options, preload, startup) {
  const data = ensureK8s(scenario);
  const reportPath = join(OUT, `report-${scenario.name}.json`);
  const inputMb = (data.bytes.desired + data.bytes.live) / MB;
  // The CLI allows manifests half its input limit; raise it only when the live export needs it.
  const maxInputMb = Math.max(128, Math.ceil((data.bytes.live / 1024 / 1024) * 2 * 1.2));
  const analyseArgs = [CLI, 'analyze', '--source', 'k8s-manifests', '--input', data.desiredDir, '--live', data.livePath, '--namespace', 'default', '--format', 'json', '--output', reportPath];
  const analyseEnv = maxInputMb > 128 && !scenario.defaults ? { GITOPS_SYNC_MAX_INPUT_MB: String(maxInputMb) } : {};
  const parseArgs = ['-e', K8S_PARSE_ONLY];
  const parseEnv = { BENCH_K8S_INPUTS: JSON.stringify([data.desiredDir, data.livePath]), BENCH_K8S_OBJECTS: String(2 * data.objects + data.liveOnly) };

  readFileSync(data.livePath); // into the page cache, so the first timed run does not pay for the disk
  const parse = [];
  const analyse = [];
  const started = Date.now();
  const wanted = options.runsGiven ? options.runs : 3;
  for (let run = 0; run < wanted; run++) {
    const elapsed = (Date.now() - started) / 1000;
    if (!options.runsGiven && run > 0 && elapsed + elapsed / run > K8S_BUDGET_S) break;
    rmSync(reportPath, { force: true });
    const parsed = await runNode(parseArgs, { preload, env: parseEnv });
    if (parsed.code !== 0) throw new Error(`k8s parse-only run exited ${parsed.code}:\n${parsed.stderr}`);
    parse.push(parsed);
    const result = await runNode(analyseArgs, { preload, env: analyseEnv });
    if (result.code !== 0 && result.code !== 2) {
      throw new Error(`analysis of ${relative(ROOT, data.dir)} exited ${result.code}${result.code === 1 ? ' (error)' : ''}:\n${result.stderr}`);
    }
    analyse.push(result);
    process.stdout.write('.');
  }

  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const expected = new Set(data.drifted.addresses);
  const reported = new Set(report.changes.map((change) => change.address));
  const missed = [...expected].filter((address) => !reported.has(address));
  const extra = [...reported].filter((address) => !expected.has(address));
  const byKindAndPath = {};
  for (const change of report.changes) {
    for (const field of change.fields) {
      const key = `${change.kind} ${field.path.replace(/\/\d+(?=\/|$)/g, '/#')}`;
      byKindAndPath[key] = (byKindAndPath[key] ?? 0) + 1;
    }
  }
  const figures = {
    name: scenario.name,
    kind: 'k8s',
    title: scenario.title,
    input: {
      dir: relative(ROOT, data.dir),
      objects: data.objects,
      objects_by_kind: data.counts,
      namespaces: data.namespaces,
      live_only_objects: data.liveOnly,
      desired_files: data.files,
      desired_mb: data.bytes.desired / MB,
      live_mb: data.bytes.live / MB,
      mb: inputMb,
      drifted: data.drifted.total,
      drifted_by_type: data.drifted.byType,
    },
    runs: parse.length,
    parse: timings(parse),
    analyse: {
      ...timings(analyse),
      exit_code: analyse[0].code,
      max_input_mb: analyseEnv.GITOPS_SYNC_MAX_INPUT_MB ? maxInputMb : undefined,
    },
    report: {
      total_changes: report.total_changes,
      expected_changes: data.drifted.total,
      missed: missed.length,
      unexpected: extra.length,
      missed_sample: missed.slice(0, 5),
      unexpected_sample: extra.slice(0, 5),
      changes_by_action: report.changes_by_action,
      changes_by_severity: report.changes_by_severity,
      fields_by_kind_and_path: byKindAndPath,
    },
  };
  figures.ms_per_object = (figures.analyse.median_s * 1000) / data.objects;
  figures.ms_per_object_without_startup = ((figures.analyse.median_s - startup) * 1000) / data.objects;
  figures.ratio = figures.analyse.median_s / figures.parse.median_s;
  figures.ratio_without_startup = (figures.analyse.median_s - startup) / (figures.parse.median_s - startup);
  figures.rss_per_input_size = figures.analyse.peak_rss_mb / inputMb;
  const exact = report.total_changes === data.drifted.total && missed.length === 0 && extra.length === 0;
  figures.targets = {
    ratio: { target: `<= ${TARGETS.k8sRatio}`, value: figures.ratio, pass: figures.ratio <= TARGETS.k8sRatio },
    changes: { target: `= ${data.drifted.total} (one per drifted object)`, value: report.total_changes, pass: exact },
  };

  if (options.profile) {
    const dir = await profileAnalysis(scenario, analyseArgs, preload, analyseEnv);
    figures.profile = summariseProfile(dir);
    figures.profile_stages = profileStages(dir, K8S_STAGES);
  }
  return figures;
}

function printK8s(r) {
  const mark = (target) => (target.pass ? 'PASS' : 'MISS');
  const kinds = Object.entries(r.input.objects_by_kind).map(([kind, n]) => `${n} ${kind}`).join(', ');
  console.log(`\n${r.name}: ${r.title}`);
  console.log(`  input: ${r.input.objects} objects (${kinds}) in ${r.input.namespaces} namespaces;`);
  console.log(`         desired ${r.input.desired_mb.toFixed(1)} MB in ${r.input.desired_files} files, live export ${r.input.live_mb.toFixed(1)} MB (+${r.input.live_only_objects} live-only objects)`);
  console.log(`         ${r.input.drifted} drifted: ${Object.entries(r.input.drifted_by_type).map(([type, n]) => `${n} ${type}`).join(', ')}`);
  console.log(`  analyse    ${r.analyse.median_s.toFixed(2)} s = ${r.ms_per_object.toFixed(2)} ms per object (${r.ms_per_object_without_startup.toFixed(2)} without node start-up); peak RSS ${r.analyse.peak_rss_mb.toFixed(0)} MB (${r.rss_per_input_size.toFixed(1)} x input)`);
  console.log(`  parse only ${r.parse.median_s.toFixed(2)} s; peak RSS ${r.parse.peak_rss_mb.toFixed(0)} MB`);
  console.log(`  (median of ${r.runs} run${r.runs === 1 ? '' : 's'}: analyse ${r.analyse.seconds.map((s) => s.toFixed(2)).join(', ')} s; parse ${r.parse.seconds.map((s) => s.toFixed(2)).join(', ')} s)`);
  console.log(`  ${mark(r.targets.ratio)}  analyse/parse ${r.ratio.toFixed(2)} (target <= ${TARGETS.k8sRatio}, ${cite('k8sRatio')}; ${r.ratio_without_startup.toFixed(2)} without node start-up)`);
  const c = r.report;
  console.log(`  ${mark(r.targets.changes)}  ${c.total_changes} changes in the report (${((100 * c.total_changes) / r.input.objects).toFixed(1)}% of objects); expected ${c.expected_changes}, ${c.missed} missed, ${c.unexpected} not drifted`);
  if (c.missed) console.log(`        missed e.g. ${c.missed_sample.join(', ')}`);
  if (c.unexpected) console.log(`        not drifted e.g. ${c.unexpected_sample.join(', ')}`);
  console.log(`        by severity: ${Object.entries(c.changes_by_severity).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`        fields: ${Object.entries(c.fields_by_kind_and_path).map(([k, n]) => `${k} ${n}`).join('; ')}`);
  if (r.k8s_stream) printK8sStream(r);
  if (r.profile_stages) {
    console.log('  where the analysis spends its time (inclusive, --cpu-prof):');
    for (const entry of r.profile_stages) console.log(`    ${String(entry.ms).padStart(6)} ms ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.stage}`);
  }
  if (r.profile) {
    console.log('  hottest functions (self time):');
    for (const entry of r.profile) console.log(`    ${String(entry.ms).padStart(6)} ms ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
  }
}

function printTable(allResults, startup) {
  const results = allResults.filter((r) => r.kind !== 'k8s' && r.kind !== 'audit' && r.kind !== 'fingerprint' && r.kind !== 'multienv' && !r.print);
  if (!results.length) {
    console.log(`\n(times: median whole-process wall time of fresh node processes; node start-up alone ${startup.toFixed(2)} s)`);
    for (const r of allResults) (r.print ?? { audit: printAudit, fingerprint: printFingerprint, multienv: printMultienv }[r.kind] ?? printK8s)(r);
    return;
  }
  const rows = [
    ['scenario', 'file MB', 'rc share', 'parse s', 'analyse s', 'ratio', 'analyse RSS MB', 'RSS/file', 'parse RSS MB', 'changes', 'report MB'],
    ...results.map((r) => [
      r.name,
      r.plan.mb.toFixed(1),
      `${(r.plan.resource_changes_share * 100).toFixed(0)}%`,
      r.parse.median_s.toFixed(2),
      r.analyse.median_s.toFixed(2),
      r.ratio.toFixed(2),
      r.analyse.peak_rss_mb.toFixed(0),
      r.rss_per_file_size.toFixed(2),
      r.parse.peak_rss_mb.toFixed(0),
      String(r.report.total_changes),
      r.report.mb.toFixed(1),
    ]),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  console.log();
  for (const [n, row] of rows.entries()) {
    console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`\n(times: median whole-process wall time of ${results[0]?.parse.seconds.length} fresh node processes each; node start-up alone ${startup.toFixed(2)} s)`);
  for (const r of results) {
    const mark = (target) => (target.pass ? 'PASS' : 'MISS');
    console.log(`\n${r.name}: ${r.title} — ${r.plan.resource_changes} resource_changes, ${r.plan.resource_drift} resource_drift`);
    console.log(`  ${mark(r.targets.ratio)}  analyse/parse ${r.ratio.toFixed(2)} (target <= ${TARGETS.ratio}, ${cite('ratio')}; ${r.ratio_without_startup.toFixed(2)} without node start-up)`);
    console.log(`  ${mark(r.targets.peak_rss)}  analyse peak RSS ${r.analyse.peak_rss_mb.toFixed(0)} MB = ${r.rss_per_file_size.toFixed(2)} x file size (target ${r.analyse.max_input_mb === undefined ? r.targets.peak_rss.target : `<= ${TARGETS.rssPerFileByte} x = ${(TARGETS.rssPerFileByte * r.plan.mb).toFixed(0)} MB, ${cite('rssPerFileByte')}`})`);
    if (r.profile) {
      console.log('  where the analysis spends its time (self time, --cpu-prof):');
      for (const entry of r.profile) console.log(`    ${String(entry.ms).padStart(6)} ms ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
    }
  }
  for (const r of allResults) if (r.kind === 'k8s') printK8s(r);
  for (const r of allResults) if (r.kind === 'audit') printAudit(r);
  for (const r of allResults) if (r.kind === 'fingerprint') printFingerprint(r);
  for (const r of allResults) if (r.kind === 'multienv') printMultienv(r);
  for (const r of allResults) r.print?.(r);
}

// --- multienv ---
// The multienv scenario (issue 15, "Many environments"): --environments (default 8) Terraform
// environments, one folder each with the local backend, generated in bench-out/multienv-<kind>/.
// With the offline hashicorp/aws mirror in /opt/tf-plugins (TF_CLI_CONFIG_FILE names it as the only
// filesystem_mirror; committed lock files), each has a few AWS resources and a provider block that
// plans without calling AWS; without it, terraform_data resources only (and it says so). Runs
// `node dist/cli/index.js drift --environments env1,…,envN --parallel` with the defaults, and the same
// without --parallel, alternately (--runs, default 1 here: a pair takes minutes), sampling every
// ~100 ms the VmRSS of the whole process tree (gitops-sync, terraform, provider plugins: every
// descendant, from /proc) and summing it. Prints the peak summed RSS and wall parallel / serial.
const MULTIENV_MIRROR = '/opt/tf-plugins';
const MULTIENV_TARGETS = { peakRssGiB: 2.5, wallRatio: 0.7 };
const MULTIENV_SOURCE = 'issue 15';
const GiB = 1024 ** 3;

const multienvAwsStack = (name) => `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAEXAMPLEEXAMPLE00"
  secret_key                  = "dummy-secret-key-for-offline-plans"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
resource "aws_s3_bucket" "logs" {
  bucket = "${name}-logs-example"
}
resource "aws_sqs_queue" "jobs" {
  name = "${name}-jobs"
}
resource "aws_sns_topic" "alerts" {
  name = "${name}-alerts"
}
resource "aws_iam_role" "app" {
  name = "${name}-app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}
`;
const multienvDataStack = (name) =>
  ['app', 'db', 'cache', 'queue'].map((resource) => `resource "terraform_data" "${resource}" {\n  input = "${name}-${resource}"\n}\n`).join('');

/** The environments' folders, config and CLI config; reused between runs (the lock files too). */
function ensureMultienv(scenario) {
  const aws = existsSync(join(MULTIENV_MIRROR, 'registry.terraform.io/hashicorp/aws/5.100.0'));
  const dir = join(OUT, `multienv-${aws ? 'aws' : 'terraform_data'}-${scenario.environments}`);
  const names = Array.from({ length: scenario.environments }, (_, n) => `env${n + 1}`);
  const cliConfig = join(dir, 'cli.tfrc');
  mkdirSync(dir, { recursive: true });
  writeFileSync(cliConfig, aws ? `provider_installation {\n  filesystem_mirror {\n    path = "${MULTIENV_MIRROR}"\n  }\n}\n` : '');
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n${names.map((name) => `  ${name}:\n    terraform:\n      dir: ${name}\n`).join('')}`);
  const env = { TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1' };
  for (const name of names) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'main.tf'), (aws ? multienvAwsStack : multienvDataStack)(name));
  }
  if (aws && !existsSync(join(dir, 'env1', '.terraform.lock.hcl'))) {
    const platforms = readdirSync(join(MULTIENV_MIRROR, 'registry.terraform.io/hashicorp/aws/5.100.0')).map((platform) => `-platform=${platform}`);
    execFileSync('terraform', ['providers', 'lock', `-fs-mirror=${MULTIENV_MIRROR}`, ...platforms], { cwd: join(dir, 'env1'), env: { ...process.env, ...env, TF_DATA_DIR: join(dir, '.lock-data') }, stdio: 'ignore' });
    rmSync(join(dir, '.lock-data'), { recursive: true, force: true });
  }
  if (aws) for (const name of names.slice(1)) writeFileSync(join(dir, name, '.terraform.lock.hcl'), readFileSync(join(dir, 'env1', '.terraform.lock.hcl')));
  return { dir, names, aws, env };
}

/** VmRSS (bytes) of `root` and all its descendants, from /proc. */
function treeRss(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  for (const pending = [root]; pending.length; ) {
    const pid = pending.pop();
    try {
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // Ended.
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs the CLI, sampling the summed RSS of its process tree every ~100 ms. */
function runSampled(args, { cwd, env }) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let peak = 0;
    const sample = () => (peak = Math.max(peak, treeRss(child.pid)));
    const timer = setInterval(sample, 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolvePromise({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRss: peak, stderr });
    });
  });
}

async function benchMultienv(scenario, options) {
  if (!cliBundleHas('gitops-sync-plugins-')) {
    console.log('dist/cli/index.js predates drift --concurrency; running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const estate = ensureMultienv(scenario);
  console.log(
    estate.aws
      ? `\nmultienv: ${estate.names.length} environments with the hashicorp/aws provider from the offline mirror ${MULTIENV_MIRROR}`
      : `\nmultienv: no hashicorp/aws 5.100.0 in ${MULTIENV_MIRROR}: ${estate.names.length} environments of terraform_data resources only (far lighter than a real provider; the RSS target is not meaningful)`,
  );
  const runs = options.runsGiven ? options.runs : 1;
  const parallel = [];
  const serial = [];
  for (let run = 0; run < runs; run++) {
    // Each run pair alternates which goes first, so neither always finds warmer caches.
    const order = [['parallel', parallel], ['serial', serial]];
    for (const [mode, into] of run % 2 ? order.reverse() : order) {
      const output = join(estate.dir, `reports-${mode}`);
      rmSync(output, { recursive: true, force: true });
      const args = [CLI, 'drift', '--environments', estate.names.join(','), ...(mode === 'parallel' ? ['--parallel'] : []), '--output-dir', output];
      const result = await runSampled(args, { cwd: estate.dir, env: estate.env });
      if (result.code !== 2) throw new Error(`drift (${mode}) exited ${result.code} (2 = drift expected):\n${result.stderr}`);
      console.log(`  ${mode}: ${result.seconds.toFixed(1)} s, peak summed RSS ${(result.peakRss / GiB).toFixed(2)} GiB`);
      into.push(result);
    }
  }
  const wallParallel = median(parallel.map((r) => r.seconds));
  const wallSerial = median(serial.map((r) => r.seconds));
  const peakParallel = Math.max(...parallel.map((r) => r.peakRss)) / GiB;
  return {
    name: scenario.name,
    kind: 'multienv',
    title: scenario.title,
    provider: estate.aws ? 'hashicorp/aws 5.100.0 (offline mirror)' : 'terraform_data only',
    environments: estate.names.length,
    runs,
    parallel: { seconds: parallel.map((r) => r.seconds), median_s: wallParallel, peak_rss_gib: peakParallel },
    serial: { seconds: serial.map((r) => r.seconds), median_s: wallSerial, peak_rss_gib: Math.max(...serial.map((r) => r.peakRss)) / GiB },
    wall_ratio: wallParallel / wallSerial,
    targets: {
      peak_rss: { target_gib: MULTIENV_TARGETS.peakRssGiB, pass: peakParallel <= MULTIENV_TARGETS.peakRssGiB },
      wall_ratio: { target: MULTIENV_TARGETS.wallRatio, pass: wallParallel / wallSerial <= MULTIENV_TARGETS.wallRatio },
    },
  };
}

function printMultienv(r) {
  const mark = (target) => (target.pass ? 'PASS' : 'MISS');
  console.log(`\n${r.name}: ${r.title} — ${r.environments} environments, ${r.provider}, ${r.runs} run${r.runs === 1 ? '' : 's'} each`);
  console.log(`  ${mark(r.targets.peak_rss)}  peak summed RSS of the process tree, --parallel: ${r.parallel.peak_rss_gib.toFixed(2)} GiB (target <= ${MULTIENV_TARGETS.peakRssGiB} GiB, ${MULTIENV_SOURCE}); serially ${r.serial.peak_rss_gib.toFixed(2)} GiB`);
  console.log(`  ${mark(r.targets.wall_ratio)}  wall --parallel / serial ${r.wall_ratio.toFixed(2)} (${r.parallel.median_s.toFixed(1)} s / ${r.serial.median_s.toFixed(1)} s; target <= ${MULTIENV_TARGETS.wallRatio}, ${MULTIENV_SOURCE})`);
}
// --- end multienv ---

// What this machine does fast. Every target is a ratio of JavaScript work (the analysis) to JSON.parse,
// a native parser, and machines differ in how those two compare: the same build measured 1.17 and 2.15 on
// the `changes` scenario on two machines of the same kind. In a fresh node process, plan-like objects
// (~11 MB of JSON) are parsed, then walked as an analysis walks them (every key and value visited, strings
// compared and hashed into a Map, a change object built per entry); walk / parse beside the figures
// tells whether a ratio moved with the code or with the machine.
const CALIBRATION = `
const entries = [];
for (let i = 0; i < 40000; i++) entries.push({ address: 'module.app["svc' + (i % 97) + '"].aws_instance.web[' + i + ']', type: 'aws_instance', change: { actions: [i % 3 ? 'update' : 'create'], before: { ami: 'ami-' + i.toString(16), tags: { Name: 'web-' + i, Env: 'prod' }, ports: [80, 443, i % 1000] }, after: { ami: 'ami-' + (i + 1).toString(16), tags: { Name: 'web-' + i, Env: i % 5 ? 'prod' : 'staging' }, ports: [80, 443, i % 1000] } } });
const text = JSON.stringify({ resource_changes: entries });
const time = (work) => { const runs = []; for (let run = 0; run < 5; run++) { const started = performance.now(); work(); runs.push(performance.now() - started); } return runs.sort((a, b) => a - b)[2]; };
let parsed;
const parseMs = time(() => { parsed = JSON.parse(text); });
const walk = (a, b, path, out) => {
  if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') { for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path + '/' + key, out); return; }
  if (a !== b) out.push({ path, before: a, after: b });
};
const walkMs = time(() => { const seen = new Map(); const changes = []; for (const entry of parsed.resource_changes) { const fields = []; walk(entry.change.before, entry.change.after, '', fields); seen.set(entry.address, (seen.get(entry.address) ?? 0) + 1); if (fields.length) changes.push({ address: entry.address, action: entry.change.actions[0], fields }); } return changes; });
process.stdout.write(JSON.stringify({ json_mb: text.length / 1048576, parse_ms: parseMs, walk_ms: walkMs }));
`;

function calibrate() {
  const figures = JSON.parse(execFileSync(process.execPath, ['-e', CALIBRATION], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }));
  return { json_parse_mb_per_s: figures.json_mb / (figures.parse_ms / 1000), walk_ms: figures.walk_ms, parse_ms: figures.parse_ms, walk_over_parse: figures.walk_ms / figures.parse_ms };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  let scenarios = SCENARIOS.filter((s) => options.scenarios.includes(s.name));
  if (options.changes || options.stateCoverage !== undefined) {
    const changes = options.changes ?? 100_000;
    const stateCoverage = options.stateCoverage ?? 1;
    scenarios = [{ name: 'custom', title: `${changes} changes, state coverage ${stateCoverage}`, changes, stateCoverage }];
  }
  if (options.events) scenarios = scenarios.map((s) => (s.kind === 'audit' || s.kind === 'audit-append' ? { ...s, events: options.events } : s));
  if (options.objects) {
    scenarios = scenarios.map((s) => (s.kind === 'k8s' ? { ...s, objects: options.objects, title: s.title.replace('10,000', options.objects.toLocaleString('en-US')) } : s));
  }
  if (scenarios.length === 0) throw new Error(`no scenario named ${options.scenarios.join(',')}; there are ${SCENARIOS.map((s) => s.name).join(', ')}`);
  ensureCli(scenarios.some((s) => s.kind === 'k8s'), scenarios.some((s) => s.kind === 'audit'));
  printTargets();

  const preload = join(OUT, 'rss-preload.mjs');
  writeFileSync(preload, RSS_PRELOAD);
  const startups = [];
  for (let run = 0; run < 3; run++) startups.push((await runNode(['-e', ''], { preload })).seconds);
  const startup = median(startups);
  const machine = calibrate();
  console.log(`machine: JSON.parse ${machine.json_parse_mb_per_s.toFixed(0)} MB/s; walking the parsed objects as an analysis does takes ${machine.walk_over_parse.toFixed(2)} x their parse (the analysis ratios scale with it between machines)`);

  const started = Date.now();
  const results = [];
  for (const scenario of scenarios) {
    const bench = scenario.bench ?? { k8s: benchK8s, audit: benchAudit, fingerprint: benchFingerprint, multienv: benchMultienv }[scenario.kind] ?? benchScenario;
    results.push(await bench(scenario, options, preload, startup));
    globalThis.gc?.();
  }
  printTable(results, startup);

  const file = join(OUT, 'results.json');
  const summary = {
    generated_at: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cpus: cpus().length,
    runs: options.runs,
    node_startup_s: startup,
    machine,
    targets: TARGETS,
    target_sources: TARGET_SOURCES,
    scenarios: results,
  };
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\nwrote ${relative(ROOT, file)} (measured in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((error) => {
  console.error(`bench failed: ${error.message}`);
  process.exitCode = 1;
});
