import type { Severity } from '../model/report.js';

/** One change as an alert shows it: never a value, only where and how bad. */
export interface AlertChange {
  address: string;
  severity: Severity;
  action: string;
  origin: 'planned' | 'outside';
  rule: string;
}

/**
 * What a notification channel is told after a monitoring run. `trigger`: a threshold is crossed
 * (first time, or severity rose); `resolve`: drift that alerted is gone. Runs where nothing changed
 * send nothing, so channels stay quiet.
 */
export interface AlertEvent {
  kind: 'trigger' | 'resolve';
  environment: string;
  /**
   * For a trigger, the alert's key, stable per environment and alerted severity so PagerDuty and friends
   * deduplicate (`gitops-sync/<environment>/<severity>`); for a resolve, the last of `resolves` (the alert's own key when known).
   */
  dedupKey: string;
  /**
   * The keys of alerts this event closes: for a resolve, every key the environment's alert may have had (its own
   * last); for an escalation, and a trigger sent again to channels that missed one, the keys it supersedes.
   */
  resolves?: string[];
  /** One line: "production: 2 critical, 1 high changes; drift for 3h", "production: drift resolved", or for a resolve while changes remain "production: back under the alert thresholds; 1 high change(s) still drift". */
  summary: string;
  /** Why it alerts: the thresholds crossed. Empty for resolve. */
  reasons: string[];
  counts: Record<Severity, number>;
  totalChanges: number;
  /** The oldest drift's age in seconds (0 when none). */
  driftAgeSeconds: number;
  /** The most severe changes first, at most 10. */
  topChanges: AlertChange[];
  /** The CI run (or nothing outside CI). */
  runUrl?: string;
  /** ISO time of the run. */
  at: string;
}
