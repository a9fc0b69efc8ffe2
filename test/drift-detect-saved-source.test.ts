import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { run } from '../actions/drift-detect/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * drift-detect's `source` + `source-file` inputs (the action, and the CLI flags the GitLab component
 * passes): a saved result of a source read from a file, here AWS Config results as
 * `aws configservice get-compliance-details-by-config-rule --output json` prints them.
 */
let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-saved-source-');
});

const evaluation = (rule: string, type: string, id: string) => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: type, ResourceId: id, EvaluationMode: 'DETECTIVE' },
    OrderingTimestamp: '2026-11-30T09:12:44.301000+00:00',
  },
  ComplianceType: 'NON_COMPLIANT',
  ResultRecordedTime: '2026-11-30T09:12:46.532000+00:00',
  ConfigRuleInvokedTime: '2026-11-30T09:12:44.102000+00:00',
});

function writeResults(): string {
  const results = { EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-0a1b2c3d4e5f67890'), evaluation('required-tags', 'AWS::S3::Bucket', 'acme-logs')] };
  writeFileSync(join(dir, 'aws-config.json'), JSON.stringify(results, null, 4));
  return 'aws-config.json';
}

describe('drift-detect with source and source-file', () => {
  test('the action reads the saved result as analyze --source does: outputs, report and summary', async () => {
    const io = new RecordingIO({ source: 'aws-config', 'source-file': writeResults(), environment: 'security', 'fail-on': 'never' }, dir);
    await run(io);
    expect(io.failure).toBeUndefined();
    expect(io.outputs['drift-detected']).toBe('true');
    expect(io.outputs['total-changes']).toBe('2');
    expect(io.outputs.critical).toBe('1');
    const report = JSON.parse(readFileSync(join(dir, 'gitops-sync-reports', 'drift-report-security.json'), 'utf8'));
    expect(report.sources).toEqual(['aws-config']);
    expect(report.changes.map((change: { address: string; severity: string }) => [change.address, change.severity])).toEqual(
      expect.arrayContaining([['AWS::EC2::SecurityGroup/sg-0a1b2c3d4e5f67890', 'critical']]),
    );
    expect(io.summary).toContain('sg-0a1b2c3d4e5f67890');
  });

  test('fail-on critical fails the job on the critical finding', async () => {
    const io = new RecordingIO({ source: 'aws-config', 'source-file': writeResults(), 'fail-on': 'critical' }, dir);
    await run(io);
    expect(io.failure).toMatch(/critical/);
  });

  test('the CLI flags the GitLab component passes do the same and write the dotenv', async () => {
    const result = await cli(['drift-detect', '--source', 'aws-config', '--source-file', writeResults(), '--fail-on', 'never', '--dotenv', 'drift.env'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'drift.env'), 'utf8')).toMatch(/^DRIFT_DETECTED=true$/m);
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ['source without source-file', { source: 'aws-config' }, /^Input source is "aws-config" but source-file is empty; set source-file to the saved result to read, or leave source empty\.$/],
    ['source-file without source', { 'source-file': 'aws-config.json' }, /^Input source-file needs source: what the file holds, one of .*aws-config.*\.$/],
    ['a source not read from a file', { source: 'terraform-plan', 'source-file': 'aws-config.json' }, /^Input source is "terraform-plan", which is not a source read from a file; use one of .*\.$/],
    ['source-file beside another direct input', { source: 'aws-config', 'source-file': 'aws-config.json', 'terraform-plan-json': 'plan.json' }, /^Inputs terraform-plan-json and source-file were both set; /],
    ['a saved file that is not what source says', { source: 'azure-policy', 'source-file': 'aws-config.json' }, /aws-config\.json/],
  ];
  test.each(refusals)('%s: one sentence, no report', async (_name, inputs, message) => {
    writeResults();
    const io = new RecordingIO({ ...inputs, 'fail-on': 'never' }, dir);
    await run(io);
    expect(io.failure).toMatch(message);
    expect(io.failure).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'gitops-sync-reports'))).toBe(false);
  });
});
