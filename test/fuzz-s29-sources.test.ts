/**
 * What a fail-open fuzz of the saved-result sources found (helper-132): inputs that are not a whole
 * answer of the tool they name, or that hide drift, read as "No drift" (exit 0). Each is run through the
 * CLI as a user runs it, and must now be refused in one sentence (exit 1) or show its drift.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-fuzz-s29-');
});

/** `analyze --source <source>` of `content` written to a file; the file's path is `input`. */
async function analyze(source: string, content: string, ...extra: string[]) {
  const input = join(dir, 'input');
  writeFileSync(input, content);
  return { input, ...(await cli(['analyze', '--source', source, '--input', input, ...extra], { cwd: dir })) };
}

describe('terraform-plan', () => {
  const plan = (actions: unknown) =>
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.11.4',
      resource_changes: [{ address: 'aws_security_group.web', mode: 'managed', type: 'aws_security_group', name: 'web', change: { actions, before: { ingress: [] }, after: { ingress: ['0.0.0.0/0'] } } }],
    });

  test.each([[['frobnicate']], [['UPDATE']], [['Update']], [[]]])('an action Terraform does not write (%j) is refused, not read as "not a change"', async (actions) => {
    const run = await analyze('terraform-plan', plan(actions));
    expect(run.code).toBe(1);
    const what = actions.length ? `the action ${JSON.stringify(actions[0])}, which Terraform does not write` : 'no action';
    expect(run.stderr).toBe(
      `gitops-sync: ${run.input} is not a valid Terraform plan: resource_changes entry aws_security_group.web has ${what} (it writes no-op, create, read, update, delete, forget); produce it again with \`terraform show -json <planfile>\`.\n`,
    );
  });
});

describeWithTerraform('terraform-plan from the real Terraform', () => {
  test('a plan made with -target ("complete": false) is refused; a refresh-only plan is whole', async () => {
    const env = offlineTerraformEnv(dir);
    const stack = join(dir, 'stack');
    writeFiles(stack, { 'main.tf': 'resource "terraform_data" "a" { input = "a" }\nresource "terraform_data" "b" { input = "b" }\n' });
    terraform(stack, env, 'init', '-input=false');
    terraform(stack, env, 'plan', '-input=false', '-target=terraform_data.a', '-out=targeted.tfplan');
    writeFileSync(join(dir, 'targeted.json'), terraform(stack, env, 'show', '-json', 'targeted.tfplan'));
    const targeted = await cli(['analyze', '--source', 'terraform-plan', '--input', 'targeted.json'], { cwd: dir });
    expect(targeted.code).toBe(1);
    expect(targeted.stderr).toBe(
      `gitops-sync: ${join(dir, 'targeted.json')} is an incomplete plan (Terraform wrote "complete": false: planned with -target, or with changes deferred), so it does not show all drift; plan the whole configuration again, without -target.\n`,
    );
    terraform(stack, env, 'apply', '-input=false', '-auto-approve');
    terraform(stack, env, 'plan', '-input=false', '-refresh-only', '-out=refresh.tfplan');
    writeFileSync(join(dir, 'refresh.json'), terraform(stack, env, 'show', '-json', 'refresh.tfplan'));
    const refreshOnly = await cli(['analyze', '--source', 'terraform-plan', '--input', 'refresh.json'], { cwd: dir });
    expect([refreshOnly.code, refreshOnly.stderr]).toEqual([0, '']);
  });
});

