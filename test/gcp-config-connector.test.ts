import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { fakeTools } from './support/fake-kubectl.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Config Connector resources shaped as its documentation shows them: spec (what Git wants),
 * status.conditions[] with the Ready condition (reasons as Config Connector's events name them:
 * UpToDate, UpdateFailed, DependencyNotReady, ManagementConflict), status.observedGeneration, and on
 * the resources that have one, status.observedState (the live resource's fields the controller read)
 * and status.externalRef (the resource's full name in GCP).
 * https://cloud.google.com/config-connector/docs/concepts/resources, …/how-to/monitoring-your-resources
 */

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-cnrm-');
});

type Obj = Record<string, unknown>;

function ready(reason: string, message: string): Obj {
  return { type: 'Ready', status: reason === 'UpToDate' ? 'True' : 'False', reason, message, lastTransitionTime: '2026-12-01T09:30:00Z' };
}

function resource(apiVersion: string, kind: string, name: string, spec: Obj, status: Obj, generation = 2): Obj {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: 'infra', generation, annotations: { 'cnrm.cloud.google.com/project-id': 'acme-prod' } },
    spec,
    status: { observedGeneration: 2, ...status },
  };
}

const UP_TO_DATE = ready('UpToDate', 'The resource is up to date');

const firewallSpec = { networkRef: { name: 'vpc-main' }, direction: 'INGRESS', allow: [{ protocol: 'tcp', ports: ['22'] }], sourceRanges: ['10.0.0.0/8'] };

/** A firewall Git opens to 10.0.0.0/8 only, opened to the whole internet in GCP. */
const openedFirewall = resource('compute.cnrm.cloud.google.com/v1beta1', 'ComputeFirewall', 'allow-ssh', firewallSpec, {
  conditions: [UP_TO_DATE],
  externalRef: 'projects/acme-prod/global/firewalls/allow-ssh',
  observedState: { ...firewallSpec, networkRef: undefined, network: 'projects/acme-prod/global/networks/vpc-main', sourceRanges: ['0.0.0.0/0'] },
});

const upToDateBucket = resource('storage.cnrm.cloud.google.com/v1beta1', 'StorageBucket', 'acme-logs', { location: 'EU', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' }, {
  conditions: [UP_TO_DATE],
  observedState: { softDeletePolicy: { retentionDurationSeconds: 604800 } },
});

const failedMember = resource(
  'iam.cnrm.cloud.google.com/v1beta1',
  'IAMPolicyMember',
  'ci-deployer',
  { member: 'serviceAccount:ci@acme-prod.iam.gserviceaccount.com', role: 'roles/storage.admin', resourceRef: { kind: 'Project', external: 'projects/acme-prod' } },
  { conditions: [ready('UpdateFailed', 'Update call failed: error applying desired state: googleapi: Error 403: Policy update access denied., forbidden')] },
);

const conflictedInstance = resource('sql.cnrm.cloud.google.com/v1beta1', 'SQLInstance', 'orders-db', { databaseVersion: 'POSTGRES_15', region: 'europe-west1', settings: { tier: 'db-custom-2-7680' } }, {
  conditions: [ready('ManagementConflict', 'resource is managed by another Config Connector instance: cnrm.cloud.google.com/management-conflict-prevention-policy=resource')],
});

const waitingTopic = resource('pubsub.cnrm.cloud.google.com/v1beta1', 'PubSubSubscription', 'orders-sub', { topicRef: { name: 'orders' } }, {
  conditions: [ready('DependencyNotReady', 'reference PubSubTopic infra/orders is not ready')],
});

function list(items: Obj[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 2);
}

async function analyze(items: Obj[] | string): Promise<{ code: number; report: DriftReport; stderr: string }> {
  writeFileSync(join(dir, 'resources.json'), typeof items === 'string' ? items : list(items));
  const run = await cli(['analyze', '--source', 'gcp-config-connector', '--input', 'resources.json', '--format', 'json', '--env', 'prod'], { cwd: dir });
  return { code: run.code, report: run.stdout ? (JSON.parse(run.stdout) as DriftReport) : (undefined as unknown as DriftReport), stderr: run.stderr };
}

