import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { AZURE_POLICY_SOURCE, defaultRules, parseAzurePolicyStates, reportFromChanges, wantedByPolicy, type DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { callLines, fakeTools } from './support/fake-kubectl.js';
import { tempDir } from './support/temp-dir.js';
import { expectUserError } from './support/user-error.js';

/*
 * Policy states as `az policy state list -o json` prints them: the PolicyState of the Policy Insights
 * REST API (Policy States - List Query Results For Subscription), camelCase, with
 * policyEvaluationDetails.evaluatedExpressions when --expand PolicyEvaluationDetails is given.
 */
const SUBSCRIPTION = 'fffedd8f-ffff-fffd-fffd-fffed2f84852';
const STORAGE = `/subscriptions/${SUBSCRIPTION}/resourcegroups/rg-prod/providers/microsoft.storage/storageaccounts/acmelogs`;
const VM = `/subscriptions/${SUBSCRIPTION}/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/web-1`;
const SECURE_TRANSFER = '404c3081-a854-4457-ae30-26a93ef643f9';
const ALLOWED_LOCATIONS = 'e56962a6-4747-49cd-b67b-bf8b01975c4c';

interface Expression {
  expression: string;
  path: string;
  expressionValue: unknown;
  targetValue: unknown;
  operator: string;
  result: 'True' | 'False';
  expressionKind?: string;
}
const typeSelector = (type: string): Expression => ({ expression: 'type', expressionKind: 'Field', path: 'type', expressionValue: type, targetValue: type, operator: 'Equals', result: 'True' });

function state(resourceId: string, resourceType: string, definition: string, complianceState: string, expressions?: Expression[]) {
  return {
    '@odata.id': null,
    '@odata.context': `https://management.azure.com/subscriptions/${SUBSCRIPTION}/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest/$entity`,
    complianceState,
    effectiveParameters: '',
    isCompliant: complianceState === 'Compliant',
    managementGroupIds: 'mg-acme',
    policyAssignmentId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/policyAssignments/acme-baseline`,
    policyAssignmentName: 'acme-baseline',
    policyAssignmentOwner: 'tbd',
    policyAssignmentParameters: '',
    policyAssignmentScope: `/subscriptions/${SUBSCRIPTION}`,
    policyDefinitionAction: 'audit',
    policyDefinitionCategory: 'tbd',
    policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${definition}`,
    policyDefinitionName: definition,
    policyDefinitionReferenceId: '',
    policySetDefinitionCategory: '',
    policySetDefinitionId: '',
    policySetDefinitionName: '',
    resourceGroup: 'rg-prod',
    resourceId,
    resourceLocation: 'westeurope',
    resourceTags: 'tbd',
    resourceType,
    subscriptionId: SUBSCRIPTION,
    timestamp: '2026-11-30T09:10:11.0000000Z',
    ...(expressions ? { policyEvaluationDetails: { evaluatedExpressions: expressions } } : {}),
  };
}

const httpsOff = state(STORAGE, 'Microsoft.Storage/storageAccounts', SECURE_TRANSFER, 'NonCompliant', [
  typeSelector('Microsoft.Storage/storageAccounts'),
  { expression: 'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly', expressionKind: 'Alias', path: 'properties.supportsHttpsTrafficOnly', expressionValue: false, targetValue: true, operator: 'NotEquals', result: 'True' },
]);
const publicNetwork = state(STORAGE, 'Microsoft.Storage/storageAccounts', 'deny-public-network-access', 'NonCompliant', [
  typeSelector('Microsoft.Storage/storageAccounts'),
  { expression: 'Microsoft.Storage/storageAccounts/publicNetworkAccess', expressionKind: 'Alias', path: 'properties.publicNetworkAccess', expressionValue: 'Enabled', targetValue: 'Disabled', operator: 'NotEquals', result: 'True' },
  { expression: 'Microsoft.Storage/storageAccounts/networkAcls.defaultAction', expressionKind: 'Alias', path: 'properties.networkAcls.defaultAction', expressionValue: 'Deny', targetValue: 'Allow', operator: 'Equals', result: 'False' },
]);
const wrongRegion = state(VM, 'Microsoft.Compute/virtualMachines', ALLOWED_LOCATIONS, 'NonCompliant', [
  { expression: 'location', expressionKind: 'Field', path: 'location', expressionValue: 'eastus', targetValue: ['westeurope', 'northeurope'], operator: 'NotIn', result: 'True' },
]);
const untagged = state(VM, 'Microsoft.Compute/virtualMachines', 'require-costcenter-tag', 'NonCompliant', [
  { expression: 'tags[costCenter]', expressionKind: 'Field', path: 'tags[costCenter]', expressionValue: null, targetValue: 'false', operator: 'Exists', result: 'True' },
]);
const compliant = state(`/subscriptions/${SUBSCRIPTION}/resourcegroups/rg-prod/providers/microsoft.storage/storageaccounts/acmeok`, 'Microsoft.Storage/storageAccounts', SECURE_TRANSFER, 'Compliant');

const list = (...states: object[]) => JSON.stringify(states, null, 2);
const parse = (text: string) => parseAzurePolicyStates(text, 'states.json');
const judged = (text: string) => reportFromChanges(parse(text), { environment: 'production', sources: [AZURE_POLICY_SOURCE], rules: defaultRules(), generatedAt: '2026-12-01T00:00:00Z' });
const verdicts = (report: DriftReport) => Object.fromEntries(report.changes.map((change) => [change.address.split('/').pop(), `${change.severity} ${change.rule}`]));
const compliance = (definition: string) => ({ path: `/compliance/${definition}`, before: 'NonCompliant', after: 'Compliant', sensitive: false });

describe('Azure Policy states as changes', () => {
  test('one change per non-compliant resource; the conditions that held give the fields, live value before, what the policy wants after', () => {
    const changes = parse(list(httpsOff, publicNetwork, compliant, wrongRegion, untagged));
    expect(changes).toEqual([
      {
        address: STORAGE,
        kind: 'Microsoft.Storage/storageAccounts',
        source: 'azure-policy',
        action: 'update',
        origin: 'outside',
        fields: [
          compliance(SECURE_TRANSFER),
          { path: '/properties/supportsHttpsTrafficOnly', before: false, after: 'equals true', sensitive: false },
          compliance('deny-public-network-access'),
          { path: '/properties/publicNetworkAccess', before: 'Enabled', after: 'equals Disabled', sensitive: false },
        ],
      },
      {
        address: VM,
        kind: 'Microsoft.Compute/virtualMachines',
        source: 'azure-policy',
        action: 'update',
        origin: 'outside',
        fields: [
          compliance(ALLOWED_LOCATIONS),
          { path: '/location', before: 'eastus', after: 'in ["westeurope","northeurope"]', sensitive: false },
          compliance('require-costcenter-tag'),
          { path: '/tags/costCenter', before: null, after: 'exists true', sensitive: false },
        ],
      },
    ]);
  });

  test('without evaluation details, the policy definition is the one field', () => {
    const [change] = parse(list(state(STORAGE, '/Microsoft.Storage/storageAccounts', SECURE_TRANSFER, 'NonCompliant')));
    expect(change).toMatchObject({ kind: 'Microsoft.Storage/storageAccounts', fields: [compliance(SECURE_TRANSFER)] });
  });

  test('what the policy wants is the opposite of the condition that held', () => {
    expect([wantedByPolicy('Equals', 'Allow'), wantedByPolicy('notLike', 'acme-*'), wantedByPolicy('Less', 2), wantedByPolicy('exists', 'true'), wantedByPolicy('Within', 'x')]).toEqual([
      'notEquals Allow',
      'like acme-*',
      'greaterOrEquals 2',
      'exists false',
      'not (Within x)',
    ]);
  });

  test('Exempt, Conflict and Compliant states are no drift; an older answer with isCompliant only is read too', () => {
    const exempt = { ...httpsOff, complianceState: 'Exempt' };
    const conflict = { ...publicNetwork, complianceState: 'Conflict' };
    const { complianceState: _dropped, ...older } = { ...wrongRegion, isCompliant: false };
    expect(parse(list(exempt, conflict, compliant, older)).map((change) => change.address)).toEqual([VM]);
  });

  test('the REST body (value) is read; one page of several (@odata.nextLink) is refused', () => {
    expect(parse(JSON.stringify({ '@odata.context': 'x', '@odata.count': 1, value: [httpsOff] }))).toHaveLength(1);
    expectUserError(() => parse(JSON.stringify({ value: [httpsOff], '@odata.nextLink': 'https://management.azure.com/…&$skiptoken=abc' })), /states\.json is one page of several \(it has an @odata\.nextLink\)/);
  });

  test('severity by policy and by the setting at fault: secure transfer and public network critical, tags low, locations medium', () => {
    expect(verdicts(judged(list(httpsOff)))).toEqual({ acmelogs: 'critical azure-policy.encryption' });
    expect(verdicts(judged(list(publicNetwork)))).toEqual({ acmelogs: 'critical azure-policy.public-network' });
    expect(verdicts(judged(list(untagged)))).toEqual({ 'web-1': 'low azure-policy.tagging' });
    expect(verdicts(judged(list(wrongRegion)))).toEqual({ 'web-1': 'medium default.unclassified' });
    // A built-in whose name is a GUID, without details, is judged by its id.
    expect(verdicts(judged(list(state(STORAGE, 'Microsoft.Storage/storageAccounts', SECURE_TRANSFER, 'NonCompliant'))))).toEqual({ acmelogs: 'critical azure-policy.encryption' });
  });
});

describe('gitops-sync analyze --source azure-policy', () => {
  const folder = (states: string) => {
    const dir = tempDir('gitops-sync-azure-policy-');
    writeFileSync(join(dir, 'states.json'), states);
    writeFileSync(
      join(dir, 'gitops-sync.yaml'),
      'severity:\n  rules:\n    - { id: acme.allowed-locations, severity: high, match: { source: azure-policy, path: "/compliance/e56962a6-4747-49cd-b67b-bf8b01975c4c" } }\n',
    );
    return dir;
  };

  test('reads the saved JSON and judges it, a user rule keyed by a built-in definition id included; exit 2', async () => {
    const run = await cli(['analyze', '--source', 'azure-policy', '--input', 'states.json', '--format', 'json'], { cwd: folder(list(httpsOff, wrongRegion)) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.sources).toEqual(['azure-policy']);
    expect(verdicts(report)).toEqual({ acmelogs: 'critical azure-policy.encryption', 'web-1': 'high acme.allowed-locations' });
  });

  test('a condition on a secret setting: its values are masked in every output', async () => {
    const secret = 'Pa55-w0rd-Azure!';
    const leaky = state(VM, 'Microsoft.Compute/virtualMachines', 'no-default-admin-password', 'NonCompliant', [
      { expression: 'Microsoft.Compute/virtualMachines/osProfile.adminPassword', expressionKind: 'Alias', path: 'properties.osProfile.adminPassword', expressionValue: secret, targetValue: secret, operator: 'Equals', result: 'True' },
    ]);
    const [change] = parse(list(leaky));
    expect(change.fields[1]).toEqual({ path: '/properties/osProfile/adminPassword', before: '(sensitive)', after: '(sensitive)', sensitive: true });
    for (const format of ['json', 'markdown']) {
      const run = await cli(['analyze', '--source', 'azure-policy', '--input', 'states.json', '--format', format], { cwd: folder(list(leaky)) });
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  test('an empty list is no drift: exit 0', async () => {
    const run = await cli(['analyze', '--source', 'azure-policy', '--input', 'states.json', '--format', 'json'], { cwd: folder('[]') });
    expect(run.code).toBe(0);
  });

  const bad: [string, string, RegExp][] = [
    ['truncated JSON', list(httpsOff).slice(0, 200), /states\.json is not valid JSON \(truncated or not JSON at all\); pass the JSON of `az policy state list`/],
    ['a Terraform plan', JSON.stringify({ format_version: '1.2', resource_changes: [] }), /states\.json is not a list of Azure Policy states \(a JSON array, or an object with value\)/],
    ['an empty object', '{}', /is not a list of Azure Policy states/],
    ['a state without resourceId', JSON.stringify([{ complianceState: 'NonCompliant' }]), /state 0 has no resourceId/],
    ['a state without its compliance', JSON.stringify([{ resourceId: STORAGE, resourceType: 'Microsoft.Storage/storageAccounts' }]), /state 0 \(\/subscriptions\/.*\/acmelogs\) has neither complianceState nor isCompliant/],
    ['a list of something else', JSON.stringify(['Microsoft.Storage/storageAccounts']), /state 0 is not an object/],
  ];
  test.each(bad)('%s: one sentence, exit 1, nothing written', async (_name, text, message) => {
    expectUserError(() => parse(text), message);
    const run = await cli(['analyze', '--source', 'azure-policy', '--input', 'states.json', '--output', 'report.json'], { cwd: folder(text) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('gitops-sync drift <env> with environments.<env>.azure_policy (a stand-in az on PATH)', () => {
  const estate = (settings: string) => {
    const dir = tempDir('gitops-sync-azure-policy-env-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    azure_policy: ${settings}\n`);
    return dir;
  };
  const AZ_CALL = `az policy state list --filter complianceState eq 'NonCompliant' --expand PolicyEvaluationDetails --subscription ${SUBSCRIPTION} --resource-group rg-prod --output json`;

  test('runs az policy state list for the NonCompliant states with their evaluation details', async () => {
    const tools = fakeTools({ az: [{ match: /^policy state list /, stdout: list(httpsOff, untagged) }] });
    const dir = estate(`{ subscription: ${SUBSCRIPTION}, resource_group: rg-prod }`);
    const dry = await cli(['drift', 'production', '--dry-run'], { cwd: dir, env: tools.env });
    expect(dry.stdout).toContain(`az policy state list --filter 'complianceState eq '\\''NonCompliant'\\''' --expand PolicyEvaluationDetails --subscription ${SUBSCRIPTION}`);
    const run = await cli(['drift', 'production', '--format', 'json'], { cwd: dir, env: tools.env });
    expect(run.code).toBe(2);
    expect(callLines(tools.calls())).toEqual([AZ_CALL]);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.sources).toEqual(['azure-policy']);
    expect(verdicts(report)).toEqual({ acmelogs: 'critical azure-policy.encryption', 'web-1': 'low azure-policy.tagging' });
  });

  test('az without the permission: one sentence naming the role, not the identity it quoted', async () => {
    const tools = fakeTools({
      az: [
        {
          match: /./,
          exit: 1,
          stderr: `ERROR: (AuthorizationFailed) The client 'ci@acme.example' with object id '0b1c2d3e-aaaa-bbbb-cccc-123456789abc' does not have authorization to perform action 'Microsoft.PolicyInsights/policyStates/queryResults/action' over scope '/subscriptions/${SUBSCRIPTION}' or the scope is invalid.\nCode: AuthorizationFailed\n`,
        },
      ],
    });
    const run = await cli(['drift', 'production'], { cwd: estate(`{ subscription: ${SUBSCRIPTION} }`), env: tools.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/az policy state list failed \(exit 1, AuthorizationFailed\); give the identity a role with Microsoft\.PolicyInsights\/policyStates\/queryResults\/read/);
    expect(run.stderr).not.toContain('0b1c2d3e');
    expect(run.stderr).not.toContain('ci@acme.example');
  });

  test('az not logged in', async () => {
    const tools = fakeTools({ az: [{ match: /./, exit: 1, stderr: "ERROR: Please run 'az login' to setup account.\n" }] });
    const run = await cli(['drift', 'production'], { cwd: estate('{}'), env: tools.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/az policy state list failed \(exit 1\); az is not logged in or its token expired: log in first \(in CI, azure\/login with OIDC\)\./);
  });

  test('an az that never answers is stopped after timeout_seconds', async () => {
    const bin = tempDir('gitops-sync-az-hang-');
    writeFileSync(join(bin, 'az'), '#!/bin/sh\nsleep 120\n');
    chmodSync(join(bin, 'az'), 0o755);
    const run = await cli(['drift', 'production'], { cwd: estate('{ timeout_seconds: 1 }'), env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/az policy did not answer within 1 s and was stopped; check the network and az login, or raise timeout_seconds\./);
  });

  test('no az on PATH; an az answer that is not a list', async () => {
    const empty = tempDir('gitops-sync-no-az-');
    mkdirSync(join(empty, 'bin'));
    const missing = await cli(['drift', 'production'], { cwd: estate('{}'), env: { PATH: join(empty, 'bin') } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/az is not installed or not on PATH; install the Azure CLI, or set file: to a saved result of az policy state list\./);
    const tools = fakeTools({ az: [{ match: /./, stdout: '{"error": "unexpected"}' }] });
    const wrong = await cli(['drift', 'production'], { cwd: estate('{}'), env: tools.env });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/the answer of az policy state list is not a list of Azure Policy states/);
  });

  test('a saved file in the config is read instead of running az', async () => {
    const dir = estate('{ file: policy-states.json }');
    writeFileSync(join(dir, 'policy-states.json'), list(publicNetwork, compliant));
    const run = await cli(['drift', 'production', '--format', 'json'], { cwd: dir, env: { PATH: '/nonexistent' } });
    expect(run.code).toBe(2);
    expect(verdicts(JSON.parse(run.stdout) as DriftReport)).toEqual({ acmelogs: 'critical azure-policy.public-network' });
  });

  test('a resource group that would read as an option is refused by the config', async () => {
    const run = await cli(['drift', 'production'], { cwd: estate('{ resource_group: "--debug" }'), env: { PATH: '/nonexistent' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/a resource group name is letters, digits/);
  });
});
