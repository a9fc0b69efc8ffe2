import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKubectlDiff, SeverityRule, type Change, type DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-attribute-sensitivity-');
// Built at run time so no secret scanner mistakes this file for a leak; the shape AWS documents.
const AWS_SECRET = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');
const GITHUB_TOKEN = `ghp_${'R7x2Kq9ZpL4mN8vB3cT6wY1dF5gH0jS2aE7u'}`;

async function analyze(args: string[]): Promise<{ report: DriftReport; stdout: string }> {
  const run = await cli(['analyze', ...args, '--format', 'json'], { cwd: dir });
  expect(run.stderr).toBe('');
  return { report: JSON.parse(run.stdout) as DriftReport, stdout: run.stdout };
}

describe('Terraform: a store judged by what it holds, not by its type name', () => {
  const update = (address: string, type: string, before: Record<string, unknown>, after: Record<string, unknown>, sensitive: Record<string, unknown> = {}, unknown: Record<string, unknown> = {}) => ({
    address,
    mode: 'managed',
    type,
    name: address.split('.')[1],
    change: { actions: ['update'], before, after, after_unknown: unknown, before_sensitive: sensitive, after_sensitive: sensitive },
  });
  const parameter = (type: string, name: string, description: string) => ({ name, type, tier: 'Standard', description, insecure_value: 'eu-west-1' });
  let changes: Change[];
  let stdout: string;

  beforeAll(async () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: {},
      resource_changes: [
        update('aws_ssm_parameter.region', 'aws_ssm_parameter', parameter('String', '/shop/region', 'old'), parameter('String', '/shop/region', 'new')),
        update('aws_ssm_parameter.region_value', 'aws_ssm_parameter', { name: '/shop/region', type: 'String', insecure_value: 'eu-west-1' }, { name: '/shop/region', type: 'String', insecure_value: 'eu-central-1' }),
        update('aws_ssm_parameter.db', 'aws_ssm_parameter', parameter('SecureString', '/shop/db', 'old'), parameter('SecureString', '/shop/db', 'new')),
        update('aws_ssm_parameter.named', 'aws_ssm_parameter', parameter('String', '/shop/db_password', 'old'), parameter('String', '/shop/db_password', 'new')),
        update('aws_ssm_parameter.unknown', 'aws_ssm_parameter', parameter('String', '/shop/x', 'old'), { ...parameter('String', '/shop/x', 'new'), type: null }, {}, { type: true }),
        update('aws_ssm_parameter.secured', 'aws_ssm_parameter', parameter('String', '/shop/api', 'old'), parameter('SecureString', '/shop/api', 'old')),
        update('azurerm_app_configuration_key.flag', 'azurerm_app_configuration_key', { key: 'feature', type: 'kv', value: 'on' }, { key: 'feature', type: 'kv', value: 'off' }),
        update('azurerm_app_configuration_key.db', 'azurerm_app_configuration_key', { key: 'db', type: 'vault', vault_key_reference: 'https://kv.vault.azure.net/secrets/db/1' }, { key: 'db', type: 'vault', vault_key_reference: 'https://kv.vault.azure.net/secrets/db/2' }),
        update('google_secret_manager_secret.api', 'google_secret_manager_secret', { secret_id: 'api', labels: { team: 'a' } }, { secret_id: 'api', labels: { team: 'b' } }),
      ],
    };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    ({ report: { changes }, stdout } = await analyze(['--source', 'terraform-plan', '--input', 'plan.json']));
  });
  const judged = (address: string) => {
    const change = changes.find((c) => c.address === address)!;
    return [change.severity, change.rule];
  };

  test.each([
    ['a String SSM parameter is a setting', 'aws_ssm_parameter.region', 'low', 'default.description'],
    ["a String SSM parameter's plain value is a setting", 'aws_ssm_parameter.region_value', 'medium', 'default.unclassified'],
    ['a SecureString SSM parameter is a secret', 'aws_ssm_parameter.db', 'critical', 'tf.secrets.ssm-parameter'],
    ['a String SSM parameter named like a password is a secret', 'aws_ssm_parameter.named', 'critical', 'tf.secrets.ssm-parameter-name'],
    ['an SSM parameter of a type only known after apply counts as a secret', 'aws_ssm_parameter.unknown', 'critical', 'tf.secrets.ssm-parameter'],
    ['a parameter turned into a SecureString is a secret', 'aws_ssm_parameter.secured', 'critical', 'tf.secrets.ssm-parameter'],
    ['an Azure App Configuration key-value is a setting', 'azurerm_app_configuration_key.flag', 'medium', 'default.unclassified'],
    ['an Azure App Configuration Key Vault reference is a secret', 'azurerm_app_configuration_key.db', 'critical', 'tf.secrets.app-configuration-vault-reference'],
    ['a GCP Secret Manager secret is always a secret', 'google_secret_manager_secret.api', 'critical', 'tf.secrets.store'],
  ])('%s', (_what, address, severity, rule) => {
    expect(judged(address)).toEqual([severity, rule]);
  });

  test('the report carries the unchanged attribute the judgement rests on, and only for the kinds a rule asks it of', () => {
    expect(changes.find((c) => c.address === 'aws_ssm_parameter.db')!.attributes).toEqual({ '/type': 'SecureString', '/name': '/shop/db' });
    expect(changes.find((c) => c.address === 'aws_ssm_parameter.secured')!.attributes).toEqual({ '/name': '/shop/api' });
    expect(changes.find((c) => c.address === 'aws_ssm_parameter.unknown')!.attributes).toEqual({ '/name': '/shop/x' });
    expect(changes.find((c) => c.address === 'google_secret_manager_secret.api')!.attributes).toBeUndefined();
    expect(stdout).not.toContain('"tier"');
  });

  test('`where` needs either equals or not_equals, and a JSON pointer', () => {
    const parse = (where: unknown) => SeverityRule.safeParse({ id: 'mine', severity: 'high', match: { where } });
    expect(parse({ path: '/type' }).error?.issues[0].message).toBe('`where` has either `equals` or `not_equals`');
    expect(parse({ path: 'type', equals: 'x' }).error?.issues[0].message).toBe('a JSON pointer starting with /');
    expect(SeverityRule.safeParse({ id: 'mine', severity: 'high', match: { source: 'terraform-plan', where: { path: '/type', equals: ['SecureString'] } } }).success).toBe(true);
    expect(parse({ path: '/type', not_equals: ['String'] }).success).toBe(true);
  });

  test('`where` with `equals` is refused for sources that keep no unchanged attribute: it would never match there', () => {
    const refusal = (match: object) => SeverityRule.safeParse({ id: 'mine', severity: 'critical', match }).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    const where = { path: '/metadata/labels/tier', equals: 'prod' };
    for (const match of [{ kind: 'Deployment', where }, { source: 'k8s-manifests', where }, { source: ['terraform-plan', 'argocd'], where }, { source: 'terraform-*', where }]) {
      expect(refusal(match)).toEqual([expect.stringMatching(/^match\.where: `where` with `equals` reads an attribute that did not change only in Terraform plans .*add `source: terraform-plan`/)]);
    }
  });
});

