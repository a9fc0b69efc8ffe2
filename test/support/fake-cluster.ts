/**
 * A stand-in cluster with state, for rollbacks that must stick: kubectl and flux stand-ins (small
 * Node scripts on PATH) read and write one JSON file, so `kubectl rollout undo` changes what the next
 * `kubectl get` answers, and a controller stand-in (Argo CD self-heal, Flux reconcile) applies what
 * Git holds — unless it is suspended.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests, type K8sObject } from '@gitops-sync/core';
import { git } from './git-repo.js';
import { tempDir } from './temp-dir.js';

interface Workload {
  object: K8sObject;
  /** `rollout history`: the pod template of each revision, oldest first. */
  revisions: { revision: number; template: unknown }[];
}

interface ClusterState {
  objects: Record<string, Workload>;
  /** Flux objects (`kustomization/flux-system/apps`) and whether each is suspended. */
  flux: Record<string, { suspended: boolean }>;
}

export interface FakeCluster {
  /** PATH starts with the kubectl and flux stand-ins. */
  env: NodeJS.ProcessEnv;
  /** What the controller would do: the objects (as Git renders them) applied; a changed pod template is a new revision. */
  apply(objects: K8sObject[]): void;
  /** The image the Deployment's first container runs. */
  image(namespace: string, name: string): string;
  fluxSuspended(key: string): boolean;
  /** Every stand-in invocation: `kubectl rollout undo …`, `flux suspend …`. */
  calls(): string[];
}

const keyOf = (object: K8sObject, fallbackNamespace = 'default') => `${object.kind}/${object.metadata?.namespace ?? fallbackNamespace}/${object.metadata?.name}`;

/** What the API server adds to a Deployment that Git does not say. */
function withServerDefaults(object: K8sObject): K8sObject {
  const copy = JSON.parse(JSON.stringify(object)) as K8sObject & { spec?: { template?: { spec?: { containers?: Record<string, unknown>[] } } } };
  if (copy.kind === 'Deployment') {
    (copy.spec as Record<string, unknown>).progressDeadlineSeconds ??= 600;
    for (const container of copy.spec?.template?.spec?.containers ?? []) container.imagePullPolicy ??= 'IfNotPresent';
  }
  return copy;
}

const SCRIPTS: Record<string, string> = {
  kubectl: `
const line = args.join(' ');
let m;
if ((m = /^get -f (\\S+) -o json --ignore-not-found/.exec(line))) {
  const wanted = JSON.parse(fs.readFileSync(m[1], 'utf8')).items;
  const items = wanted.map((o) => state.objects[o.kind + '/' + (o.metadata.namespace || 'default') + '/' + o.metadata.name]).filter(Boolean).map((w) => w.object);
  out(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
} else if ((m = /^get (\\w+)(?:\\.apps)?\\/(\\S+) -n (\\S+) -o (yaml|json) --ignore-not-found/.exec(line))) {
  const w = state.objects[m[1] + '/' + m[3] + '/' + m[2]];
  out(w ? JSON.stringify(w.object, null, 2) + '\\n' : '');
} else if ((m = /^rollout undo deployment\\/(\\S+)(?: --to-revision=(\\d+))? -n (\\S+)/.exec(line))) {
  const w = state.objects['Deployment/' + m[3] + '/' + m[1]];
  if (!w) fail('Error from server (NotFound): deployments.apps "' + m[1] + '" not found');
  const current = Number(w.object.metadata.annotations['deployment.kubernetes.io/revision']);
  const target = m[2] ? w.revisions.find((r) => r.revision === Number(m[2])) : w.revisions.filter((r) => r.revision < current).at(-1);
  if (!target) fail('error: unable to find specified revision ' + (m[2] || 'previous') + ' in history');
  // Kubernetes renumbers the old ReplicaSet as the newest revision.
  w.revisions = w.revisions.filter((r) => r !== target);
  const next = current + 1;
  w.revisions.push({ revision: next, template: target.template });
  w.object.spec.template = target.template;
  w.object.metadata.annotations['deployment.kubernetes.io/revision'] = String(next);
  save();
  out('deployment.apps/' + m[1] + ' rolled back\\n');
} else if ((m = /^rollout status deployment\\/(\\S+) -n (\\S+)/.exec(line))) {
  out('deployment "' + m[1] + '" successfully rolled out\\n');
} else fail('fake kubectl: no rule for: ' + line);
`,
  flux: `
const line = args.join(' ');
const m = /^(suspend|resume) (kustomization|helmrelease) (\\S+) -n (\\S+)/.exec(line);
if (!m) fail('fake flux: no rule for: ' + line);
const kindName = m[2] === 'kustomization' ? 'Kustomization' : 'HelmRelease';
const key = m[2] + '/' + m[4] + '/' + m[3];
if (!state.flux[key]) fail('✗ no ' + kindName + ' objects found in ' + m[4] + ' namespace');
state.flux[key].suspended = m[1] === 'suspend';
save();
process.stderr.write((m[1] === 'suspend' ? '► suspending ' : '► resuming ') + m[2] + ' ' + m[3] + ' in ' + m[4] + ' namespace\\n✔ ' + m[2] + (m[1] === 'suspend' ? ' suspended' : ' resumed') + '\\n');
`,
};

