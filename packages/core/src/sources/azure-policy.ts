import { oneLine, UserError } from '../errors.js';
import type { SecretSink } from '../diff/value-diff.js';
import type { FieldChange, UnjudgedChange } from '../model/report.js';
import { changesFromFindings, parseComplianceJson, complianceField, isJsonObject, maskedIfSecret, pointerFromPropertyPath, type ComplianceFinding, type JsonObject } from './compliance-findings.js';
import { AZURE_POLICY_SOURCE } from '../model/sources.js';

/*
 * Azure Policy's compliance states as `az policy state list -o json` prints them: a JSON array of
 * PolicyState (https://learn.microsoft.com/rest/api/policy/policy-states/list-query-results-for-subscription),
 * each `{ resourceId, resourceType, complianceState: NonCompliant|Compliant|Conflict|Exempt|Unknown…,
 * isCompliant (older API versions), policyDefinitionName, policyDefinitionId, policyAssignmentName,
 * policyDefinitionAction, policyDefinitionReferenceId, policySetDefinitionName, … }`. The REST body
 * `{ "@odata.context", "@odata.count", "value": [PolicyState], "@odata.nextLink"? }` is read too.
 * With `--expand PolicyEvaluationDetails` each state has `policyEvaluationDetails.evaluatedExpressions[]`:
 * `{ expression, expressionKind, path, expressionValue, targetValue, operator, result }` — the policy
 * rule's `if` conditions as evaluated. A resource is non-compliant because its `if` held, so the
 * conditions with result "True" are the reasons: `expressionValue` is what runs now, and what the
 * policy wants is the opposite of the condition ("notEquals true" held → it wants "equals true").
 */

const FIX = 'pass the JSON of `az policy state list` (-o json, best with --expand PolicyEvaluationDetails)';

/** What each policy condition operator asks for when it must NOT hold (the condition held: that is the finding). */
const OPPOSITE_OPERATOR: Readonly<Record<string, string>> = {
  equals: 'notEquals',
  notequals: 'equals',
  like: 'notLike',
  notlike: 'like',
  match: 'notMatch',
  notmatch: 'match',
  matchinsensitively: 'notMatchInsensitively',
  notmatchinsensitively: 'matchInsensitively',
  contains: 'notContains',
  notcontains: 'contains',
  in: 'notIn',
  notin: 'in',
  containskey: 'notContainsKey',
  notcontainskey: 'containsKey',
  less: 'greaterOrEquals',
  lessorequals: 'greater',
  greater: 'lessOrEquals',
  greaterorequals: 'less',
};

/** The selector every policy rule starts with (`field: type equals …`) says which resources it reads, not what is wrong with them. */
const SELECTOR_PATHS = new Set(['type']);

const valueText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** What the policy wants, as text: the opposite of the condition that held ("equals true", "in [\"westeurope\"]"). */
export function wantedByPolicy(operator: string, target: unknown): string {
  const key = operator.toLowerCase();
  if (key === 'exists') return `exists ${String(target).toLowerCase() === 'true' ? 'false' : 'true'}`;
  const opposite = OPPOSITE_OPERATOR[key];
  return opposite ? `${opposite} ${valueText(target)}` : `not (${operator} ${valueText(target)})`;
}

function reasonFields(state: JsonObject, onSecret?: SecretSink): FieldChange[] {
  const details = state.policyEvaluationDetails;
  const expressions = isJsonObject(details) && Array.isArray(details.evaluatedExpressions) ? details.evaluatedExpressions : [];
  const fields: FieldChange[] = [];
  for (const expression of expressions) {
    if (!isJsonObject(expression) || String(expression.result).toLowerCase() !== 'true') continue;
    const { path, operator } = expression;
    if (typeof path !== 'string' || !path || SELECTOR_PATHS.has(path) || typeof operator !== 'string') continue;
    const field = { path: pointerFromPropertyPath(path), before: expression.expressionValue ?? null, after: wantedByPolicy(operator, expression.targetValue), sensitive: false };
    fields.push(maskedIfSecret(field, onSecret));
  }
  return fields;
}

/**
 * The states Azure Policy writes, in lower case (https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states);
 * anything else (`Non-Compliant`, another tool's word) is refused: skipped, it would hide the resource.
 */
const COMPLIANCE_STATES = new Set(['noncompliant', 'compliant', 'conflict', 'exempt', 'unknown', 'notstarted', 'error', 'protected']);

/**
 * States that say the resource was not (yet) evaluated: a result with some of these and no evaluated state
 * (NonCompliant, Compliant, Conflict) says nothing of drift. A manual policy's Unknown waits for an
 * attestation, not an evaluation; Exempt and Protected evaluate nothing: neither counts either way.
 */
const NOT_EVALUATED = new Set(['unknown', 'notstarted', 'error']);
const EVALUATED = new Set(['noncompliant', 'compliant', 'conflict']);

