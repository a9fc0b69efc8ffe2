import { writeFileSync } from 'node:fs';
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

  test('INSUFFICIENT_DATA and NOT_APPLICABLE are still no drift', async () => {
    const run = await analyze('aws-config', { EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-1', 'INSUFFICIENT_DATA'), evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-2', 'NOT_APPLICABLE')] });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
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
