import { isStackOverflow, tooDeeplyNested, UserError } from '../errors.js';
import { looksUtf16, UTF16_WORDS } from '../json/json-text.js';
import { JsonShapeError, readTopLevel, type ByteSource } from '../json/top-level-reader.js';
import { collectMaskedSecrets, diffValues, MIN_HANDED_ON_SECRET_LENGTH, redactValue, type SecretSink } from '../diff/value-diff.js';
import { pointerFromSteps, stepsFromPointer } from '../diff/json-pointer.js';
import { defaultRules } from '../severity/default-rules.js';
import { whereAttributePaths, type SeverityRuleSet } from '../severity/rules.js';
import { KNOWN_AFTER_APPLY, SENSITIVE, type Action, type ChangeAttributes, type FieldChange, type OutputChange, type UnjudgedChange } from '../model/report.js';
import { TERRAFORM_PLAN_SOURCE } from '../model/sources.js';
import { planInstance } from '../plan/plan-instance.js';
import { findsSecrets, unmarkedSecretScrubber, whereSecretsMayBeInJson } from '../secrets/embedded.js';

export interface ParsedTerraformPlan {
  changes: UnjudgedChange[];
  outputChanges: OutputChange[];
  formatVersion: string;
  terraformVersion?: string;
  /** With onChange and a secret met in the plan: scrubs a change it was handed of them (see unmarkedSecretScrubber). */
  scrubUnmarked?: (change: UnjudgedChange) => void;
  /**
   * With scrubUnmarked: where in the JSON text of changes (one per line) something starts that scrubUnmarked
   * may mask, or -1 when nothing before `end` (see whereSecretsMayBeInJson).
   */
  whereScrubMayBeNeeded?: (changesJson: Uint8Array, start: number, end: number) => number;
}

const mayNeedScrubText = (whereScrubMayBeNeeded: (json: Uint8Array, start: number, end: number) => number, json: string) => {
  const bytes = Buffer.from(json);
  return whereScrubMayBeNeeded(bytes, 0, bytes.length) !== -1;
};

export interface ParseOptions {
  /** Names the input in error messages, e.g. the file path. */
  label: string;
  /** Receives every raw sensitive value, so the caller can mask it in logs. */
  onSecret?: SecretSink;
  /** Sees the plan's raw resource changes and output changes as they are read (the fingerprint). */
  observer?: PlanObserver;
  /**
   * Takes each change as it is read instead of `changes` (then empty), so a large plan's changes are
   * never all in memory. The caller puts outside changes before planned ones and, once the whole
   * plan is read, passes each through the result's `scrubUnmarked`.
   */
  onChange?: (change: UnjudgedChange) => void;
  /** Receives the plan reduced to these top-level members as it is read (TopLevelSpec.tee): the fingerprint's worker reads them. */
  tee?: { keys: readonly string[]; sink: (piece: Uint8Array) => void };
  /**
   * The rules the changes will be judged by (the shipped ones when not given): each change keeps the
   * unchanged attributes their `where` conditions read.
   */
  judgedBy?: SeverityRuleSet;
}

/**
 * Sees raw plan entries in the one pass that parses them: each resource_changes entry (no-ops
 * included) after its secrets went to onSecret, then output_changes.
 */
export interface PlanObserver {
  resourceChange(item: unknown): void;
  outputChanges(raw: unknown): void;
}

interface PlanChangeJson {
  actions?: string[];
  before?: unknown;
  after?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
  after_unknown?: unknown;
  replace_paths?: (string | number)[][];
  importing?: unknown;
}

interface ResourceChangeJson {
  address?: string;
  mode?: string;
  type?: string;
  previous_address?: string;
  change?: PlanChangeJson;
}

/**
 * Terraform and OpenTofu write an action list; its order differs between tools and versions
 * (["delete","create"] vs ["create","delete"], ["create","forget"] vs ["forget","create"]), so
 * it is classified as a set. `undefined` means "not a change" (no-op, read).
 */
export function classifyActions(actions: readonly string[], importing: boolean): Action | undefined {
  const has = (action: string) => actions.includes(action);
  if (has('create') && (has('delete') || has('forget'))) return 'replace';
  if (has('delete')) return 'delete';
  if (has('forget')) return 'forget';
  if (has('create')) return 'create';
  if (has('update')) return 'update';
  if (has('no-op') && importing) return 'import';
  return undefined;
}

