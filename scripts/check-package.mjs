// Checks what `npm pack` would ship: only the bundled CLI, the JSON Schemas, README, LICENSE and
// CHANGELOG, the bin an executable node script, and the size within bounds.
//   node scripts/check-package.mjs               packs the repository (npm pack --dry-run --json)
//   node scripts/check-package.mjs --pack-json F checks a saved `npm pack --dry-run --json` answer
// Run from the repository root. Each problem is one line; exit 1 when there is any.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
const ALLOWED = [...REQUIRED.map((file) => new RegExp(`^${file.replace('.', '\\.')}$`)), /^dist\/cli\/[^/]+$/, /^dist\/cli\/plan-fingerprint-worker\/[^/]+$/, /^schema\/[^/]+\.schema\.json$/];
// 0.1.0 packed 10 files, 1.3 MB (5.5 MB unpacked); with the audit trail, 15 files; with the secrets check's rules and schemas, 18 files; with the Ansible callback, 19; with age-encryption as a chunk loaded when needed, 20; with the platform clients and the commands that use them as chunks, 27; with what only they use moved into those chunks (sideEffects: false), 29; with the plan fingerprint's worker bundle, 32; with each command and each analysis of `analyze` a chunk loaded when run (start-up 0.18 -> 0.13 s), 44; with the plan fingerprint's pass shared by analyze and drift-detect, 45; before the `files` list it was 286 files, 7.5 MB.
const LIMITS = { entryCount: 48, size: 3_000_000, unpackedSize: 12_000_000 };

const megabytes = (bytes) => `${(bytes / 1_000_000).toFixed(1)} MB`;

function packProblems(pack, manifest) {
  const paths = pack.files.map((file) => file.path);
  const problems = [];
  for (const path of paths.filter((path) => !ALLOWED.some((pattern) => pattern.test(path)))) {
    problems.push(`${path} is in the package but is neither the CLI bundle, a schema, README, LICENSE nor CHANGELOG: narrow "files" in package.json.`);
  }
  for (const path of REQUIRED.filter((path) => !paths.includes(path))) {
    problems.push(`${path} is missing from the package: add it to the repository root and to "files" in package.json.`);
  }
  // The Ansible callback `drift` installs for ansible-playbook: ncc copies it beside the bundle under its own name.
  if (!paths.includes('dist/cli/gitops_sync.py')) problems.push('dist/cli/gitops_sync.py (the Ansible callback) is missing from the package: run npm run build.');
  if (!paths.some((path) => path.startsWith('schema/'))) problems.push('The JSON Schemas are missing from the package: run npm run build and keep schema/ in "files".');
  for (const [name, target] of Object.entries(manifest.bin ?? {})) {
    const file = pack.files.find((entry) => entry.path === target.replace(/^\.\//, ''));
    if (!file) problems.push(`The bin ${name} (${target}) is missing from the package: run npm run build.`);
    else if (!(file.mode & 0o111)) problems.push(`The bin ${name} (${target}) is not executable: npm run build sets its mode.`);
  }
  if (pack.entryCount > LIMITS.entryCount) problems.push(`The package holds ${pack.entryCount} files, more than ${LIMITS.entryCount}: check "files" in package.json.`);
  if (pack.size > LIMITS.size) problems.push(`The package is ${megabytes(pack.size)} packed, more than ${megabytes(LIMITS.size)}: check what the bundle pulls in.`);
  if (pack.unpackedSize > LIMITS.unpackedSize) {
    problems.push(`The package is ${megabytes(pack.unpackedSize)} unpacked, more than ${megabytes(LIMITS.unpackedSize)}: check what the bundle pulls in.`);
  }
  return problems;
}

const { values } = parseArgs({ options: { 'pack-json': { type: 'string' } } });
const answer = values['pack-json']
  ? readFileSync(values['pack-json'], 'utf8')
  : execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const [pack] = JSON.parse(answer);
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = packProblems(pack, manifest);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${pack.id}: ${pack.entryCount} files, ${megabytes(pack.size)} packed, ${megabytes(pack.unpackedSize)} unpacked.`);