export function fakeCluster(flux: string[] = []): FakeCluster {
  const root = tempDir('gitops-sync-fake-cluster-');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const stateFile = join(root, 'state.json');
  const log = join(root, 'calls.log');
  const read = (): ClusterState => JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState;
  const write = (state: ClusterState) => writeFileSync(stateFile, JSON.stringify(state));
  write({ objects: {}, flux: Object.fromEntries(flux.map((key) => [key, { suspended: false }])) });
  for (const [tool, body] of Object.entries(SCRIPTS)) {
    const path = join(bin, tool);
    writeFileSync(
      path,
      `#!${process.execPath}
(function () {
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(tool)} + ' ' + args.join(' ') + '\\n');
const state = JSON.parse(fs.readFileSync(${JSON.stringify(stateFile)}, 'utf8'));
const save = () => fs.writeFileSync(${JSON.stringify(stateFile)}, JSON.stringify(state));
const out = (text) => process.stdout.write(text);
const fail = (text) => { process.stderr.write(text + '\\n'); process.exit(1); };
${body}
})();
`,
    );
    chmodSync(path, 0o755);
  }
  return {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    apply(objects) {
      const state = read();
      for (const object of objects.map(withServerDefaults)) {
        const key = keyOf(object);
        const existing = state.objects[key];
        const template = (object.spec as Record<string, unknown> | undefined)?.template;
        const revisions = existing?.revisions ?? [];
        const current = revisions.at(-1);
        const changed = object.kind === 'Deployment' && JSON.stringify(current?.template) !== JSON.stringify(template);
        if (changed) revisions.push({ revision: (current?.revision ?? 0) + 1, template });
        const revision = revisions.at(-1)?.revision;
        const annotations = { ...(object.metadata?.annotations as Record<string, string> | undefined), ...(revision ? { 'deployment.kubernetes.io/revision': String(revision) } : {}) };
        state.objects[key] = { object: { ...object, metadata: { ...object.metadata, annotations } }, revisions };
      }
      write(state);
    },
    image(namespace, name) {
      const object = read().objects[`Deployment/${namespace}/${name}`]?.object as { spec: { template: { spec: { containers: { image: string }[] } } } } | undefined;
      return object?.spec.template.spec.containers[0].image ?? '(none)';
    },
    fluxSuspended: (key) => read().flux[key]?.suspended ?? false,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  };
}

/** The objects a folder of manifests holds at `revision` of a repository (what a controller renders). */
export function manifestsAt(repo: string, revision: string, folder: string): K8sObject[] {
  const files = git(repo, 'ls-tree', '-r', '--name-only', revision, '--', folder).split('\n').filter(Boolean);
  return files.flatMap((file) => parseManifests(git(repo, 'show', `${revision}:${file}`), file));
}
