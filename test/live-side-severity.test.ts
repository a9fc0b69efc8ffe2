import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyCidrChange, defaultRules, k8sChange, parseConfig, SeverityEngine, SeverityRule, unjudged, type Change, type DriftReport, type UnjudgedChange } from '@gitops-sync/core';
import { judgeCritical } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-live-side-');
const DIGEST = `sha256:${'a'.repeat(64)}`;
const PINNED = `registry.example.com/shop/web@${DIGEST}`;

/** The default rules without this feature's: what a change was judged by before. */
const before = new SeverityEngine({ ...defaultRules(), rules: defaultRules().rules.filter((rule) => !rule.id.startsWith('live.')) });
const engine = new SeverityEngine(defaultRules());

/** A Terraform plan entry: `before` → `after` of one resource. */
const entry = (address: string, type: string, actions: string[], beforeValue: unknown, afterValue: unknown) => ({
  address,
  mode: 'managed',
  type,
  name: address.split('.')[1],
  change: { actions, before: beforeValue, after: afterValue, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
});

/**
 * Drift as Terraform reports it: resource_drift goes from the last applied state (Git) to the
 * refreshed one (live); resource_changes from live back to what Git wants.
 */
function driftPlan(resources: { address: string; type: string; git: unknown; live: unknown }[]) {
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {},
    resource_drift: resources.map((r) => entry(r.address, r.type, ['update'], r.git, r.live)),
    resource_changes: resources.map((r) => entry(r.address, r.type, ['update'], r.live, r.git)),
  };
}

async function analyzePlan(plan: unknown): Promise<Change[]> {
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json'], { cwd: dir });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as DriftReport).changes;
}

const verdict = (changes: Change[], origin: 'outside' | 'planned', address: string) => {
  const change = changes.find((c) => c.origin === origin && c.address === address)!;
  return [change.severity, change.rule];
};

const deployment = (image: string, privileged = false) => ({
  metadata: [{ name: 'web', namespace: 'shop' }],
  spec: [{ replicas: 2, template: [{ spec: [{ container: [{ name: 'web', image, security_context: [{ privileged }] }] }] }] }],
});

describe('Terraform: drift made outside Terraform is judged by what now runs', () => {
  let changes: Change[];
  beforeAll(async () => {
    changes = await analyzePlan(
      driftPlan([
        { address: 'kubernetes_deployment.latest', type: 'kubernetes_deployment', git: deployment(PINNED), live: deployment('registry.example.com/shop/web:latest') },
        { address: 'kubernetes_deployment.registry', type: 'kubernetes_deployment', git: deployment(PINNED), live: deployment(`evil.example.net/shop/web@${DIGEST}`) },
        { address: 'kubernetes_deployment.privileged', type: 'kubernetes_deployment', git: deployment(PINNED), live: deployment(PINNED, true) },
        {
          address: 'aws_security_group.web',
          type: 'aws_security_group',
          git: { name: 'web', ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }] },
          live: { name: 'web', ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] },
        },
        { address: 'aws_db_instance.orders', type: 'aws_db_instance', git: { identifier: 'orders', publicly_accessible: false, storage_encrypted: true }, live: { identifier: 'orders', publicly_accessible: true, storage_encrypted: true } },
        { address: 'aws_ebs_volume.data', type: 'aws_ebs_volume', git: { size: 100, encrypted: true }, live: { size: 100, encrypted: false } },
      ]),
    );
  });

  test.each([
    ['a container running :latest where Git pins a digest', 'kubernetes_deployment.latest', 'live.tf.image.unpinned'],
    ['a container pulled from another registry', 'kubernetes_deployment.registry', 'live.tf.image.unpinned'],
    ['a privileged container where Git says not', 'kubernetes_deployment.privileged', 'live.tf.pod-security.escalation'],
    ['a security group opened to 0.0.0.0/0 where Git allows 10.0.0.0/8', 'aws_security_group.web', 'live.tf.network.widened'],
    ['a database made publicly accessible', 'aws_db_instance.orders', 'live.tf.public-access'],
    ['a volume no longer encrypted', 'aws_ebs_volume.data', 'live.tf.protection-off'],
  ])('%s is critical, by the live rule that says so', (_what, address, rule) => {
    expect(verdict(changes, 'outside', address)).toEqual(['critical', rule]);
  });

  test('the planned change back to Git is judged as before (the live rules judge only origin outside)', () => {
    const planned = changes.filter((change) => change.origin === 'planned');
    expect(planned).toHaveLength(6);
    for (const change of planned) expect(change.rule.startsWith('live.')).toBe(false);
    expect(planned.map((change) => [change.address, change.severity, change.rule])).toEqual(
      planned.map((change) => [change.address, ...Object.values(before.judge(change))]),
    );
    // Applying Git here looks harmless (a tag pinned to a digest): high, as it was.
    expect(verdict(changes, 'planned', 'kubernetes_deployment.latest')).toEqual(['high', 'tf.image.version']);
  });

  test('drift that narrows or hardens what runs gets no live rule', async () => {
    const safer = await analyzePlan(
      driftPlan([
        {
          address: 'aws_security_group.web',
          type: 'aws_security_group',
          git: { ingress: [{ cidr_blocks: ['10.0.0.0/8', '192.168.0.0/16'] }] },
          live: { ingress: [{ cidr_blocks: ['10.1.0.0/16'] }] },
        },
        { address: 'kubernetes_deployment.web', type: 'kubernetes_deployment', git: deployment('registry.example.com/shop/web:1.2'), live: deployment(PINNED) },
      ]),
    );
    expect(verdict(safer, 'outside', 'aws_security_group.web')).toEqual(['critical', 'tf.network.firewall']);
    expect(verdict(safer, 'outside', 'kubernetes_deployment.web')).toEqual(['high', 'tf.image.version']);
  });
});

