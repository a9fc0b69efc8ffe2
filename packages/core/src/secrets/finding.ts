import { z } from 'zod';
import { SEVERITIES } from '../model/report.js';

/**
 * What `gitops-sync secrets check` reports: one finding per file and line, naming the rule that
 * matched. A finding never carries the value that matched, only where it is.
 */
export const SecretFinding = z
  .object({
    /** Path relative to the repository root, `/`-separated. */
    file: z.string().min(1),
    /** 1-based; 0 when the finding is about the whole file (e.g. a git-crypt path committed in plaintext). */
    line: z.number().int().min(0),
    /** The rule's id, e.g. `private-key`, `sops-unencrypted-value`, `git-crypt-plaintext`, `sops-rule-removed`. */
    rule: z.string().min(1),
    severity: z.enum(SEVERITIES),
    /** One sentence: what is wrong and how to fix it; never the value. */
    message: z.string().min(1),
  })
  .strict();
export type SecretFinding = z.infer<typeof SecretFinding>;

export const SECRETS_REPORT_SCHEMA_ID = 'gitops-sync/secrets-report@1';

export const SecretsReport = z
  .object({
    schema: z.literal(SECRETS_REPORT_SCHEMA_ID),
    /** Files read, and how many findings each rule gave. */
    files_checked: z.number().int().min(0),
    findings: z.array(SecretFinding),
  })
  .strict();
export type SecretsReport = z.infer<typeof SecretsReport>;
