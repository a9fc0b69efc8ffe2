import { oneLine, UserError } from '../errors.js';
import type { SecretSink } from '../diff/value-diff.js';
import type { FieldChange, UnjudgedChange } from '../model/report.js';
import { changesFromFindings, parseComplianceJson, complianceField, isJsonObject, maskedIfSecret, pointerFromPropertyPath, type ComplianceFinding, type JsonObject } from './compliance-findings.js';
import { AWS_CONFIG_SOURCE } from '../model/sources.js';

/*
 * AWS Config's compliance results, as the AWS CLI prints them with `--output json`
 * (https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html,
 * API_DescribeComplianceByResource.html):
 *
 * - get-compliance-details-by-config-rule (and -by-resource): `{ "EvaluationResults": [EvaluationResult], "NextToken"? }`,
 *   an EvaluationResult being `{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName,
 *   ResourceType, ResourceId, EvaluationMode? }, OrderingTimestamp, ResourceEvaluationId? }, ComplianceType,
 *   ResultRecordedTime, ConfigRuleInvokedTime, Annotation?, ResultToken? }`.
 * - describe-compliance-by-resource: `{ "ComplianceByResources": [{ ResourceType, ResourceId, Compliance:
 *   { ComplianceType, ComplianceContributorCount: { CappedCount, CapExceeded } } }], "NextToken"? }` — no rule names.
 *
 * NON_COMPLIANT is drift; COMPLIANT and NOT_APPLICABLE are not; INSUFFICIENT_DATA (the rule could not
 * evaluate the resource) is not a difference either and is left out, unless no result was evaluated (then the
 * whole result is refused: it says nothing of drift). A page with a NextToken is refused:
 * the AWS CLI pages by itself unless --max-items or --no-paginate is given, and half a result would
 * report the rest of the estate as compliant.
 */

const FIX = 'pass the JSON of `aws configservice get-compliance-details-by-config-rule` or `describe-compliance-by-resource` (--output json)';

/**
 * Where a rule's Annotation names the setting it found wrong: `field=<path>` (a JSON pointer or a dotted
 * path), with `actual=<live value>` and `expected=<wanted value>` beside it, each value one word or
 * "double quoted". AWS-managed rules write no such annotation (most write none at all); a custom rule
 * (Lambda or Guard) can, and its finding then names the field instead of only the rule.
 */
const ANNOTATION_KEYS: Readonly<Record<string, 'field' | 'actual' | 'expected'>> = {
  field: 'field',
  property: 'field',
  actual: 'actual',
  current: 'actual',
  live: 'actual',
  expected: 'expected',
  wanted: 'expected',
  required: 'expected',
};
const ANNOTATION_PAIR = /(?:^|[\s,;(])([A-Za-z]+)=(?:"([^"]*)"|([^\s,;)]+))/g;

/** Fields by annotation text: a custom rule writes the same annotation for every resource it fails. */
const annotatedFields = new Map<string, FieldChange | undefined>();

/** The field an annotation names, or undefined; a new object each time (it becomes part of a change). */
export function fieldFromAnnotation(annotation: string): FieldChange | undefined {
  let field = annotatedFields.get(annotation);
  if (field === undefined && !annotatedFields.has(annotation)) {
    field = readAnnotation(annotation);
    if (annotatedFields.size < 10_000) annotatedFields.set(annotation, field);
  }
  return field && { ...field };
}

function readAnnotation(annotation: string): FieldChange | undefined {
  const found: Partial<Record<'field' | 'actual' | 'expected', string>> = {};
  for (const [, key, quoted, bare] of annotation.matchAll(ANNOTATION_PAIR)) {
    const role = ANNOTATION_KEYS[key.toLowerCase()];
    if (role && found[role] === undefined) found[role] = quoted ?? bare;
  }
  if (!found.field) return undefined;
  const path = pointerFromPropertyPath(found.field);
  // A rule's own finding is `/compliance/<rule>`: an annotation naming one would stand in for another rule's finding.
  if (path === '/compliance' || path.startsWith('/compliance/')) return undefined;
  return { path, before: found.actual ?? null, after: found.expected ?? null, sensitive: false };
}

/** An item of one of the answer's lists, named in messages only (no text or closure is made per item). */
interface Place {
  list: 'EvaluationResults' | 'ComplianceByResources';
  index: number;
}
const named = ({ list, index }: Place) => `${list}[${index}]`;

function text(item: JsonObject, key: string, place: Place, label: string): string {
  const value = item[key];
  if (typeof value !== 'string' || value === '') throw new UserError(`${label}: ${named(place)} has no ${key}; ${FIX}.`);
  return value;
}

const address = (type: string, id: string) => `${type}/${id}`;

/** The values AWS Config writes; anything else (`NonCompliant`, `non_compliant`) is another tool's text, and skipping it would hide the resource. */
const COMPLIANCE_TYPES = new Set(['NON_COMPLIANT', 'COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']);

/** Which ComplianceType values a page's results have shown: whether any was evaluated, and any not for lack of data. */
interface ComplianceSeen {
  evaluated: boolean;
  insufficient: boolean;
}