describe('analyze --source gcp-config-connector', () => {
  test('an up-to-date resource gives no change: exit 0', async () => {
    const { code, report, stderr } = await analyze([upToDateBucket]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report.sources).toEqual(['gcp-config-connector']);
    expect(report.changes).toEqual([]);
  });

  test('a firewall whose live sourceRanges are 0.0.0.0/0 while Git says 10.0.0.0/8 is critical, addressed by its GCP name', async () => {
    const { code, report } = await analyze([openedFirewall, upToDateBucket]);
    expect(code).toBe(2);
    expect(report.changes).toEqual([
      {
        address: 'projects/acme-prod/global/firewalls/allow-ssh',
        kind: 'ComputeFirewall',
        source: 'gcp-config-connector',
        action: 'update',
        origin: 'outside',
        severity: 'critical',
        rule: 'gcc.network.firewall',
        fields: [{ path: '/spec/sourceRanges', before: ['0.0.0.0/0'], after: ['10.0.0.0/8'], sensitive: false }],
      },
    ]);
  });

  test('each reason of the Ready condition: UpdateFailed and ManagementConflict judged by kind, DependencyNotReady as blocked', async () => {
    const { code, report } = await analyze([failedMember, conflictedInstance, waitingTopic]);
    expect(code).toBe(2);
    expect(report.changes.map((change) => [change.address, change.kind, change.severity, change.rule, change.fields])).toEqual([
      [
        'iam.cnrm.cloud.google.com/v1beta1/IAMPolicyMember/infra/ci-deployer',
        'IAMPolicyMember',
        'critical',
        'gcc.identity.iam',
        [{ path: '/status/conditions/Ready', before: 'UpdateFailed: Update call failed: error applying desired state: googleapi: Error 403: Policy update access denied., forbidden', after: 'UpToDate', sensitive: false }],
      ],
      [
        'sql.cnrm.cloud.google.com/v1beta1/SQLInstance/infra/orders-db',
        'SQLInstance',
        'medium',
        'default.unclassified',
        [{ path: '/status/conditions/Ready', before: 'ManagementConflict: resource is managed by another Config Connector instance: cnrm.cloud.google.com/management-conflict-prevention-policy=resource', after: 'UpToDate', sensitive: false }],
      ],
      [
        'pubsub.cnrm.cloud.google.com/v1beta1/PubSubSubscription/infra/orders-sub',
        'PubSubSubscription',
        'medium',
        'gcc.status.dependency-not-ready',
        [{ path: '/status/conditions/Ready/dependency', before: 'DependencyNotReady: reference PubSubTopic infra/orders is not ready', after: 'UpToDate', sensitive: false }],
      ],
    ]);
  });

  test('an IAM resource waiting for a dependency is judged as blocked, not as an IAM change', async () => {
    const waitingMember = { ...failedMember, status: { observedGeneration: 2, conditions: [ready('DependencyNotReady', 'reference IAMServiceAccount infra/ci is not ready')] } };
    const { report } = await analyze([waitingMember]);
    expect(report.changes.map((change) => [change.severity, change.rule])).toEqual([['medium', 'gcc.status.dependency-not-ready']]);
  });

  test('a resource Config Connector never reconciled (no Ready condition) is reported, not taken as up to date', async () => {
    const unreconciled = { ...upToDateBucket, status: undefined };
    const { code, report } = await analyze([unreconciled]);
    expect(code).toBe(2);
    expect(report.changes.map((change) => change.fields)).toEqual([
      [{ path: '/status/conditions/Ready', before: 'no Ready condition (Config Connector has not reconciled this resource)', after: 'UpToDate', sensitive: false }],
    ]);
  });

  test('a spec the controller has not acted on yet (observedGeneration behind) is reported; Updating alone is work in progress', async () => {
    const lagging = resource('compute.cnrm.cloud.google.com/v1beta1', 'ComputeInstance', 'bastion', { machineType: 'e2-small', zone: 'europe-west1-b' }, { conditions: [ready('Updating', 'Update in progress')], observedGeneration: 4 }, 5);
    const updating = resource('compute.cnrm.cloud.google.com/v1beta1', 'ComputeInstance', 'worker', { machineType: 'e2-small', zone: 'europe-west1-b' }, { conditions: [ready('Updating', 'Update in progress')] });
    const { report } = await analyze([lagging, updating]);
    expect(report.changes.map((change) => [change.address, change.severity, change.rule, change.fields])).toEqual([
      ['compute.cnrm.cloud.google.com/v1beta1/ComputeInstance/infra/bastion', 'high', 'gcc.compute-container', [{ path: '/status/observedGeneration', before: 4, after: 5, sensitive: false }]],
    ]);
  });

  test('bucket access settings and a database\'s authorized networks changed live are critical; only fields both sides have are compared', async () => {
    const bucket = resource('storage.cnrm.cloud.google.com/v1beta1', 'StorageBucket', 'acme-public', { location: 'EU', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' }, {
      conditions: [UP_TO_DATE],
      externalRef: 'projects/acme-prod/buckets/acme-public',
      observedState: { location: 'EU', uniformBucketLevelAccess: false, publicAccessPrevention: 'inherited', selfLink: 'https://www.googleapis.com/storage/v1/b/acme-public' },
    });
    const settings = { tier: 'db-custom-2-7680', ipConfiguration: { ipv4Enabled: true, authorizedNetworks: [{ name: 'office', value: '203.0.113.0/24' }] } };
    const database = resource('sql.cnrm.cloud.google.com/v1beta1', 'SQLInstance', 'orders-db', { region: 'europe-west1', settings }, {
      conditions: [UP_TO_DATE],
      observedState: { settings: { ...settings, ipConfiguration: { ipv4Enabled: true, authorizedNetworks: [{ name: 'anyone', value: '0.0.0.0/0' }] } } },
    });
    const { report } = await analyze([bucket, database]);
    expect(report.changes.map((change) => [change.address, change.severity, change.rule, change.fields.map((field) => [field.path, field.before, field.after])])).toEqual([
      [
        'projects/acme-prod/buckets/acme-public',
        'critical',
        'gcc.storage.public-access',
        [
          ['/spec/uniformBucketLevelAccess', false, true],
          ['/spec/publicAccessPrevention', 'inherited', 'enforced'],
        ],
      ],
      [
        'sql.cnrm.cloud.google.com/v1beta1/SQLInstance/infra/orders-db',
        'critical',
        'gcc.network.authorized-networks',
        [
          ['/spec/settings/ipConfiguration/authorizedNetworks/0/name', 'anyone', 'office'],
          ['/spec/settings/ipConfiguration/authorizedNetworks/0/value', '0.0.0.0/0', '203.0.113.0/24'],
        ],
      ],
    ]);
  });

  test('labels drifted on an otherwise unjudged kind are low; a list in another order is not drift', async () => {
    const topic = resource('pubsub.cnrm.cloud.google.com/v1beta1', 'PubSubTopic', 'orders', { labels: { team: 'shop' }, messageStoragePolicy: { allowedPersistenceRegions: ['europe-west1', 'europe-west4'] } }, {
      conditions: [UP_TO_DATE],
      observedState: { labels: { team: 'platform' }, messageStoragePolicy: { allowedPersistenceRegions: ['europe-west4', 'europe-west1'] } },
    });
    const { report } = await analyze([topic]);
    expect(report.changes.map((change) => [change.severity, change.rule, change.fields.map((field) => field.path)])).toEqual([['low', 'gcc.labels', ['/spec/labels/team']]]);
  });

  test('a password the controller observed is never printed', async () => {
    const user = resource('sql.cnrm.cloud.google.com/v1beta1', 'SQLUser', 'app', { instanceRef: { name: 'orders-db' }, password: 'hunter2-in-git' }, {
      conditions: [UP_TO_DATE],
      observedState: { password: 'changed-by-hand-9f3a' },
    });
    writeFileSync(join(dir, 'resources.json'), list([user]));
    const run = await cli(['analyze', '--source', 'gcp-config-connector', '--input', 'resources.json', '--format', 'json'], { cwd: dir });
    expect(run.stdout).not.toContain('hunter2-in-git');
    expect(run.stdout).not.toContain('changed-by-hand-9f3a');
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.changes.map((change) => [change.severity, change.rule, change.fields])).toEqual([
      ['critical', 'gcc.secrets.sensitive-value', [{ path: '/spec/password', before: '(sensitive)', after: '(sensitive)', sensitive: true }]],
    ]);
  });

  test('a YAML export (documents, as kubectl get -o yaml of several kinds prints) reads the same as JSON', async () => {
    const { stringify } = await import('yaml');
    writeFileSync(join(dir, 'resources.yaml'), [openedFirewall, upToDateBucket].map((item) => stringify(JSON.parse(JSON.stringify(item)))).join('---\n'));
    const run = await cli(['analyze', '--source', 'gcp-config-connector', '--input', 'resources.yaml', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as DriftReport).changes.map((change) => [change.address, change.rule])).toEqual([['projects/acme-prod/global/firewalls/allow-ssh', 'gcc.network.firewall']]);
  });
});

