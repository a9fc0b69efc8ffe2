/**
 * npm run demo (scripts/demo.mjs): drift made outside Git in Terraform, a privileged container patched into
 * a Kubernetes Deployment, and the four-eyes gate's decision — and the same findings from the commands a
 * user runs in examples/demo. The recorded plan is checked against real terraform.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { DEMO_RECORDED_PLAN, planDemoInfra } from './support/demo-plan.js';
import { REPO_ROOT } from './support/paths.js';

const EXAMPLE = resolve(REPO_ROOT, 'examples/demo');

/** The built CLI, run in examples/demo as a user would. */
function direct(...args: string[]): DriftReport {
  const run = spawnSync(process.execPath, [resolve(REPO_ROOT, 'dist/cli/index.js'), ...args, '--format', 'json'], { cwd: EXAMPLE, encoding: 'utf8' });
  expect(run.status).toBe(2);
  return JSON.parse(run.stdout) as DriftReport;
}

/** A report's changes as the rows of the CLI's table: severity, action, origin, resource, rule. */
const rows = (report: DriftReport) => report.changes.map((c) => [c.severity, c.action, c.origin, c.address, c.rule].join(' '));

describe('npm run demo', () => {
  let stdout: string;
  let status: number | null;
  beforeAll(() => {
    const run = spawnSync('npm', ['run', '--silent', 'demo'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    ({ stdout, status } = run);
    if (status !== 0) throw new Error(`npm run demo exited ${status}\n${run.stdout}\n${run.stderr}`);
  });
  /** The table rows the demo printed, spaces collapsed. */
  const printedRows = () => stdout.split('\n').filter((line) => /^(critical|high|medium|low) /.test(line)).map((line) => line.replace(/\s+/g, ' ').trim());

  test('shows Terraform drift made outside Git: the firewall opened and the database deleted by hand', () => {
    expect(stdout).toContain('$ gitops-sync analyze --source terraform-plan --input recorded-plan.json --env demo');
    expect(printedRows()).toEqual(expect.arrayContaining([
      'critical update outside jsonfile_object.firewall demo.firewall',
      'high delete outside jsonfile_object.database default.delete-or-replace',
      'high update planned jsonfile_object.web tf.image.version',
    ]));
  });

  test('shows the Kubernetes estate with the privileged container patched in, classified critical', () => {
    expect(stdout).toContain('$ gitops-sync drift demo');
    expect(printedRows()).toContain('critical update outside apps/v1/Deployment/shop/web k8s.pod-security.outside');
  });

  test("shows the gate's decision: self-approval and a bot do not count, then a security-team approval allows", () => {
    expect(stdout).toContain('$ gitops-sync gate --env demo --platform github --repo acme/infra --pr 7');
    const [denied, allowed] = stdout.split('carol, from acme/security, approves as well:');
    expect(denied).toMatch(/Denied: demo, change 7 at [0-9a-f]{12} \(1\/2 approvals counted\)/);
    expect(denied).toContain('rejected alice: is the author of the change');
    expect(denied).toContain('rejected deploy-robot: is a bot');
    expect(denied).toContain('missing  2 approvals from independent reviewers with write access (have 1)');
    expect(denied).toContain('an approval from a member of acme/security');
    expect(denied).toContain('(exit 3)');
    expect(allowed).toMatch(/Allowed: demo, change 7 at [0-9a-f]{12} \(2\/2 approvals counted\)/);
    expect(allowed).toContain('(exit 0)');
  });

  test('the commands run directly in examples/demo find exactly what the demo shows', () => {
    const terraform = direct('analyze', '--source', 'terraform-plan', '--input', 'recorded-plan.json', '--env', 'demo');
    const kubernetes = direct('drift', 'demo');
    expect(printedRows().sort()).toEqual([...rows(terraform), ...rows(kubernetes)].sort());
    expect(kubernetes.changes[0].fields).toEqual([{ path: '/spec/template/spec/containers/1/securityContext', before: { privileged: true }, after: null, sensitive: false }]);
    expect(JSON.stringify(terraform)).not.toContain('demo-only-not-a-real-password');
  });
});

describe('the recorded plan of examples/demo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitops-sync-demo-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('is what real terraform plans from examples/demo/infra (state, objects changed by hand, main.tf)', async () => {
    writeFileSync(join(dir, 'fresh-plan.json'), planDemoInfra());
    const analyze = async (plan: string) => {
      const run = await cli(['analyze', '--source', 'terraform-plan', '--input', plan, '--env', 'demo', '--config', join(EXAMPLE, 'gitops-sync.yaml'), '--format', 'json'], { cwd: dir });
      expect(run.code).toBe(2);
      return (JSON.parse(run.stdout) as DriftReport).changes;
    };
    const fresh = await analyze(join(dir, 'fresh-plan.json'));
    expect(fresh.filter((c) => c.origin === 'outside').map((c) => c.address).sort()).toEqual(['jsonfile_object.database', 'jsonfile_object.firewall']);
    expect(fresh).toEqual(await analyze(DEMO_RECORDED_PLAN));
  });
});