describe('gcp-config-connector', () => {
  const bucket = { apiVersion: 'storage.cnrm.cloud.google.com/v1beta1', kind: 'StorageBucket', metadata: { name: 'logs', namespace: 'infra', generation: 1 }, spec: { location: 'EU' }, status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'UpToDate' }] } };

  test.each(['null\n', '~\n', '[]\n', '---\n', '---\n---\n', '...\n', '# nothing exported\n', '# kind: List, when there is something\n'])('an export holding no resource and no List (%j) is refused, not read as "nothing drifted"', async (text) => {
    const run = await analyze('gcp-config-connector', text);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`gitops-sync: ${run.input} holds no Config Connector resource and no List; export the resources with kubectl get gcp --all-namespaces -o json (an empty List when there are none).\n`);
  });

  test('an empty List is an answer: nothing there, no drift', async () => {
    expect((await analyze('gcp-config-connector', '{"apiVersion":"v1","kind":"List","items":[],"metadata":{"resourceVersion":""}}\n')).code).toBe(0);
  });

  test.each([
    ['a JSON List', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [bucket], metadata: { continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ', remainingItemCount: 40 } })],
    ['a typed JSON list', JSON.stringify({ apiVersion: 'storage.cnrm.cloud.google.com/v1beta1', kind: 'StorageBucketList', items: [bucket], metadata: { continue: 'eyJ2' } })],
    ['a YAML List', `apiVersion: v1\nkind: List\nmetadata:\n  remainingItemCount: 3\nitems:\n- ${JSON.stringify(bucket)}\n`],
    ['a count written as a string', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [bucket], metadata: { remainingItemCount: '40' } })],
  ])('one page of a longer listing (%s) is refused: the other pages would read as absent', async (_what, text) => {
    const run = await analyze('gcp-config-connector', text);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is one page of a longer listing \(its metadata\.continue or remainingItemCount says more follow\), so the objects of the other pages would read as absent; export with kubectl get, which reads every page\.\n$/);
  });
});

test('a live export that is one page of a listing is refused for Kubernetes drift too', async () => {
  writeFileSync(join(dir, 'web.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web, namespace: shop }\ndata: { a: "1" }\n');
  writeFileSync(join(dir, 'live.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMapList', items: [], metadata: { continue: 'next-page' } }));
  const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'web.yaml', '--live', 'live.json'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('the ConfigMapList is one page of a longer listing');
});

describe('ansible-check and awx-job-events', () => {
  const result = (host: string) => JSON.stringify({ schema: 'gitops-sync/ansible-result@1', host, task: 'motd', module: 'ansible.builtin.copy', status: 'changed', changed: true, no_log: false, args: { dest: '/etc/motd' }, diff: [{ before: 'a\n', after: 'b\n' }] });
  const end = (stats: Record<string, unknown>) => JSON.stringify({ schema: 'gitops-sync/ansible-result@1', end: true, stats });

  test('a run that checked no host (what the callback writes when the inventory or --limit matched none) is refused', async () => {
    for (const stats of [{ web1: {} }, { web1: { ok: 0, changed: 0, failures: 0, unreachable: 0, skipped: 0 } }, { web1: { ok: 0, skipped: 4, ignored: 1 } }]) {
      expect((await analyze('ansible-check', `${end(stats)}\n`)).stderr).toContain('the Ansible run checked no host');
    }
    const run = await analyze('ansible-check', `${end({})}\n`);
    expect([run.code, run.stderr]).toEqual([
      1,
      `gitops-sync: ${run.input}: the Ansible run checked no host (its end line counts none: an empty inventory, or a --limit or host pattern that matched nothing), so it cannot tell whether anything drifted; check the inventory and the limit and run the check again.\n`,
    ]);
    // AWX's job events of such a run: a playbook_on_stats whose counts name no host.
    const events = { count: 2, next: null, previous: null, results: [{ id: 1, event: 'playbook_on_start', counter: 1, event_data: {} }, { id: 2, event: 'playbook_on_stats', counter: 2, event_data: {} }] };
    const awx = await analyze('awx-job-events', JSON.stringify(events));
    expect(awx.code).toBe(1);
    expect(awx.stderr).toContain('the Ansible run checked no host');
  });

  test("changed results of a host the end line does not count are refused: they are not this run's", async () => {
    const run = await analyze('ansible-check', `${result('web1')}\n${end({ web2: { ok: 1, changed: 0, failures: 0, unreachable: 0 } })}\n`);
    expect([run.code, run.stderr]).toEqual([1, `gitops-sync: ${run.input}: host web1 has results that changed, but the run's end line does not count that host, so the results are not those of this run; pass the whole file the callback wrote for one run.\n`]);
    const counted = await analyze('ansible-check', `${result('web1')}\n${end({ web1: { ok: 1, changed: 1, failures: 0, unreachable: 0 } })}\n`);
    expect(counted.code).toBe(2);
  });
});

