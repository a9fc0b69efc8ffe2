import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { callLines, fakeTools } from './support/fake-kubectl.js';
import { tempDir } from './support/temp-dir.js';

/*
 * AWS Config and Azure Policy results a sloppy conversion or a compromised bot could hand over: a
 * compliance value the service never writes, a paging marker of the wrong type, a second page of
 * rules. Each must be refused (or followed), never read as "everything complies".
 */

const evaluation = (rule: string, type: string, id: string, compliance: string) => ({
  EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: type, ResourceId: id, EvaluationMode: 'DETECTIVE' }, OrderingTimestamp: '2026-11-30T09:12:44.301000+00:00' },
  ComplianceType: compliance,
  ResultRecordedTime: '2026-11-30T09:12:46.532000+00:00',
  ConfigRuleInvokedTime: '2026-11-30T09:12:44.102000+00:00',
});
const azureState = (complianceState: string) => ({
  resourceId: '/subscriptions/fffedd8f-ffff-fffd-fffd-fffed2f84852/resourcegroups/rg-prod/providers/microsoft.storage/storageaccounts/acmelogs',
  resourceType: 'Microsoft.Storage/storageAccounts',
  complianceState,
  policyDefinitionName: '404c3081-a854-4457-ae30-26a93ef643f9',
  policyAssignmentName: 'acme-baseline',
});

async function analyze(source: 'aws-config' | 'azure-policy', document: unknown) {
  const dir = tempDir('gitops-sync-attack29cloud-');
  writeFileSync(join(dir, 'result.json'), JSON.stringify(document));
  const run = await cli(['analyze', '--source', source, '--input', 'result.json', '--format', 'json', '--output', 'report.json'], { cwd: dir });
  return { ...run, dir };
}

function expectOneSentence(run: { code: number; stdout: string; stderr: string; dir: string }, message: RegExp) {
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
}

