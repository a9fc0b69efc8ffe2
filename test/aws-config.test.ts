import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { AWS_CONFIG_SOURCE, defaultRules, fieldFromAnnotation, parseAwsConfigCompliance, reportFromChanges, type DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { callLines, fakeTools } from './support/fake-kubectl.js';
import { tempDir } from './support/temp-dir.js';
import { expectUserError } from './support/user-error.js';

/*
 * AWS Config results as the AWS CLI prints them with --output json, built from the shapes the API
 * reference documents (API_GetComplianceDetailsByConfigRule, API_EvaluationResult,
 * API_DescribeComplianceByResource, API_DescribeComplianceByConfigRule).
 */
type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';
const evaluation = (rule: string, type: string, id: string, compliance: Compliance = 'NON_COMPLIANT', annotation?: string) => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: type, ResourceId: id, EvaluationMode: 'DETECTIVE' },
    OrderingTimestamp: '2026-11-30T09:12:44.301000+00:00',
    ResourceEvaluationId: `${rule}-${id}-eval`,
  },
  ComplianceType: compliance,
  ResultRecordedTime: '2026-11-30T09:12:46.532000+00:00',
  ConfigRuleInvokedTime: '2026-11-30T09:12:44.102000+00:00',
  ...(annotation === undefined ? {} : { Annotation: annotation }),
});
const details = (results: object[], nextToken?: string) => JSON.stringify({ EvaluationResults: results, ...(nextToken ? { NextToken: nextToken } : {}) }, null, 4);
const byResource = (entries: [string, string, Compliance, number][]) =>
  JSON.stringify({
    ComplianceByResources: entries.map(([type, id, compliance, count]) => ({
      ResourceType: type,
      ResourceId: id,
      Compliance: { ComplianceType: compliance, ...(compliance === 'NON_COMPLIANT' ? { ComplianceContributorCount: { CappedCount: count, CapExceeded: false } } : {}) },
    })),
  });
const byRule = (rules: string[]) =>
  JSON.stringify({ ComplianceByConfigRules: rules.map((rule) => ({ ConfigRuleName: rule, Compliance: { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: 1, CapExceeded: false } } })) });

const BUCKET = 'AWS::S3::Bucket/acme-logs';
const SG = 'AWS::EC2::SecurityGroup/sg-0a1b2c3d4e5f67890';
const compliance = (rule: string) => ({ path: `/compliance/${rule}`, before: 'NON_COMPLIANT', after: 'COMPLIANT', sensitive: false });

