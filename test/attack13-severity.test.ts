import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyCidrChange, defaultRules, SeverityEngine, type Change, type DriftReport, type UnjudgedChange } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Adversarial review of the live-side judgement: tricks that make what now runs look no riskier
 * than what Git wants.
 */

const dir = tempDir('gitops-attack13-severity-');
const engine = new SeverityEngine(defaultRules());
const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

const entry = (address: string, type: string, before: unknown, after: unknown) => ({
  address,
  mode: 'managed',
  type,
  name: address.split('.')[1],
  change: { actions: ['update'], before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
});

async function analyzeDrift(address: string, type: string, git: unknown, live: unknown): Promise<Change[]> {
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {},
    resource_drift: [entry(address, type, git, live)],
    resource_changes: [entry(address, type, live, git)],
  };
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json'], { cwd: dir });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as DriftReport).changes;
}

describe('attack: a range opened in one list hidden behind the same range leaving another list', () => {
  it('a security group whose ingress was opened to 0.0.0.0/0 outside Terraform is critical even when its egress 0.0.0.0/0 was removed at the same time', async () => {
    const changes = await analyzeDrift(
      'aws_security_group.db',
      'aws_security_group',
      {
        name: 'db',
        ingress: [{ from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }],
        egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }],
      },
      {
        name: 'db',
        ingress: [{ from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }],
        egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['10.0.0.0/8'] }],
      },
    );
    const outside = changes.find((change) => change.origin === 'outside')!;
    expect([outside.severity, outside.rule]).toEqual(['critical', 'live.tf.network.widened']);
  });

  it('a Kubernetes network policy whose ingress was opened on the cluster is critical even when an egress block lost the same range', () => {
    const change: UnjudgedChange = {
      address: 'networking.k8s.io/v1/NetworkPolicy/shop/db',
      kind: 'NetworkPolicy',
      source: 'k8s-manifests',
      action: 'update',
      origin: 'outside',
      fields: [
        // before = live, after = Git
        { path: '/spec/ingress/0/from/0/ipBlock/cidr', before: '0.0.0.0/0', after: '10.0.0.0/8', sensitive: false },
        { path: '/spec/egress/0/to/0/ipBlock/cidr', before: '10.0.0.0/8', after: '0.0.0.0/0', sensitive: false },
      ],
    };
    expect(engine.judge(change)).toEqual({ severity: 'critical', rule: 'live.k8s.network.widened' });
  });

  it('ranges that only moved between items of the same list stay unflagged', () => {
    const change: UnjudgedChange = {
      address: 'networking.k8s.io/v1/NetworkPolicy/shop/db',
      kind: 'NetworkPolicy',
      source: 'k8s-manifests',
      action: 'update',
      origin: 'outside',
      fields: [
        { path: '/spec/ingress/0/from/0/ipBlock/cidr', before: '192.168.0.0/16', after: '10.0.0.0/8', sensitive: false },
        { path: '/spec/ingress/0/from/1/ipBlock/cidr', before: '10.0.0.0/8', after: '192.168.0.0/16', sensitive: false },
      ],
    };
    expect(engine.judge(change).rule).not.toBe('live.k8s.network.widened');
  });
});

describe('attack: an image from another repository on the same registry', () => {
  const imageChange = (live: string, git: string): UnjudgedChange => ({
    address: 'apps/v1/Deployment/shop/web',
    kind: 'Deployment',
    source: 'k8s-manifests',
    action: 'update',
    origin: 'outside',
    fields: [{ path: '/spec/template/spec/containers/web/image', before: live, after: git, sensitive: false }],
  });

  it.each([
    ['someone else\'s Docker Hub repository', `attacker/nginx@${DIGEST_B}`, `nginx@${DIGEST_A}`],
    ['another repository on the same private registry', `registry.example.com/other/web@${DIGEST_B}`, `registry.example.com/shop/web@${DIGEST_A}`],
  ])('a cluster running %s while Git pins a digest is critical', (_what, live, git) => {
    expect(engine.judge(imageChange(live, git))).toEqual({ severity: 'critical', rule: 'live.k8s.image.unpinned' });
  });

  it.each([
    ['docker.io/library/ spelled out', `docker.io/library/nginx@${DIGEST_A}`, `nginx@${DIGEST_A}`],
    ['index.docker.io', `index.docker.io/library/nginx@${DIGEST_A}`, `nginx@${DIGEST_A}`],
  ])('the same image with %s is not another registry', (_what, live, git) => {
    expect(engine.judge(imageChange(live, git)).rule).not.toBe('live.k8s.image.unpinned');
  });
});