describe('AWS Config: a compliance value AWS never writes is refused, not read as compliant', () => {
  test.each(['NonCompliant', 'non_compliant', 'NON-COMPLIANT', ''])('ComplianceType %j', async (value) => {
    const run = await analyze('aws-config', { EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1', 'COMPLIANT'), evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-2', value)] });
    expectOneSentence(run, /result\.json: EvaluationResults\[1\] has (a ComplianceType AWS Config does not write \(".*"\); it writes NON_COMPLIANT, COMPLIANT, NOT_APPLICABLE or INSUFFICIENT_DATA|no ComplianceType); pass the JSON of `aws configservice/);
  });

  test('describe-compliance-by-resource with a Compliance.ComplianceType AWS never writes', async () => {
    const run = await analyze('aws-config', { ComplianceByResources: [{ ResourceType: 'AWS::IAM::Role', ResourceId: 'deploy', Compliance: { ComplianceType: 'Non_Compliant' } }] });
    expectOneSentence(run, /ComplianceByResources\[0\] has a ComplianceType AWS Config does not write \("Non_Compliant"\)/);
  });

  test('INSUFFICIENT_DATA and NOT_APPLICABLE beside an evaluated result are still no drift (alone, nothing was evaluated: refused)', async () => {
    const run = await analyze('aws-config', { EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1', 'INSUFFICIENT_DATA'), evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-2', 'NOT_APPLICABLE'), evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-3', 'COMPLIANT')] });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const unevaluated = await analyze('aws-config', { EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1', 'INSUFFICIENT_DATA'), evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-2', 'NOT_APPLICABLE')] });
    expectOneSentence(unevaluated, /none of its 2 results was evaluated/);
  });

  test.each([[7], [{ token: 'abc' }], [['abc']]])('a NextToken that is not a string (%j) still marks one page of several', async (token) => {
    const run = await analyze('aws-config', { EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1', 'COMPLIANT')], NextToken: token });
    expectOneSentence(run, /result\.json is one page of several \(it has a NextToken\)/);
  });
});

describe('Azure Policy: a complianceState Azure never writes, or another page, is refused', () => {
  test.each(['Non-Compliant', 'Non Compliant', 'failed', ''])('complianceState %j', async (value) => {
    const run = await analyze('azure-policy', [azureState('Compliant'), azureState(value)]);
    expectOneSentence(run, /result\.json: state 1 \(\/subscriptions\/.*acmelogs\) has a complianceState Azure Policy does not write \(".*"\); it writes NonCompliant, Compliant, Conflict, Exempt, Unknown, NotStarted, Error or Protected; pass the JSON of `az policy state list`/);
  });

  test('every state Azure writes other than NonCompliant is no drift, in any letter case', async () => {
    const run = await analyze('azure-policy', ['Compliant', 'Conflict', 'Exempt', 'Unknown', 'NotStarted', 'Error', 'Protected', 'compliant'].map(azureState));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  test.each([
    ['@odata.nextLink', { url: 'https://management.azure.com/…&$skiptoken=abc' }],
    ['nextLink', 'https://management.azure.com/subscriptions/x/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?$skiptoken=abc'],
  ])('a REST body with %s is one page of several', async (key, link) => {
    const run = await analyze('azure-policy', { value: [azureState('Compliant')], [key]: link });
    expectOneSentence(run, /result\.json is one page of several \(it has a(n @odata\.nextLink| nextLink)\)/);
  });
});

describe('drift with environments.<env>.aws_config and no rules named: every page of rules is read', () => {
  test('the rules on the second page of describe-compliance-by-config-rule are asked for too', async () => {
    const byRule = (rules: string[], next?: string) => JSON.stringify({ ComplianceByConfigRules: rules.map((rule) => ({ ConfigRuleName: rule, Compliance: { ComplianceType: 'NON_COMPLIANT' } })), ...(next ? { NextToken: next } : {}) });
    const details = (rule: string, type: string, id: string) => JSON.stringify({ EvaluationResults: [evaluation(rule, type, id, 'NON_COMPLIANT')] });
    const tools = fakeTools({
      aws: [
        { match: /describe-compliance-by-config-rule .*--starting-token rules-2/, stdout: byRule(['restricted-ssh']) },
        { match: /describe-compliance-by-config-rule /, stdout: byRule(['required-tags'], 'rules-2') },
        { match: /--config-rule-name restricted-ssh /, stdout: details('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1') },
        { match: /--config-rule-name required-tags /, stdout: details('required-tags', 'AWS::EC2::Instance', 'i-1') },
      ],
    });
    const dir = tempDir('gitops-sync-attack29cloud-env-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    aws_config: { region: eu-west-1 }\n');
    const run = await cli(['drift', 'production', '--format', 'json'], { cwd: dir, env: tools.env });
    expect(callLines(tools.calls())).toEqual([
      'aws configservice describe-compliance-by-config-rule --compliance-types NON_COMPLIANT --region eu-west-1 --output json',
      'aws configservice describe-compliance-by-config-rule --compliance-types NON_COMPLIANT --starting-token rules-2 --region eu-west-1 --output json',
      'aws configservice get-compliance-details-by-config-rule --config-rule-name required-tags --compliance-types NON_COMPLIANT --region eu-west-1 --output json',
      'aws configservice get-compliance-details-by-config-rule --config-rule-name restricted-ssh --compliance-types NON_COMPLIANT --region eu-west-1 --output json',
    ]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.changes.map((change) => `${change.address} ${change.severity}`)).toEqual(['AWS::EC2::Instance/i-1 low', 'AWS::EC2::SecurityGroup/sg-1 critical']);
  });
});

describe('a resource id that would read as another one', () => {
  // U+202E (right-to-left override) and the isolates make `sg-prod…` display reversed or reordered: "Trojan Source".
  const id = 'sg-0a1b\u202e\u2066ffff-dorp\u2069\u200f';
  test.each(['markdown', 'table'] as const)('bidirectional controls in a ResourceId are not passed to the %s report', async (format) => {
    const dir = tempDir('gitops-sync-attack29cloud-');
    writeFileSync(join(dir, 'result.json'), JSON.stringify({ EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', id, 'NON_COMPLIANT')] }));
    const run = await cli(['analyze', '--source', 'aws-config', '--input', 'result.json', '--format', format], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('AWS::EC2::SecurityGroup/sg-0a1b');
    expect(run.stdout).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|&#(1564|820[67]|823[4-8]|829[4-7]);/);
  });
});

describe('what one rule says cannot stand for another rule, or carry a secret out', () => {
  test("a custom rule's annotation naming a /compliance field is not read: the real rule's finding is shown as it is", async () => {
    const custom = { ...evaluation('acme-custom-check', 'AWS::EC2::SecurityGroup', 'sg-1', 'NON_COMPLIANT'), Annotation: 'field=/compliance/restricted-ssh actual=COMPLIANT expected=COMPLIANT' };
    const run = await analyze('aws-config', { EvaluationResults: [custom, evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1', 'NON_COMPLIANT')] });
    expect(run.code).toBe(2);
    const report = JSON.parse(readFileSync(join(run.dir, 'report.json'), 'utf8')) as DriftReport;
    expect(report.changes[0].fields).toEqual([
      { path: '/compliance/acme-custom-check', before: 'NON_COMPLIANT', after: 'COMPLIANT', sensitive: false },
      { path: '/compliance/restricted-ssh', before: 'NON_COMPLIANT', after: 'COMPLIANT', sensitive: false },
    ]);
  });

  test('an Azure state whose complianceState and isCompliant disagree is refused', async () => {
    const run = await analyze('azure-policy', [{ ...azureState('Compliant'), isCompliant: false }]);
    expectOneSentence(run, /result\.json: state 0 \(.*acmelogs\) says complianceState Compliant but isCompliant false; pass the JSON of `az policy state list`/);
  });

  const apiKey = 'sk-live-8f2b1c9d4e7a6b3c';
  test.each([
    ['an AWS annotation naming an API key', 'aws-config', { EvaluationResults: [{ ...evaluation('acme-webhook-check', 'AWS::Lambda::Function', 'fn-1', 'NON_COMPLIANT'), Annotation: `field=Configuration.environment.apiKey actual=${apiKey} expected=unset` }] }],
    ['an AWS annotation naming a passphrase', 'aws-config', { EvaluationResults: [{ ...evaluation('acme-key-check', 'AWS::Lambda::Function', 'fn-1', 'NON_COMPLIANT'), Annotation: `field=Configuration.sshPassphrase actual=${apiKey}` }] }],
    [
      'an Azure condition on an object holding a secret-named key',
      'azure-policy',
      [{ ...azureState('NonCompliant'), policyEvaluationDetails: { evaluatedExpressions: [{ expression: 'Microsoft.Web/sites/siteConfig', path: 'properties.siteConfig', expressionValue: { minTlsVersion: '1.0', apiKey, connection: { adminPassword: apiKey } }, targetValue: null, operator: 'Exists', result: 'True' }] } }],
    ],
  ])('%s: the value never reaches the report', async (_name, source, document) => {
    const run = await analyze(source as 'aws-config' | 'azure-policy', document);
    expect(run.code).toBe(2);
    expect(readFileSync(join(run.dir, 'report.json'), 'utf8')).not.toContain(apiKey);
    expect(run.stdout + run.stderr).not.toContain(apiKey);
  });
});

test('analyze --help names the cloud sources it reads', async () => {
  const run = await cli(['analyze', '--help'], { cwd: tempDir('gitops-sync-attack29cloud-') });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('analyze --source aws-config|azure-policy|gcp-config-connector|ansible-check|awx-job-events --input SAVED-RESULT');
  expect(run.stdout).toMatch(/--source VALUE +what --input holds: terraform-plan, k8s-manifests, k8s-dirs, flux-diff, kubectl-diff, argocd, aws-config, azure-policy, gcp-config-connector, ansible-check or awx-job-events/);
});
