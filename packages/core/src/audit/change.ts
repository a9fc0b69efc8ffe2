/**
 * The population `audit export` judges: every change that reached an environment in the period,
 * with the evidence gathered for it (git history, the platform's PR/MR and reviews, the audit log),
 * and the drift incidents of the period. Collecting fills these; the control mapping judges them.
 */
import { z } from 'zod';

const Person = z.object({ id: z.string().nullable(), login: z.string().nullable() }).strict();
const time = z.iso.datetime({ offset: true });

export const CommitEvidence = z
  .object({
    sha: z.string(),
    subject: z.string(),
    author: z.object({ name: z.string(), email: z.string(), login: z.string().nullable() }).strict(),
    committer: z.object({ name: z.string(), email: z.string(), login: z.string().nullable() }).strict(),
    time,
    signature: z
      .object({
        /** `git verify-commit` against the configured keyring / allowed signers. */
        local: z.enum(['good', 'bad', 'unknown-key', 'unsigned']),
        format: z.enum(['gpg', 'ssh', 'x509']).nullable(),
        signer: z.string().nullable(),
        /** What the platform says (GitHub `commit.verification`, GitLab `signature`); null when not asked. */
        platform: z.object({ verified: z.boolean(), reason: z.string() }).strict().nullable(),
      })
      .strict(),
  })
  .strict();
export type CommitEvidence = z.infer<typeof CommitEvidence>;

export const ChangeApproval = Person.extend({
  time,
  /** The commit the approval was given on. */
  sha: z.string(),
  on_merged_head: z.boolean(),
}).strict();
export type ChangeApproval = z.infer<typeof ChangeApproval>;

/** A sync (or rollback) from the audit log that put this change on the environment. */
export const ChangeDeployment = z
  .object({
    seq: z.number().int(),
    time,
    actor: Person,
    deployed_sha: z.string().nullable(),
    plan_fingerprint: z.string().nullable(),
    outcome: z.string(),
  })
  .strict();
export type ChangeDeployment = z.infer<typeof ChangeDeployment>;

export const AuditChange = z
  .object({
    /** Stable id for links: `<environment>@<merge sha>`. */
    id: z.string(),
    environment: z.string(),
    branch: z.string(),
    /** The commit that brought the change onto the branch (the merge commit, or the pushed head). */
    sha: z.string(),
    time,
    /** The environment paths the change touched. */
    paths: z.array(z.string()),
    commits: z.array(CommitEvidence),
    /** null: pushed directly to the branch, no PR/MR. */
    change_request: z
      .object({
        number: z.number().int(),
        url: z.string().nullable(),
        author: Person,
        opened_at: time,
        merged_head_sha: z.string(),
        labels: z.array(z.string()),
      })
      .strict()
      .nullable(),
    approvals: z.array(ChangeApproval),
    ci_status: z.enum(['success', 'failure', 'pending', 'none']),
    /** The gate decision the audit log holds for the merged head; null when none was recorded. */
    gate: z.object({ seq: z.number().int(), time, outcome: z.enum(['allowed', 'denied']), plan_fingerprint: z.string().nullable() }).strict().nullable(),
    deployments: z.array(ChangeDeployment),
    /** A rollback, or a change labelled break-glass: with its follow-up review, or null when none came in the window. */
    emergency: z
      .object({ kind: z.enum(['rollback', 'break-glass']), follow_up: ChangeApproval.nullable() })
      .strict()
      .nullable(),
  })
  .strict();
export type AuditChange = z.infer<typeof AuditChange>;

export const DriftIncident = z
  .object({
    environment: z.string(),
    first_seen: time,
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    resolved_at: time.nullable(),
    resolution: z.enum(['sync', 'revert', 'accepted']).nullable(),
    seconds_to_resolve: z.number().nullable(),
  })
  .strict();
export type DriftIncident = z.infer<typeof DriftIncident>;

/** The audit log a population was read from: its size and Merkle root, whether it verified, and the key that vouched for it. */
export const AuditLogSummary = z
  .object({
    size: z.number().int(),
    root_hash: z.string(),
    intact: z.boolean(),
    /**
     * sha256 (hex) of the raw Ed25519 public key (`audit.public_key`) that verified its last checkpoint; null
     * when none did. The repository names that key, so an auditor compares it with their own copy.
     */
    key_id: z.string().nullable().optional(),
  })
  .strict();
export type AuditLogSummary = z.infer<typeof AuditLogSummary>;

export const AuditPopulation = z
  .object({
    since: time,
    until: time,
    environments: z.array(z.string()),
    changes: z.array(AuditChange),
    incidents: z.array(DriftIncident),
    /** The checkpoint of the audit log the population was read from (size + Merkle root). */
    log: AuditLogSummary.nullable(),
  })
  .strict();
export type AuditPopulation = z.infer<typeof AuditPopulation>;