describe('attack: a `where` attribute only known after apply', () => {
  const change = (address: string, type: string, actions: string[], before: unknown, after: unknown, afterUnknown: Record<string, unknown>) => ({
    address,
    mode: 'managed',
    type,
    name: address.split('.')[1],
    change: { actions, before, after, after_unknown: afterUnknown, before_sensitive: {}, after_sensitive: {} },
  });

  async function analyzePlan(resourceChanges: unknown[]): Promise<Change[]> {
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: {}, resource_changes: resourceChanges }));
    const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    return (JSON.parse(run.stdout) as DriftReport).changes;
  }

  it.each([
    ['updated', ['update'], { key: 'db', type: 'kv', value: 'x' }],
    ['created', ['create'], null],
  ])('an App Configuration key %s with a type only known after apply (it may be a Key Vault reference) is critical', async (_what, actions, before) => {
    const [judged] = await analyzePlan([
      change('azurerm_app_configuration_key.db', 'azurerm_app_configuration_key', actions, before, { key: 'db', type: null, value: null, vault_key_reference: null }, { type: true, value: true, vault_key_reference: true }),
    ]);
    expect([judged.severity, judged.rule]).toEqual(['critical', 'tf.secrets.app-configuration-vault-reference']);
  });

  it('a plain key-value stays a setting', async () => {
    const [judged] = await analyzePlan([
      change('azurerm_app_configuration_key.flag', 'azurerm_app_configuration_key', ['update'], { key: 'flag', type: 'kv', value: 'on' }, { key: 'flag', type: 'kv', value: 'off' }, {}),
    ]);
    expect(judged.severity).not.toBe('critical');
  });
});

describe('attack: an image with no tag at all runs the mutable latest', () => {
  const imageChange = (origin: 'outside' | 'planned', before: string, after: string): UnjudgedChange => ({
    address: 'apps/v1/Deployment/shop/web',
    kind: 'Deployment',
    source: 'k8s-manifests',
    action: 'update',
    origin,
    fields: [{ path: '/spec/template/spec/containers/web/image', before, after, sensitive: false }],
  });

  it('a cluster running the image without a tag where Git names one is critical', () => {
    expect(engine.judge(imageChange('outside', 'registry.example.com/shop/web', 'registry.example.com/shop/web:1.4.2')).severity).toBe('critical');
  });

  it('a pull request that drops the tag is critical, as one that writes :latest is', () => {
    expect(engine.judge(imageChange('planned', 'registry.example.com/shop/web:1.4.2', 'registry.example.com/shop/web')).severity).toBe('critical');
    expect(engine.judge(imageChange('planned', 'localhost:5000/web:1.4.2', 'localhost:5000/web')).severity).toBe('critical');
  });

  it('a tag bump stays what it was', () => {
    expect(engine.judge(imageChange('planned', 'registry.example.com/shop/web:1.4.2', 'registry.example.com/shop/web:1.4.3')).severity).not.toBe('critical');
  });
});

describe('held: address ranges that admit everything in other spellings', () => {
  it.each([
    [['0.0.0.0/1', '128.0.0.0/1'], 'widened'],
    [['::/0'], 'opened'],
    [['::ffff:0:0/96'], 'widened'],
    [['000.000.000.000/00'], 'opened'],
    [['0.0.0.0/0 '], 'opened'],
    [[42, null, '0.0.0.0/0'], 'opened'],
    [['0:0:0:0:0:0:0:0/0'], 'opened'],
  ])('%j where Git admits 10.0.0.0/8 is %s', (live, expected) => {
    expect(classifyCidrChange(['10.0.0.0/8'], live)).toBe(expected);
  });
});