const SUPPORTED_MAJORS = new Set(['0', '1']);
/** The actions Terraform and OpenTofu write in a change's `actions`. */
const PLAN_ACTIONS: ReadonlySet<string> = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);
const PLAN_KEYS = ['planned_values', 'resource_changes', 'resource_drift', 'output_changes', 'errored'];
const STATE_KEYS = ['lineage', 'serial'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function malformed(label: string, what: string): UserError {
  return new UserError(`${label} is not a valid Terraform plan: ${what}; produce it again with \`terraform show -json <planfile>\`.`);
}

/** The parts of a change entry this source reads, checked by hand: zod per entry would double the time of a large plan. */
function checkChange(label: string, where: string, change: unknown): asserts change is PlanChangeJson & { actions: string[] } {
  if (!isObject(change)) throw malformed(label, `${where} has no "change" object`);
  if (!isStringList(change.actions)) throw malformed(label, `${where} has "actions" that is not a list of strings`);
  // An action Terraform does not write (or none) would otherwise read as "not a change": drift unseen.
  const unknown = change.actions.find((action) => !PLAN_ACTIONS.has(action));
  if (unknown !== undefined || change.actions.length === 0) {
    throw malformed(label, `${where} has ${unknown === undefined ? 'no action' : `the action ${JSON.stringify(unknown).slice(0, 60)}, which Terraform does not write`} (it writes ${[...PLAN_ACTIONS].join(', ')})`);
  }
  const paths = change.replace_paths;
  if (paths !== undefined && paths !== null && !(Array.isArray(paths) && paths.every(Array.isArray))) {
    throw malformed(label, `${where} has "replace_paths" that is not a list of paths`);
  }
}

function resourceChange(raw: unknown, origin: 'planned' | 'outside', label: string, judgedBy: SeverityRuleSet, onSecret?: SecretSink): UnjudgedChange | undefined {
  const list = origin === 'outside' ? 'resource_drift' : 'resource_changes';
  if (!isObject(raw) || typeof raw.address !== 'string') throw malformed(label, `an entry of ${list} has no "address"`);
  const resource = raw as unknown as ResourceChangeJson & { address: string };
  checkChange(label, `${list} entry ${resource.address}`, resource.change);
  const change = resource.change;
  const importing = change.importing !== undefined && change.importing !== null;
  const action = resource.mode === 'data' ? undefined : classifyActions(change.actions, importing);
  if (!action) {
    // Not a change, but its sensitive values may be copied unmarked into one.
    collectMaskedSecrets(change.before, change.before_sensitive, onSecret);
    collectMaskedSecrets(change.after, change.after_sensitive, onSecret);
    return undefined;
  }
  const fields = diffValues(
    change.before,
    change.after,
    { beforeSensitive: change.before_sensitive, afterSensitive: change.after_sensitive, afterUnknown: change.after_unknown },
    onSecret,
  );
  markReplacePaths(fields, change.replace_paths);
  const result: UnjudgedChange = {
    address: resource.address,
    kind: resource.type ?? 'unknown',
    source: TERRAFORM_PLAN_SOURCE,
    action,
    origin,
    fields: resource.type === 'terraform_data' ? fields.filter((field) => !isEcho(field.path)) : fields,
  };
  if (resource.previous_address) result.previous_address = resource.previous_address;
  if (importing) result.importing = true;
  const attributes = decidingAttributes(whereAttributePaths(judgedBy, TERRAFORM_PLAN_SOURCE, result.kind), change, result.fields);
  if (attributes) result.attributes = attributes;
  return result;
}

/**
 * The unchanged attributes severity rules decide by (`where`), from the resource as it will be (as
 * it was, for a delete): every path they read that is not a field, so the gate can tell what a report
 * was read for. Plain scalars; a sensitive or unknown value as its marker, never itself, so the gate
 * sees that a value it decides by is hidden; null where there is no scalar.
 */
function decidingAttributes(paths: readonly string[], change: PlanChangeJson, fields: readonly FieldChange[]): ChangeAttributes | undefined {
  const useAfter = change.after !== null && change.after !== undefined;
  const value = useAfter ? change.after : change.before;
  const sensitive = useAfter ? change.after_sensitive : change.before_sensitive;
  let found: ChangeAttributes | undefined;
  for (const path of paths) {
    if (fields.some((field) => field.path === path)) continue;
    const steps = stepsFromPointer(path);
    const attribute = masked(sensitive, steps)
      ? SENSITIVE
      : useAfter && masked(change.after_unknown, steps)
        ? KNOWN_AFTER_APPLY
        : steps.reduce<unknown>((node, step) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[step] : undefined), value);
    (found ??= {})[path] = typeof attribute === 'string' || typeof attribute === 'number' || typeof attribute === 'boolean' ? attribute : null;
  }
  return found;
}

