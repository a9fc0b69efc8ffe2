/**
 * The compliance control mapping (data): which checks are the evidence for which control of which
 * framework. The shipped mapping is `controls.yaml`; an auditor's own file (same format) replaces it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { CHECK_IDS } from './checks.js';

export const FRAMEWORKS = ['sox', 'soc2', 'pci', 'iso27001'] as const;
export const Framework = z.enum(FRAMEWORKS);
export type Framework = z.infer<typeof Framework>;

export const Control = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'control ids are lower-case words joined by . _ or -'),
    framework: Framework,
    title: z.string().min(1),
    /** The checks whose findings are this control's exceptions; none: not evidenced by gitops-sync (not-applicable). */
    checks: z.array(z.enum(CHECK_IDS)),
  })
  .strict();
export type Control = z.infer<typeof Control>;

export const ControlMapping = z
  .object({
    frameworks: z.partialRecord(Framework, z.string().min(1)).default({}),
    controls: z.array(Control).min(1),
  })
  .strict()
  .superRefine((mapping, context) => {
    const seen = new Set<string>();
    mapping.controls.forEach((control, index) => {
      if (seen.has(control.id)) context.addIssue({ code: 'custom', path: ['controls', index, 'id'], message: `control ${control.id} is listed twice` });
      seen.add(control.id);
    });
  });
export type ControlMapping = z.infer<typeof ControlMapping>;

/** Reads a mapping from YAML text; `where` names the file in the one sentence a bad mapping gets. */
export function parseControlMapping(text: string, where: string): ControlMapping {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UserError(`${where} is not valid YAML (${(error as Error).message.split('\n')[0]}); fix it or remove it to use the built-in control mapping.`);
  }
  const parsed = ControlMapping.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length ? issue.path.join('.') : 'the top level';
    throw new UserError(`${where} is not a control mapping: at ${at}, ${issue.message}; its format is schema/audit-controls.schema.json (the built-in mapping is packages/core/src/audit/controls.yaml).`);
  }
  return parsed.data;
}

let cachedText: string | undefined;
let cached: ControlMapping | undefined;

/** The text of the mapping shipped with gitops-sync (`controls.yaml`, bundled beside the code). */
export function defaultControlMappingText(): string {
  cachedText ??= readFileSync(new URL('./controls.yaml', import.meta.url), 'utf8');
  return cachedText;
}

export function defaultControlMapping(): ControlMapping {
  cached ??= parseControlMapping(defaultControlMappingText(), 'the built-in control mapping');
  return cached;
}

/** `sox,pci` → the frameworks, refusing an unknown name with the known ones listed. */
export function parseFrameworks(list: string): Framework[] {
  // Comma- or line-separated: a workflow's `compliance: |` block lists one per line, as environments do.
  const names = list.split(/[\n,]/).map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new UserError(`--compliance needs at least one of ${FRAMEWORKS.join(', ')}.`);
  for (const name of names) {
    if (!Framework.safeParse(name).success) throw new UserError(`--compliance ${name} is not a framework gitops-sync maps; use any of ${FRAMEWORKS.join(', ')}.`);
  }
  return [...new Set(names)] as Framework[];
}
