import type { Redactor } from '@gitops-sync/core';
import { RunAudit } from '@gitops-sync/engine';
import { runIdentity, type ActionIO } from '@gitops-sync/platforms';

/** The action run's audit trail: who ran it from the runner's variables; a store failure is one warning, never a failed step. */
export function actionAudit(io: ActionIO, redactor: Redactor): RunAudit {
  return new RunAudit({ identity: runIdentity(io.env), cwd: io.cwd, redact: (text) => redactor.redact(text), warn: (line) => io.warning(line) });
}