/** Whether a Terraform mask marks the node at `steps`, or one above it, `true`. */
function masked(mask: unknown, steps: readonly string[]): boolean {
  let node = mask;
  for (const step of steps) {
    if (node === true) return true;
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[step] : undefined;
  }
  return node === true;
}

/**
 * terraform_data's `output` attribute only echoes its `input`
 * (https://developer.hashicorp.com/terraform/language/resources/terraform-data): a second row for one change.
 */
const isEcho = (path: string) => path === '/output' || path.startsWith('/output/');

function markReplacePaths(fields: FieldChange[], replacePaths: PlanChangeJson['replace_paths']) {
  if (!replacePaths?.length) return;
  const pointers = replacePaths.map(pointerFromSteps);
  for (const field of fields) {
    if (pointers.some((pointer) => field.path === pointer || field.path.startsWith(`${pointer}/`))) field.forces_replacement = true;
  }
}

function outputChanges(raw: unknown, label: string, onSecret?: SecretSink): OutputChange[] {
  if (raw === undefined || raw === null) return [];
  if (!isObject(raw)) throw malformed(label, '"output_changes" is not an object');
  const result: OutputChange[] = [];
  for (const [name, value] of Object.entries(raw)) {
    checkChange(label, `output_changes entry ${name}`, value);
    const action = classifyActions(value.actions, false);
    if (!action) continue;
    result.push({
      name,
      action,
      before: redactValue(value.before, value.before_sensitive, undefined, onSecret),
      after: redactValue(value.after, value.after_sensitive, value.after_unknown, onSecret),
      sensitive: value.before_sensitive === true || value.after_sensitive === true,
    });
  }
  return result;
}

function shapeErrorMessage(label: string, error: JsonShapeError): string {
  if (error.reason === 'truncated') {
    return error.offset === 0
      ? `${label} is empty; pass the output of \`terraform show -json <planfile>\`.`
      : `${label} is not complete JSON (${error.message} at byte ${error.offset}); the file looks truncated, produce it again with \`terraform show -json <planfile>\`.`;
  }
  if (error.reason === 'not-an-object') return `${label} is not a Terraform plan (${error.message}); pass the output of \`terraform show -json <planfile>\`.`;
  return `${label} is not valid JSON (${error.message} at byte ${error.offset}); pass the output of \`terraform show -json <planfile>\`.`;
}

/**
 * Reads `terraform show -json` / `tofu show -json` plan output (format 0.x and 1.x). Sensitive
 * values are replaced here, before anything else sees them. Changes made outside Terraform come
 * first, then the planned ones, each in the plan's order. Throws UserError naming `label` for
 * anything that is not a complete plan.
 */
export function parseTerraformPlan(input: Uint8Array | string | ByteSource, options: ParseOptions): ParsedTerraformPlan {
  try {
    return readTerraformPlan(input, options);
  } catch (error) {
    // Values are diffed, redacted and compared by recursion: a plan nested thousands of levels deep (no Terraform writes one) ends it.
    if (isStackOverflow(error)) throw new UserError(tooDeeplyNested(options.label));
    throw error;
  }
}

