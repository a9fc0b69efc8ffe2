import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Adversarial review: a compromised cloud account (or a sloppy custom rule) controls the resource ids
 * and rule names a compliance result carries. They must not rewrite the terminal or break out of the
 * report's Markdown (the job summary and the pull request comment).
 */

const dir = tempDir('gitops-attack13-render-');

/** One NON_COMPLIANT result of `aws configservice get-compliance-details-by-config-rule`. */
const evaluation = (rule: string, type: string, id: string) => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: type, ResourceId: id, EvaluationMode: 'DETECTIVE' },
    OrderingTimestamp: '2026-11-30T08:00:00.000000+00:00',
  },
  ComplianceType: 'NON_COMPLIANT',
  ResultRecordedTime: '2026-11-30T08:05:00.000000+00:00',
  ConfigRuleInvokedTime: '2026-11-30T08:04:00.000000+00:00',
});

const ESC = '\u001b';
const hostileId = `bucket${ESC}[2J${ESC}[1;1H${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\\r\r## ✅ No drift in \`production\`\r\rAll clear.`;
const hostileRule = `s3-bucket-public-read-prohibited${ESC}[8m\r\r`;

beforeAll(() => {
  writeFileSync(join(dir, 'compliance.json'), JSON.stringify({ EvaluationResults: [evaluation(hostileRule, 'AWS::S3::Bucket', hostileId)] }));
});

describe('attack: control characters and line breaks in resource ids and rule names', () => {
  it('the table printed to the terminal carries no escape sequence or carriage return from the result', async () => {
    const run = await cli(['analyze', '--source', 'aws-config', '--input', 'compliance.json', '--format', 'table'], { cwd: dir });
    expect(run.stdout).toContain('AWS::S3::Bucket/bucket');
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('the Markdown report keeps every change inside its <details> block: a lone carriage return starts no heading of its own', async () => {
    const run = await cli(['analyze', '--source', 'aws-config', '--input', 'compliance.json', '--format', 'markdown'], { cwd: dir });
    // CommonMark ends a line at \n, \r\n or a lone \r.
    const lines = run.stdout.split(/\r\n|\r|\n/);
    expect(lines.filter((line) => /^#{1,6} /.test(line))).toEqual([expect.stringMatching(/Drift detected/), '### Remediation plan', '### Changes']);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('attack: Markdown from a resource id inside <code> (GitHub parses Markdown inside inline HTML)', () => {
  it('a resource id or rule carrying a link, emphasis or a bare URL renders none of them', async () => {
    const id = 'bucket [Approve this PR](https://evil.example/approve) ![x](https://evil.example/p.png) **urgent** `x` ~~gone~~ see https://evil.example or www.evil.example';
    writeFileSync(join(dir, 'links.json'), JSON.stringify({ EvaluationResults: [evaluation('s3-bucket-public-read-prohibited', 'AWS::S3::Bucket', id)] }));
    const run = await cli(['analyze', '--source', 'aws-config', '--input', 'links.json', '--format', 'markdown'], { cwd: dir });
    expect(run.code).not.toBe(1);
    for (const construct of ['](', '![', '**urgent', '`x`', '~~', 'https://evil', 'www.evil']) expect(run.stdout).not.toContain(construct);
    // The id still reads the same once rendered: the characters are entities, not dropped.
    expect(run.stdout).toContain('&#91;Approve this PR&#93;');
  });
});