/** The state in lower case (`noncompliant`, `compliant`, … from isCompliant too); a state Azure Policy never writes is refused. */
function complianceOf(state: JsonObject, place: Place, label: string): string {
  if (typeof state.complianceState === 'string') {
    const known = state.complianceState.toLowerCase();
    if (!COMPLIANCE_STATES.has(known)) {
      throw new UserError(
        `${label}: ${named(place)} has a complianceState Azure Policy does not write (${JSON.stringify(oneLine(state.complianceState).slice(0, 40))}); it writes NonCompliant, Compliant, Conflict, Exempt, Unknown, NotStarted, Error or Protected; ${FIX}.`,
      );
    }
    // Older API versions write isCompliant beside it: one saying the opposite makes the state unreadable.
    if (typeof state.isCompliant === 'boolean' && (known === 'compliant' || known === 'noncompliant') && state.isCompliant !== (known === 'compliant')) {
      throw new UserError(`${label}: ${named(place)} says complianceState ${oneLine(state.complianceState)} but isCompliant ${state.isCompliant}; ${FIX}.`);
    }
    return known;
  }
  if (typeof state.isCompliant === 'boolean') return state.isCompliant ? 'compliant' : 'noncompliant';
  throw new UserError(`${label}: ${named(place)} has neither complianceState nor isCompliant; ${FIX}.`);
}

/** A state of the list (with its resource once known), named in messages only: no text or closure is made per state. */
interface Place {
  index: number;
  resourceId: string | undefined;
}
const named = ({ index, resourceId }: Place) => `state ${index}${resourceId === undefined ? '' : ` (${oneLine(resourceId)})`}`;

function text(state: JsonObject, key: string, place: Place, label: string): string {
  const value = state[key];
  if (typeof value !== 'string' || value === '') throw new UserError(`${label}: ${named(place)} has no ${key}; ${FIX}.`);
  return value;
}

/** The states of one parsed document: the CLI's array, or a REST body's `value`. */
function policyStates(document: unknown, label: string, options: { allowNextLink?: boolean }): unknown[] {
  if (Array.isArray(document)) return document;
  if (isJsonObject(document) && Array.isArray(document.value)) {
    // ARM names the link nextLink, Policy Insights' OData answers @odata.nextLink; any value but an empty one is a page marker.
    const link = ['@odata.nextLink', 'odata.nextLink', 'nextLink'].find((key) => document[key] !== undefined && document[key] !== null && document[key] !== '');
    if (!options.allowNextLink && link) {
      throw new UserError(`${label} is one page of several (it has ${link === 'nextLink' ? 'a' : 'an'} ${link}), so the resources on the other pages would pass unseen; save the whole result (az policy state list follows the pages itself).`);
    }
    const count = document['@odata.count'];
    if (!options.allowNextLink && typeof count === 'number' && count > document.value.length) {
      throw new UserError(`${label} counts ${count} states (@odata.count) but holds ${document.value.length}, so it is one page of several and the resources on the other pages would pass unseen; save the whole result (az policy state list follows the pages itself).`);
    }
    return document.value;
  }
  throw new UserError(`${label} is not a list of Azure Policy states (a JSON array, or an object with value); ${FIX}.`);
}

/** The findings of one parsed document (a saved file, or what the engine ran az for). */
export function azurePolicyFindings(document: unknown, label: string, options: { allowNextLink?: boolean; onSecret?: SecretSink } = {}): ComplianceFinding[] {
  const findings: ComplianceFinding[] = [];
  const states = policyStates(document, label, options);
  let evaluated = 0;
  let pending = 0;
  const place: Place = { index: 0, resourceId: undefined };
  for (let index = 0; index < states.length; index++) {
    const state = states[index];
    place.index = index;
    place.resourceId = undefined;
    if (!isJsonObject(state)) throw new UserError(`${label}: ${named(place)} is not an object; ${FIX}.`);
    const resourceId = text(state, 'resourceId', place, label);
    place.resourceId = resourceId;
    const compliance = complianceOf(state, place, label);
    if (EVALUATED.has(compliance)) evaluated++;
    else if (NOT_EVALUATED.has(compliance) && !(compliance === 'unknown' && String(state.policyDefinitionAction).toLowerCase() === 'manual')) pending++;
    if (compliance !== 'noncompliant') continue;
    const resourceType = text(state, 'resourceType', place, label);
    const kind = resourceType.startsWith('/') ? resourceType.slice(1) : resourceType;
    const definition = text(state, 'policyDefinitionName', place, label);
    const fields = [complianceField(definition, 'NonCompliant', 'Compliant'), ...reasonFields(state, options.onSecret)];
    findings.push({ address: resourceId, kind, fields });
  }
  if (pending > 0 && evaluated === 0) {
    throw new UserError(`${label}: none of its ${states.length} policy states was evaluated (${pending} Unknown, NotStarted or Error, none NonCompliant, Compliant or Conflict), so it cannot tell whether anything drifted; let the evaluation finish (az policy state trigger-scan) or fix what failed it, and list the states again.`);
  }
  return findings;
}

/** Changes from the saved JSON of `az policy state list`: one per non-compliant resource. */
export function parseAzurePolicyStates(json: string, label: string, onSecret?: SecretSink): UnjudgedChange[] {
  return changesFromFindings(azurePolicyFindings(parseComplianceJson(json, label, FIX), label, { onSecret }), AZURE_POLICY_SOURCE);
}
