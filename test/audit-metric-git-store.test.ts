/**
 * gitops_approval_time_seconds in CI, where the `git` store is the default: drift-detect reads the
 * gate events from the audit branch on origin, not only from a local `file` log.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { nodeExec, openAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { tofuFixture } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const CONFIG = 'environments:\n  production: {}\n';
const CI = { GITHUB_ACTIONS: 'true', GITLAB_CI: '', GITHUB_ACTOR: 'octo', GITHUB_TRIGGERING_ACTOR: 'octo', GITHUB_ACTOR_ID: '7', GITHUB_RUN_ID: '1', GITHUB_REPOSITORY: 'owner/repo', GITHUB_EVENT_NAME: 'schedule' };

test('a scheduled drift-detect in CI feeds gitops_approval_time_seconds from the gate events on the audit branch', async () => {
  const root = tempDir('audit-metric-git-');
  const remote = join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', remote);
  const gate = join(root, 'gate');
  git(root, 'clone', '--quiet', remote, gate);
  writeFileSync(join(gate, 'gitops-sync.yaml'), CONFIG);
  git(gate, 'add', '.');
  git(gate, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'config');
  git(gate, 'push', '--quiet', 'origin', 'HEAD');

  // A gate run in CI recorded an allowed decision, two hours after the pull request was opened.
  const trail = openAuditTrail({ config: parseConfig(CONFIG, 'gitops-sync.yaml'), configPath: join(gate, 'gitops-sync.yaml'), env: CI, cwd: gate, exec: nodeExec });
  const draft = gateDraft(1);
  await trail.record({ ...draft, environment: 'production', details: { ...draft.details, type: 'gate', outcome: 'allowed', requested_at: '2026-01-01T00:00:00Z', approved_at: '2026-01-01T02:00:00Z' } as typeof draft.details });
  await trail.close();

  // The scheduled drift check runs in a fresh clone: no local log, only the branch on origin.
  const monitor = join(root, 'monitor');
  git(root, 'clone', '--quiet', remote, monitor);
  mkdirSync(join(monitor, 'plans'));
  copyFileSync(tofuFixture('drift'), join(monitor, 'plans/drift.json'));
  const run = await cli(
    ['drift-detect', '--environment', 'production', '--terraform-plan-json', 'plans/drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--state-file', 'state.json', '--metrics-file', 'metrics.prom'],
    { cwd: monitor, env: CI },
  );
  expect(run.code).toBe(0);
  const metrics = readFileSync(join(monitor, 'metrics.prom'), 'utf8');
  expect(metrics).toContain('gitops_approval_time_seconds_count{environment="production"} 1');
  expect(metrics).toContain('gitops_approval_time_seconds_sum{environment="production"} 7200');
});