function readTerraformPlan(input: Uint8Array | string | ByteSource, options: ParseOptions): ParsedTerraformPlan {
  const { label } = options;
  const secrets = new Set<string>();
  const onSecret = (value: string) => {
    if (secrets.has(value)) return;
    secrets.add(value);
    if (value.length >= MIN_HANDED_ON_SECRET_LENGTH) options.onSecret?.(value);
  };
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const outside: UnjudgedChange[] = [];
  const planned: UnjudgedChange[] = [];
  const seen = { outside: new Set<string>(), planned: new Set<string>() };
  const judgedBy = options.judgedBy ?? defaultRules();
  const addChange = (key: string, item: unknown) => {
    const origin = key === 'resource_drift' ? 'outside' : 'planned';
    const change = resourceChange(item, origin, label, judgedBy, onSecret);
    if (origin === 'planned') options.observer?.resourceChange(item);
    if (!change) return;
    // Terraform writes each resource instance once (a deposed object is a change of its own, with its
    // resource's address): of two changes of one instance, one would go unjudged.
    const instance = planInstance(change.address, (item as { deposed?: unknown }).deposed);
    // One hash look-up instead of two (has, then add): 100,000 instances are 10-20 ms of a run.
    const instances = seen[origin];
    const distinct = instances.size;
    if (instances.add(instance).size === distinct) throw new UserError(`${label} lists ${instance} twice in ${key}, which no plan Terraform writes does; pass the output of \`terraform show -json <planfile>\` as it wrote it.`);
    if (options.onChange) options.onChange(change);
    else (origin === 'outside' ? outside : planned).push(change);
  };

  // The plan's first bytes, to tell UTF-16 (Windows PowerShell 5.1's `terraform show -json > plan.json`) from other JSON errors.
  let head: Uint8Array | undefined = typeof bytes === 'function' ? undefined : bytes.subarray(0, 4);
  const source: Uint8Array | ByteSource =
    typeof bytes === 'function'
      ? () => {
          const chunk = bytes();
          head ??= chunk?.slice(0, 4);
          return chunk;
        }
      : bytes;
  let top;
  try {
    top = readTopLevel(source, {
      values: ['format_version', 'terraform_version', 'output_changes', 'errored', 'complete'],
      arrays: ['resource_drift', 'resource_changes'],
      onItem: addChange,
      tee: options.tee,
    });
  } catch (error) {
    if (error instanceof JsonShapeError && head && error.offset < 4 && looksUtf16(head)) {
      throw new UserError(`${label} is not valid JSON (${UTF16_WORDS}); pass the output of \`terraform show -json <planfile>\`.`);
    }
    if (error instanceof JsonShapeError) throw new UserError(shapeErrorMessage(label, error));
    throw error;
  }

  const { values, keys } = top;
  options.observer?.outputChanges(values.get('output_changes'));
  const formatVersion = values.get('format_version');
  if (typeof formatVersion !== 'string') {
    if (STATE_KEYS.every((key) => keys.has(key))) {
      throw new UserError(`${label} is a Terraform state file, not a plan; pass the output of \`terraform show -json <planfile>\`.`);
    }
    throw new UserError(`${label} is not a Terraform plan (it has no format_version); pass the output of \`terraform show -json <planfile>\`.`);
  }
  const major = formatVersion.split('.')[0];
  if (!SUPPORTED_MAJORS.has(major)) {
    throw new UserError(`${label} has plan format_version ${formatVersion}, which this version of gitops-sync cannot read (it reads 0.x and 1.x); upgrade gitops-sync or produce the plan with a Terraform/OpenTofu release that writes format 1.x.`);
  }
  if (!PLAN_KEYS.some((key) => keys.has(key))) {
    throw new UserError(`${label} is Terraform JSON but not a plan (it has no planned_values or resource_changes); pass the output of \`terraform show -json <planfile>\`, not of \`terraform show -json\` on state.`);
  }
  if (values.get('errored') === true) {
    throw new UserError(`${label} is an errored plan: Terraform could not finish planning, so it cannot be trusted for drift; fix the errors \`terraform plan\` printed and plan again.`);
  }
  if (values.get('complete') === false) {
    throw new UserError(`${label} is an incomplete plan (Terraform wrote "complete": false: planned with -target, or with changes deferred), so it does not show all drift; plan the whole configuration again, without -target.`);
  }
  const terraformVersion = values.get('terraform_version');
  // Read before the secrets are counted: a sensitive output's value is one of them.
  const outputs = outputChanges(values.get('output_changes'), label, onSecret);
  // Made once per plan (it holds every form of every secret): the streaming caller scrubs its changes with it too.
  const scrubber = secrets.size > 0 ? unmarkedSecretScrubber(findsSecrets(secrets)) : undefined;
  const result = {
    changes: [...outside, ...planned],
    outputChanges: outputs,
    formatVersion,
    terraformVersion: typeof terraformVersion === 'string' ? terraformVersion : undefined,
    ...(options.onChange && scrubber ? { scrubUnmarked: scrubber.change, whereScrubMayBeNeeded: whereSecretsMayBeInJson(secrets) } : {}),
  };
  if (scrubber) {
    result.changes.forEach(scrubber.change);
    for (const output of result.outputChanges) if (!result.whereScrubMayBeNeeded || mayNeedScrubText(result.whereScrubMayBeNeeded, JSON.stringify(output))) scrubber.output(output);
  }
  return result;
}