describe('analyze --source gcp-config-connector: bad inputs get one sentence and exit 1', () => {
  test('truncated JSON', async () => {
    const text = list([openedFirewall, upToDateBucket]);
    const { code, stderr } = await analyze(text.slice(0, Math.floor(text.length / 2)));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `gitops-sync: ${join(dir, 'resources.json')}:49: invalid YAML (Flow map in block collection must be sufficiently indented and end with a }); export the resources again with kubectl get gcp --all-namespaces -o json (a cut-short file reads as invalid).\n`,
    );
  });

  test('objects that are not Config Connector resources', async () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: {} };
    const { code, stderr } = await analyze([deployment, service]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `gitops-sync: ${join(dir, 'resources.json')} has no Config Connector resources (API groups *.cnrm.cloud.google.com), only Deployment, Service; export them with kubectl get gcp --all-namespaces -o json.\n`,
    );
  });

  test('an empty file (an export that failed) is not "no drift"', async () => {
    const { code, stderr } = await analyze('\n');
    expect(code).toBe(1);
    expect(stderr).toBe(`gitops-sync: ${join(dir, 'resources.json')} holds no Config Connector resource and no List; export the resources with kubectl get gcp --all-namespaces -o json (an empty List when there are none).\n`);
  });

  test('an empty List is an answer: no resources, no drift', async () => {
    const { code, report } = await analyze([]);
    expect(code).toBe(0);
    expect(report.changes).toEqual([]);
  });

  test('a Terraform plan', async () => {
    const plan = { format_version: '1.2', terraform_version: '1.9.8', planned_values: { root_module: {} }, resource_changes: [], configuration: {} };
    const { code, stderr } = await analyze(JSON.stringify(plan));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `gitops-sync: ${join(dir, 'resources.json')}: an object has no kind; export the resources again with kubectl get gcp --all-namespaces -o json (a cut-short file reads as invalid).\n`,
    );
  });
});

