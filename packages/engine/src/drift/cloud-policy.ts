import { resolve } from 'node:path';
import {
  AWS_CONFIG_SOURCE,
  AZURE_POLICY_SOURCE,
  UserError,
  awsConfigFindings,
  azurePolicyFindings,
  changesFromFindings,
  hasNextToken,
  isJsonObject,
  parseAwsConfigCompliance,
  parseAzurePolicyStates,
  shellWord,
  utf8Text,
  type ComplianceFinding,
  type Environment,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { maxInputBytes, readInputFile } from '../files.js';
import { isOnPath } from '../path-lookup.js';
import type { DriftContext } from './drift.js';
import type { EnvironmentSource, EnvironmentSourceRequest, SavedResultSource } from './sources.js';

/*
 * AWS Config and Azure Policy compliance as drift sources: a saved CLI result (`analyze --source
 * aws-config|azure-policy`), or the cloud CLI run for the environment (`environments.<env>.aws_config` /
 * `.azure_policy`). The CLIs bring their own login (AWS_* / an OIDC role, `az login`); gitops-sync passes
 * no credentials and prints none: a failure is told by the CLI's error code, never its message.
 */

type AwsConfigSettings = NonNullable<Environment['aws_config']>;
type AzurePolicySettings = NonNullable<Environment['azure_policy']>;

const AWS_HINT = 'the JSON of `aws configservice get-compliance-details-by-config-rule` or `describe-compliance-by-resource`';
const AZURE_HINT = 'the JSON of `az policy state list --filter "complianceState eq \'NonCompliant\'" --expand PolicyEvaluationDetails`';
/** More pages than any account has rules' results: a NextToken that never ends is a CLI fault, not a reason to loop. */
const MAX_PAGES = 1000;

/** What to do about a failed CLI call, by the error code it printed (the message may name accounts and principals). */
interface FailureAdvice {
  pattern: RegExp;
  advice: string;
}
const AWS_FAILURES: FailureAdvice[] = [
  { pattern: /AccessDenied|UnauthorizedOperation|not authorized/i, advice: 'give the role config:DescribeComplianceByConfigRule, config:GetComplianceDetailsByConfigRule and config:DescribeComplianceByResource' },
  { pattern: /Unable to locate credentials|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|security token/i, advice: 'the AWS credentials are missing or expired: log in first (in CI, aws-actions/configure-aws-credentials with OIDC)' },
  { pattern: /NoSuchConfigRule/, advice: 'that Config rule does not exist in this account and region: check rules and region' },
  { pattern: /You must specify a region/, advice: 'name the region (aws_config.region, or AWS_REGION)' },
  { pattern: /Could not connect to the endpoint URL/, advice: 'the Config endpoint could not be reached: check the network and the region' },
];
const AZURE_FAILURES: FailureAdvice[] = [
  { pattern: /AuthorizationFailed|does not have authorization|Forbidden/i, advice: 'give the identity a role with Microsoft.PolicyInsights/policyStates/queryResults/read (Reader, or Resource Policy Contributor) on the scope' },
  { pattern: /az login|AADSTS|expired|No subscription found|credentials/i, advice: 'az is not logged in or its token expired: log in first (in CI, azure/login with OIDC)' },
  { pattern: /SubscriptionNotFound|could not be found|ResourceGroupNotFound|PolicyAssignmentNotFound/i, advice: 'the subscription, resource group or policy assignment does not exist or is not visible to this identity' },
];

/** The error code a CLI printed: `An error occurred (AccessDeniedException) when …` (aws), `ERROR: (AuthorizationFailed) …` (az). */
const ERROR_CODE = /\(([A-Za-z][A-Za-z0-9.]*)\)/;

function cliFailure(tool: string, description: string, exitCode: number, stderr: string, failures: FailureAdvice[]): UserError {
  const code = ERROR_CODE.exec(stderr)?.[1];
  const advice = failures.find(({ pattern }) => pattern.test(stderr))?.advice ?? `run ${description} yourself to read its message (not repeated here: it may name accounts and principals)`;
  return new UserError(`${description} failed (exit ${exitCode}${code ? `, ${code}` : ''}); ${advice}.`);
}

interface CliCall {
  tool: 'aws' | 'az';
  args: string[];
  /** How the call is named in messages: `aws configservice get-compliance-details-by-config-rule`. */
  description: string;
}

async function runCli(call: CliCall, timeoutSeconds: number, context: DriftContext, failures: FailureAdvice[]): Promise<unknown> {
  const env = context.env ?? process.env;
  if (!isOnPath(call.tool, env)) {
    const install = call.tool === 'aws' ? 'install AWS CLI v2' : 'install the Azure CLI';
    throw new UserError(`${call.tool} is not installed or not on PATH; ${install}, or set file: to a saved result of ${call.description}.`);
  }
  context.progress?.step(call.description);
  const login = call.tool === 'aws' ? 'check the network and the AWS credentials' : 'check the network and az login';
  const maxBytes = maxInputBytes('plan', env);
  const outputLimit = {
    bytes: maxBytes,
    message: `${call.description} printed more than ${Math.round(maxBytes / 1024 / 1024)} MB and was stopped; narrow what it lists (rules, resource_group, policy_assignment) or raise GITOPS_SYNC_MAX_INPUT_MB.`,
  };
  const result = await context.exec.run(call.tool, call.args, { env, outputLimit, timeout: { ms: timeoutSeconds * 1000, hint: `${login}, or raise timeout_seconds` } });
  if (result.exitCode !== 0) throw cliFailure(call.tool, call.description, result.exitCode, result.stderr, failures);
  const text = result.stdout.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError(`${call.description} printed something that is not JSON (cut off, or another --output); run it with --output json to see what it prints.`);
  }
}