describe('Kubernetes: a ConfigMap that is a Secret in everything but name', () => {
  const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'shop' }, data });
  const compare = async (git: Record<string, string>, live: Record<string, string>) => {
    mkdirSync(join(dir, 'k8s'), { recursive: true });
    writeFileSync(join(dir, 'k8s/app.json'), JSON.stringify(configMap(git)));
    writeFileSync(join(dir, 'live.json'), JSON.stringify(configMap(live)));
    const { report, stdout } = await analyze(['--source', 'k8s-manifests', '--input', 'k8s', '--live', 'live.json']);
    return { change: report.changes[0], stdout };
  };

  test('an AWS secret access key in its data makes it critical, and no value of it is shown', async () => {
    const rotated = AWS_SECRET.replace('EXAMPLE', 'ROTATED');
    const { change, stdout } = await compare({ AWS_SECRET_ACCESS_KEY: rotated, LOG_LEVEL: 'info' }, { AWS_SECRET_ACCESS_KEY: AWS_SECRET, LOG_LEVEL: 'debug' });
    expect([change.severity, change.rule]).toEqual(['critical', 'k8s.secrets.config-map']);
    expect(change.fields).toEqual([
      { path: '/data/AWS_SECRET_ACCESS_KEY', before: '(sensitive)', after: '(sensitive)', sensitive: true },
      { path: '/data/LOG_LEVEL', before: '(sensitive)', after: '(sensitive)', sensitive: true },
    ]);
    expect(stdout).not.toContain(AWS_SECRET);
    expect(stdout).not.toContain(rotated);
  });

  test('a credentials file held in one entry is found line by line', async () => {
    const file = (key: string) => `[default]\nregion = eu-west-1\naws_secret_access_key = ${key}\n`;
    const { change, stdout } = await compare({ credentials: file(AWS_SECRET.replace('EXAMPLE', 'ROTATED')) }, { credentials: file(AWS_SECRET) });
    expect([change.severity, change.rule, change.fields[0].after]).toEqual(['critical', 'k8s.secrets.config-map', '(sensitive)']);
    expect(stdout).not.toContain(AWS_SECRET);
  });

  test('a ConfigMap of plain settings stays a medium configuration change with its values shown', async () => {
    const { change } = await compare({ LOG_LEVEL: 'info', DATABASE_HOST: 'db.shop.svc' }, { LOG_LEVEL: 'debug', DATABASE_HOST: 'db.shop.svc' });
    expect([change.severity, change.rule]).toEqual(['medium', 'k8s.config']);
    expect(change.fields).toEqual([{ path: '/data/LOG_LEVEL', before: 'debug', after: 'info', sensitive: false }]);
  });

  test('kubectl diff output of such a ConfigMap is masked the same way', () => {
    const diff = [
      'diff -u -N /tmp/LIVE-1/v1.ConfigMap.shop.app /tmp/MERGED-1/v1.ConfigMap.shop.app',
      '--- /tmp/LIVE-1/v1.ConfigMap.shop.app\t2026-12-05 10:00:00.000000000 +0000',
      '+++ /tmp/MERGED-1/v1.ConfigMap.shop.app\t2026-12-05 10:00:00.000000000 +0000',
      '@@ -1,6 +1,6 @@',
      ' apiVersion: v1',
      ' data:',
      `-  GITHUB_TOKEN: ${GITHUB_TOKEN}`,
      `+  GITHUB_TOKEN: ${GITHUB_TOKEN.replace('R7x', 'Q8y')}`,
      ' kind: ConfigMap',
      ' metadata:',
      '   name: app',
      '',
    ].join('\n');
    const [change] = parseKubectlDiff(diff, { label: 'kubectl diff' });
    expect(change.fields).toEqual([{ path: '/data/GITHUB_TOKEN', before: '(sensitive)', after: '(sensitive)', sensitive: true }]);
  });
});