describe('drift <env> with environments.<env>.config_connector', () => {
  const firewallList = list([openedFirewall, upToDateBucket]);

  function configure(settings: string) {
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  prod:\n    config_connector:\n${settings}`);
  }

  test('kubectl: true runs kubectl get of the gcp category in every namespace, and reports what its output says', async () => {
    configure('      kubectl: true\n      context: gke_acme-prod_europe-west1_config\n');
    const fake = fakeTools({ kubectl: [{ match: /^get gcp /, stdout: firewallList }] });
    const run = await cli(['drift', 'prod', '--format', 'json'], { cwd: dir, env: fake.env });
    expect(run.code).toBe(2);
    expect(fake.calls().map((call) => call.args)).toEqual([
      ['get', 'gcp', '-o', 'json', '--all-namespaces', '--context=gke_acme-prod_europe-west1_config', '--request-timeout=120s'],
    ]);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.sources).toEqual(['gcp-config-connector']);
    expect(report.changes.map((change) => [change.address, change.severity])).toEqual([['projects/acme-prod/global/firewalls/allow-ssh', 'critical']]);
  });

  test('kinds and a namespace narrow what kubectl lists; --dry-run names the command', async () => {
    configure('      kubectl: true\n      namespace: infra\n      kinds: [computefirewalls, storagebuckets.storage.cnrm.cloud.google.com]\n      timeout_seconds: 30\n');
    const fake = fakeTools({ kubectl: [{ match: /^get /, stdout: list([upToDateBucket]) }] });
    const dry = await cli(['drift', 'prod', '--dry-run'], { cwd: dir, env: fake.env });
    expect(dry.stdout).toBe('prod: would run\n  kubectl get computefirewalls,storagebuckets.storage.cnrm.cloud.google.com -o json --namespace=infra --request-timeout=30s\n');
    expect(fake.calls()).toEqual([]);
    const run = await cli(['drift', 'prod', '--format', 'json'], { cwd: dir, env: fake.env });
    expect(run.code).toBe(0);
    expect(fake.calls().map((call) => call.args)).toEqual([['get', 'computefirewalls,storagebuckets.storage.cnrm.cloud.google.com', '-o', 'json', '--namespace=infra', '--request-timeout=30s']]);
  });

  test('export: reads a saved export next to the config', async () => {
    configure('      export: live/cnrm.json\n');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'live'));
    writeFileSync(join(dir, 'live', 'cnrm.json'), firewallList);
    const run = await cli(['drift', 'prod', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as DriftReport).changes).toHaveLength(1);
  });

  test('kubectl failing: one sentence with what kubectl said, exit 1', async () => {
    configure('      kubectl: true\n');
    const fake = fakeTools({ kubectl: [{ match: /^get /, exit: 1, stderr: 'error: You must be logged in to the server (Unauthorized)\n' }] });
    const run = await cli(['drift', 'prod'], { cwd: dir, env: fake.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "gitops-sync: kubectl get gcp failed (exit 1): error: You must be logged in to the server (Unauthorized); check the runner's kubeconfig and that it may list the *.cnrm.cloud.google.com resources.\n",
    );
  });

  test('kubectl printing nothing: one sentence, exit 1', async () => {
    configure('      kubectl: true\n');
    const fake = fakeTools({ kubectl: [{ match: /^get /, stdout: '' }] });
    const run = await cli(['drift', 'prod'], { cwd: dir, env: fake.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'gitops-sync: the output of kubectl get gcp holds no Config Connector resource and no List; export the resources with kubectl get gcp --all-namespaces -o json (an empty List when there are none).\n',
    );
  });

  test('kubectl never answering is stopped after timeout_seconds: one sentence, exit 1', async () => {
    configure('      kubectl: true\n      timeout_seconds: 1\n');
    const bin = tempDir('gitops-sync-cnrm-bin-');
    writeFileSync(join(bin, 'kubectl'), `#!${process.execPath}\nsetInterval(() => {}, 1000);\n`);
    chmodSync(join(bin, 'kubectl'), 0o755);
    const started = Date.now();
    const run = await cli(['drift', 'prod'], { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'gitops-sync: kubectl get gcp did not answer within 1 s and was stopped; check the cluster is reachable (kubectl cluster-info) or raise environments.prod.config_connector.timeout_seconds.\n',
    );
  });

  test('a config with both export and kubectl is refused', async () => {
    configure('      kubectl: true\n      export: cnrm.json\n');
    const run = await cli(['drift', 'prod'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('set exactly one of export or kubectl: true');
  });
});
