// Bundles each action and the CLI with ncc into dist/<name>/, and writes the JSON Schemas.
// dist/ is committed: CI rebuilds it and fails when the committed copy differs.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const bundles = [
  { name: 'drift-detect', entry: 'actions/drift-detect/index.ts' },
  { name: 'approve-safe', entry: 'actions/approve-safe/index.ts' },
  { name: 'gate', entry: 'actions/gate/index.ts' },
  { name: 'sync', entry: 'actions/sync/index.ts' },
  { name: 'rollback', entry: 'actions/rollback/index.ts' },
  { name: 'audit-export', entry: 'actions/audit-export/index.ts' },
  { name: 'cli', entry: 'packages/cli/src/index.ts' },
];

// One line per step with its time, so a build of a minute or two is not a silent wait.
const started = performance.now();
const since = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`;
const megabytes = (path) => `${(statSync(path).size / 1e6).toFixed(1)} MB`;

let step = performance.now();
execFileSync('npx', ['tsx', 'scripts/write-schemas.ts'], { stdio: 'inherit' });
console.log(`schemas  ${readdirSync('schema').map((name) => `schema/${name}`).join(', ')} (${since(step)})`);
if (process.argv.includes('--schema-only')) process.exit(0);

for (const [i, { name, entry }] of bundles.entries()) {
  step = performance.now();
  const out = `dist/${name}`;
  rmSync(out, { recursive: true, force: true });
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet', '--target', 'es2022'], { stdio: 'inherit' });
  const index = `${out}/index.js`;
  if (name === 'cli' && !readFileSync(index, 'utf8').startsWith('#!')) {
    writeFileSync(index, `#!/usr/bin/env node\n${readFileSync(index, 'utf8')}`);
  }
  if (existsSync(index)) chmodSync(index, 0o755);
  writeFileSync(`${out}/package.json`, '{ "type": "module" }\n');
  console.log(`[${i + 1}/${bundles.length}] ${index}  ${megabytes(index)}  from ${entry} (${since(step)})`);
}
console.log(`built ${bundles.length} bundles in ${since(started)}`);