const relativeFile = (file: string, request: EnvironmentSourceRequest) => resolve(request.baseDir, file);
const readConfiguredFile = (file: string, request: EnvironmentSourceRequest, hint: string) =>
  utf8Text(readInputFile(relativeFile(file, request), hint, { within: request.baseDir }));

// ── AWS Config ──────────────────────────────────────────────────────────────────────────────

function awsCommonArgs(settings: AwsConfigSettings): string[] {
  return [...(settings.region ? ['--region', settings.region] : []), ...(settings.profile ? ['--profile', settings.profile] : []), '--output', 'json'];
}

const awsRulesCall = (settings: AwsConfigSettings, startingToken?: string): CliCall => ({
  tool: 'aws',
  args: ['configservice', 'describe-compliance-by-config-rule', '--compliance-types', 'NON_COMPLIANT', ...(startingToken ? ['--starting-token', startingToken] : []), ...awsCommonArgs(settings)],
  description: 'aws configservice describe-compliance-by-config-rule',
});

const awsDetailsCall = (settings: AwsConfigSettings, rule: string, startingToken?: string): CliCall => ({
  tool: 'aws',
  args: [
    'configservice', 'get-compliance-details-by-config-rule', '--config-rule-name', rule, '--compliance-types', 'NON_COMPLIANT',
    ...(startingToken ? ['--starting-token', startingToken] : []), ...awsCommonArgs(settings),
  ],
  description: `aws configservice get-compliance-details-by-config-rule (rule ${rule})`,
});

/**
 * Every page of an AWS CLI listing, each handed to `read`: the CLI pages by itself, but a NextToken
 * it still prints (a profile's or the environment's page size) must be followed, never dropped.
 */
async function eachAwsPage(callFor: (token?: string) => CliCall, settings: AwsConfigSettings, context: DriftContext, read: (answer: unknown, call: CliCall) => void): Promise<void> {
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const call = callFor(token);
    const answer = await runCli(call, settings.timeout_seconds, context, AWS_FAILURES);
    read(answer, call);
    if (!isJsonObject(answer) || !hasNextToken(answer)) return;
    if (typeof answer.NextToken !== 'string') throw new UserError(`${call.description} printed a NextToken that is not text, so its other pages cannot be asked for; run it yourself with --output json to see what it prints.`);
    token = answer.NextToken;
    if (page >= MAX_PAGES) throw new UserError(`${call.description} still had a NextToken after ${MAX_PAGES} pages; the results are incomplete, so nothing is reported — run it yourself to see why.`);
  }
}

/** The rules with a non-compliant resource, when the config names none. */
async function nonCompliantRules(settings: AwsConfigSettings, context: DriftContext): Promise<string[]> {
  const rules: string[] = [];
  await eachAwsPage((token) => awsRulesCall(settings, token), settings, context, (answer, call) => {
    const list = isJsonObject(answer) ? answer.ComplianceByConfigRules : undefined;
    if (!Array.isArray(list)) throw new UserError(`${call.description} printed no ComplianceByConfigRules list; run it with --output json to see what it prints.`);
    for (const entry of list) if (isJsonObject(entry) && typeof entry.ConfigRuleName === 'string' && entry.ConfigRuleName) rules.push(entry.ConfigRuleName);
  });
  return rules;
}

