/**
 * The controllers' CRD schemas (test/fixtures/crds, cut from the published CRDs), checked as
 * `kubectl apply --validate=strict` would: unknown fields refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

/** Strict field validation: an object schema with properties and no escape hatch takes no other field. */
function strict(schema: Schema): Schema {
  const copy: Schema = { ...schema };
  if (copy.properties) {
    copy.properties = Object.fromEntries(Object.entries(copy.properties as Record<string, Schema>).map(([key, value]) => [key, strict(value)]));
    if (copy.additionalProperties === undefined && !copy['x-kubernetes-preserve-unknown-fields']) copy.additionalProperties = false;
  }
  if (copy.items) copy.items = strict(copy.items as Schema);
  if (typeof copy.additionalProperties === 'object') copy.additionalProperties = strict(copy.additionalProperties as Schema);
  return copy;
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
const validator = (fixture: string) => {
  const validate = ajv.compile(strict(parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'crds', fixture), 'utf8'))));
  return (document: unknown) => (validate(document) ? undefined : `${validate.errors![0].instancePath} ${validate.errors![0].message}`);
};
export const applicationProblem = validator('argocd-application-v1alpha1.schema.yaml');
export const kustomizationProblem = validator('flux-kustomization-v1.schema.yaml');