/** Whether a process is alive: not gone and not a zombie nobody has reaped yet (a container's init may not). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

const parse = (text: string) => parseAwsConfigCompliance(text, 'compliance.json');
const judged = (text: string, rules = defaultRules()) => reportFromChanges(parse(text), { environment: 'production', sources: [AWS_CONFIG_SOURCE], rules, generatedAt: '2026-12-01T00:00:00Z' });
const verdicts = (report: DriftReport) => Object.fromEntries(report.changes.map((change) => [change.address, `${change.severity} ${change.rule}`]));

describe('AWS Config results as changes', () => {
  test('each non-compliant resource is one change made outside Git, with a field per rule it breaks', () => {
    const changes = parse(
      details([
        evaluation('s3-bucket-public-read-prohibited', 'AWS::S3::Bucket', 'acme-logs'),
        evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-0a1b2c3d4e5f67890'),
        evaluation('s3-bucket-versioning-enabled', 'AWS::S3::Bucket', 'acme-logs'),
        evaluation('s3-bucket-versioning-enabled', 'AWS::S3::Bucket', 'acme-assets', 'COMPLIANT'),
        evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-0ffff', 'NOT_APPLICABLE'),
        evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-0eeee', 'INSUFFICIENT_DATA'),
      ]),
    );
    expect(changes).toEqual([
      { address: BUCKET, kind: 'AWS::S3::Bucket', source: 'aws-config', action: 'update', origin: 'outside', fields: [compliance('s3-bucket-public-read-prohibited'), compliance('s3-bucket-versioning-enabled')] },
      { address: SG, kind: 'AWS::EC2::SecurityGroup', source: 'aws-config', action: 'update', origin: 'outside', fields: [compliance('restricted-ssh')] },
    ]);
  });

  test('a resource id that is an ARN is kept whole in the address', () => {
    const arn = 'arn:aws:iam::123456789012:role/deploy';
    const [change] = parse(details([evaluation('iam-policy-no-statements-with-admin-access', 'AWS::IAM::Role', arn)]));
    expect(change.address).toBe(`AWS::IAM::Role/${arn}`);
  });

  test('an annotation that names the field (field=, actual=, expected=) adds that field beside the rule', () => {
    const [change] = parse(details([evaluation('acme-bucket-encryption', 'AWS::S3::Bucket', 'acme-logs', 'NON_COMPLIANT', 'Default encryption is off: field=Configuration.ServerSideEncryptionConfiguration.Rules[0].SSEAlgorithm actual=none expected="aws:kms"')]));
    expect(change.fields).toEqual([
      compliance('acme-bucket-encryption'),
      { path: '/Configuration/ServerSideEncryptionConfiguration/Rules/0/SSEAlgorithm', before: 'none', after: 'aws:kms', sensitive: false },
    ]);
    expect(fieldFromAnnotation('field=/supplementaryConfiguration/BucketVersioningConfiguration/status')).toEqual({ path: '/supplementaryConfiguration/BucketVersioningConfiguration/status', before: null, after: null, sensitive: false });
    // An AWS-managed rule's free text names no field: only the rule is reported.
    const [managed] = parse(details([evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1', 'NON_COMPLIANT', 'The security group allows unrestricted incoming SSH traffic.')]));
    expect(managed.fields).toEqual([compliance('restricted-ssh')]);
  });

  test('an annotation naming a secret setting: its value is masked and handed to the redactor', () => {
    const secrets: string[] = [];
    const changes = parseAwsConfigCompliance(details([evaluation('acme-rds-password', 'AWS::RDS::DBInstance', 'db-1', 'NON_COMPLIANT', 'field=Configuration.MasterUserPassword actual=Sup3rS3cret! expected=rotated')]), 'c.json', (value) => secrets.push(value));
    expect(changes[0].fields[1]).toEqual({ path: '/Configuration/MasterUserPassword', before: '(sensitive)', after: '(sensitive)', sensitive: true });
    expect(secrets).toContain('Sup3rS3cret!');
  });

  test('describe-compliance-by-resource (no rule names) gives one /compliance field per non-compliant resource', () => {
    const changes = parse(byResource([['AWS::S3::Bucket', 'acme-logs', 'NON_COMPLIANT', 2], ['AWS::S3::Bucket', 'acme-assets', 'COMPLIANT', 0], ['AWS::IAM::User', 'AIDAEXAMPLE', 'NON_COMPLIANT', 1]]));
    expect(changes.map((change) => [change.address, change.fields])).toEqual([
      [BUCKET, [{ path: '/compliance', before: 'NON_COMPLIANT', after: 'COMPLIANT', sensitive: false }]],
      ['AWS::IAM::User/AIDAEXAMPLE', [{ path: '/compliance', before: 'NON_COMPLIANT', after: 'COMPLIANT', sensitive: false }]],
    ]);
  });

  test('severity by rule name: public access, open SSH, IAM and encryption critical, trails high, tags low, the rest medium', () => {
    const report = judged(
      details([
        evaluation('s3-bucket-public-read-prohibited', 'AWS::S3::Bucket', 'public'),
        evaluation('securityhub-restricted-ssh-4a2b1c', 'AWS::EC2::SecurityGroup', 'sg-ssh'),
        evaluation('vpc-sg-open-only-to-authorized-ports-conformance-pack-x1', 'AWS::EC2::SecurityGroup', 'sg-ports'),
        evaluation('iam-user-mfa-enabled', 'AWS::IAM::User', 'AIDAUSER'),
        evaluation('root-account-mfa-enabled', 'AWS::::Account', '123456789012'),
        evaluation('encrypted-volumes', 'AWS::EC2::Volume', 'vol-1'),
        evaluation('rds-storage-encrypted', 'AWS::RDS::DBInstance', 'db-1'),
        evaluation('cloudtrail-enabled', 'AWS::::Account', '210987654321'),
        evaluation('required-tags', 'AWS::EC2::Instance', 'i-tags'),
        evaluation('ec2-instance-managed-by-systems-manager', 'AWS::EC2::Instance', 'i-ssm'),
      ]),
    );
    expect(verdicts(report)).toEqual({
      'AWS::S3::Bucket/public': 'critical aws-config.public-access',
      'AWS::EC2::SecurityGroup/sg-ssh': 'critical aws-config.network-open',
      'AWS::EC2::SecurityGroup/sg-ports': 'critical aws-config.network-open',
      'AWS::IAM::User/AIDAUSER': 'critical aws-config.identity',
      'AWS::::Account/123456789012': 'critical aws-config.identity',
      'AWS::EC2::Volume/vol-1': 'critical aws-config.encryption',
      'AWS::RDS::DBInstance/db-1': 'critical aws-config.encryption',
      'AWS::::Account/210987654321': 'high aws-config.audit-logging',
      'AWS::EC2::Instance/i-tags': 'low aws-config.tagging',
      'AWS::EC2::Instance/i-ssm': 'medium default.unclassified',
    });
    // A resource breaking a tagging rule and a public-access rule is as severe as the worse.
    const both = judged(details([evaluation('required-tags', 'AWS::S3::Bucket', 'b'), evaluation('s3-bucket-level-public-access-prohibited', 'AWS::S3::Bucket', 'b')]));
    expect(verdicts(both)).toEqual({ 'AWS::S3::Bucket/b': 'critical aws-config.public-access' });
  });
});

describe('gitops-sync analyze --source aws-config', () => {
  const folder = () => {
    const dir = tempDir('gitops-sync-aws-config-');
    writeFileSync(
      join(dir, 'gitops-sync.yaml'),
      [
        'environments:',
        '  production: { aws_config: { file: compliance.json } }',
        'severity:',
        '  rules:',
        '    # A custom rule of ours, keyed by its name like the built-in ones.',
        '    - { id: acme.no-default-vpc, severity: high, match: { source: aws-config, path: "/compliance/acme-no-default-vpc*" } }',
        '',
      ].join('\n'),
    );
    return dir;
  };

  test('reads the saved JSON, judges it with the default and the configured rules, exit 2 on drift', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'compliance.json'), details([evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1'), evaluation('acme-no-default-vpc', 'AWS::EC2::VPC', 'vpc-1')]));
    const run = await cli(['analyze', '--source', 'aws-config', '--input', 'compliance.json', '--environment', 'production', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.sources).toEqual(['aws-config']);
    expect(verdicts(report)).toEqual({ 'AWS::EC2::SecurityGroup/sg-1': 'critical aws-config.network-open', 'AWS::EC2::VPC/vpc-1': 'high acme.no-default-vpc' });
  });

  test('a result where everything complies is no drift: exit 0', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'compliance.json'), details([evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1', 'COMPLIANT')]));
    const run = await cli(['analyze', '--source', 'aws-config', '--input', 'compliance.json', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ drift_detected: false, total_changes: 0 });
  });

  const bad: [string, string, RegExp][] = [
    ['truncated JSON', details([evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1')]).slice(0, 120), /compliance\.json is not valid JSON \(truncated or not JSON at all\); pass the JSON of `aws configservice/],
    ['a Terraform plan', JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: [] }), /is not an AWS Config compliance result \(it has neither EvaluationResults nor ComplianceByResources\)/],
    ['an empty object', '{}', /is not an AWS Config compliance result/],
    ['a JSON array', '[]', /is not an AWS Config compliance result \(a JSON object/],
    ['one page of several', details([evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1')], 'eyJOZXh0VG9rZW4iOiBudWxsfQ=='), /is one page of several \(it has a NextToken\)/],
    ['a result without its qualifier', JSON.stringify({ EvaluationResults: [{ ComplianceType: 'NON_COMPLIANT' }] }), /EvaluationResults\[0\] has no EvaluationResultIdentifier\.EvaluationResultQualifier/],
    ['a result without a resource id', JSON.stringify({ EvaluationResults: [{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'r', ResourceType: 'AWS::S3::Bucket' } }, ComplianceType: 'NON_COMPLIANT' }] }), /EvaluationResults\[0\] has no ResourceId/],
  ];
  test.each(bad)('%s: one sentence, exit 1, nothing written', async (_name, text, message) => {
    const dir = folder();
    writeFileSync(join(dir, 'compliance.json'), text);
    expectUserError(() => parse(text), message);
    const run = await cli(['analyze', '--source', 'aws-config', '--input', 'compliance.json', '--output', 'report.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});

describe('gitops-sync drift <env> with environments.<env>.aws_config (a stand-in aws on PATH)', () => {
  const estate = (settings: string) => {
    const dir = tempDir('gitops-sync-aws-config-env-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    aws_config: ${settings}\n`);
    return dir;
  };

  test('runs get-compliance-details-by-config-rule per configured rule, following NextToken pages', async () => {
    const tools = fakeTools({
      aws: [
        { match: /--config-rule-name restricted-ssh .*--starting-token page-2/, stdout: details([evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-2')]) },
        { match: /--config-rule-name restricted-ssh /, stdout: details([evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1')], 'page-2') },
        { match: /--config-rule-name required-tags /, stdout: details([evaluation('required-tags', 'AWS::EC2::Instance', 'i-1'), evaluation('required-tags', 'AWS::EC2::SecurityGroup', 'sg-1')]) },
      ],
    });
    const dir = estate('{ rules: [restricted-ssh, required-tags], region: eu-west-1 }');
    const run = await cli(['drift', 'production', '--format', 'json'], { cwd: dir, env: tools.env });
    expect(run.code).toBe(2);
    expect(callLines(tools.calls())).toEqual([
      'aws configservice get-compliance-details-by-config-rule --config-rule-name restricted-ssh --compliance-types NON_COMPLIANT --region eu-west-1 --output json',
      'aws configservice get-compliance-details-by-config-rule --config-rule-name restricted-ssh --compliance-types NON_COMPLIANT --starting-token page-2 --region eu-west-1 --output json',
      'aws configservice get-compliance-details-by-config-rule --config-rule-name required-tags --compliance-types NON_COMPLIANT --region eu-west-1 --output json',
    ]);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.sources).toEqual(['aws-config']);
    expect(report.changes.map((change) => [change.address, change.fields.map((field) => field.path), change.severity])).toEqual([
      ['AWS::EC2::SecurityGroup/sg-1', ['/compliance/restricted-ssh', '/compliance/required-tags'], 'critical'],
      ['AWS::EC2::SecurityGroup/sg-2', ['/compliance/restricted-ssh'], 'critical'],
      ['AWS::EC2::Instance/i-1', ['/compliance/required-tags'], 'low'],
    ]);
  });

  test('with no rules named, asks which rules have non-compliant resources first; resource_types keeps those types only', async () => {
    const tools = fakeTools({
      aws: [
        { match: /describe-compliance-by-config-rule --compliance-types NON_COMPLIANT --output json$/, stdout: byRule(['s3-bucket-public-read-prohibited', 'encrypted-volumes']) },
        { match: /--config-rule-name s3-bucket-public-read-prohibited /, stdout: details([evaluation('s3-bucket-public-read-prohibited', 'AWS::S3::Bucket', 'acme-logs')]) },
        { match: /--config-rule-name encrypted-volumes /, stdout: details([evaluation('encrypted-volumes', 'AWS::EC2::Volume', 'vol-1')]) },
      ],
    });
    const dir = estate('{ resource_types: ["AWS::S3::Bucket"] }');
    const dry = await cli(['drift', 'production', '--dry-run'], { cwd: dir, env: tools.env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('aws configservice describe-compliance-by-config-rule --compliance-types NON_COMPLIANT --output json');
    expect(tools.calls()).toEqual([]);
    const run = await cli(['drift', 'production', '--format', 'json'], { cwd: dir, env: tools.env });
    expect(run.code).toBe(2);
    expect(callLines(tools.calls())).toHaveLength(3);
    expect((JSON.parse(run.stdout) as DriftReport).changes.map((change) => change.address)).toEqual([BUCKET]);
  });

  test('an aws that fails with AccessDenied: one sentence naming the permission, not the principal it quoted', async () => {
    const tools = fakeTools({
      aws: [
        {
          match: /./,
          exit: 254,
          stderr: '\nAn error occurred (AccessDeniedException) when calling the GetComplianceDetailsByConfigRule operation: User: arn:aws:sts::123456789012:assumed-role/ci-drift/GitHubActions is not authorized to perform: config:GetComplianceDetailsByConfigRule because no identity-based policy allows the config:GetComplianceDetailsByConfigRule action\n',
        },
      ],
    });
    const run = await cli(['drift', 'production'], { cwd: estate('{ rules: [restricted-ssh] }'), env: tools.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/aws configservice get-compliance-details-by-config-rule \(rule restricted-ssh\) failed \(exit 254, AccessDeniedException\); give the role config:DescribeComplianceByConfigRule, config:GetComplianceDetailsByConfigRule/);
    expect(run.stderr).not.toContain('123456789012');
    // Before it, only the progress line saying which call ran.
    expect(run.stderr.trim().split('\n').filter((line) => !line.endsWith('(rule restricted-ssh)'))).toHaveLength(1);
  });

  test('expired credentials are told as such', async () => {
    const tools = fakeTools({ aws: [{ match: /./, exit: 254, stderr: 'An error occurred (ExpiredTokenException) when calling the DescribeComplianceByConfigRule operation: The security token included in the request is expired\n' }] });
    const run = await cli(['drift', 'production'], { cwd: estate('{}'), env: tools.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failed \(exit 254, ExpiredTokenException\); the AWS credentials are missing or expired: log in first/);
  });

  test('an aws that never answers is stopped after timeout_seconds: one sentence, exit 1', async () => {
    const bin = tempDir('gitops-sync-aws-hang-');
    // A shell script whose child sleeps: stopping the script alone would leave the sleep holding the pipe.
    const pidFile = join(bin, 'sleep.pid');
    writeFileSync(join(bin, 'aws'), `#!/bin/sh\nsleep 120 &\necho $! > ${pidFile}\nwait\necho "{}"\n`);
    chmodSync(join(bin, 'aws'), 0o755);
    const started = Date.now();
    const run = await cli(['drift', 'production'], { cwd: estate('{ rules: [restricted-ssh], timeout_seconds: 1 }'), env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/aws configservice did not answer within 1 s and was stopped; check the network and the AWS credentials, or raise timeout_seconds\./);
    // What the stand-in started was stopped with it.
    const sleeping = Number(readFileSync(pidFile, 'utf8'));
    for (let waited = 0; running(sleeping) && waited < 2000; waited += 100) await new Promise((done) => setTimeout(done, 100));
    expect(running(sleeping)).toBe(false);
  });

  test('an aws that prints something else than JSON', async () => {
    const tools = fakeTools({ aws: [{ match: /./, stdout: 'EVALUATIONRESULTS\t2026-11-30\n' }] });
    const run = await cli(['drift', 'production'], { cwd: estate('{ rules: [restricted-ssh] }'), env: tools.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/printed something that is not JSON/);
  });

  test('no aws on PATH: one sentence saying to install it or use a saved file', async () => {
    const empty = tempDir('gitops-sync-no-aws-');
    mkdirSync(join(empty, 'bin'));
    const run = await cli(['drift', 'production'], { cwd: estate('{ rules: [restricted-ssh] }'), env: { PATH: join(empty, 'bin') } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/aws is not installed or not on PATH; install AWS CLI v2, or set file: to a saved result/);
  });

  test('a saved file in the config is read instead of running aws; a bad config key is refused', async () => {
    const dir = estate('{ file: saved/compliance.json }');
    mkdirSync(join(dir, 'saved'));
    writeFileSync(join(dir, 'saved', 'compliance.json'), details([evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1')]));
    const run = await cli(['drift', 'production', '--format', 'json'], { cwd: dir, env: { PATH: '/nonexistent' } });
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as DriftReport).changes.map((change) => change.address)).toEqual(['AWS::EC2::SecurityGroup/sg-1']);
    const refused = await cli(['drift', 'production'], { cwd: estate('{ rules: ["--debug"] }'), env: { PATH: '/nonexistent' } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/a Config rule name is letters, digits, - and _/);
    const both = await cli(['drift', 'production'], { cwd: estate('{ file: x.json, rules: [restricted-ssh] }'), env: { PATH: '/nonexistent' } });
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/file reads a saved result as it is/);
  });
});