describe('azure-policy and aws-config', () => {
  const azureState = (complianceState: string) => ({ resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs', resourceType: 'Microsoft.Storage/storageAccounts', complianceState, policyDefinitionName: 'deny-public-network-access' });

  test.each([
    [{ '@odata.count': 5, value: [azureState('Compliant')] }, 'counts 5 states (@odata.count) but holds 1, so it is one page of several'],
    [{ 'odata.nextLink': 'https://management.azure.com/…&$skiptoken=x', value: [azureState('Compliant')] }, 'is one page of several (it has an odata.nextLink)'],
  ])('an Azure REST body that says more pages follow is refused (%j)', async (body, said) => {
    const run = await analyze('azure-policy', JSON.stringify(body));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(said);
  });

  test('Azure states none of which was evaluated (Unknown, NotStarted, Error) are refused; an evaluated one among them, or manual policies awaiting attestation, are a result', async () => {
    const run = await analyze('azure-policy', JSON.stringify([azureState('Error'), azureState('NotStarted'), azureState('Unknown'), azureState('Exempt')]));
    expect([run.code, run.stderr]).toEqual([
      1,
      `gitops-sync: ${run.input}: none of its 4 policy states was evaluated (3 Unknown, NotStarted or Error, none NonCompliant, Compliant or Conflict), so it cannot tell whether anything drifted; let the evaluation finish (az policy state trigger-scan) or fix what failed it, and list the states again.\n`,
    ]);
    expect((await analyze('azure-policy', JSON.stringify([azureState('Error'), azureState('Compliant')]))).code).toBe(0);
    expect((await analyze('azure-policy', JSON.stringify([{ ...azureState('Unknown'), policyDefinitionAction: 'manual' }]))).code).toBe(0);
    expect((await analyze('azure-policy', JSON.stringify({ '@odata.count': 0, value: [] }))).code).toBe(0);
  });

  test('AWS Config results none of which was evaluated (INSUFFICIENT_DATA, NOT_APPLICABLE) are refused; one evaluated result among them is a result', async () => {
    const result = (ComplianceType: string) => ({ EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'restricted-ssh', ResourceType: 'AWS::EC2::SecurityGroup', ResourceId: 'sg-1' } }, ComplianceType });
    const run = await analyze('aws-config', JSON.stringify({ EvaluationResults: [result('INSUFFICIENT_DATA'), result('INSUFFICIENT_DATA'), result('NOT_APPLICABLE')] }));
    expect([run.code, run.stderr]).toEqual([
      1,
      `gitops-sync: ${run.input}: none of its 3 results was evaluated (INSUFFICIENT_DATA: no rule could evaluate a resource), so it cannot tell whether anything drifted; check the rules' evaluations in AWS Config and save the result again.\n`,
    ]);
    expect((await analyze('aws-config', JSON.stringify({ EvaluationResults: [result('INSUFFICIENT_DATA'), result('COMPLIANT')] }))).code).toBe(0);
    expect((await analyze('aws-config', JSON.stringify({ EvaluationResults: [result('NOT_APPLICABLE')] }))).code).toBe(0);
    expect((await analyze('aws-config', JSON.stringify({ EvaluationResults: [] }))).code).toBe(0);
  });
});

