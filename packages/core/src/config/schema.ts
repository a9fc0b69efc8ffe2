import { z } from 'zod';
import { UserError } from '../errors.js';
import { FailOn } from '../policy/fail-on.js';
import { IgnoreDifference } from '../k8s/ignore.js';
import { SeverityRule } from '../severity/rules.js';

const nameList = z.array(z.string().min(1));

export const TerraformEnvironment = z
  .object({
    /** Folder with the Terraform configuration, relative to the config file. */
    dir: z.string().min(1),
    workspace: z.string().min(1).optional(),
    var_files: nameList.default([]),
    /** `-backend-config` values: files or `key=value` pairs. */
    backend_config: nameList.default([]),
    /** Binary to run: `terraform` or `tofu`. */
    binary: z.enum(['terraform', 'tofu']).default('terraform'),
  })
  .strict();
export type TerraformEnvironment = z.infer<typeof TerraformEnvironment>;

const stringMap = z.record(z.string(), z.string());

export const KubernetesEnvironment = z
  .object({
    /** Desired state, one of: manifest files or folders… */
    manifests: nameList.optional(),
    /** …a kustomization folder (rendered with `kubectl kustomize`)… */
    kustomize: z.string().min(1).optional(),
    /** …a Helm chart (rendered with `helm template`)… */
    helm: z
      .object({ chart: z.string().min(1), release: z.string().min(1), namespace: z.string().optional(), values: nameList.default([]), set: nameList.default([]) })
      .strict()
      .optional(),
    /** …or a Jsonnet file (rendered with `jsonnet`). */
    jsonnet: z.object({ file: z.string().min(1), ext_str: stringMap.default({}), tla_str: stringMap.default({}) }).strict().optional(),
    /** Live state: an export file (`kubectl get … -o yaml`), or `kubectl get` of the rendered objects. */
    live: z.union([z.object({ export: z.string().min(1) }).strict(), z.object({ kubectl: z.literal(true) }).strict()]),
    context: z.string().min(1).optional(),
    namespace: z.string().min(1).default('default'),
    /** `key=value`: live objects with it and not in Git are to be pruned. */
    tracking_label: z.string().regex(/^[^=]+=.*$/, 'write key=value').optional(),
    ignore_differences: z.array(IgnoreDifference).default([]),
  })
  .strict()
  .refine((k) => [k.manifests, k.kustomize, k.helm, k.jsonnet].filter(Boolean).length === 1, {
    message: 'set exactly one of manifests, kustomize, helm or jsonnet',
  });
export type KubernetesEnvironment = z.infer<typeof KubernetesEnvironment>;

export const Environment = z.object({ terraform: TerraformEnvironment.optional(), kubernetes: KubernetesEnvironment.optional() }).strict();
export type Environment = z.infer<typeof Environment>;

/** Environment names become file names (drift-report-<name>.json), so no path characters. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function checkEnvironmentName(name: string): string {
  if (!ENVIRONMENT_NAME.test(name)) {
    throw new UserError(`Environment name ${JSON.stringify(name)} is not allowed; use letters, digits, ".", "_" and "-", starting with a letter or digit.`);
  }
  return name;
}

export const GitopsSyncConfig = z
  .object({
    environments: z.record(z.string().regex(ENVIRONMENT_NAME, 'environment names are letters, digits, . _ -'), Environment).default({}),
    severity: z.object({ rules: z.array(SeverityRule).default([]) }).strict().default({ rules: [] }),
    fail_on: FailOn.default('critical'),
    report: z.object({ output_changes_are_drift: z.boolean().default(false) }).strict().default({ output_changes_are_drift: false }),
  })
  .strict();
export type GitopsSyncConfig = z.infer<typeof GitopsSyncConfig>;