describe('Kubernetes: a field changed on the cluster (before = live, after = Git)', () => {
  const ref = { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
  const container = '/spec/template/spec/containers/0';
  const judged = (origin: 'outside' | 'planned', fields: [string, unknown, unknown][]) =>
    engine.judge(k8sChange(ref, 'k8s-manifests', 'update', origin, fields.map(([path, live, git]) => ({ path, before: live, after: git, sensitive: false }))));

  test.each([
    ['runs :latest where Git pins a digest', 'live.k8s.image.unpinned', [`${container}/image`, 'registry.example.com/shop/web:latest', PINNED]],
    ['runs a tag where Git pins a digest', 'live.k8s.image.unpinned', [`${container}/image`, 'registry.example.com/shop/web:1.2', PINNED]],
    ['pulls from another registry', 'live.k8s.image.unpinned', [`${container}/image`, `evil.example.net/shop/web@${DIGEST}`, PINNED]],
    ['runs :latest where Git names a tag', 'live.k8s.image.latest', [`${container}/image`, 'registry.example.com/shop/web:latest', 'registry.example.com/shop/web:1.2']],
    ['runs privileged where Git says false', 'live.k8s.pod-security.escalation', [`${container}/securityContext/privileged`, true, false]],
    ['runs as root where Git says a user', 'live.k8s.pod-security.root-user', [`${container}/securityContext/runAsUser`, 0, 1000]],
    ['admits 0.0.0.0/0 where Git admits 10.0.0.0/8', 'live.k8s.network.widened', ['/spec/ingress/0/from/0/ipBlock/cidr', '0.0.0.0/0', '10.0.0.0/8']],
  ] as const)('a cluster that %s is critical by %s', (_what, rule, field) => {
    expect(judged('outside', [[...field]])).toEqual({ severity: 'critical', rule });
    // The same values as Git's planned change are judged as before.
    expect(judged('planned', [[...field]])).toEqual(before.judge(k8sChange(ref, 'k8s-manifests', 'update', 'planned', [{ path: field[0], before: field[1], after: field[2], sensitive: false }])));
  });

  test('a load balancer admitting a wider range live than Git lists is critical; a narrower one stays high', () => {
    const service = { ...ref, group: '', kind: 'Service' };
    const judge = (live: string[], git: string[]) =>
      engine.judge(k8sChange(service, 'k8s-manifests', 'update', 'outside', [{ path: '/spec/loadBalancerSourceRanges', before: live, after: git, sensitive: false }]));
    expect(judge(['10.0.0.0/8', '172.16.0.0/12'], ['10.0.0.0/8'])).toEqual({ severity: 'critical', rule: 'live.k8s.network.widened' });
    expect(judge(['10.1.0.0/16'], ['10.0.0.0/8', '192.168.0.0/16'])).toEqual({ severity: 'high', rule: 'k8s.networking' });
  });

  test('through the real source today: a digest-pinned image running :latest is Git\'s planned change, judged as before', async () => {
    const manifests = join(dir, 'manifests');
    mkdirSync(manifests, { recursive: true });
    const object = (image: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'web', image }] } } } });
    writeFileSync(join(manifests, 'web.json'), JSON.stringify(object(PINNED)));
    writeFileSync(join(dir, 'live.json'), JSON.stringify(object('registry.example.com/shop/web:latest')));
    const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'manifests', '--live', 'live.json', '--format', 'json'], { cwd: dir });
    const [change] = (JSON.parse(run.stdout) as DriftReport).changes;
    expect([change.origin, change.severity, change.rule]).toEqual(['planned', 'high', 'k8s.image']);
  });
});

