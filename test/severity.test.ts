import { readFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { load } from 'js-yaml';
import { defaultRules, mergeRules, SeverityEngine, SeverityRuleSet, type UnjudgedChange } from '@gitops-sync/core';

const engine = new SeverityEngine(defaultRules());
const change = (kind: string, action: UnjudgedChange['action'], paths: string[] = [], origin: UnjudgedChange['origin'] = 'planned'): UnjudgedChange => ({
  address: `${kind}.example`,
  kind,
  source: 'terraform-plan',
  action,
  origin,
  fields: paths.map((path) => ({ path, before: 'a', after: 'b', sensitive: false })),
});

describe('default severity rules for Terraform', () => {
  test.each([
    ['aws_iam_role', 'update', ['/assume_role_policy'], 'critical', 'tf.identity.iam'],
    ['aws_iam_policy', 'create', ['/policy'], 'critical', 'tf.identity.iam'],
    ['google_project_iam_member', 'update', ['/member'], 'critical', 'tf.identity.iam'],
    ['azurerm_role_assignment', 'delete', [], 'critical', 'tf.identity.iam'],
    ['aws_secretsmanager_secret_version', 'update', ['/secret_string'], 'critical', 'tf.secrets.store'],
    ['aws_kms_key', 'update', ['/enable_key_rotation'], 'critical', 'tf.secrets.store'],
    ['aws_security_group', 'update', ['/ingress/0/cidr_blocks/0'], 'critical', 'tf.network.firewall'],
    ['google_compute_firewall', 'update', ['/source_ranges/0'], 'critical', 'tf.network.firewall'],
    ['azurerm_network_security_rule', 'update', ['/destination_port_range'], 'critical', 'tf.network.firewall'],
    ['aws_s3_bucket_public_access_block', 'update', ['/block_public_acls'], 'critical', 'tf.public-access.block'],
    ['aws_db_instance', 'update', ['/publicly_accessible'], 'critical', 'tf.public-access.attribute'],
    ['aws_db_instance', 'delete', [], 'critical', 'tf.stateful.destroy'],
    ['aws_s3_bucket', 'replace', ['/bucket'], 'critical', 'tf.stateful.destroy'],
    ['google_sql_database_instance', 'replace', [], 'critical', 'tf.stateful.destroy'],
    ['azurerm_managed_disk', 'delete', [], 'critical', 'tf.stateful.destroy'],
    ['aws_instance', 'delete', [], 'high', 'default.delete-or-replace'],
    ['aws_instance', 'update', ['/instance_type'], 'high', 'tf.compute.size'],
    ['aws_autoscaling_group', 'update', ['/desired_capacity'], 'high', 'tf.compute.size'],
    ['aws_route53_record', 'update', ['/records/0'], 'high', 'tf.network.routing'],
    ['aws_db_instance', 'update', ['/allocated_storage'], 'high', 'tf.storage.size'],
    ['aws_instance', 'update', ['/ami'], 'high', 'tf.image.version'],
    ['aws_lambda_function', 'update', ['/environment/0/variables/LOG_LEVEL'], 'medium', 'tf.config.values'],
    ['aws_instance', 'update', ['/tags/Owner'], 'medium', 'tf.labels.tags'],
    ['aws_instance', 'update', ['/some_new_setting'], 'medium', 'default.unclassified'],
    ['aws_instance', 'update', ['/description'], 'low', 'default.description'],
    ['aws_instance', 'update', ['/tags/Owner', '/instance_type', '/description'], 'high', 'tf.compute.size'],
    ['aws_instance', 'create', ['/associate_public_ip_address', '/instance_type', '/tags/Name'], 'medium', 'default.unclassified'],
    ['aws_instance', 'delete', ['/associate_public_ip_address', '/password'], 'high', 'default.delete-or-replace'],
    ['kubernetes_deployment', 'update', ['/spec/0/replicas'], 'high', 'tf.compute.size'],
  ] as const)('%s %s %j is %s by %s', (kind, action, paths, severity, rule) => {
    expect(engine.judge(change(kind, action, [...paths]))).toEqual({ severity, rule });
  });

  test('every default rule has a unique id and a description', () => {
    const ids = defaultRules().rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(defaultRules().rules.every((rule) => rule.description)).toBe(true);
    expect(readFileSync(new URL('../packages/core/src/severity/default-rules.yaml', import.meta.url), 'utf8')).toContain('fallback:');
  });

  test('default-rules.validated.json, which the code reads, is default-rules.yaml validated (npm run build writes it)', () => {
    const yaml = SeverityRuleSet.parse(load(readFileSync(new URL('../packages/core/src/severity/default-rules.yaml', import.meta.url), 'utf8')));
    expect(defaultRules()).toEqual(yaml);
    expect(readFileSync(new URL('../packages/core/src/severity/default-rules.validated.json', import.meta.url), 'utf8')).toBe(`${JSON.stringify(yaml, null, 2)}\n`);
  });
});

describe('value rules', () => {
  const judgeValues = (kind: string, action: UnjudgedChange['action'], fields: [string, unknown, boolean?][]) =>
    engine.judge({ ...change(kind, action), fields: fields.map(([path, after, sensitive]) => ({ path, before: null, after, sensitive: sensitive ?? false })) });

  test.each([
    ['kubernetes_deployment', 'create', '/spec/0/template/0/spec/0/container/0/security_context/0/privileged', true, 'critical', 'tf.pod-security.escalation'],
    ['kubernetes_deployment', 'create', '/spec/0/template/0/spec/0/container/0/security_context/0/privileged', false, 'medium', 'default.unclassified'],
    ['kubernetes_pod_v1', 'update', '/spec/0/host_pid', true, 'critical', 'tf.pod-security.escalation'],
    ['kubernetes_pod_v1', 'update', '/spec/0/security_context/0/run_as_user', '0', 'critical', 'tf.pod-security.root-user'],
    ['kubernetes_pod_v1', 'update', '/spec/0/security_context/0/run_as_user', '1000', 'medium', 'default.unclassified'],
    ['kubernetes_pod_v1', 'create', '/spec/0/volume/0/host_path/0/path', '/var/run/docker.sock', 'critical', 'tf.pod-security.host-access'],
    ['kubernetes_deployment', 'update', '/spec/0/template/0/spec/0/container/0/image', 'nginx:latest', 'critical', 'default.image.latest'],
    ['kubernetes_deployment', 'update', '/spec/0/template/0/spec/0/container/0/image', 'nginx:1.27', 'high', 'tf.image.version'],
  ] as const)('%s %s %s = %j is %s by %s', (kind, action, path, after, severity, rule) => {
    expect(judgeValues(kind, action, [[path, after]])).toEqual({ severity, rule });
  });

  test('a changed sensitive value is critical, an unchanged-kind create with one is not', () => {
    expect(judgeValues('terraform_data', 'update', [['/input', '(sensitive)', true]])).toEqual({ severity: 'critical', rule: 'tf.secrets.sensitive-value' });
    expect(judgeValues('terraform_data', 'create', [['/input', '(sensitive)', true]]).severity).toBe('medium');
  });
});

describe('default severity rules for Kubernetes', () => {
  const k8s = (kind: string, action: UnjudgedChange['action'], fields: [string, unknown][], origin: UnjudgedChange['origin'] = 'planned', source = 'k8s-manifests'): UnjudgedChange => ({
    address: `x/v1/${kind}/ns/name`,
    kind,
    source,
    action,
    origin,
    fields: fields.map(([path, after]) => ({ path, before: null, after, sensitive: false })),
  });

  test.each([
    ['ClusterRole', 'update', [['/rules/0/verbs/0', '*']], 'outside', 'critical', 'k8s.rbac'],
    ['Secret', 'update', [['/data/password', '(sensitive)']], 'planned', 'critical', 'k8s.secrets'],
    ['MutatingWebhookConfiguration', 'update', [['/webhooks/0/failurePolicy', 'Ignore']], 'planned', 'critical', 'k8s.admission'],
    ['NetworkPolicy', 'delete', [], 'planned', 'critical', 'k8s.network-policy'],
    ['Deployment', 'update', [['/spec/template/spec/containers/0/securityContext', null]], 'outside', 'critical', 'k8s.pod-security.outside'],
    ['Deployment', 'create', [['/spec/template/spec/hostNetwork', true]], 'planned', 'critical', 'k8s.pod-security.escalation'],
    ['Deployment', 'create', [['/spec/template/spec/containers/0/securityContext/runAsNonRoot', true], ['/spec/template/spec/containers/0/image', 'web:1.0']], 'planned', 'medium', 'default.unclassified'],
    ['Pod', 'update', [['/spec/volumes/0/hostPath/path', '/']], 'planned', 'critical', 'k8s.pod-security.host-access'],
    ['Deployment', 'update', [['/spec/template/spec/containers/0/securityContext/privileged', null]], 'outside', 'critical', 'k8s.pod-security.outside'],
    ['Namespace', 'update', [['/metadata/labels/pod-security.kubernetes.io~1enforce', 'privileged']], 'planned', 'critical', 'k8s.pod-security.namespace-labels'],
    ['PersistentVolumeClaim', 'delete', [], 'planned', 'critical', 'k8s.stateful.destroy'],
    ['Deployment', 'update', [['/spec/template/spec/containers/0/image', 'web:latest']], 'planned', 'critical', 'default.image.latest'],
    ['Deployment', 'update', [['/spec/template/spec/containers/0/image', 'web:1.1']], 'planned', 'high', 'k8s.image'],
    ['Deployment', 'update', [['/spec/replicas', 3]], 'planned', 'high', 'k8s.scaling'],
    ['Service', 'update', [['/spec/ports/0/port', 8080]], 'planned', 'high', 'k8s.networking'],
    ['ConfigMap', 'update', [['/data/LOG_LEVEL', 'debug']], 'planned', 'medium', 'k8s.config'],
    ['Deployment', 'update', [['/metadata/labels/team', 'a']], 'planned', 'medium', 'k8s.labels'],
    ['Deployment', 'delete', [], 'planned', 'high', 'default.delete-or-replace'],
  ] as const)('%s %s %j (%s) is %s by %s', (kind, action, fields, origin, severity, rule) => {
    expect(engine.judge(k8s(kind, action, fields.map(([path, after]) => [path, after]), origin))).toEqual({ severity, rule });
  });
});

describe('image changes', () => {
  const imageChange = (before: string, after: string) =>
    engine.judge({ address: 'apps/v1/Deployment/shop/web', kind: 'Deployment', source: 'k8s-manifests', action: 'update', origin: 'planned', fields: [{ path: '/spec/template/spec/containers/0/image', before, after, sensitive: false }] });

  test.each([
    ['registry.example.com/web@sha256:abc', 'registry.example.com/web:1.2', 'critical', 'default.image.unpinned'],
    ['registry.example.com/web:1.2', 'evil.example.net/web:1.2', 'critical', 'default.image.unpinned'],
    ['web:1.2', 'docker.io/web:1.2', 'high', 'k8s.image'],
    ['localhost:5000/web:1', 'localhost:5000/web:2', 'high', 'k8s.image'],
    ['web:1.2', 'web:latest', 'critical', 'default.image.latest'],
    ['web:1.2@sha256:abc', 'web:1.3@sha256:def', 'high', 'k8s.image'],
  ])('%s → %s is %s by %s', (before, after, severity, rule) => {
    expect(imageChange(before, after)).toEqual({ severity, rule });
  });
});

describe('user rules', () => {
  test('a user rule with a default id replaces the default rule', () => {
    const rules = mergeRules(defaultRules(), [{ id: 'tf.labels.tags', severity: 'low', match: { source: ['terraform-plan'], path: ['/tags/**'] } }]);
    expect(new SeverityEngine(rules).judge(change('aws_instance', 'update', ['/tags/Owner']))).toEqual({ severity: 'low', rule: 'tf.labels.tags' });
  });

  test('a new user rule can raise a kind to critical', () => {
    const rules = mergeRules(defaultRules(), [{ id: 'team.payments', severity: 'critical', match: { kind: ['aws_instance'], path: ['/tags/CostCenter'] } }]);
    expect(new SeverityEngine(rules).judge(change('aws_instance', 'update', ['/tags/CostCenter']))).toEqual({ severity: 'critical', rule: 'team.payments' });
    expect(new SeverityEngine(rules).judge(change('aws_instance', 'update', ['/tags/Owner'])).severity).toBe('medium');
  });

  test('origin-specific rules only match that origin', () => {
    const rules = mergeRules(defaultRules(), [{ id: 'team.outside-is-high', severity: 'high', match: { origin: 'outside' } }]);
    const judge = new SeverityEngine(rules);
    expect(judge.judge(change('aws_instance', 'update', ['/x'], 'outside'))).toEqual({ severity: 'high', rule: 'team.outside-is-high' });
    expect(judge.judge(change('aws_instance', 'update', ['/x'], 'planned'))).toEqual({ severity: 'medium', rule: 'default.unclassified' });
  });
});

describe('report lines of judged changes', () => {
  // V8's serializer tags a string stored two bytes per character 'c' (after the header, and padding
  // zeros). Ids cut from a rules file with non-ASCII text (a user's rules) are stored so; a judged
  // change's line must not be, or every report line doubles in memory and is converted again when joined.
  const twoByte = (text: string) => serialize(text).subarray(2).find((byte) => byte !== 0) === 'c'.charCodeAt(0);

  test('are stored one byte per character, though a rule id is not', () => {
    const id = `tf.identity.iam\u0100`.slice(0, -1);
    expect(twoByte(id)).toBe(true);
    const iam = defaultRules().rules.find((rule) => rule.id === 'tf.identity.iam')!;
    const judge = new SeverityEngine(mergeRules(defaultRules(), [{ ...iam, id }]));
    const [judged] = judge.judgeAll([change('aws_iam_role', 'update', ['/assume_role_policy'])]);
    expect(judged.rule).toBe('tf.identity.iam');
    expect(twoByte(JSON.stringify(judged))).toBe(false);
    const [unexplained] = judge.judgeAll([change('aws_instance', 'update', ['/some_new_setting'])]);
    expect(twoByte(JSON.stringify(unexplained))).toBe(false);
  });
});
