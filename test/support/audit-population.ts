// A hand-built change population for the audit export's judging tests: one change per situation the
// audit issue names, each expected to break exactly one check (and so only the controls using it).
import { parseFrameworks, type AuditChange, type AuditPopulation, type AuditReport, type AuditSettings, type CommitEvidence, type DriftIncident } from '@gitops-sync/core';
import { auditExport, nodeExec, silentProgress, type CollectAuditOptions } from '@gitops-sync/engine';

export const sha = (seed: string) => seed.repeat(40).slice(0, 40);
const person = (login: string, id: string) => ({ id, login });
export const ALICE = person('alice', '1');
export const BOB = person('bob', '2');
export const CAROL = person('carol', '3');
export const DEPLOY_BOT = person('deploy-bot', '9');

function commit(seed: string, author: { login: string }, signature: CommitEvidence['signature']['local'] = 'good'): CommitEvidence {
  const who = { name: author.login, email: `${author.login}@example.com`, login: author.login };
  return { sha: sha(seed), subject: `change ${seed}`, author: who, committer: who, time: '2026-10-01T10:00:00Z', signature: { local: signature, format: signature === 'unsigned' ? null : 'ssh', signer: null, platform: null } };
}

/** A properly reviewed change to production: PR by alice, approved by bob on the merged head, gate allowed, deployed by the bot. */
export function reviewedChange(seed: string, number: number, overrides: Partial<AuditChange> = {}): AuditChange {
  const head = sha(seed);
  return {
    id: `production@${head}`,
    environment: 'production',
    branch: 'main',
    sha: head,
    time: '2026-10-02T10:00:00Z',
    paths: ['terraform/main.tf'],
    commits: [commit(seed, ALICE)],
    change_request: { number, url: `https://github.com/acme/infra/pull/${number}`, author: ALICE, opened_at: '2026-10-01T09:00:00Z', merged_head_sha: head, labels: [] },
    approvals: [{ ...BOB, time: '2026-10-01T12:00:00Z', sha: head, on_merged_head: true }],
    ci_status: 'success',
    gate: { seq: number * 10, time: '2026-10-02T10:05:00Z', outcome: 'allowed', plan_fingerprint: `sha256:${seed}` },
    deployments: [{ seq: number * 10 + 1, time: '2026-10-02T10:06:00Z', actor: DEPLOY_BOT, deployed_sha: head, plan_fingerprint: `sha256:${seed}`, outcome: 'succeeded' }],
    emergency: null,
    ...overrides,
  };
}

const reviewed = reviewedChange('a', 1);
const directPush = reviewedChange('b', 2, { change_request: null, approvals: [] });
const selfApproved = reviewedChange('c', 3, {
  approvals: [
    { ...BOB, time: '2026-10-01T12:00:00Z', sha: sha('c'), on_merged_head: true },
    { ...ALICE, time: '2026-10-01T12:30:00Z', sha: sha('c'), on_merged_head: true },
  ],
});
const deployedByAuthor = reviewedChange('d', 4);
deployedByAuthor.deployments = [{ ...deployedByAuthor.deployments[0], actor: ALICE }];
const approvedOlderSha = reviewedChange('e', 5, { approvals: [{ ...BOB, time: '2026-10-01T12:00:00Z', sha: sha('0'), on_merged_head: false }] });
const emergencyReviewed = reviewedChange('f', 6, { emergency: { kind: 'rollback', follow_up: { ...CAROL, time: '2026-10-03T09:00:00Z', sha: sha('f'), on_merged_head: true } } });
const emergencyUnreviewed = reviewedChange('7', 7, { emergency: { kind: 'break-glass', follow_up: null } });
const unsigned = reviewedChange('8', 8, { commits: [commit('8', ALICE, 'unsigned')] });

export const CHANGES = { reviewed, directPush, selfApproved, deployedByAuthor, approvedOlderSha, emergencyReviewed, emergencyUnreviewed, unsigned };

const HOUR = 3600;
export const INCIDENT_IN_TIME: DriftIncident = { environment: 'production', first_seen: '2026-10-05T00:00:00Z', severity: 'high', resolved_at: '2026-10-05T05:00:00Z', resolution: 'sync', seconds_to_resolve: 5 * HOUR };
export const INCIDENT_LATE: DriftIncident = { environment: 'production', first_seen: '2026-10-10T00:00:00Z', severity: 'critical', resolved_at: '2026-10-14T00:00:00Z', resolution: 'revert', seconds_to_resolve: 96 * HOUR };

export function population(changes: AuditChange[] = Object.values(CHANGES), incidents: DriftIncident[] = [INCIDENT_IN_TIME, INCIDENT_LATE]): AuditPopulation {
  return {
    since: '2026-09-01T00:00:00Z',
    until: '2026-11-30T00:00:00Z',
    environments: ['production'],
    changes,
    incidents,
    log: { size: 120, root_hash: 'ab'.repeat(32), intact: true },
  };
}

export const SETTINGS: AuditSettings = { required_approvals: { production: 1 }, author_may_deploy: [], require_signed_commits: true, drift_resolution_hours: 72 };

/**
 * `audit export` of the project in `dir` (its config, its audit log) over a fixed period, with an
 * empty change population: what it says of the log alone.
 */
export async function exportLogOnly(dir: string, frameworks: string): Promise<AuditReport> {
  const collect = async (options: CollectAuditOptions): Promise<AuditPopulation> => ({ ...population([], []), log: options.log ?? null });
  const result = await auditExport(
    {
      configPath: 'gitops-sync.yaml',
      cwd: dir,
      since: '2026-01-01',
      until: '2026-11-30',
      environments: [],
      frameworks: parseFrameworks(frameworks),
      formats: ['json'],
      outputDir: 'out',
      repositoryUrl: null,
      platform: null,
      generatorVersion: '1.2.3',
      now: new Date('2026-12-01T00:00:00Z'),
    },
    { exec: nodeExec, env: {}, progress: silentProgress, collect },
  );
  return result.report;
}
