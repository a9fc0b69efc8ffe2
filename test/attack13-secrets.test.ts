import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Adversarial review: a secret a policy evaluation quotes must be masked whichever token of the
 * property path names it — `adminPassword.value` names a password as surely as `adminPassword` does.
 */

const dir = tempDir('gitops-attack13-secrets-');
const SECRET = 'Hunter2-Sup3r-S3cret-Value';

const azureState = (path: string) => ({
  complianceState: 'NonCompliant',
  isCompliant: false,
  policyDefinitionName: 'require-keyvault-references',
  policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/require-keyvault-references',
  resourceId: '/subscriptions/fffedd8f-ffff-fffd-fffd-fffed2f84852/resourcegroups/rg-prod/providers/microsoft.web/sites/shop',
  resourceType: 'Microsoft.Web/sites',
  policyEvaluationDetails: {
    evaluatedExpressions: [{ expression: 'x', expressionKind: 'Alias', path, expressionValue: SECRET, targetValue: '@Microsoft.KeyVault*', operator: 'NotLike', result: 'True' }],
  },
});

const awsResult = (annotation: string) => ({
  EvaluationResults: [
    {
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: { ConfigRuleName: 'rds-no-plaintext-credentials', ResourceType: 'AWS::RDS::DBInstance', ResourceId: 'db-ABCDEFGHIJKL' },
        OrderingTimestamp: '2026-11-30T08:00:00.000000+00:00',
      },
      ComplianceType: 'NON_COMPLIANT',
      ResultRecordedTime: '2026-11-30T08:05:00.000000+00:00',
      ConfigRuleInvokedTime: '2026-11-30T08:04:00.000000+00:00',
      Annotation: annotation,
    },
  ],
});

async function analyze(source: string, document: unknown): Promise<string> {
  writeFileSync(join(dir, 'result.json'), JSON.stringify(document));
  const run = await cli(['analyze', '--source', source, '--input', 'result.json', '--format', 'json'], { cwd: dir });
  expect(run.stderr).toBe('');
  return run.stdout;
}

describe('attack: a secret under a path whose last token is not the secret\'s name', () => {
  it.each([
    ['properties.parameters.adminPassword.value'],
    ['properties.siteConfig.connectionStrings[0].value'],
    ['properties.secrets[*].value'],
  ])('Azure Policy: the expressionValue at %s is masked', async (path) => {
    const out = await analyze('azure-policy', [azureState(path)]);
    expect(out).not.toContain(SECRET);
    expect(out).toContain('(sensitive)');
  });

  it('AWS Config: an annotation naming Configuration.masterUserPassword.value has its actual value masked', async () => {
    const out = await analyze('aws-config', awsResult(`field=Configuration.masterUserPassword.value actual="${SECRET}" expected=unset`));
    expect(out).not.toContain(SECRET);
    expect(out).toContain('(sensitive)');
  });
});
