import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeTools } from './support/fake-kubectl.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Adversarial review: names a cloud account chose (an AWS Config rule may be named anything with a
 * non-space in it) reach gitops-sync's progress lines and its one-sentence errors on stderr.
 */

const ESC = '\u001b';
const RULE = `evil${ESC}[2J${ESC}]0;owned${ESC}\\`;

describe('attack: escape sequences in a rule name the AWS CLI listed', () => {
  test('neither the progress lines nor the error print them', async () => {
    const tools = fakeTools({
      aws: [
        { match: /describe-compliance-by-config-rule/, stdout: JSON.stringify({ ComplianceByConfigRules: [{ ConfigRuleName: RULE, Compliance: { ComplianceType: 'NON_COMPLIANT' } }] }) },
        { match: /get-compliance-details-by-config-rule/, exit: 254, stderr: 'An error occurred (AccessDeniedException) when calling the GetComplianceDetailsByConfigRule operation\n' },
      ],
    });
    const dir = tempDir('gitops-attack13-cli-text-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    aws_config: {}\n');
    const run = await cli(['drift', 'production'], { cwd: dir, env: tools.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/get-compliance-details-by-config-rule \(rule evil.*\) failed \(exit 254, AccessDeniedException\)/);
    // eslint-disable-next-line no-control-regex
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });
});
