// Bundles each action and the CLI with ncc into dist/<name>/, and writes the JSON Schemas.
// dist/ is committed: CI rebuilds it and fails when the committed copy differs.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const bundles = [
  { name: 'drift-detect', entry: 'actions/drift-detect/index.ts' },
  { name: 'approve-safe', entry: 'actions/approve-safe/index.ts' },
  { name: 'gate', entry: 'actions/gate/index.ts' },
  { name: 'sync', entry: 'actions/sync/index.ts' },
  { name: 'rollback', entry: 'actions/rollback/index.ts' },
  { name: 'cli', entry: 'packages/cli/src/index.ts' },
];

execFileSync('npx', ['tsx', 'scripts/write-schemas.ts'], { stdio: 'inherit' });
if (process.argv.includes('--schema-only')) process.exit(0);

for (const { name, entry } of bundles) {
  const out = `dist/${name}`;
  rmSync(out, { recursive: true, force: true });
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet', '--target', 'es2022'], { stdio: 'inherit' });
  const index = `${out}/index.js`;
  if (name === 'cli' && !readFileSync(index, 'utf8').startsWith('#!')) {
    writeFileSync(index, `#!/usr/bin/env node\n${readFileSync(index, 'utf8')}`);
  }
  if (existsSync(index)) chmodSync(index, 0o755);
  writeFileSync(`${out}/package.json`, '{ "type": "module" }\n');
}
