import { z } from 'zod';
import { UserError } from '../errors.js';

/**
 * Terraform Cloud / Enterprise health assessments: the JSON:API documents read on the way to the
 * assessment's plan JSON. The plan itself is read by the Terraform plan source, so its changes keep
 * `source: terraform-plan` (and the Terraform severity rules); the report's `sources` says
 * `terraform-cloud`.
 */
// Show workspace (GET /organizations/:org/workspaces/:name, GET /workspaces/:id):
// https://developer.hashicorp.com/terraform/cloud-docs/api-docs/workspaces#show-workspace
const WorkspaceDocument = z.object({
  data: z.object({
    id: z.string().regex(/^ws-[A-Za-z0-9]+$/),
    type: z.literal('workspaces'),
    attributes: z.object({ name: z.string(), 'assessments-enabled': z.boolean().optional() }).passthrough(),
  }),
});

// Show assessment result: https://developer.hashicorp.com/terraform/cloud-docs/api-docs/assessment-results
// The documented sample puts `id` and `type` beside `data`, not inside it; the JSON:API spec puts
// them inside. Both are read.
const AssessmentResultDocument = z.object({
  id: z.string().optional(),
  type: z.string().optional(),
  data: z.object({
    id: z.string().optional(),
    type: z.string().optional(),
    attributes: z
      .object({
        drifted: z.boolean(),
        succeeded: z.boolean(),
        'error-msg': z.string().nullish(),
        'created-at': z.string().optional(),
      })
      .passthrough(),
    links: z.object({ 'json-output': z.string().min(1) }).passthrough(),
  }),
});

export interface TerraformCloudWorkspace {
  id: string;
  name: string;
  /** False when health assessments are turned off for the workspace; undefined when the API did not say. */
  assessmentsEnabled?: boolean;
}

export interface AssessmentResult {
  id: string;
  drifted: boolean;
  succeeded: boolean;
  errorMessage?: string;
  createdAt?: string;
  /** The plan JSON's link, relative to the API host (it redirects to a short-lived archive URL). */
  jsonOutput: string;
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError(`${label} is not JSON; check that the hostname points at Terraform Cloud / Enterprise, not a proxy or login page.`);
  }
}

/** The workspace a Show workspace answer describes. */
export function parseTerraformCloudWorkspace(text: string, label: string): TerraformCloudWorkspace {
  const parsed = WorkspaceDocument.safeParse(parseJson(text, label));
  if (!parsed.success) throw new UserError(`${label} is not a Terraform Cloud workspace document (no data.id ws-… of type workspaces); check the hostname.`);
  const { id, attributes } = parsed.data.data;
  return { id, name: attributes.name, assessmentsEnabled: attributes['assessments-enabled'] };
}

/** The assessment result a Show assessment result answer describes; undefined for `{"data": null}` (none yet). */
export function parseAssessmentResult(text: string, label: string): AssessmentResult | undefined {
  const json = parseJson(text, label);
  if ((json as { data?: unknown } | null)?.data === null) return undefined;
  const parsed = AssessmentResultDocument.safeParse(json);
  if (!parsed.success) {
    throw new UserError(`${label} is not a Terraform Cloud assessment result (it needs data.attributes.drifted, succeeded and data.links.json-output); check the hostname.`);
  }
  const { data } = parsed.data;
  const attributes = data.attributes;
  return {
    id: data.id ?? parsed.data.id ?? 'unknown',
    drifted: attributes.drifted,
    succeeded: attributes.succeeded,
    errorMessage: attributes['error-msg'] ? oneLine(attributes['error-msg']) : undefined,
    createdAt: attributes['created-at'],
    jsonOutput: data.links['json-output'],
  };
}

/** What the server wrote, as one line a terminal prints as text: no line breaks, no escape sequences. */
const oneLine = (text: string): string => text.replace(/[\s\p{Cc}]+/gu, ' ').trim();

/** The first error title/detail of a JSON:API error document (`{"errors":[{"status","title","detail"}]}`), kept short. */
export function terraformCloudErrorOf(text: string): string | undefined {
  try {
    const errors = (JSON.parse(text) as { errors?: unknown }).errors;
    const first = Array.isArray(errors) ? (errors[0] as { title?: unknown; detail?: unknown } | string | undefined) : undefined;
    const words = typeof first === 'string' ? first : [first?.title, first?.detail].filter((part) => typeof part === 'string').join(': ');
    return oneLine(words).slice(0, 200) || undefined;
  } catch {
    return undefined;
  }
}