describe('rules about the live side', () => {
  test('`toward: live` without `origin: outside` is refused with the reason', () => {
    const parsed = SeverityRule.safeParse({ id: 'mine', severity: 'critical', match: { path: '**/image', image_change: ['unpinned'], toward: 'live' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe('`toward: live` judges what runs now, which only a change made outside Git tells: add `origin: outside`');
  });

  test('in gitops-sync.yaml the same mistake is one sentence naming the line', () => {
    const text = 'severity:\n  rules:\n    - { id: mine, severity: critical, match: { path: "**/image", image_change: [unpinned], toward: live } }\n';
    expect(() => parseConfig(text, 'gitops-sync.yaml')).toThrow(
      'gitops-sync.yaml:3: severity.rules.0.match: `toward: live` judges what runs now, which only a change made outside Git tells: add `origin: outside`; see the configuration reference in the README.',
    );
  });

  test('a user rule on the live side of a planned-looking source still applies only to outside changes', () => {
    const rule = SeverityRule.parse({ id: 'mine.live-debug', severity: 'critical', match: { origin: 'outside', path: '/data/LOG_LEVEL', before: 'debug' } });
    const custom = new SeverityEngine({ ...defaultRules(), rules: [...defaultRules().rules, rule] });
    const change = (origin: UnjudgedChange['origin']): UnjudgedChange => ({
      address: 'v1/ConfigMap/shop/web', kind: 'ConfigMap', source: 'k8s-manifests', action: 'update', origin,
      fields: [{ path: '/data/LOG_LEVEL', before: 'debug', after: 'info', sensitive: false }],
    });
    expect(custom.judge(change('outside'))).toEqual({ severity: 'critical', rule: 'mine.live-debug' });
    expect(custom.judge(change('planned'))).toEqual({ severity: 'medium', rule: 'k8s.config' });
  });

  test.each([
    [['10.0.0.0/8'], '0.0.0.0/0', 'opened'],
    [['2001:db8::/32'], '::/0', 'opened'],
    [['10.0.0.0/8'], '172.16.0.0/12', 'widened'],
    [['10.0.0.0/16'], '10.0.0.0/8', 'widened'],
    [['10.0.0.0/8'], '10.2.3.4', undefined],
    [['10.0.0.0/8'], '10.1.0.0/16', undefined],
    [['2001:db8::/32'], '2001:db8:1::/48', undefined],
    [['0.0.0.0/0'], '0.0.0.0/0', undefined],
    [[], 'sg-0123456789', undefined],
    [['10.0.0.0/8'], ['10.0.0.0/9', '192.168.1.0/24'], 'widened'],
  ] as const)('address ranges %j → %j: %s', (from, to, expected) => {
    expect(classifyCidrChange(from, to)).toBe(expected);
  });
});

describe('auto-approval (auto_approve_safe) never calls a live-risk change safe', () => {
  const config = parseConfig('approval:\n  environments:\n    staging: { required_approvals: 1, auto_approve_safe: true }\n', 'gitops-sync.yaml');

  test('a cluster running an image off Git\'s digest pin makes the changes critical, though Git\'s own change is a harmless-looking pin', () => {
    const ref = { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
    const field = { path: '/spec/template/spec/containers/0/image', before: 'registry.example.com/shop/web:latest', after: PINNED, sensitive: false };
    const planned = k8sChange(ref, 'k8s-manifests', 'update', 'planned', [{ ...field }]);
    const outside = k8sChange(ref, 'k8s-manifests', 'update', 'outside', [{ ...field }]);
    expect(judgeCritical([planned], config)).toBe(false);
    expect(judgeCritical([outside, planned], config)).toBe(true);
  });

  test('a Terraform plan whose drift opened a security group, re-judged from its report, is critical', async () => {
    const changes = await analyzePlan(
      driftPlan([{ address: 'aws_vpc_security_group_ingress_rule.web', type: 'aws_vpc_security_group_ingress_rule', git: { cidr_ipv4: '10.0.0.0/8' }, live: { cidr_ipv4: '0.0.0.0/0' } }]),
    );
    expect(judgeCritical(changes.filter((change) => change.origin === 'outside').map(unjudged), config)).toBe(true);
  });
});
