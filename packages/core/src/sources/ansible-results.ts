import { z } from 'zod';

/*
 * One task's result on one host, as gitops-sync's Ansible callback plugin writes it (one JSON object per
 * line, `gitops-sync/ansible-result@1`) and as AWX job events are read into: the contract between the
 * Ansible run (ansible-playbook, AWX) and the source that turns results into changes.
 */
export const ANSIBLE_RESULT_SCHEMA = 'gitops-sync/ansible-result@1';

/** Ansible's `diff`: one object or a list of them (`before`/`after`, their headers, or `prepared` text). */
export const AnsibleDiff = z
  .object({
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    before_header: z.string().optional(),
    after_header: z.string().optional(),
    prepared: z.string().optional(),
  })
  .passthrough();
export type AnsibleDiff = z.infer<typeof AnsibleDiff>;

export const AnsibleTaskResult = z
  .object({
    schema: z.literal(ANSIBLE_RESULT_SCHEMA),
    host: z.string().min(1),
    /** The task's name as the playbook gives it (Ansible's default: the action). */
    task: z.string(),
    /** The module's fully qualified name when known (`ansible.builtin.copy`), else as written (`copy`). */
    module: z.string().min(1),
    /** The task's module arguments, censored: absent for `no_log` tasks. */
    args: z.record(z.string(), z.unknown()).optional(),
    status: z.enum(['ok', 'changed', 'failed', 'skipped', 'unreachable']),
    changed: z.boolean(),
    /** A failed task the playbook ignores (`ignore_errors`): not a failure of the check. */
    ignored: z.boolean().optional(),
    /** The task had `no_log: true`: no diff, no args, no result values. */
    no_log: z.boolean().default(false),
    diff: z.union([AnsibleDiff, z.array(AnsibleDiff)]).optional(),
    /** Failure or unreachable message, censored. */
    message: z.string().optional(),
  })
  .strict();
export type AnsibleTaskResult = z.infer<typeof AnsibleTaskResult>;

/** The callback's last line: the run finished (a file without it is a run that never reported its end). */
export const AnsibleRunEnd = z
  .object({
    schema: z.literal(ANSIBLE_RESULT_SCHEMA),
    end: z.literal(true),
    /** Per host: ok, changed, failures, unreachable, skipped (Ansible's stats). */
    stats: z.record(z.string(), z.record(z.string(), z.number())),
  })
  .strict();
export type AnsibleRunEnd = z.infer<typeof AnsibleRunEnd>;
