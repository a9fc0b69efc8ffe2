import { readFileSync } from 'node:fs';
import { appendAll, SECRETS_REPORT_SCHEMA_ID, UserError, compiledDefaultSecretRules, describeFailure, markdownCell, markdownCodeName, parseConfig, type CompiledSecretRule, type FailOn, type GitopsSyncConfig, type SecretFinding, type SecretsReport } from '@gitops-sync/core';
import { CommitReader } from '../review/base-policy.js';
import { secretRulesAtBase } from '../review/secrets-review.js';
import { checkSecretsAtRest } from '../secrets/check.js';
import { secretsPolicyChanges, secretsSettingsChanges } from '../secrets/pr-changes.js';
import type { Exec } from '../ports.js';

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The base and head commits when this CI run is for a pull request (GitHub `pull_request*` events:
 * the event's `pull_request.base.sha` / `head.sha`) or a merge request (GitLab:
 * `CI_MERGE_REQUEST_DIFF_BASE_SHA`, else the target branch's SHA; the source branch's SHA, else
 * `CI_COMMIT_SHA`); a commit that cannot be read is undefined. Undefined when the run is for no change request.
 */
export function changeRequestCommits(env: NodeJS.ProcessEnv): { base: string | undefined; head: string | undefined } | undefined {
  const commit = (...candidates: unknown[]) => candidates.find((sha): sha is string => typeof sha === 'string' && COMMIT.test(sha));
  if (env.GITLAB_CI === 'true' && env.CI_MERGE_REQUEST_IID) {
    return { base: commit(env.CI_MERGE_REQUEST_DIFF_BASE_SHA, env.CI_MERGE_REQUEST_TARGET_BRANCH_SHA), head: commit(env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA, env.CI_COMMIT_SHA) };
  }
  if (env.GITHUB_ACTIONS === 'true' && /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) {
    try {
      const pull = (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8')) as { pull_request?: { base?: { sha?: unknown }; head?: { sha?: unknown } } }).pull_request;
      return { base: commit(pull?.base?.sha), head: commit(pull?.head?.sha) };
    } catch {
      return { base: undefined, head: undefined };
    }
  }
  return undefined;
}

export interface ChangeSecretsRequest {
  /** The repository's root (the checkout). */
  root: string;
  config: GitopsSyncConfig;
  /** The config file's folder: `secrets.rules` is relative to it. */
  baseDir: string;
  /** The config file (absolute): its `secrets.allow` and `secrets.rules` are read at the base commit. */
  configPath: string;
  base: string | undefined;
  head: string | undefined;
  /** The commit the checkout holds (the head, or a merge of it, when it is the change). */
  checkout: string | undefined;
  exec: Exec;
}

/** The built-in rules and no allow list (compiled on first use: compiling them is 40 ms of start-up). */
const strictestPolicy = () => ({ rules: compiledDefaultSecretRules(), allow: [] });

/**
 * The rules and allow list as the base commit's config says: a change must not be able to allow its
 * own plaintext secret. Without a base, the built-in rules and no allow list.
 */
async function secretsPolicyAtBase(request: ChangeSecretsRequest): Promise<{ rules: CompiledSecretRule[]; allow: readonly string[] }> {
  if (!request.base) return strictestPolicy();
  const reader = new CommitReader(undefined, request.exec, request.root);
  const configPath = (await reader.repositoryPath(request.configPath)).replace(/\\/g, '/');
  const text = await reader.read(configPath, request.base);
  const config = parseConfig(text ?? '{}', `${configPath} at the base commit ${request.base.slice(0, 12)}`);
  const rules = await secretRulesAtBase(reader, request.base, { config, configPath });
  if (typeof rules === 'string') throw new UserError(`${rules}.`);
  return { rules, allow: config.secrets.allow };
}

/**
 * drift-detect on a pull/merge request: the secrets-at-rest check of the checkout plus what the
 * change does to secrets (decrypted files, weakened `.sops.yaml` / `.gitattributes`). A part that
 * cannot run is itself a critical finding: silence must never read as "no secrets problem".
 */
export async function checkChangeSecrets(request: ChangeSecretsRequest): Promise<SecretsReport> {
  const findings: SecretFinding[] = [];
  const unchecked = (what: string, why: string, fix = 'fix that (e.g. actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 on GitLab)') =>
    findings.push({ file: '.', line: 0, rule: 'secrets-check-failed', severity: 'critical', message: `${what} could not run: ${why.replace(/\.$/, '')}; ${fix} so the change's secrets can be checked.` });
  let filesChecked = 0;
  // pull_request_target and the like check out the base: what is at rest there is not the change.
  if (!request.checkout || request.checkout !== request.head) unchecked('The secrets-at-rest check of the change', `the checkout (${request.checkout?.slice(0, 12) ?? 'unknown'}) is not the change's head (${request.head?.slice(0, 12) ?? 'unknown'}) or a merge of it`, "check out the pull/merge request's head (or its merge commit)");
  else {
    try {
      const policy = await secretsPolicyAtBase(request).catch((error: unknown) => {
        unchecked('Reading secrets.allow and secrets.rules at the base commit', describeFailure(error));
        return strictestPolicy();
      });
      const atRest = await checkSecretsAtRest({ root: request.root, config: request.config, baseDir: request.baseDir, exec: request.exec, policy, trackedOnly: true });
      appendAll(findings, atRest.findings);
      filesChecked = atRest.files_checked;
    } catch (error) {
      unchecked('The secrets-at-rest check', describeFailure(error));
    }
  }
  if (!request.base || !request.head) unchecked('Comparing the change\'s secrets with its base', `the ${request.base ? 'head' : 'base'} commit of the change is unknown`);
  else {
    try {
      appendAll(findings, await secretsPolicyChanges({ root: request.root, base: request.base, head: request.head, exec: request.exec }));
      appendAll(findings, await secretsSettingsChanges({ root: request.root, base: request.base, head: request.head, configFile: request.configPath, exec: request.exec }));
    } catch (error) {
      unchecked('Comparing the change\'s secrets with its base', describeFailure(error));
    }
  }
  return { schema: SECRETS_REPORT_SCHEMA_ID, files_checked: filesChecked, findings };
}

const RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;
const THRESHOLD: Record<FailOn, number> = { never: Infinity, drift: 0, high: RANK.high, critical: RANK.critical };

/**
 * Why secrets findings fail the job under fail-on, or undefined. Findings are judged like changes of
 * their severity (a plaintext secret is critical, so every fail-on but `never` fails on it).
 */
export function secretsFailureReason(report: SecretsReport, failOn: FailOn): string | undefined {
  const failing = report.findings.filter((finding) => RANK[finding.severity] >= THRESHOLD[failOn]);
  if (!failing.length) return undefined;
  return `the secrets check has ${failing.length} finding(s) (${failing.filter((finding) => finding.severity === 'critical').length} critical) and fail-on is "${failOn}".`;
}

/** The findings as a Markdown section (job summary, PR comment): file, line and rule; never a value. A message quotes names the change's author chose (file names, recipients), so it is plain text. */
export function renderSecretsMarkdown(report: SecretsReport, limit = 50): string {
  const lines = ['### Secrets at rest', ''];
  if (!report.findings.length) return [...lines, `No findings (${report.files_checked} file(s) checked).`, ''].join('\n');
  lines.push(`**${report.findings.length} finding(s)** — a change to secrets needs review by whoever owns them.`, '', '| File | Line | Rule | Severity | What to do |', '|---|---|---|---|---|');
  for (const finding of report.findings.slice(0, limit)) {
    lines.push(`| ${markdownCodeName(finding.file)} | ${finding.line || ''} | ${finding.rule} | ${finding.severity} | ${markdownCell(finding.message)} |`);
  }
  if (report.findings.length > limit) lines.push('', `…and ${report.findings.length - limit} more in secrets-report.json.`);
  return [...lines, ''].join('\n');
}
