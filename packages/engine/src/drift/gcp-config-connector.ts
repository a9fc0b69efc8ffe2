import { join, resolve } from 'node:path';
import { ConfigConnectorChanges, declaresListKind, eachManifest, type ByteSource, type ManifestReader, GCP_CONFIG_CONNECTOR_SOURCE, NotAListError, UserError, type Environment, type SecretSink, type UnjudgedChange } from '@gitops-sync/core';
import { maxInputBytes, removeScratchFolder, scratchFolder, withInputChunks } from '../files.js';
import { lastLines } from '../tool-output.js';
// Types only: sources.ts lists this module's sources, so a value import would be a cycle.
import type { EnvironmentSource, EnvironmentSourceRequest, SavedResultSource } from './sources.js';
import type { DriftContext } from './drift.js';

export type ConfigConnectorSettings = NonNullable<Environment['config_connector']>;

/** Every Config Connector kind carries this category: `kubectl get gcp` lists them all (cloud.google.com/config-connector/docs/how-to/monitoring-your-resources). */
const ALL_KINDS = 'gcp';

/**
 * The changes of the Config Connector resources in an export file (a kubectl List, JSON or YAML, or
 * YAML documents), read as a stream: each object is judged as it is read and dropped.
 */
export function configConnectorChangesOf(path: string, options: { what: string; label?: string; within?: string; onSecret?: SecretSink }): UnjudgedChange[] {
  const label = options.label ?? path;
  const maxBytes = maxInputBytes('kubernetes');
  const read = (itemsBeforeKind: boolean) => {
    const found = new ConfigConnectorChanges(label, options.onSecret);
    const reader: ManifestReader = (consume) => withInputChunks(path, options.what, consume, { maxBytes, kind: 'kubernetes', within: options.within });
    eachManifest(reader, label, (object) => found.add(object), { itemsBeforeKind });
    // kubectl prints an empty List when there is nothing; a file with no object and no List (nothing, null, [], comments) is an export that failed.
    if (found.objects === 0 && !reader(declaresList)) throw new UserError(`${label} holds no Config Connector resource and no List; export the resources with kubectl get gcp --all-namespaces -o json (an empty List when there are none).`);
    return found.changes();
  };
  try {
    try {
      return read(true);
    } catch (error) {
      // A large document whose items were judged turned out not to be a List: read again, keeping them.
      if (error instanceof NotAListError) return read(false);
      throw error;
    }
  } catch (error) {
    throw error instanceof UserError ? exportAdvice(error) : error;
  }
}

/** Whether the export names a list kind (read only when it held no object: small, or comments). */
function declaresList(source: ByteSource): boolean {
  const chunks: Uint8Array[] = [];
  for (let chunk = source(); chunk; chunk = source()) chunks.push(Uint8Array.prototype.slice.call(chunk));
  return declaresListKind(Buffer.concat(chunks).toString('utf8'));
}

/** The manifest reader's advice ("fix the manifest") is for files people write; an export is made again instead. */
const MANIFEST_ADVICE = /; (?:fix the manifest|every manifest needs apiVersion, kind and metadata\.name)\.$/;
const EXPORT_AGAIN = 'export the resources again with kubectl get gcp --all-namespaces -o json (a cut-short file reads as invalid).';

function exportAdvice(error: UserError): UserError {
  return MANIFEST_ADVICE.test(error.message) ? new UserError(error.message.replace(MANIFEST_ADVICE, `; ${EXPORT_AGAIN}`)) : error;
}

/** `kubectl get` of the configured kinds (the `gcp` category by default), JSON on stdout. */
export function configConnectorKubectlArgs(settings: ConfigConnectorSettings): string[] {
  return [
    'get',
    (settings.kinds ?? [ALL_KINDS]).join(','),
    '-o',
    'json',
    settings.namespace ? `--namespace=${settings.namespace}` : '--all-namespaces',
    // `=`: a value is never read as a flag of its own.
    ...(settings.context ? [`--context=${settings.context}`] : []),
    `--request-timeout=${settings.timeout_seconds}s`,
  ];
}

const where = (environment: string) => `environments.${environment}.config_connector`;

/** Runs kubectl into a scratch file (an export of every resource may be hundreds of MB) and reads it as an export. */
async function kubectlChanges(settings: ConfigConnectorSettings, request: EnvironmentSourceRequest, context: DriftContext): Promise<UnjudgedChange[]> {
  const args = configConnectorKubectlArgs(settings);
  const command = `kubectl get ${args[1]}`;
  context.progress?.step(command);
  const scratch = scratchFolder('gitops-sync-cnrm-');
  try {
    const output = join(scratch, 'resources.json');
    const hint = `check the cluster is reachable (kubectl cluster-info) or raise ${where(request.environment)}.timeout_seconds`;
    const result = await context.exec.run('kubectl', args, { cwd: request.baseDir, env: context.env, stdoutFile: output, timeout: { ms: settings.timeout_seconds * 1000, hint, what: command } });
    if (result.exitCode !== 0) {
      throw new UserError(`${command} failed (exit ${result.exitCode}): ${lastLines(result.stderr).join(' ') || 'no message'}; check the runner's kubeconfig and that it may list the *.cnrm.cloud.google.com resources.`);
    }
    return configConnectorChangesOf(output, { what: `the output of ${command}`, label: `the output of ${command}`, onSecret: context.onSecret });
  } finally {
    removeScratchFolder(scratch);
  }
}

export const configConnectorSavedResult: SavedResultSource = {
  name: GCP_CONFIG_CONNECTOR_SOURCE,
  hint: 'Config Connector resources exported with `kubectl get gcp --all-namespaces -o json` (or -o yaml)',
  changes: (path, options) => configConnectorChangesOf(path, { what: 'a Config Connector export', onSecret: options.onSecret }),
};

export const configConnectorEnvironmentSource: EnvironmentSource<ConfigConnectorSettings> = {
  name: GCP_CONFIG_CONNECTOR_SOURCE,
  settingsOf: (environment) => environment.config_connector,
  describe: (settings, request) =>
    settings.export !== undefined ? [`read ${resolve(request.baseDir, settings.export)}`] : [`kubectl ${configConnectorKubectlArgs(settings).join(' ')}`],
  changes: async (settings, request, context) => {
    if (settings.export === undefined) return kubectlChanges(settings, request, context);
    return configConnectorChangesOf(resolve(request.baseDir, settings.export), { what: `${where(request.environment)}.export`, within: request.baseDir, onSecret: context.onSecret });
  },
};
