import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Config Connector exports a compromised controller, a sloppy export or a PR author's spec could
 * produce: a second Ready condition, a password inlined in the spec that the controller quotes back in
 * its condition message, a live container image off Git's digest pin.
 */

type Obj = Record<string, unknown>;

function resource(apiVersion: string, kind: string, name: string, spec: Obj, status: Obj): Obj {
  return { apiVersion, kind, metadata: { name, namespace: 'infra', generation: 2 }, spec, status: { observedGeneration: 2, ...status } };
}
const upToDate = { type: 'Ready', status: 'True', reason: 'UpToDate', message: 'The resource is up to date' };

async function analyze(items: Obj[], format: 'json' | 'markdown' | 'table' = 'json') {
  const dir = tempDir('gitops-sync-attack29cloud-cnrm-');
  writeFileSync(join(dir, 'resources.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return cli(['analyze', '--source', 'gcp-config-connector', '--input', 'resources.json', '--format', format], { cwd: dir });
}
const verdicts = (stdout: string) => (JSON.parse(stdout) as DriftReport).changes.map((change) => `${change.kind} ${change.severity} ${change.rule}`);

describe('Config Connector status read the way a controller could write it', () => {
  test('a second Ready condition that is not True is reported, whatever the first one says', async () => {
    const firewall = resource('compute.cnrm.cloud.google.com/v1beta1', 'ComputeFirewall', 'allow-ssh', { sourceRanges: ['10.0.0.0/8'] }, {
      conditions: [upToDate, { type: 'Ready', status: 'False', reason: 'UpdateFailed', message: 'Update call failed' }],
    });
    const run = await analyze([firewall]);
    expect(run.code).toBe(2);
    expect(verdicts(run.stdout)).toEqual(['ComputeFirewall critical gcc.network.firewall']);
  });
});

describe('secrets in a Config Connector spec never reach an output', () => {
  const password = 'Hunter2-Sup3rSecret-99';
  const user = resource('sql.cnrm.cloud.google.com/v1beta1', 'SQLUser', 'app', { instanceRef: { name: 'orders-db' }, password: { value: password } }, {
    conditions: [{ type: 'Ready', status: 'False', reason: 'UpdateFailed', message: `Update call failed: error setting password ${password} for user app: googleapi: Error 400` }],
  });

  test.each(['json', 'markdown', 'table'] as const)('a SQLUser password the controller quotes in its condition message (%s)', async (format) => {
    const run = await analyze([user], format);
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain(password);
    expect(run.stderr).not.toContain(password);
  });

  test('the message holding it is (sensitive), and judged as a secret', async () => {
    const run = await analyze([user]);
    const [change] = (JSON.parse(run.stdout) as DriftReport).changes;
    expect(change.fields).toEqual([{ path: '/status/conditions/Ready', before: '(sensitive)', after: 'UpToDate', sensitive: true }]);
    expect(verdicts(run.stdout)).toEqual(['SQLUser critical gcc.secrets.sensitive-value']);
  });
});

describe('what runs now is judged for Config Connector as for Kubernetes', () => {
  const pinned = 'europe-docker.pkg.dev/acme-prod/apps/api@sha256:0f3a1c9e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a';
  const runService = (liveImage: string) =>
    resource('run.cnrm.cloud.google.com/v1beta1', 'RunService', 'api', { location: 'europe-west1', template: { containers: [{ image: pinned, ports: [{ containerPort: 8080 }] }] } }, {
      conditions: [upToDate],
      observedState: { template: { containers: [{ image: liveImage, ports: [{ containerPort: 8080 }] }] } },
    });

  test.each([
    ['another registry', 'docker.io/evil/api:1.4.2', 'live.gcc.image.unpinned'],
    ['the mutable latest tag', 'europe-docker.pkg.dev/acme-prod/apps/api:latest', 'live.gcc.image.unpinned'],
    ['another digest', 'europe-docker.pkg.dev/acme-prod/apps/api@sha256:9e9e9e9e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a', 'live.gcc.image.unpinned'],
  ])('a Cloud Run service running an image from %s where Git pins a digest is critical', async (_name, liveImage, rule) => {
    const run = await analyze([runService(liveImage)]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.changes[0].fields).toEqual([{ path: '/spec/template/containers/0/image', before: liveImage, after: pinned, sensitive: false }]);
    expect(verdicts(run.stdout)).toEqual([`RunService critical ${rule}`]);
  });
});

describe('a reference to a Kubernetes Secret is a name, not a secret', () => {
  test('a SQLUser whose password comes from a Secret: the message naming the Secret and its key is shown as written', async () => {
    const user = resource('sql.cnrm.cloud.google.com/v1beta1', 'SQLUser', 'app', { instanceRef: { name: 'orders-db' }, password: { valueFrom: { secretKeyRef: { name: 'orders-db-credentials', key: 'password' } } } }, {
      conditions: [{ type: 'Ready', status: 'False', reason: 'DependencyInvalid', message: 'secret orders-db-credentials has no key password' }],
    });
    const run = await analyze([user]);
    const [change] = (JSON.parse(run.stdout) as DriftReport).changes;
    expect(change.fields).toEqual([{ path: '/status/conditions/Ready', before: 'DependencyInvalid: secret orders-db-credentials has no key password', after: 'UpToDate', sensitive: false }]);
  });
});

describe('the same secret names as the compliance sources', () => {
  test('an API key or passphrase in a spec the controller observed differently is (sensitive)', async () => {
    const key = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY';
    const connection = resource('apigee.cnrm.cloud.google.com/v1beta1', 'ApigeeEndpointAttachment', 'partner', { partnerApiKey: key, tls: { passphrase: 'correct horse battery' } }, {
      conditions: [upToDate],
      observedState: { partnerApiKey: 'AIzaSyD-old-0000000000000000000000000000', tls: { passphrase: 'old horse battery' } },
    });
    const run = await analyze([connection]);
    expect(run.stdout).not.toContain(key);
    expect(run.stdout).not.toContain('horse');
    expect((JSON.parse(run.stdout) as DriftReport).changes[0].fields.map((field) => [field.path, field.before, field.sensitive])).toEqual([
      ['/spec/partnerApiKey', '(sensitive)', true],
      ['/spec/tls/passphrase', '(sensitive)', true],
    ]);
  });
});
