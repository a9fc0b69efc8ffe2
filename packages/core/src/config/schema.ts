import { z } from 'zod';
import { UserError } from '../errors.js';
import { FailOn } from '../policy/fail-on.js';
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

export const Environment = z.object({ terraform: TerraformEnvironment.optional() }).strict();
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
