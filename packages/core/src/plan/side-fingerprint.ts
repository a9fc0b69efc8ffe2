import type { ByteSource } from '../json/top-level-reader.js';
import { observePlanForFingerprint, PlanFingerprinter, type FingerprinterOptions, type PlanReader } from './plan-fingerprinter.js';

/**
 * The plan fingerprint computed beside the analysis (the worker thread of the engine's
 * plan-fingerprint-thread.ts): `observe` reads the plan, taking for secrets what parseTerraformPlan
 * would, then `finish` takes the secrets the analysis did meet, which decide: parseTerraformPlan is
 * the authority on which strings are secrets.
 */
export class SideFingerprint {
  private readonly fingerprinter: PlanFingerprinter;
  /** The secrets observe met. */
  readonly found = new Set<string>();

  constructor(private readonly options: FingerprinterOptions) {
    this.fingerprinter = new PlanFingerprinter(options);
  }

  observe(source: Uint8Array | ByteSource): void {
    observePlanForFingerprint(source, this.fingerprinter, (secret) => {
      this.found.add(secret);
      this.fingerprinter.onSecret(secret);
    });
  }

  /** How the entries observed were written: from their bytes, or parsed. */
  get entriesWritten() {
    return { ...this.fingerprinter.entriesWritten };
  }

  /** The fingerprint, given every secret the analysis met; `plan` reads the plan again when it must. */
  finish(analysisSecrets: ReadonlySet<string>, plan: PlanReader): string {
    if (![...this.found].some((secret) => !analysisSecrets.has(secret))) {
      for (const secret of analysisSecrets) this.fingerprinter.onSecret(secret);
      return this.fingerprinter.fingerprint(plan);
    }
    // A string taken for a secret here that the analysis did not take for one: start again with exactly its secrets.
    const again = new PlanFingerprinter(this.options);
    for (const secret of analysisSecrets) again.onSecret(secret);
    plan((source) => observePlanForFingerprint(source, again));
    return again.fingerprint(plan);
  }
}