async function awsConfigChanges(settings: AwsConfigSettings, request: EnvironmentSourceRequest, context: DriftContext): Promise<UnjudgedChange[]> {
  if (settings.file) return parseAwsConfigCompliance(readConfiguredFile(settings.file, request, AWS_HINT), settings.file, context.onSecret);
  const rules = settings.rules ?? (await nonCompliantRules(settings, context));
  const findings: ComplianceFinding[] = [];
  for (const rule of rules) {
    await eachAwsPage((token) => awsDetailsCall(settings, rule, token), settings, context, (answer, call) => {
      for (const finding of awsConfigFindings(answer, `the answer of ${call.description}`, { allowNextToken: true, onSecret: context.onSecret })) findings.push(finding);
    });
  }
  const types = settings.resource_types && new Set(settings.resource_types);
  return changesFromFindings(types ? findings.filter((finding) => types.has(finding.kind)) : findings, AWS_CONFIG_SOURCE);
}

export const awsConfigEnvironmentSource: EnvironmentSource<AwsConfigSettings> = {
  name: AWS_CONFIG_SOURCE,
  settingsOf: (environment) => environment.aws_config,
  describe: (settings, request) => {
    if (settings.file) return [`read ${relativeFile(settings.file, request)}`];
    const details = `aws ${awsDetailsCall(settings, '<rule>').args.join(' ')}`;
    if (settings.rules) return settings.rules.map((rule) => details.replace('<rule>', rule));
    return [`aws ${awsRulesCall(settings).args.join(' ')}`, `${details} (for each rule listed)`];
  },
  changes: awsConfigChanges,
};

export const awsConfigSavedSource: SavedResultSource = {
  name: AWS_CONFIG_SOURCE,
  hint: AWS_HINT,
  changes: (path, options) => parseAwsConfigCompliance(utf8Text(readInputFile(path, AWS_HINT)), options.label, options.onSecret),
};

// ── Azure Policy ────────────────────────────────────────────────────────────────────────────

const azureCall = (settings: AzurePolicySettings): CliCall => ({
  tool: 'az',
  args: [
    'policy', 'state', 'list', '--filter', "complianceState eq 'NonCompliant'", '--expand', 'PolicyEvaluationDetails',
    ...(settings.subscription ? ['--subscription', settings.subscription] : []),
    ...(settings.resource_group ? ['--resource-group', settings.resource_group] : []),
    ...(settings.policy_assignment ? ['--policy-assignment', settings.policy_assignment] : []),
    '--output', 'json',
  ],
  description: 'az policy state list',
});

async function azurePolicyChanges(settings: AzurePolicySettings, request: EnvironmentSourceRequest, context: DriftContext): Promise<UnjudgedChange[]> {
  if (settings.file) return parseAzurePolicyStates(readConfiguredFile(settings.file, request, AZURE_HINT), settings.file, context.onSecret);
  const call = azureCall(settings);
  const answer = await runCli(call, settings.timeout_seconds, context, AZURE_FAILURES);
  return changesFromFindings(azurePolicyFindings(answer, `the answer of ${call.description}`, { onSecret: context.onSecret }), AZURE_POLICY_SOURCE);
}

export const azurePolicyEnvironmentSource: EnvironmentSource<AzurePolicySettings> = {
  name: AZURE_POLICY_SOURCE,
  settingsOf: (environment) => environment.azure_policy,
  // The az command line as a shell would need it quoted (for --dry-run only: the call itself takes an argument array).
  describe: (settings, request) => (settings.file ? [`read ${relativeFile(settings.file, request)}`] : [`az ${azureCall(settings).args.map(shellWord).join(' ')}`]),
  changes: azurePolicyChanges,
};

export const azurePolicySavedSource: SavedResultSource = {
  name: AZURE_POLICY_SOURCE,
  hint: AZURE_HINT,
  changes: (path, options) => parseAzurePolicyStates(utf8Text(readInputFile(path, AZURE_HINT)), options.label, options.onSecret),
};