describe('severity of spellings the rules missed', () => {
  test.each([
    ['AWSControlTower_AWS-GR_RESTRICTED_SSH', 'AWS::EC2::SecurityGroup', 'critical', 'aws-config.network-open'],
    ['AWSControlTower_AWS-GR_S3_BUCKET_PUBLIC_READ_PROHIBITED', 'AWS::S3::Bucket', 'critical', 'aws-config.public-access'],
    ['AWSControlTower_AWS-GR_IAM_USER_MFA_ENABLED', 'AWS::IAM::User', 'critical', 'aws-config.identity'],
    ['AWSControlTower_AWS-GR_ENCRYPTED_VOLUMES', 'AWS::EC2::Volume', 'critical', 'aws-config.encryption'],
    ['AWSControlTower_AWS-GR_CLOUDTRAIL_ENABLED', 'AWS::::Account', 'high', 'aws-config.audit-logging'],
  ])('AWS Control Tower names its rules upper case (%s): judged as the same rule', async (rule, type, severity, id) => {
    const results = { EvaluationResults: [{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: type, ResourceId: 'r-1' } }, ComplianceType: 'NON_COMPLIANT' }] };
    const run = await analyze('aws-config', JSON.stringify(results), '--format', 'json');
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as { changes: { severity: string; rule: string }[] }).changes.map((change) => [change.severity, change.rule])).toEqual([[severity, id]]);
  });

  test.each([
    ['ansible.windows.win_user', { name: 'svc-backup' }, 'critical', 'ansible.identity'],
    ['ansible.windows.win_shell', {}, 'critical', 'ansible.commands'],
    ['community.windows.win_firewall_rule', { name: 'rdp' }, 'critical', 'ansible.firewall'],
    ['ansible.windows.win_service', { name: 'spooler' }, 'high', 'ansible.services'],
    ['ansible.windows.win_copy', { dest: 'C:\\app\\app.config' }, 'medium', 'ansible.files'],
  ])('Windows modules (%s) are judged as their Linux counterparts', async (module, args, severity, id) => {
    const line = { schema: 'gitops-sync/ansible-result@1', host: 'win1', task: 't', module, status: 'changed', changed: true, no_log: false, args };
    const end = { schema: 'gitops-sync/ansible-result@1', end: true, stats: { win1: { ok: 1, changed: 1, failures: 0, unreachable: 0 } } };
    const run = await analyze('ansible-check', `${JSON.stringify(line)}\n${JSON.stringify(end)}\n`, '--format', 'json');
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as { changes: { severity: string; rule: string }[] }).changes.map((change) => [change.severity, change.rule])).toEqual([[severity, id]]);
  });
});

describe('text encodings Windows tools write', () => {
  const awsResult = JSON.stringify({ EvaluationResults: [{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'restricted-ssh', ResourceType: 'AWS::EC2::SecurityGroup', ResourceId: 'sg-1' } }, ComplianceType: 'NON_COMPLIANT' }] });

  test('a UTF-8 byte order mark (PowerShell 7, Notepad) is read past: the drift shows', async () => {
    expect((await analyze('aws-config', `\uFEFF${awsResult}`)).code).toBe(2);
    const line = JSON.stringify({ schema: 'gitops-sync/ansible-result@1', host: 'web1', task: 't', module: 'ansible.builtin.copy', status: 'changed', changed: true, no_log: false, args: { dest: '/etc/motd' }, diff: [{ before: 'a\n', after: 'b\n' }] });
    const end = JSON.stringify({ schema: 'gitops-sync/ansible-result@1', end: true, stats: { web1: { ok: 1, changed: 1, failures: 0, unreachable: 0 } } });
    expect((await analyze('ansible-check', `\uFEFF${line}\n${end}\n`)).code).toBe(2);
  });

  test('UTF-16 (Windows PowerShell 5.1 `>`) is refused naming the encoding, not as truncated', async () => {
    const input = join(dir, 'input');
    writeFileSync(input, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(awsResult, 'utf16le')]));
    const run = await cli(['analyze', '--source', 'aws-config', '--input', input], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not valid JSON (it is UTF-16, as Windows PowerShell 5.1 writes with > or Out-File; write it as UTF-8 (Out-File -Encoding utf8, or PowerShell 7))');
    // The usual case: `terraform show -json plan > plan.json` in Windows PowerShell 5.1 (a BOM, or none).
    const plan = JSON.stringify({ format_version: '1.2', resource_changes: [] });
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plan, 'utf16le')]), Buffer.from(plan, 'utf16le')]) {
      writeFileSync(input, bytes);
      const planRun = await cli(['analyze', '--source', 'terraform-plan', '--input', input], { cwd: dir });
      expect([planRun.code, planRun.stderr]).toEqual([1, `gitops-sync: ${input} is not valid JSON (it is UTF-16, as Windows PowerShell 5.1 writes with > or Out-File; write it as UTF-8 (Out-File -Encoding utf8, or PowerShell 7)); pass the output of \`terraform show -json <planfile>\`.\n`]);
    }
  });

  test('a file cut short and padded with NULs is not called UTF-16', async () => {
    const run = await analyze('aws-config', `${awsResult.slice(0, 60)}${'\u0000'.repeat(40)}`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not valid JSON (truncated or not JSON at all)');
  });
});
