// Bundles each action and the CLI with ncc into dist/<name>/, and writes the JSON Schemas.
// dist/ is committed: CI rebuilds it and fails when the committed copy differs.
// The sources are type-checked once, then the bundles are built side by side, each only transpiling:
// ncc would otherwise type-check the same code again for every bundle, one after another.
import { execFile, execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const bundles = [
  // `worker`: the plan fingerprint's worker thread, bundled beside the entry (plan-fingerprint-thread.ts).
  { name: 'drift-detect', entry: 'actions/drift-detect/index.ts', worker: true },
  { name: 'approve-safe', entry: 'actions/approve-safe/index.ts' },
  { name: 'gate', entry: 'actions/gate/index.ts' },
  { name: 'sync', entry: 'actions/sync/index.ts' },
  { name: 'rollback', entry: 'actions/rollback/index.ts' },
  { name: 'audit-export', entry: 'actions/audit-export/index.ts' },
  { name: 'cli', entry: 'packages/cli/src/index.ts', worker: true },
];

// One line per step with its time, so a build of a minute or two is not a silent wait.
const started = performance.now();
const since = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`;
const megabytes = (path) => `${(statSync(path).size / 1e6).toFixed(1)} MB`;

let step = performance.now();
execFileSync('npx', ['tsx', 'scripts/write-schemas.ts'], { stdio: 'inherit' });
console.log(`schemas  ${readdirSync('schema').map((name) => `schema/${name}`).join(', ')} (${since(step)})`);
if (process.argv.includes('--schema-only')) process.exit(0);

step = performance.now();
execFileSync('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { stdio: 'inherit' });
console.log(`typecheck  (${since(step)})`);

const run = promisify(execFile);
let built = 0;
const WORKER_ENTRY = 'packages/engine/src/drift/plan-fingerprint-worker.ts';
const ncc = (entry, out) => run('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet', '--transpile-only', '--target', 'es2022'], { maxBuffer: 64 * 1024 * 1024 });

/**
 * Every non-ASCII character of the bundles as a \u escape (the same text in strings, templates,
 * regular expressions, identifiers and comments; no tagged template reads one raw): Node reads an
 * all-ASCII module faster, about 10 ms of every start of the 2 MB CLI bundle.
 */
function asciiOnly(folder) {
  for (const entry of readdirSync(folder, { recursive: true })) {
    const path = `${folder}/${entry}`;
    if (!path.endsWith('.js')) continue;
    const text = readFileSync(path, 'utf8');
    // eslint-disable-next-line no-control-regex -- everything outside ASCII is exactly what is escaped
    const escaped = text.replace(/[^\u0000-\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (escaped !== text) writeFileSync(path, escaped);
  }
}

async function bundle({ name, entry, worker }) {
  const start = performance.now();
  const out = `dist/${name}`;
  rmSync(out, { recursive: true, force: true });
  await ncc(entry, out);
  if (worker) await ncc(WORKER_ENTRY, `${out}/plan-fingerprint-worker`);
  asciiOnly(out);
  const index = `${out}/index.js`;
  if (name === 'cli' && !readFileSync(index, 'utf8').startsWith('#!')) {
    writeFileSync(index, `#!/usr/bin/env node\n${readFileSync(index, 'utf8')}`);
  }
  if (existsSync(index)) chmodSync(index, 0o755);
  writeFileSync(`${out}/package.json`, '{ "type": "module" }\n');
  console.log(`[${++built}/${bundles.length}] ${index}  ${megabytes(index)}  from ${entry} (${since(start)})`);
}

const queue = [...bundles];
const workers = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
  for (let next = queue.shift(); next; next = queue.shift()) await bundle(next);
});
try {
  await Promise.all(workers);
} catch (error) {
  process.stderr.write(`${error.stderr || ''}${error.stdout || ''}`);
  console.error(`ncc failed: ${error.message.split('\n')[0]}`);
  process.exit(1);
}
console.log(`built ${bundles.length} bundles in ${since(started)}`);
