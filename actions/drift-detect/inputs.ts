import { FailOn } from '@gitops-sync/core';
import { readActionInputs } from '../shared/inputs.js';
import { z } from 'zod';
import type { ActionIO } from '@gitops-sync/platforms';

export const DriftDetectInputs = z.object({
  environment: z.string(),
  config: z.string().min(1),
  'terraform-directory': z.string(),
  'terraform-plan-json': z.string(),
  /** Empty: the config file's fail_on. */
  'fail-on': FailOn.or(z.literal('')),
  'output-directory': z.string().min(1),
  'terraform-version': z.string(),
  'terraform-download-url': z.string().url().or(z.literal('')),
  'kubernetes-manifests': z.string(),
  'kubernetes-live-export': z.string(),
  'kubernetes-namespace': z.string(),
  'flux-diff-file': z.string(),
  'argocd-app': z.string(),
  source: z.string(),
  'source-file': z.string(),
  'helm-version': z.string(),
  'pr-comment': z.enum(['off', 'always', 'changes-only']),
  notify: z.enum(['true', 'false']),
  'drift-issue': z.enum(['true', 'false']),
  'state-file': z.string(),
  'metrics-file': z.string(),
  'pushgateway-url': z.string().url().or(z.literal('')),
  token: z.string(),
  'bot-login': z.string(),
});
export type DriftDetectInputs = z.infer<typeof DriftDetectInputs>;

const DEFAULTS: Partial<Record<keyof DriftDetectInputs, string>> = {
  config: 'gitops-sync.yaml',
  'output-directory': 'gitops-sync-reports',
  'pr-comment': 'off',
  notify: 'false',
  'drift-issue': 'false',
};

/** Reads every input once, applies defaults and validates; a bad value becomes one sentence naming the input. */
export function readInputs(io: ActionIO): DriftDetectInputs {
  return readActionInputs(io, DriftDetectInputs, DEFAULTS, (name, value) =>
    name === 'fail-on' ? `Input fail-on is ${JSON.stringify(value)}; use one of ${FailOn.options.join(', ')}, or leave it empty for the config file's fail_on.` : undefined,
  );
}