/** Whether an item is NON_COMPLIANT; a ComplianceType AWS Config never writes is refused. */
function isNonCompliant(item: JsonObject, place: Place, label: string, seen: ComplianceSeen): boolean {
  const compliance = text(item, 'ComplianceType', place, label);
  if (!COMPLIANCE_TYPES.has(compliance)) {
    throw new UserError(`${label}: ${named(place)} has a ComplianceType AWS Config does not write (${JSON.stringify(oneLine(compliance).slice(0, 40))}); it writes NON_COMPLIANT, COMPLIANT, NOT_APPLICABLE or INSUFFICIENT_DATA; ${FIX}.`);
  }
  if (compliance === 'INSUFFICIENT_DATA') seen.insufficient = true;
  else if (compliance !== 'NOT_APPLICABLE') seen.evaluated = true;
  return compliance === 'NON_COMPLIANT';
}

/** Whether a page says more follow: any NextToken but an empty one (a number or an object is no less a page marker). */
export const hasNextToken = (document: JsonObject): boolean => document.NextToken !== undefined && document.NextToken !== null && document.NextToken !== '';

function evaluationFindings(results: unknown[], label: string, findings: ComplianceFinding[], seen: ComplianceSeen, onSecret?: SecretSink): void {
  const place: Place = { list: 'EvaluationResults', index: 0 };
  for (let index = 0; index < results.length; index++) {
    const result = results[index];
    place.index = index;
    if (!isJsonObject(result)) throw new UserError(`${label}: ${named(place)} is not an object; ${FIX}.`);
    const identifier = result.EvaluationResultIdentifier;
    const qualifier = isJsonObject(identifier) ? identifier.EvaluationResultQualifier : undefined;
    if (!isJsonObject(qualifier)) throw new UserError(`${label}: ${named(place)} has no EvaluationResultIdentifier.EvaluationResultQualifier; ${FIX}.`);
    if (!isNonCompliant(result, place, label, seen)) continue;
    const rule = text(qualifier, 'ConfigRuleName', place, label);
    const kind = text(qualifier, 'ResourceType', place, label);
    const id = text(qualifier, 'ResourceId', place, label);
    const fields = [complianceField(rule, 'NON_COMPLIANT', 'COMPLIANT')];
    const annotated = typeof result.Annotation === 'string' ? fieldFromAnnotation(result.Annotation) : undefined;
    if (annotated) fields.push(maskedIfSecret(annotated, onSecret));
    findings.push({ address: address(kind, id), kind, fields });
  }
}

function resourceFindings(resources: unknown[], label: string, findings: ComplianceFinding[], seen: ComplianceSeen): void {
  const place: Place = { list: 'ComplianceByResources', index: 0 };
  for (let index = 0; index < resources.length; index++) {
    const resource = resources[index];
    place.index = index;
    if (!isJsonObject(resource) || !isJsonObject(resource.Compliance)) throw new UserError(`${label}: ${named(place)} has no Compliance object; ${FIX}.`);
    if (!isNonCompliant(resource.Compliance, place, label, seen)) continue;
    const kind = text(resource, 'ResourceType', place, label);
    const id = text(resource, 'ResourceId', place, label);
    // The rules it breaks are not in this answer, only how many: one field for the resource as a whole.
    findings.push({ address: address(kind, id), kind, fields: [{ path: '/compliance', before: 'NON_COMPLIANT', after: 'COMPLIANT', sensitive: false }] });
  }
}

/** The findings of one parsed page (a saved file, or one page the engine fetched). */
export function awsConfigFindings(document: unknown, label: string, options: { allowNextToken?: boolean; onSecret?: SecretSink } = {}): ComplianceFinding[] {
  if (!isJsonObject(document)) throw new UserError(`${label} is not an AWS Config compliance result (a JSON object with EvaluationResults or ComplianceByResources); ${FIX}.`);
  if (!options.allowNextToken && hasNextToken(document)) {
    throw new UserError(`${label} is one page of several (it has a NextToken), so the resources on the other pages would pass unseen; save the whole result (the AWS CLI pages by itself unless --max-items or --no-paginate is given).`);
  }
  const { EvaluationResults: results, ComplianceByResources: resources } = document;
  if (results === undefined && resources === undefined) {
    throw new UserError(`${label} is not an AWS Config compliance result (it has neither EvaluationResults nor ComplianceByResources); ${FIX}.`);
  }
  const findings: ComplianceFinding[] = [];
  const seen: ComplianceSeen = { evaluated: false, insufficient: false };
  if (results !== undefined) {
    if (!Array.isArray(results)) throw new UserError(`${label}: EvaluationResults is not an array; ${FIX}.`);
    evaluationFindings(results, label, findings, seen, options.onSecret);
  }
  if (resources !== undefined) {
    if (!Array.isArray(resources)) throw new UserError(`${label}: ComplianceByResources is not an array; ${FIX}.`);
    resourceFindings(resources, label, findings, seen);
  }
  // A whole result in which no rule could evaluate any resource (INSUFFICIENT_DATA; NOT_APPLICABLE evaluates nothing either) says nothing of drift.
  if (!options.allowNextToken && seen.insufficient && !seen.evaluated) {
    const count = (results as unknown[] | undefined ?? []).length + (resources as unknown[] | undefined ?? []).length;
    throw new UserError(`${label}: none of its ${count} results was evaluated (INSUFFICIENT_DATA: no rule could evaluate a resource), so it cannot tell whether anything drifted; check the rules' evaluations in AWS Config and save the result again.`);
  }
  return findings;
}

/** Changes from the saved JSON of one AWS Config compliance command: one per non-compliant resource. */
export function parseAwsConfigCompliance(json: string, label: string, onSecret?: SecretSink): UnjudgedChange[] {
  return changesFromFindings(awsConfigFindings(parseComplianceJson(json, label, FIX), label, { onSecret }), AWS_CONFIG_SOURCE);
}
