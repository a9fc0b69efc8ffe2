/**
 * The audit event (`gitops-sync/audit-event@1`): one line of the tamper-evident log that every use
 * case which decides or changes something appends to. Events are hash-chained: `hash` is the sha256
 * (hex) of the RFC 8785 canonical JSON of the event without `hash`, and `prev_hash` is the previous
 * event's `hash` (64 zeros for the first event of a log).
 */
import { hash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../plan/fingerprint.js';

export const AUDIT_EVENT_SCHEMA = 'gitops-sync/audit-event@1';
/** The `prev_hash` of a log's first event. */
export const GENESIS_HASH = '0'.repeat(64);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lowercase hex');
const commitSha = z.string().regex(/^[0-9a-f]{7,64}$/, 'a commit SHA').nullable();

/** Who an event is about: the identity that started the run, as the platform names it (never an input of the run). */
export const AuditIdentity = z
  .object({
    /** The platform's numeric user id, as a string (GitHub `GITHUB_ACTOR_ID`, GitLab `GITLAB_USER_ID`); null when unknown. */
    id: z.string().nullable(),
    login: z.string().nullable(),
  })
  .strict();
export type AuditIdentity = z.infer<typeof AuditIdentity>;

export const AuditActor = AuditIdentity.extend({
  /** The token's own identity when it differs from whoever triggered the run (a bot, an app). */
  token: AuditIdentity.nullable(),
}).strict();
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditRun = z
  .object({
    platform: z.enum(['github', 'gitlab', 'local']),
    /** GitHub run id / GitLab pipeline id. */
    id: z.string().nullable(),
    attempt: z.number().int().min(1).nullable(),
    /** The job's URL, for an auditor to follow. */
    url: z.string().nullable(),
  })
  .strict();
export type AuditRun = z.infer<typeof AuditRun>;

export const AUDIT_EVENT_TYPES = ['drift', 'approve-safe', 'gate', 'sync', 'rollback', 'alert'] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** A person the gate counted or rejected, and why. */
const GateVoter = z.object({ id: z.string().nullable(), login: z.string(), reason: z.string(), approved_at: z.string().nullable().optional(), sha: commitSha.optional() }).strict();
const SeverityCounts = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() }).strict();
const Backup = z.object({ path: z.string(), sha256: sha256Hex }).strict();

/** What each type of event records beside the common fields. */
export const AuditDetails = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('drift'),
      outcome: z.enum(['clean', 'drift', 'failed']),
      report_fingerprint: z.string().nullable(),
      plan_fingerprint: z.string().nullable(),
      counts: SeverityCounts,
      /** The drift's first-seen time when known (from the drift state), for time-to-resolve. */
      first_seen: z.string().nullable().optional(),
    })
    .strict(),
  z.object({ type: z.literal('approve-safe'), outcome: z.enum(['approved', 'not-approved']), findings: z.array(z.string()) }).strict(),
  z
    .object({
      type: z.literal('gate'),
      outcome: z.enum(['allowed', 'denied']),
      reason: z.string(),
      counted: z.array(GateVoter),
      rejected: z.array(GateVoter),
      plan_fingerprint: z.string().nullable(),
      /** When the change request was opened (or the drift first seen): the start of `gitops_approval_time_seconds`. */
      requested_at: z.string().nullable().optional(),
      /** When the approval that satisfied the gate was given: the end of `gitops_approval_time_seconds`. */
      approved_at: z.string().nullable().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('sync'),
      outcome: z.enum(['started', 'succeeded', 'failed', 'dry-run']),
      gate: z.object({ outcome: z.enum(['allowed', 'denied', 'not-required']), reason: z.string() }).strict().nullable(),
      plan_fingerprint: z.string().nullable(),
      backups: z.array(Backup),
      failure_reason: z.string().nullable(),
    })
    .strict(),
  z
    .object({
      type: z.literal('rollback'),
      outcome: z.enum(['started', 'succeeded', 'failed', 'dry-run']),
      mode: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      backups: z.array(Backup),
      verification: z.string().nullable(),
      failure_reason: z.string().nullable(),
      /** Run outside the normal rules (break-glass): reported as an emergency change. */
      emergency: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('alert'),
      outcome: z.enum(['trigger', 'escalate', 'resolve']),
      severity: z.string().nullable(),
      channels: z.array(z.object({ channel: z.string(), ok: z.boolean(), error: z.string().nullable() }).strict()),
    })
    .strict(),
]);
export type AuditDetails = z.infer<typeof AuditDetails>;

/** What a use case hands to the audit trail: the store adds `seq`, `prev_hash` and `hash`. */
export const AuditEventDraft = z
  .object({
    schema: z.literal(AUDIT_EVENT_SCHEMA),
    time: z.iso.datetime({ offset: true }),
    environment: z.string().nullable(),
    actor: AuditActor,
    run: AuditRun,
    /** `owner/name` (GitHub) or the project path (GitLab); null outside a repository. */
    repository: z.string().nullable(),
    commits: z.object({ base: commitSha, head: commitSha, deployed: commitSha }).strict(),
    change_request: z.object({ number: z.number().int().min(1), url: z.string().nullable() }).strict().nullable(),
    details: AuditDetails,
  })
  .strict();
export type AuditEventDraft = z.infer<typeof AuditEventDraft>;

export const AuditEvent = AuditEventDraft.extend({
  /** Position in the log, from 1, without gaps. */
  seq: z.number().int().min(1),
  prev_hash: sha256Hex,
  hash: sha256Hex,
}).strict();
export type AuditEvent = z.infer<typeof AuditEvent>;

/** sha256 (hex) over the RFC 8785 canonical JSON of the event without its `hash`. */
export function auditEventHash(event: Omit<AuditEvent, 'hash'> | AuditEvent): string {
  const { hash: _ignored, ...unhashed } = event as AuditEvent;
  // canonicalJson gives the RFC 8785 form for what an event holds (strings, integers, booleans, null)
  // and is faster than the general `canonicalize`: verification hashes 100,000 events in a breath.
  return hash('sha256', canonicalJson(unhashed), 'hex');
}

/** Places a draft in the log after `previous` (undefined for the first event). */
export function chainAuditEvent(draft: AuditEventDraft, previous: Pick<AuditEvent, 'seq' | 'hash'> | undefined): AuditEvent {
  const unhashed = { ...draft, seq: (previous?.seq ?? 0) + 1, prev_hash: previous?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: auditEventHash(unhashed) };
}
