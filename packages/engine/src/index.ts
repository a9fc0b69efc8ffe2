// Ports and the plumbing every use case shares.
export * from './ports.js';
export * from './node-exec.js';
export * from './files.js';
export * from './config-file.js';
export * from './rules.js';
export * from './report-file.js';
export * from './heartbeat.js';
export * from './at-most.js';
export * from './path-lookup.js';
export * from './argocd-client.js';
// drift/: what differs between Git and what runs.
export * from './drift/terraform.js';
export * from './drift/k8s-render.js';
export * from './drift/kubernetes-sources.js';
export * from './drift/kubernetes.js';
export * from './drift/drift.js';
export * from './drift/plan-report-file.js';
export { usePlanFingerprintWorker } from './drift/plan-fingerprint-setup.js';
export * from './drift/drift-detect.js';
export * from './drift/sources.js';
export * from './drift/gcp-config-connector.js';
export * from './drift/terraform-cloud.js';
export * from './drift/ansible.js';
export * from './drift/awx-client.js';
export * from './drift/awx.js';
// review/: the four-eyes decision on a pull/merge request.
export * from './review/review-platform.js';
export * from './review/base-policy.js';
export * from './review/approve-safe.js';
export * from './review/gate.js';
export * from './review/pr-comment.js';
// sync/: applying a reviewed change.
export * from './sync/sync-types.js';
export * from './sync/deployers.js';
export * from './sync/lock.js';
export * from './sync/backup-encryption.js';
export * from './sync/argocd-sync.js';
export * from './sync/sync-kubernetes.js';
export * from './sync/sync-terraform.js';
export * from './sync/sync.js';
// rollback/: going back to a known state.
export * from './rollback/rollback-kubernetes.js';
export * from './rollback/rollback-terraform.js';
export * from './rollback/rollback-git.js';
export * from './rollback/rollback.js';
export * from './rollback/controller-pause.js';
export * from './rollback/git-follows.js';
// monitor/: drift over time, alerts and issues.
export * from './monitor/notifier.js';
export * from './monitor/drift-issues.js';
export * from './monitor/monitor.js';
export * from './monitor/metrics.js';
export * from './audit/trail.js';
export * from './audit/collect.js';
export * from './protection/protection.js';
export * from './audit/git-store.js';
export * from './audit/verify-log.js';
export * from './audit/export.js';
export * from './audit/record.js';
export * from './audit/read-log.js';
export * from './signatures/verify-commit.js';
export * from './signatures/sign-commit.js';
// secrets/: secrets at rest (the check) and what a pull/merge request changes about them.
export * from './secrets/check.js';
export * from './secrets/pr-changes.js';
export * from './secrets/sops-decrypt.js';
export * from './generate/generator-inputs.js';
