export const id = 195;
export const ids = [195,883];
export const modules = {

/***/ 6396:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jK: () => (/* binding */ stdoutStyle)
/* harmony export */ });
/* unused harmony exports wantsColour, ANSI_STYLE */
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3944);

/**
 * Colour only for a person at a terminal: FORCE_COLOR (not 0/false) forces it anywhere; otherwise
 * NO_COLOR (https://no-color.org), a CI job's log, TERM=dumb or output that is not a terminal
 * (a file, a pipe) get plain text.
 */
function wantsColour(isTerminal, env) {
    const force = env.FORCE_COLOR;
    if (force !== undefined && force !== '')
        return force !== '0' && force !== 'false';
    if (env.NO_COLOR)
        return false;
    if (env.CI || env.GITHUB_ACTIONS || env.GITLAB_CI || env.TERM === 'dumb')
        return false;
    return isTerminal;
}
const ansi = (open, close) => (text) => `\x1b[${open}m${text}\x1b[${close}m`;
const red = ansi(31, 39);
const yellow = ansi(33, 39);
const cyan = ansi(36, 39);
const green = ansi(32, 39);
const bold = ansi(1, 22);
const SEVERITY_COLOUR = { critical: (text) => bold(red(text)), high: red, medium: yellow, low: cyan };
const ANSI_STYLE = {
    severity: (severity, text) => (SEVERITY_COLOUR[severity] ?? ((plain) => plain))(text),
    strong: bold,
    good: green,
    bad: red,
};
/** The style for what this run writes to stdout. */
function stdoutStyle(io) {
    return wantsColour(io.stdoutIsTerminal === true, io.env) ? ANSI_STYLE : _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .PLAIN_STYLE */ .n;
}


/***/ }),

/***/ 2195:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  driftCommand: () => (/* binding */ driftCommand),
  driftDetectCommand: () => (/* binding */ driftDetectCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/report/markdown.ts
var report_markdown = __webpack_require__(7195);
// EXTERNAL MODULE: ./packages/core/src/report/table.ts
var table = __webpack_require__(3944);
// EXTERNAL MODULE: ./packages/core/src/policy/fail-on.ts
var fail_on = __webpack_require__(5234);
// EXTERNAL MODULE: ./packages/core/src/config/schema.ts + 1 modules
var schema = __webpack_require__(5688);
// EXTERNAL MODULE: ./packages/engine/src/audit/record.ts
var record = __webpack_require__(163);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/config-file.ts
var config_file = __webpack_require__(1855);
// EXTERNAL MODULE: ./packages/engine/src/drift/drift.ts
var drift = __webpack_require__(9555);
// EXTERNAL MODULE: ./packages/engine/src/ports.ts
var ports = __webpack_require__(4552);
// EXTERNAL MODULE: ./packages/engine/src/report-file.ts
var report_file = __webpack_require__(91);
// EXTERNAL MODULE: ./packages/engine/src/at-most.ts
var at_most = __webpack_require__(43);
// EXTERNAL MODULE: ./packages/engine/src/monitor/monitor.ts
var monitor = __webpack_require__(6591);
// EXTERNAL MODULE: ./packages/core/src/policy/environment-protection.ts
var environment_protection = __webpack_require__(2609);
// EXTERNAL MODULE: ./packages/core/src/secrets/rules.ts
var rules = __webpack_require__(2560);
// EXTERNAL MODULE: ./packages/core/src/config/parse.ts
var parse = __webpack_require__(7711);
// EXTERNAL MODULE: ./packages/core/src/arrays.ts
var arrays = __webpack_require__(8835);
// EXTERNAL MODULE: ./packages/core/src/secrets/finding.ts
var finding = __webpack_require__(118);
// EXTERNAL MODULE: ./packages/engine/src/review/base-policy.ts + 1 modules
var base_policy = __webpack_require__(3176);
// EXTERNAL MODULE: ./packages/engine/src/review/secrets-review.ts
var secrets_review = __webpack_require__(3837);
// EXTERNAL MODULE: ./packages/engine/src/secrets/check.ts
var check = __webpack_require__(3778);
// EXTERNAL MODULE: ./packages/engine/src/secrets/pr-changes.ts
var pr_changes = __webpack_require__(1414);
;// CONCATENATED MODULE: ./packages/engine/src/drift/change-secrets.ts






const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/**
 * The base and head commits when this CI run is for a pull request (GitHub `pull_request*` events:
 * the event's `pull_request.base.sha` / `head.sha`) or a merge request (GitLab:
 * `CI_MERGE_REQUEST_DIFF_BASE_SHA`, else the target branch's SHA; the source branch's SHA, else
 * `CI_COMMIT_SHA`); a commit that cannot be read is undefined. Undefined when the run is for no change request.
 */
function changeRequestCommits(env) {
    const commit = (...candidates) => candidates.find((sha) => typeof sha === 'string' && COMMIT.test(sha));
    if (env.GITLAB_CI === 'true' && env.CI_MERGE_REQUEST_IID) {
        return { base: commit(env.CI_MERGE_REQUEST_DIFF_BASE_SHA, env.CI_MERGE_REQUEST_TARGET_BRANCH_SHA), head: commit(env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA, env.CI_COMMIT_SHA) };
    }
    if (env.GITHUB_ACTIONS === 'true' && /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) {
        try {
            const pull = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH ?? '', 'utf8')).pull_request;
            return { base: commit(pull?.base?.sha), head: commit(pull?.head?.sha) };
        }
        catch {
            return { base: undefined, head: undefined };
        }
    }
    return undefined;
}
/** The built-in rules and no allow list (compiled on first use: compiling them is 40 ms of start-up). */
const strictestPolicy = () => ({ rules: (0,rules/* compiledDefaultSecretRules */.o4)(), allow: [] });
/**
 * The rules and allow list as the base commit's config says: a change must not be able to allow its
 * own plaintext secret. Without a base, the built-in rules and no allow list.
 */
async function secretsPolicyAtBase(request) {
    if (!request.base)
        return strictestPolicy();
    const reader = new base_policy/* CommitReader */.fi(undefined, request.exec, request.root);
    const configPath = (await reader.repositoryPath(request.configPath)).replace(/\\/g, '/');
    const text = await reader.read(configPath, request.base);
    const config = (0,parse/* parseConfig */.o)(text ?? '{}', `${configPath} at the base commit ${request.base.slice(0, 12)}`);
    const rules = await (0,secrets_review/* secretRulesAtBase */.s)(reader, request.base, { config, configPath });
    if (typeof rules === 'string')
        throw new errors/* UserError */.yo(`${rules}.`);
    return { rules, allow: config.secrets.allow };
}
/**
 * drift-detect on a pull/merge request: the secrets-at-rest check of the checkout plus what the
 * change does to secrets (decrypted files, weakened `.sops.yaml` / `.gitattributes`). A part that
 * cannot run is itself a critical finding: silence must never read as "no secrets problem".
 */
async function checkChangeSecrets(request) {
    const findings = [];
    const unchecked = (what, why, fix = 'fix that (e.g. actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 on GitLab)') => findings.push({ file: '.', line: 0, rule: 'secrets-check-failed', severity: 'critical', message: `${what} could not run: ${why.replace(/\.$/, '')}; ${fix} so the change's secrets can be checked.` });
    let filesChecked = 0;
    // pull_request_target and the like check out the base: what is at rest there is not the change.
    if (!request.checkout || request.checkout !== request.head)
        unchecked('The secrets-at-rest check of the change', `the checkout (${request.checkout?.slice(0, 12) ?? 'unknown'}) is not the change's head (${request.head?.slice(0, 12) ?? 'unknown'}) or a merge of it`, "check out the pull/merge request's head (or its merge commit)");
    else {
        try {
            const policy = await secretsPolicyAtBase(request).catch((error) => {
                unchecked('Reading secrets.allow and secrets.rules at the base commit', (0,errors/* describeFailure */.Ic)(error));
                return strictestPolicy();
            });
            const atRest = await (0,check/* checkSecretsAtRest */.ln)({ root: request.root, config: request.config, baseDir: request.baseDir, exec: request.exec, policy, trackedOnly: true });
            (0,arrays/* appendAll */.u2)(findings, atRest.findings);
            filesChecked = atRest.files_checked;
        }
        catch (error) {
            unchecked('The secrets-at-rest check', (0,errors/* describeFailure */.Ic)(error));
        }
    }
    if (!request.base || !request.head)
        unchecked('Comparing the change\'s secrets with its base', `the ${request.base ? 'head' : 'base'} commit of the change is unknown`);
    else {
        try {
            (0,arrays/* appendAll */.u2)(findings, await (0,pr_changes/* secretsPolicyChanges */.ZC)({ root: request.root, base: request.base, head: request.head, exec: request.exec }));
            (0,arrays/* appendAll */.u2)(findings, await (0,pr_changes/* secretsSettingsChanges */.S8)({ root: request.root, base: request.base, head: request.head, configFile: request.configPath, exec: request.exec }));
        }
        catch (error) {
            unchecked('Comparing the change\'s secrets with its base', (0,errors/* describeFailure */.Ic)(error));
        }
    }
    return { schema: finding/* SECRETS_REPORT_SCHEMA_ID */.v0, files_checked: filesChecked, findings };
}
const RANK = { low: 0, medium: 1, high: 2, critical: 3 };
const THRESHOLD = { never: Infinity, drift: 0, high: RANK.high, critical: RANK.critical };
/**
 * Why secrets findings fail the job under fail-on, or undefined. Findings are judged like changes of
 * their severity (a plaintext secret is critical, so every fail-on but `never` fails on it).
 */
function secretsFailureReason(report, failOn) {
    const failing = report.findings.filter((finding) => RANK[finding.severity] >= THRESHOLD[failOn]);
    if (!failing.length)
        return undefined;
    return `the secrets check has ${failing.length} finding(s) (${failing.filter((finding) => finding.severity === 'critical').length} critical) and fail-on is "${failOn}".`;
}
/** The findings as a Markdown section (job summary, PR comment): file, line and rule; never a value. A message quotes names the change's author chose (file names, recipients), so it is plain text. */
function renderSecretsMarkdown(report, limit = 50) {
    const lines = ['### Secrets at rest', ''];
    if (!report.findings.length)
        return [...lines, `No findings (${report.files_checked} file(s) checked).`, ''].join('\n');
    lines.push(`**${report.findings.length} finding(s)** \u2014 a change to secrets needs review by whoever owns them.`, '', '| File | Line | Rule | Severity | What to do |', '|---|---|---|---|---|');
    for (const finding of report.findings.slice(0, limit)) {
        lines.push(`| ${(0,report_markdown/* markdownCodeName */.wq)(finding.file)} | ${finding.line || ''} | ${finding.rule} | ${finding.severity} | ${(0,report_markdown/* markdownCell */.UZ)(finding.message)} |`);
    }
    if (report.findings.length > limit)
        lines.push('', `\u2026and ${report.findings.length - limit} more in secrets-report.json.`);
    return [...lines, ''].join('\n');
}

// EXTERNAL MODULE: ./packages/engine/src/protection/protection.ts
var protection = __webpack_require__(555);
// EXTERNAL MODULE: ./packages/engine/src/argocd-client.ts
var argocd_client = __webpack_require__(6826);
// EXTERNAL MODULE: ./packages/engine/src/drift/plan-report-file.ts
var plan_report_file = __webpack_require__(2883);
// EXTERNAL MODULE: ./packages/engine/src/drift/kubernetes.ts + 5 modules
var drift_kubernetes = __webpack_require__(4421);
// EXTERNAL MODULE: ./packages/engine/src/drift/sources.ts + 16 modules
var sources = __webpack_require__(2392);
;// CONCATENATED MODULE: ./packages/engine/src/drift/drift-detect.ts













const paths = (list) => (list ?? '').split(/[\n,]/).map((path) => path.trim()).filter(Boolean);
/** The inputs that name what to check directly, instead of an environment of the config file. */
function directInputs(request) {
    const given = {
        'terraform-plan-json': request.terraformPlanJson,
        'terraform-directory': request.terraformDirectory,
        'kubernetes-manifests': request.kubernetesManifests,
        'flux-diff-file': request.fluxDiffFile,
        'argocd-app': request.argocdApp,
        'source-file': request.sourceFile,
    };
    return Object.entries(given).filter(([, value]) => value).map(([name]) => name);
}
/** The drift check's report, handed to `use` (while a streamed plan report's scratch files last). */
async function withProducedReport(request, context, use) {
    const configPath = (0,external_node_path_.resolve)(request.cwd, request.config);
    if (request.source && !request.sourceFile)
        throw new errors/* UserError */.yo(`Input source is ${JSON.stringify(request.source)} but source-file is empty; set source-file to the saved result to read, or leave source empty.`);
    const direct = directInputs(request);
    if (direct.length > 1)
        throw new errors/* UserError */.yo(`Inputs ${direct.join(' and ')} were both set; set one of them, or describe the environment in the config file to check several sources together.`);
    const config = (0,config_file/* loadConfig */.Z)(configPath, direct.length === 0);
    const environment = request.environment || (direct.length ? 'default' : '');
    if (!environment)
        throw new errors/* UserError */.yo(`Input environment is required with a config file; set it to one of the environments in ${request.config}.`);
    const kubernetes = { environment, config, namespace: request.kubernetesNamespace || 'default' };
    if (request.terraformPlanJson) {
        const analyze = { planPath: (0,external_node_path_.resolve)(request.cwd, request.terraformPlanJson), environment, config, fingerprint: true };
        // With check_protection the report gains changes of its own after the analysis: kept whole in memory.
        if (config.monitoring.check_protection)
            return use({ report: await (0,drift.analyzePlanFile)(analyze, context), config });
        return (0,plan_report_file/* withStreamedPlanReport */.P)(analyze, context, ({ report, write }) => use({ report, config, write: (path) => (0,report_file/* writeNoted */.Ke)(report, (onBytes) => write(path, onBytes)) }), { markdownChanges: true });
    }
    if (request.kubernetesManifests) {
        if (!request.kubernetesLiveExport)
            throw new errors/* UserError */.yo('Input kubernetes-manifests needs kubernetes-live-export: the live objects (kubectl get \u2026 -o yaml) to compare with.');
        const input = paths(request.kubernetesManifests).map((path) => (0,external_node_path_.resolve)(request.cwd, path));
        return use({ report: (0,drift_kubernetes.analyzeKubernetes)({ ...kubernetes, source: 'k8s-manifests', input, live: (0,external_node_path_.resolve)(request.cwd, request.kubernetesLiveExport) }), config });
    }
    if (request.fluxDiffFile) {
        return use({ report: (0,drift_kubernetes.analyzeKubernetes)({ ...kubernetes, source: 'flux-diff', input: [(0,external_node_path_.resolve)(request.cwd, request.fluxDiffFile)], live: undefined }), config });
    }
    if (request.sourceFile) {
        const known = sources/* SAVED_RESULT_SOURCES */.bx.map((source) => source.name);
        if (!request.source)
            throw new errors/* UserError */.yo(`Input source-file needs source: what the file holds, one of ${known.join(', ')}.`);
        const saved = (0,sources/* savedResultSource */.M$)(request.source);
        if (!saved)
            throw new errors/* UserError */.yo(`Input source is ${JSON.stringify(request.source)}, which is not a source read from a file; use one of ${known.join(', ')}.`);
        return use({ report: await (0,sources/* analyzeSavedResult */.Hg)(saved, (0,external_node_path_.resolve)(request.cwd, request.sourceFile), { environment, config, onSecret: context.onSecret }), config });
    }
    if (request.argocdApp) {
        const { server, token } = (0,argocd_client/* argoCdCredentials */.l7)(context.env, 'Input argocd-app needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN in the environment (a secret for the token).', context.onSecret);
        return use({ report: await (0,drift_kubernetes.analyzeArgoCdApp)({ server, token, app: request.argocdApp, environment, config }), config });
    }
    const terraform = request.terraformDirectory
        ? { dir: request.terraformDirectory, var_files: [], backend_config: [], binary: 'terraform' }
        : config.environments[environment]?.terraform;
    if (terraform)
        await context.beforeTerraform?.(terraform.binary);
    if (config.environments[environment]?.kubernetes?.helm)
        await context.beforeHelm?.();
    return use({ report: await (0,drift.detectDrift)({ environment, config, baseDir: request.terraformDirectory ? request.cwd : (0,drift.configBaseDir)(configPath), terraform: request.terraformDirectory ? terraform : undefined }, context), config });
}
const drift_detect_COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/**
 * The commit a drift check reviews: the checkout's HEAD, or the pull/merge request's head (GitHub's
 * event, GitLab's source branch SHA) when HEAD is that head or a merge with it as second parent
 * (refs/pull/N/merge, a merged results pipeline). A run that checked out something else \u2014 the base,
 * as pull_request_target does \u2014 is labelled with what it checked. Without a git checkout, the CI
 * run's own commit.
 */
async function commitUnderReview(env, cwd, exec) {
    let pullRequestHead;
    if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_EVENT_PATH) {
        try {
            pullRequestHead = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8')).pull_request?.head?.sha;
        }
        catch {
            // No readable event: the checkout says what was checked.
        }
    }
    const head = [env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA, pullRequestHead].find((candidate) => typeof candidate === 'string' && drift_detect_COMMIT.test(candidate));
    // HEAD's id and raw commit object from one git process (a spawn costs the busy main thread): the
    // object's parent lines are there even in a shallow clone, where HEAD^2 is not.
    const checkout = await exec.run('git', ['cat-file', '--batch'], { cwd, input: Buffer.from('HEAD\n') }).catch(() => undefined);
    const commit = checkout?.exitCode === 0 ? /^([0-9a-f]+) commit \d+\n([^]*)$/.exec(checkout.stdout.toString('utf8')) : null;
    if (commit) {
        const [, sha, object] = commit;
        const parents = [...object.split('\n\n')[0].matchAll(/^parent ([0-9a-f]+)$/gm)].map((match) => match[1]);
        if (head && (sha === head || (parents.length === 2 && parents[1] === head)))
            return head;
        return drift_detect_COMMIT.test(sha) ? sha : undefined;
    }
    const ciCommit = [env.GITLAB_CI === 'true' ? env.CI_COMMIT_SHA : undefined, env.GITHUB_ACTIONS === 'true' ? env.GITHUB_SHA : undefined];
    return ciCommit.find((candidate) => typeof candidate === 'string' && drift_detect_COMMIT.test(candidate));
}
/** One drift check as CI runs it: the report, written as JSON and Markdown, and the fail-on verdict. */
async function runDriftDetect(request, context) {
    (0,files/* checkOutputFolder */.Qk)(request.cwd, request.outputDirectory);
    // The report's JSON among the manifests would be read as one by the next check (and refused as "no kind").
    const outputDir = (0,external_node_path_.resolve)(request.cwd, request.outputDirectory);
    const holding = paths(request.kubernetesManifests).find((path) => (0,files/* isInside */.FK)(outputDir, (0,external_node_path_.resolve)(request.cwd, path)));
    if (holding !== undefined)
        throw new errors/* UserError */.yo(`The output folder ${request.outputDirectory} is inside the Kubernetes manifests ${holding}, where the next check would read the reports as manifests; choose a folder outside them.`);
    // git runs while the report is produced (a large plan's analysis holds the event loop for a while).
    const checkedCommit = request.headSha === undefined ? commitUnderReview(context.env ?? process.env, request.cwd, context.exec) : undefined;
    checkedCommit?.catch(() => undefined);
    return withProducedReport(request, context, async (produced) => {
        const { config } = produced;
        const report = await withProtection(produced.report, config, context);
        const headSha = request.headSha ?? (await checkedCommit);
        if (headSha)
            report.head_sha = headSha;
        const reportPath = (0,external_node_path_.join)(outputDir, `drift-report-${report.environment}.json`);
        const markdownPath = (0,external_node_path_.join)(outputDir, `drift-report-${report.environment}.md`);
        const shown = (path) => workspacePath(request.cwd, path);
        const failOn = request.failOn ?? config.fail_on;
        const secrets = await changeSecrets(request, config, headSha, context);
        const secretsPath = (0,external_node_path_.join)(outputDir, 'secrets-report.json');
        if (secrets)
            (0,files/* writeFileAtomic */.Zf)(secretsPath, `${JSON.stringify(secrets.report, null, 2)}\n`);
        const markdown = secrets ? `${(0,report_markdown/* renderMarkdown */.Gc)(report)}\n${secrets.markdown}` : (0,report_markdown/* renderMarkdown */.Gc)(report);
        if (!produced.write)
            (0,report_file/* writeReportJson */.eU)(reportPath, report);
        else if (report === produced.report)
            produced.write(reportPath);
        else
            throw new Error('a streamed plan report was replaced before it was written');
        (0,files/* writeFileAtomic */.Zf)(markdownPath, markdown);
        const reasons = [(0,fail_on/* failureReason */.H)(report, failOn), secrets && secretsFailureReason(secrets.report, failOn)].filter(Boolean);
        return {
            report,
            reportPath: shown(reportPath),
            markdownPath: shown(markdownPath),
            markdown,
            failure: reasons.length ? `Failing because ${reasons.join(' And ')}` : undefined,
            ...(secrets ? { secrets: { ...secrets, reportPath: shown(secretsPath) } } : {}),
        };
    });
}
/** On a pull/merge request only: secrets at rest in the checkout, and what the change does to them. */
async function changeSecrets(request, config, headSha, context) {
    const change = changeRequestCommits(context.env ?? process.env);
    if (!change)
        return undefined;
    const top = await context.exec.run('git', ['rev-parse', '--show-toplevel'], { cwd: request.cwd }).catch(() => undefined);
    const root = top?.exitCode === 0 ? top.stdout.toString('utf8').trim() : request.cwd;
    context.progress?.step('Checking secrets at rest and what the change does to them');
    const configPath = (0,external_node_path_.resolve)(request.cwd, request.config);
    const report = await checkChangeSecrets({ root, config, baseDir: (0,drift.configBaseDir)(configPath), configPath, base: change.base, head: change.head, checkout: headSha, exec: context.exec });
    return { report, markdown: renderSecretsMarkdown(report) };
}
/**
 * With `monitoring.check_protection`, the platform's branch and environment protection weaker than the
 * environment's approval policy is critical drift too. Asked for and not checkable (no platform, no
 * token) is an error, never a quiet pass.
 */
async function withProtection(report, config, context) {
    if (!config.monitoring.check_protection || !Object.hasOwn(config.approval.environments, report.environment))
        return report;
    // Monitoring only: in a pull/merge request's report, a critical change would ask the gate for the critical team.
    const env = context.env ?? process.env;
    if (env.CI_MERGE_REQUEST_IID || /^(pull_request|merge_group)/.test(env.GITHUB_EVENT_NAME ?? ''))
        return report;
    const platform = await context.protection?.();
    if (!platform)
        throw new errors/* UserError */.yo('monitoring.check_protection is on, but this run has no platform to read the protection from; run drift-detect in GitHub Actions or GitLab CI with GITHUB_TOKEN / GITLAB_TOKEN, or turn the key off.');
    return (0,environment_protection/* withProtectionChanges */.x3)(report, (0,environment_protection/* protectionChanges */.$)(platform.platform, await (0,protection/* checkProtection */.E3)(config, report.environment, platform)));
}
/** A path as outputs show it: relative to the workspace when inside it (as GitLab's artifacts want), else absolute. */
function workspacePath(workspace, path) {
    const inside = (0,external_node_path_.relative)((0,external_node_path_.resolve)(workspace), (0,external_node_path_.resolve)(workspace, path));
    return inside === '' || inside.startsWith('..') || (0,external_node_path_.isAbsolute)(inside) ? (0,external_node_path_.resolve)(workspace, path) : inside;
}
/** The action's outputs as `NAME=value` lines, for a GitLab dotenv report; paths relative to `cwd` when inside it. */
function driftDotenv(result, cwd) {
    const { report } = result;
    const shown = (path) => workspacePath(cwd, path);
    const lines = [
        `DRIFT_DETECTED=${report.drift_detected}`,
        `TOTAL_CHANGES=${report.total_changes}`,
        ...['critical', 'high', 'medium', 'low'].map((severity) => `${severity.toUpperCase()}=${report.changes_by_severity[severity]}`),
        `REPORT_PATH=${shown(result.reportPath)}`,
        `MARKDOWN_PATH=${shown(result.markdownPath)}`,
        ...(result.secrets ? [`SECRETS_FINDINGS=${result.secrets.report.findings.length}`, `SECRETS_REPORT_PATH=${shown(result.secrets.reportPath)}`] : []),
    ];
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./packages/cli/src/args.ts
var src_args = __webpack_require__(7109);
// EXTERNAL MODULE: ./packages/cli/src/colour.ts
var colour = __webpack_require__(6396);
// EXTERNAL MODULE: ./packages/cli/src/exit-codes.ts
var exit_codes = __webpack_require__(3067);
// EXTERNAL MODULE: ./packages/cli/src/output.ts
var src_output = __webpack_require__(7101);
;// CONCATENATED MODULE: ./packages/cli/src/drift-commands.ts










/**
 * One environment's drift check and its reports (`write`), then its `drift` event however the writing
 * went: a JSON report written by writeReportJson is hashed as it is written, not rendered again.
 */
async function recordedDriftCheck(check, audit, environment, write) {
    let report;
    try {
        report = await check();
    }
    catch (error) {
        await (0,record.recordAudit)(audit, { environment }, (0,record.driftFailed)());
        throw error;
    }
    try {
        write(report);
    }
    finally {
        await (0,record.recordAudit)(audit, (0,record.driftSubject)(report), (0,record.driftDetails)(report));
    }
    return report;
}
async function driftCommand(args, io, redactor, audit) {
    const { values, positionals } = (0,src_args/* parse */.qg)(args, {
        ...src_output/* REPORT_FLAGS */.d$,
        environments: { type: 'string' },
        parallel: { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        'drift-check-only': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
    }, 'positional');
    // --output-dir (or --output naming a folder) is the reports folder, even for one environment.
    const output = values.output === undefined ? undefined : (0,external_node_path_.resolve)(io.cwd, String(values.output));
    const intoFolder = Boolean((0,src_args/* outputFolderFlag */.iv)(args)) || (output !== undefined && (0,files/* statOrNothing */.JR)(output, true)?.isDirectory() === true);
    // One environment's report in one file (or on stdout), else a reports folder.
    const oneFile = !values.environments && !intoFolder;
    // A mistyped --format, or a report file named for a format gitops-sync does not write, is refused before terraform runs.
    (0,src_output/* parseFormat */.Xc)(values.format, oneFile ? values.output : undefined);
    const configPath = (0,external_node_path_.resolve)(io.cwd, String(values.config));
    const config = (0,config_file/* loadConfig */.Z)(configPath, true, !(0,src_args/* configGiven */.An)(args));
    const baseDir = (0,drift.configBaseDir)(configPath);
    const named = (0,src_args/* environmentsNamed */.g9)(values, positionals);
    const environments = (0,src_args/* resolveEnvironmentNames */.Cu)(config, named, io);
    if (environments.length === 0)
        throw new errors/* UserError */.yo('gitops-sync drift needs an environment, e.g. `gitops-sync drift production`, or --environments dev,prod.');
    if (!values.environments && environments.length > 1)
        throw new errors/* UserError */.yo(`gitops-sync drift takes one environment (got ${environments.join(' ')}); use --environments ${environments.join(',')} for several.`);
    const concurrency = (0,src_args/* concurrencyFlag */.eN)(values, (0,external_node_os_.availableParallelism)());
    const driftCheckOnly = Boolean(values['drift-check-only']);
    const progress = (0,src_args/* stderrProgress */.WZ)(io, Boolean(values.verbose));
    const context = { exec: io.exec, progress, onSecret: redactor.add, env: io.env };
    if (values['dry-run']) {
        for (const environment of environments) {
            io.stdout(`${environment}: would run\n${(0,drift.describeDriftCheck)({ environment, config, baseDir, driftCheckOnly }).map((line) => `  ${line}`).join('\n')}\n`);
        }
        return exit_codes/* EXIT_NO_DRIFT */.Pn;
    }
    const trail = audit.open(config, configPath, io.env);
    if (oneFile) {
        const report = await recordedDriftCheck(() => (0,drift.detectDrift)({ environment: environments[0], config, baseDir, driftCheckOnly }, context), trail, environments[0], (checked) => (0,src_output/* emit */.Ic)(io, checked, values.format, values.output, true));
        return (0,src_output/* exitFor */.Ed)(report);
    }
    const outputDir = output ?? (0,external_node_path_.resolve)(io.cwd, 'gitops-sync-reports');
    const parallel = Boolean(values.parallel);
    // A provider plugin cache of the run's own per concurrent slot (unless the user has one): a slot's
    // environments run one after another, so an init never replaces a provider that another
    // environment's plan is running, and no environment waits for another's init.
    const slotCaches = new Map();
    const cacheOf = (slot) => slotCaches.get(slot) ?? slotCaches.set(slot, (0,files/* scratchFolder */.$B)('gitops-sync-plugins-')).get(slot);
    try {
        const check = (environment, slot) => recordedDriftCheck(() => (0,drift.detectDrift)({ environment, config, baseDir, driftCheckOnly }, { ...context, pluginCache: cacheOf(slot), progress: (0,ports/* environmentProgress */.rD)(progress, environment) }), trail, environment, (report) => {
            const [json, markdown] = reportFiles(outputDir, environment);
            (0,report_file/* writeReportJson */.eU)(json, report);
            (0,files/* writeFileAtomic */.Zf)(markdown, (0,report_markdown/* renderMarkdown */.Gc)(report));
        });
        return await driftSeveral(environments, parallel ? concurrency : 1, outputDir, io, progress, check, redactor);
    }
    finally {
        for (const cache of slotCaches.values())
            (0,files/* removeScratchFolder */.pq)(cache);
    }
}
/** One environment's reports in a reports folder: JSON, Markdown. */
const reportFiles = (outputDir, environment) => [(0,external_node_path_.join)(outputDir, `drift-report-${environment}.json`), (0,external_node_path_.join)(outputDir, `drift-report-${environment}.md`)];
/**
 * Several environments, at most `concurrency` at a time; each one's reports are written as soon as it
 * is done. A failed one's reports are removed: one left from an earlier run (or committed by a pull
 * request) would be taken for this run's.
 */
async function driftSeveral(environments, concurrency, outputDir, io, progress, check, redactor) {
    (0,files/* checkOutputFolder */.Qk)(io.cwd, outputDir);
    const outcomes = [];
    const one = async (environment, slot) => {
        try {
            outcomes.push({ environment, report: await check(environment, slot) });
        }
        catch (error) {
            for (const file of reportFiles(outputDir, environment))
                (0,external_node_fs_.rmSync)(file, { force: true, recursive: true });
            outcomes.push({ environment, error: redactor.redact((0,errors/* describeFailure */.Ic)(error)) });
        }
        progress.step(`[${environment}] ${outcomes.at(-1)?.error ? 'failed' : 'done'} (${outcomes.length}/${environments.length} environments)`);
    };
    await (0,at_most/* runAtMost */.M)(environments, concurrency, one);
    outcomes.sort((a, b) => environments.indexOf(a.environment) - environments.indexOf(b.environment));
    const rows = outcomes.map(({ environment, report, error }) => report
        ? `| ${environment} | ${report.drift_detected ? 'drift' : 'in sync'} | ${report.total_changes} | ${report.changes_by_severity.critical} | ${report.changes_by_severity.high} | ${report.changes_by_severity.medium} | ${report.changes_by_severity.low} |`
        : `| ${environment} | error: ${(0,report_markdown/* markdownCell */.UZ)(error)} | | | | | |`);
    const summary = `## Drift summary\n\n| Environment | Status | Changes | Critical | High | Medium | Low |\n|---|---|---:|---:|---:|---:|---:|\n${rows.join('\n')}\n`;
    (0,files/* writeFileAtomic */.Zf)((0,external_node_path_.join)(outputDir, 'summary.md'), summary);
    for (const { environment, report, error } of outcomes) {
        io.stdout(report ? (0,table/* renderTable */.b)(report, undefined, (0,colour/* stdoutStyle */.jK)(io)) : `${environment}: error: ${error}\n`);
    }
    io.stdout(`Reports written to ${outputDir}\n`);
    if (outcomes.some((outcome) => outcome.error))
        return exit_codes/* EXIT_ERROR */.SI;
    return outcomes.some((outcome) => outcome.report?.drift_detected) ? exit_codes/* EXIT_DRIFT */.Vi : exit_codes/* EXIT_NO_DRIFT */.Pn;
}
/** The drift-detect action for other CI systems (the GitLab component runs this). */
async function driftDetectCommand(args, io, redactor, audit) {
    const { values } = (0,src_args/* parse */.qg)(args, {
        environment: { type: 'string', default: '' },
        config: { type: 'string', default: 'gitops-sync.yaml' },
        'terraform-directory': { type: 'string', default: '' },
        'terraform-plan-json': { type: 'string', default: '' },
        'kubernetes-manifests': { type: 'string', default: '' },
        'kubernetes-live-export': { type: 'string', default: '' },
        'kubernetes-namespace': { type: 'string', default: '' },
        'flux-diff-file': { type: 'string', default: '' },
        'argocd-app': { type: 'string', default: '' },
        source: { type: 'string', default: '' },
        'source-file': { type: 'string', default: '' },
        'fail-on': { type: 'string' },
        output: { type: 'string', default: 'gitops-sync-reports' },
        dotenv: { type: 'string' },
        'pr-comment': { type: 'string', default: 'off' },
        platform: { type: 'string' },
        repo: { type: 'string' },
        pr: { type: 'string' },
        notify: { type: 'boolean', default: false },
        'drift-issue': { type: 'boolean', default: false },
        'state-file': { type: 'string' },
        'metrics-file': { type: 'string' },
        'pushgateway-url': { type: 'string' },
        'run-url': { type: 'string' },
        'head-sha': { type: 'string' },
    });
    const started = Date.now();
    const headSha = values['head-sha'] ? String(values['head-sha']) : undefined;
    if (headSha !== undefined && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(headSha))
        throw new errors/* UserError */.yo(`--head-sha must be a full commit SHA (40 hex digits), got ${JSON.stringify(headSha)}.`);
    const prComment = schemas/* enum */.k5n(['off', 'always', 'changes-only']).safeParse(values['pr-comment']);
    if (!prComment.success)
        throw new errors/* UserError */.yo(`--pr-comment must be off, always or changes-only (got ${JSON.stringify(values['pr-comment'])}).`);
    // Checked here, not only when a follow-up talks to the platform: a misspelt platform must not pass unnoticed.
    if (values.platform !== undefined && values.platform !== 'github' && values.platform !== 'gitlab')
        throw new errors/* UserError */.yo(`--platform must be github or gitlab (got ${JSON.stringify(values.platform)}).`);
    const failOn = fail_on/* FailOn */.i.optional().safeParse(values['fail-on'] || undefined);
    if (!failOn.success)
        throw new errors/* UserError */.yo(`--fail-on ${values['fail-on']} is not allowed; use one of ${fail_on/* FailOn */.i.options.join(', ')}.`);
    const configPath = (0,external_node_path_.resolve)(io.cwd, String(values.config));
    if (values.notify) {
        (0,monitor/* checkMonitoringRun */.qp)(io.env);
        (0,monitor/* checkAlertMemory */.yo)((0,config_file/* loadConfig */.Z)(configPath, false).monitoring, { driftIssue: Boolean(values['drift-issue']), stateFile: values['state-file'] ? String(values['state-file']) : undefined });
    }
    const result = await runDriftDetect({
        environment: String(values.environment),
        config: String(values.config),
        terraformDirectory: String(values['terraform-directory']),
        terraformPlanJson: String(values['terraform-plan-json']),
        kubernetesManifests: String(values['kubernetes-manifests']),
        kubernetesLiveExport: String(values['kubernetes-live-export']),
        kubernetesNamespace: String(values['kubernetes-namespace']),
        fluxDiffFile: String(values['flux-diff-file']),
        argocdApp: String(values['argocd-app']),
        source: String(values.source),
        sourceFile: String(values['source-file']),
        failOn: failOn.data,
        outputDirectory: String(values.output),
        cwd: io.cwd,
        headSha,
    }, { exec: io.exec, env: io.env, onSecret: redactor.add, progress: (0,src_args/* stderrProgress */.WZ)(io, false), protection: async () => protectionOfRun(await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(470), __webpack_require__.e(306), __webpack_require__.e(939), __webpack_require__.e(365)]).then(__webpack_require__.bind(__webpack_require__, 365)), io.env, redactor) }).catch(async (error) => {
        await (0,record.recordAudit)(audit.openBeside(configPath, io.env), { environment: String(values.environment) || null }, (0,record.driftFailed)());
        throw error;
    });
    if (values.dotenv)
        (0,files/* writeFileAtomic */.Zf)((0,external_node_path_.resolve)(io.cwd, String(values.dotenv)), driftDotenv(result, io.cwd));
    const config = (0,config_file/* loadConfig */.Z)(configPath, false);
    // `Next: gitops-sync sync <env>` only for an environment the config has: sync would refuse any other.
    io.stdout((0,table/* renderTable */.b)(result.report, undefined, (0,colour/* stdoutStyle */.jK)(io), { next: Object.hasOwn(config.environments, (0,schema/* resolveEnvironmentName */.tl)(config, result.report.environment).name) }));
    io.stdout(`Reports: ${result.reportPath}, ${result.markdownPath}${result.secrets ? `, ${result.secrets.reportPath}` : ''}\n`);
    for (const finding of result.secrets?.report.findings ?? [])
        io.stderr(`gitops-sync: secrets: ${finding.file}${finding.line ? `:${finding.line}` : ''}: ${finding.message} (rule ${finding.rule}, ${finding.severity})\n`);
    const trail = audit.open(config, configPath, io.env);
    const optional = (name) => (values[name] ? String(values[name]) : undefined);
    const wantsMetrics = Boolean(values['metrics-file'] || values['pushgateway-url']);
    // The follow-up (comment, monitoring, metrics) is all platform work: without any, skip loading the clients.
    const platforms = prComment.data !== 'off' || values.notify || wantsMetrics ? await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(470), __webpack_require__.e(306), __webpack_require__.e(939), __webpack_require__.e(365)]).then(__webpack_require__.bind(__webpack_require__, 365)) : undefined;
    const followUp = !platforms ? { failures: [] } : await platforms.followUpDriftCheck(result.report, config, {
        prComment: prComment.data,
        notify: Boolean(values.notify),
        driftIssue: Boolean(values['drift-issue']),
        stateFile: optional('state-file') && (0,external_node_path_.resolve)(io.cwd, String(values['state-file'])),
        runUrl: optional('run-url') ?? platforms.runUrl(io.env),
        target: { platform: optional('platform'), repo: optional('repo'), pr: optional('pr') },
        now: new Date(),
        notifiers: values.notify ? platforms.notifiersFromConfig(config.monitoring.notifications, io.env, redactor.add) : [],
        metrics: { file: optional('metrics-file') && (0,external_node_path_.resolve)(io.cwd, String(values['metrics-file'])), pushgatewayUrl: optional('pushgateway-url') },
        durationSeconds: (Date.now() - started) / 1000,
        audit: trail,
        auditEvents: wantsMetrics ? await (0,record.readAuditLogEvents)(config, configPath, io.cwd, { env: io.env, exec: io.exec }) : undefined,
        secrets: result.secrets && { markdown: result.secrets.markdown, findings: result.secrets.report.findings.length },
    }, io.env, redactor.add, (0,src_args/* stderrProgress */.WZ)(io, false));
    // Without monitoring the drift event has no first-seen time; with it, the monitor recorded it.
    if (!followUp.monitor)
        await (0,record.recordAudit)(trail, (0,record.driftSubject)(result.report), (0,record.driftDetails)(result.report));
    if (followUp.monitor?.event)
        io.stdout(`Alert: ${followUp.monitor.event.kind} \u2014 ${followUp.monitor.event.summary}\n`);
    for (const failure of followUp.failures)
        io.stderr(`gitops-sync: warning: ${redactor.redact(failure)}\n`);
    if (!result.failure)
        return exit_codes/* EXIT_NO_DRIFT */.Pn;
    io.stderr(`gitops-sync: ${result.failure}\n`);
    return exit_codes/* EXIT_ERROR */.SI;
}
/** The CI platform's protection API for drift-detect's monitoring.check_protection. */
function protectionOfRun({ detectPlatform, protectionPlatformFor }, env, redactor) {
    const platform = detectPlatform(env);
    if (!platform)
        throw new errors/* UserError */.yo('monitoring.check_protection is on, but drift-detect runs outside GitHub Actions and GitLab CI; run `gitops-sync check-protection --platform \u2026` instead, or turn the key off.');
    return protectionPlatformFor(platform, env, { onSecret: redactor.add, needed: 'monitoring.check_protection' });
}


/***/ }),

/***/ 7101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ed: () => (/* binding */ exitFor),
/* harmony export */   Ic: () => (/* binding */ emit),
/* harmony export */   Xc: () => (/* binding */ parseFormat),
/* harmony export */   d$: () => (/* binding */ REPORT_FLAGS)
/* harmony export */ });
/* unused harmony exports Format, render */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3944);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1515);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7195);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6441);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(91);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6477);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var _colour_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6396);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3067);






const Format = zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['json', 'markdown', 'table']);
/** The report format an --output file's extension names; other names get JSON. */
const FORMAT_OF_EXTENSION = { '.md': 'markdown', '.markdown': 'markdown', '.json': 'json', '.txt': 'table' };
/** Extensions of formats gitops-sync does not write: JSON under such a name would be a surprise. */
const UNWRITTEN_FORMATS = new Set(['.yaml', '.yml', '.html', '.htm', '.xml', '.csv', '.toml', '.sarif', '.pdf']);
function formatOfOutput(output) {
    const extension = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.extname)(output).toLowerCase();
    if (UNWRITTEN_FORMATS.has(extension)) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`--output ${output}: gitops-sync writes no ${extension.slice(1).toUpperCase()} report; name the file .json, .md or .txt (the format follows the extension), or pass --format json|markdown|table.`);
    }
    return FORMAT_OF_EXTENSION[extension] ?? 'json';
}
function parseFormat(value, output) {
    if (value === undefined)
        return output ? formatOfOutput(output) : 'table';
    // `text`, the review and sync commands' word for the human-readable form, is the table here.
    if (value === 'text')
        return 'table';
    const parsed = Format.safeParse(value);
    if (!parsed.success)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`--format ${value} is not a format; use table, markdown or json.`);
    return parsed.data;
}
/** The report in a format, in pieces (JSON of a large report is never built as one string); only the table takes a style. */
function render(report, format, style = _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .PLAIN_STYLE */ .n, options = {}) {
    if (format === 'json')
        return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .renderJsonChunks */ .r)(report);
    if (format === 'markdown')
        return [(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .renderMarkdown */ .Gc)(report, undefined, options)];
    return [(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .renderTable */ .b)(report, undefined, style, options)];
}
/** The flags `drift` and `analyze` share. */
const REPORT_FLAGS = {
    config: { type: 'string', default: 'gitops-sync.yaml' },
    format: { type: 'string' },
    output: { type: 'string' },
    verbose: { type: 'boolean', default: false },
};
/** Writes the report to `output` (or stdout); `recorded`: a `drift` event will name its JSON's hash, taken as it is written. */
function emit(io, report, format, output, recorded = false, options = {}) {
    const chosen = parseFormat(format, output);
    if (output) {
        if (chosen === 'json' && recorded)
            (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_7__/* .writeReportJson */ .eU)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, output), report);
        else
            (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_8__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, output), render(report, chosen, _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .PLAIN_STYLE */ .n, options));
        io.stdout((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .renderTable */ .b)(report, undefined, (0,_colour_js__WEBPACK_IMPORTED_MODULE_1__/* .stdoutStyle */ .jK)(io), options));
    }
    else
        for (const batch of (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__/* .batched */ .Q)(render(report, chosen, (0,_colour_js__WEBPACK_IMPORTED_MODULE_1__/* .stdoutStyle */ .jK)(io), options)))
            io.stdout(batch);
}
const exitFor = (report) => (report.drift_detected ? _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__/* .EXIT_DRIFT */ .Vi : _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__/* .EXIT_NO_DRIFT */ .Pn);


/***/ }),

/***/ 3944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ renderTable),
/* harmony export */   n: () => (/* binding */ PLAIN_STYLE)
/* harmony export */ });
/* harmony import */ var _model_report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5781);
/* harmony import */ var _build_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4492);
/* harmony import */ var _plan_remediation_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7892);
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4216);
/* harmony import */ var _arrays_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);





const pad = (text, width) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
/** Text from the sources (resource ids, rule names) as the terminal shows it: no escape sequence, line break or invisible character of its own. */
const printable = (text) => (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_0__/* .withFormatCharactersShown */ .l)(text).replace(/[\p{Cc}\u2028\u2029]/gu, '?');
const same = (text) => text;
const PLAIN_STYLE = { severity: (_severity, text) => text, strong: same, good: same, bad: same };
/** A compact plain-text table for terminals; `maxRows` keeps huge reports readable. */
function renderTable(report, maxRows = 50, style = PLAIN_STYLE, options = {}) {
    const counts = _model_report_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC.map((severity) => `${report.changes_by_severity[severity]} ${severity}`).join(', ');
    const lines = [];
    if (!report.drift_detected) {
        lines.push(style.good(`No drift in ${report.environment} (${report.sources.join(', ')}).`));
        if (report.output_changes.length)
            lines.push(`${report.output_changes.length} output change(s), not counted as drift.`);
        return `${lines.join('\n')}\n`;
    }
    lines.push(style.strong(`Drift in ${report.environment}: ${report.total_changes} change(s) (${counts}) from ${report.sources.join(', ')}`));
    const rows = (0,_build_js__WEBPACK_IMPORTED_MODULE_2__/* .mostSevereFirst */ .QX)(report.changes, maxRows).map((change) => [change.severity, change.action, change.origin, printable(change.address), printable(change.rule)]);
    const header = ['SEVERITY', 'ACTION', 'ORIGIN', 'RESOURCE', 'RULE'];
    const widths = header.map((title, column) => Math.min(60, (0,_arrays_js__WEBPACK_IMPORTED_MODULE_3__/* .maxOf */ ._)(rows.map((row) => row[column].length), title.length)));
    lines.push('', header.map((title, i) => pad(title, widths[i])).join('  ').trimEnd());
    // Padded before it is coloured: escape codes take no room on screen.
    for (const row of rows)
        lines.push(row.map((value, i) => (i === 0 ? style.severity(value, pad(value, widths[i])) : pad(value, widths[i]))).join('  ').trimEnd());
    if (report.changes.length > maxRows)
        lines.push(`\u2026 ${report.changes.length - maxRows} more; use --format json for all of them.`);
    if (report.output_changes.length) {
        const shown = report.output_changes.slice(0, 10).map((output) => `${printable(output.name)} (${output.action})`);
        const more = report.output_changes.length - shown.length;
        lines.push('', `Outputs: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
    }
    if (report.remediation_plan.length) {
        lines.push('', 'Remediation plan:');
        report.remediation_plan.forEach((step, i) => lines.push(`  ${i + 1}. [${step.priority}] ${printable(step.description)}`));
        const next = (0,_plan_remediation_js__WEBPACK_IMPORTED_MODULE_4__/* .nextCommand */ .h)(report);
        if (options.next !== false)
            lines.push(`${style.strong('Next:')} ${next.preview} to preview, then ${next.apply} ${next.when}.`);
    }
    return `${lines.join('\n')}\n`;
}


/***/ }),

/***/ 43:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ runAtMost)
/* harmony export */ });
/**
 * Runs `work` on every item, at most `limit` at a time, each new one starting as soon as one ends
 * (not in batches). Resolves when all are done; the first rejection rejects (the others still finish
 * what they started, as Promise.all lets them). `slot` (0 \u2026 limit-1) names the lane an item runs in:
 * the items of one slot run one after another.
 */
async function runAtMost(items, limit, work) {
    const queue = [...items];
    const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async (_, slot) => {
        while (queue.length)
            await work(queue.shift(), slot);
    });
    await Promise.all(workers);
}


/***/ }),

/***/ 2883:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ withStreamedPlanReport),
/* harmony export */   analyzePlanFileToJson: () => (/* binding */ analyzePlanFileToJson)
/* harmony export */ });
/* unused harmony export linesFound */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5688);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5227);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1454);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2293);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4492);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9497);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(1515);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(7195);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6477);
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3087);
/* harmony import */ var _ports_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(4552);
/* harmony import */ var _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4717);







const READ_CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;
/** A private scratch file written through a PieceWriter. */
class Spill {
    path;
    fd;
    writer;
    constructor(path) {
        this.path = path;
        this.fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'wx', 0o600);
        this.writer = new _files_js__WEBPACK_IMPORTED_MODULE_2__/* .PieceWriter */ .Wn((0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .fileSink */ .ao)(this.fd));
    }
    /** Flushes and closes; after a failure (`flush` false) only closes. */
    close(flush = true) {
        try {
            if (flush)
                this.writer.flush();
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(this.fd);
        }
    }
}
/** Closes every spill, each even when closing another failed (a full disk), and throws the first failure. */
function closeAll(spills, flush = true) {
    const failures = [];
    for (const spill of spills) {
        try {
            spill.close(flush);
        }
        catch (error) {
            failures.push(error);
        }
    }
    if (failures.length)
        throw failures[0];
}
/** A file's bytes in 4 MB chunks; each chunk is only valid until the next is asked for. */
function* bytesOf(path) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'r');
    try {
        const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
        for (let read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, chunk.length, null); read > 0; read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, chunk.length, null))
            yield chunk.subarray(0, read);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/**
 * A file's bytes in pieces of whole lines (the last may have no line break), each only valid until the next is
 * asked for. A line begun in one chunk and ended in the next is a piece of its own: the chunk is not copied for it.
 */
function* blocksOfLines(path) {
    let begun;
    for (const chunk of bytesOf(path)) {
        let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        if (begun) {
            const firstBreak = bytes.indexOf(NEWLINE);
            if (firstBreak === -1) {
                begun = Buffer.concat([begun, bytes]);
                continue;
            }
            yield Buffer.concat([begun, bytes.subarray(0, firstBreak + 1)]);
            begun = undefined;
            bytes = bytes.subarray(firstBreak + 1);
        }
        const lastBreak = bytes.lastIndexOf(NEWLINE);
        if (lastBreak !== -1)
            yield bytes.subarray(0, lastBreak + 1);
        if (lastBreak + 1 < bytes.length)
            begun = Buffer.from(bytes.subarray(lastBreak + 1));
    }
    if (begun)
        yield begun;
}
/** Each line of a file, without its line break, as a range of bytes only valid until the next is asked for. */
function* lineRangesOf(path) {
    for (const block of blocksOfLines(path)) {
        let start = 0;
        for (let end = block.indexOf(NEWLINE); end !== -1; end = block.indexOf(NEWLINE, start)) {
            yield [block, start, end];
            start = end + 1;
        }
        if (start < block.length)
            yield [block, start, block.length];
    }
}
/**
 * The indexes of the lines of `lists` (one after the other) in which `where` finds something. Each block of
 * lines is searched whole, and lines are counted only to place what it finds: `where` must find nothing that
 * spans a line break.
 */
function linesFound(lists, where) {
    const found = new Set();
    let line = 0;
    for (const list of lists) {
        for (const block of blocksOfLines(list)) {
            // Bytes before `counted` are counted in `line`.
            let counted = 0;
            const countLinesBefore = (at) => {
                for (let lineBreak = block.indexOf(NEWLINE, counted); lineBreak !== -1 && lineBreak < at; lineBreak = block.indexOf(NEWLINE, counted)) {
                    line++;
                    counted = lineBreak + 1;
                }
            };
            for (let at = where(block, 0, block.length); at !== -1; at = counted < block.length ? where(block, counted, block.length) : -1) {
                countLinesBefore(at);
                found.add(line);
                const lineBreak = block.indexOf(NEWLINE, at);
                line++;
                counted = lineBreak === -1 ? block.length : lineBreak + 1;
            }
            countLinesBefore(block.length);
            if (counted < block.length) {
                line++;
                counted = block.length;
            }
        }
    }
    return found;
}
/** A change as a line of the report's list: indented, its JSON, a comma and a line break (the list's last comma is dropped as it is copied out). */
const changeLine = (change) => `    ${JSON.stringify(change)},\n`;
/** The change of a line changeLine wrote, `bytes[start, end)` without its line break. */
const changeOfLine = (bytes, start, end) => JSON.parse(bytes.toString('utf8', start + 4, end - 1));
/** What the terminal summary, alerts and annotations show of a change: all a report built from the scratch files keeps in memory of most changes. */
const lightChange = ({ address, action, severity, origin, rule }) => ({ address, action, severity, origin, rule });
/** The change lines in `paths`, one file after the other, as the pieces of RenderedChanges: the last line's comma dropped. */
function* changeListIn(paths) {
    const sizes = paths.map((path) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).size);
    let last = sizes.length - 1;
    while (last > 0 && sizes[last] === 0)
        last--;
    for (const [index, path] of paths.entries()) {
        // The last line ends in `,\n`: its comma and line break are left out and the line break written after.
        let remaining = sizes[index] - (index === last ? 2 : 0);
        for (const chunk of bytesOf(path)) {
            if (remaining <= 0)
                break;
            const piece = chunk.subarray(0, Math.min(chunk.length, remaining));
            remaining -= piece.length;
            yield piece;
        }
    }
    yield '\n';
}
/**
 * A plan file analysed for a report of any size: each change is judged, rendered and written to a
 * private scratch file as it is read, so the changes are never all in memory (issue 15: peak memory
 * within 2 x the plan file), with the fingerprint when asked (see PlanFingerprintPass). `use` gets the
 * report while the scratch files last.
 */
async function withStreamedPlanReport(request, context, use, options = {}) {
    return streamedWith(request, context, use, options, true);
}
async function streamedWith(request, context, use, options, mayUseWorker) {
    (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .checkEnvironmentName */ .r0)(request.environment);
    const label = request.planPath;
    const rules = (0,_rules_js__WEBPACK_IMPORTED_MODULE_4__/* .rulesFor */ .N)(request.config, request.extraRules);
    const judge = new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .SeverityEngine */ .O(rules);
    // Holds the plan's changes before unmarked copies of secrets are masked: 0700, and removed on a signal too.
    // Made before the fingerprint pass: a pass started when this folder cannot be made would never stop (its worker kept the process alive).
    const folder = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .scratchFolder */ .$B)('gitops-sync-report-');
    let started;
    try {
        const pass = (started = request.fingerprint ? new _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_6__/* .PlanFingerprintPass */ .p(request, context.onSecret, mayUseWorker) : undefined);
        // A report lists the changes made outside Git first.
        const read = { outside: new Spill((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(folder, 'outside.part')), planned: new Spill((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(folder, 'planned.part')) };
        const lights = { outside: [], planned: [] };
        // Where each list's changes with quoting in an instance key are (whereSecretsMayBeInJson does not look into those).
        const quotedKeys = { outside: [], planned: [] };
        let plan;
        try {
            plan = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .withInputChunks */ .Xn)(request.planPath, _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_6__/* .PLAN_FILE_WHAT */ .W, (planJson) => (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .parseTerraformPlan */ .F)(pass ? pass.source(planJson) : planJson, {
                label,
                onSecret: pass?.onSecret ?? context.onSecret,
                observer: pass?.observer,
                tee: pass?.tee,
                judgedBy: rules,
                onChange: (change) => {
                    const [judged] = judge.judgeAll([change]);
                    const origin = judged.origin === 'outside' ? 'outside' : 'planned';
                    read[origin].writer.write(changeLine(judged));
                    if ((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .hasQuotedInstanceKey */ .RZ)(judged))
                        quotedKeys[origin].push(lights[origin].length);
                    lights[origin].push(lightChange(judged));
                },
            }), { reuse: true });
        }
        catch (error) {
            closeAll(Object.values(read), false);
            throw error;
        }
        closeAll(Object.values(read));
        pass?.planRead();
        const light = lights.outside.concat(lights.planned);
        let lists = [read.outside.path, read.planned.path];
        const { scrubUnmarked, whereScrubMayBeNeeded } = plan;
        if (scrubUnmarked && whereScrubMayBeNeeded) {
            // A secret met later in the plan may have been copied, unmarked, into a change written before it.
            const flagged = linesFound(lists, whereScrubMayBeNeeded);
            for (const index of quotedKeys.outside)
                flagged.add(index);
            for (const index of quotedKeys.planned)
                flagged.add(lights.outside.length + index);
            const scrubbed = scrubbedLines(lists, flagged, scrubUnmarked, judge, light, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(folder, 'changes.part'));
            if (scrubbed)
                lists = [scrubbed];
        }
        const report = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__/* .buildReport */ .FK)({
            environment: request.environment,
            sources: [_gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__/* .TERRAFORM_PLAN_SOURCE */ .de],
            changes: light,
            generatedAt: (context.clock ?? _ports_js__WEBPACK_IMPORTED_MODULE_11__/* .systemClock */ .ml).now().toISOString(),
            outputChanges: plan.outputChanges,
            outputChangesAreDrift: request.config.report.output_changes_are_drift,
        });
        if (pass) {
            const fingerprint = await pass.fingerprint();
            if (fingerprint === undefined) {
                pass.stop();
                return await streamedWith(request, context, use, options, false);
            }
            report.plan_fingerprint = fingerprint;
        }
        const { changes } = report;
        if (options.markdownChanges)
            withChangesShown(changes, lists);
        return await use({
            report,
            write: (path, onBytes) => {
                if (report.changes !== changes || changes.length !== light.length)
                    throw new Error('the report of a streamed plan analysis was given other changes than its scratch files hold');
                (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf)(path, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_12__/* .renderJsonChunks */ .r)(report, { changes, pieces: changeListIn(lists) }), onBytes);
            },
        });
    }
    finally {
        started?.stop();
        (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .removeScratchFolder */ .pq)(folder);
    }
}
/**
 * `analyze --output <file>.json` of a plan file (withStreamedPlanReport); returns the report with
 * light changes (what the terminal summary shows); the full changes are in the file.
 */
async function analyzePlanFileToJson(request, context, outputPath) {
    return withStreamedPlanReport(request, context, ({ report, write }) => {
        write(outputPath);
        return report;
    });
}
/**
 * Puts in `changes` the full change, read back from the final lists, in place of the light one for the
 * first MOST_CHANGES_SHOWN changes of each severity: any Markdown of the report shows no others.
 */
function withChangesShown(changes, lists) {
    const wanted = new Set();
    const counts = {};
    let last = -1;
    for (let index = 0; index < changes.length; index++) {
        const severity = changes[index].severity;
        counts[severity] = (counts[severity] ?? 0) + 1;
        if (counts[severity] <= _gitops_sync_core__WEBPACK_IMPORTED_MODULE_13__/* .MOST_CHANGES_SHOWN */ .Kz)
            wanted.add((last = index));
    }
    // The lists are read only as far as the last change wanted: usually a small part of a large plan's.
    let index = 0;
    for (const list of lists) {
        for (const [bytes, start, end] of lineRangesOf(list)) {
            if (index > last)
                return;
            if (wanted.has(index))
                changes[index] = changeOfLine(bytes, start, end);
            index++;
        }
    }
}
/**
 * Where a line of `lists` may hold an unmarked secret (`flagged`: see linesFound), the lines again in `path`
 * with those changes scrubbed and judged anew (their entries of `light` replaced); undefined when no line
 * may (the lists stand as they are).
 */
function scrubbedLines(lists, flagged, scrub, judge, light, path) {
    if (flagged.size === 0)
        return undefined;
    const scrubbed = new Spill(path);
    try {
        let index = 0;
        for (const list of lists) {
            for (const [bytes, start, end] of lineRangesOf(list)) {
                if (flagged.has(index)) {
                    const change = changeOfLine(bytes, start, end);
                    scrub(change);
                    const [judged] = judge.judgeAll([change]);
                    light[index] = lightChange(judged);
                    scrubbed.writer.write(changeLine(judged));
                }
                else
                    scrubbed.writer.write(bytes.subarray(start, end + 1));
                index++;
            }
        }
    }
    catch (error) {
        scrubbed.close(false);
        throw error;
    }
    scrubbed.close();
    return path;
}


/***/ }),

/***/ 6591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aU: () => (/* binding */ runMonitor),
/* harmony export */   qp: () => (/* binding */ checkMonitoringRun),
/* harmony export */   yo: () => (/* binding */ checkAlertMemory)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5781);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8983);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7195);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8835);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9166);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6477);
/* harmony import */ var _audit_record_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(163);




const issueMarker = (environment) => `<!-- gitops-sync:drift-issue environment=${environment} -->`;
/** Room left in an issue body (65,536 characters) for the report once the chart and state block are in. */
const ISSUE_REPORT_LIMIT = 40_000;
const mostSevereOf = (report) => _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC.find((severity) => report.changes_by_severity[severity] > 0) ?? 'none';
function issueTitle(report) {
    const counts = _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC.filter((severity) => report.changes_by_severity[severity]).map((severity) => `${report.changes_by_severity[severity]} ${severity}`);
    return `Drift in ${report.environment}: ${counts.join(', ')}`;
}
function issueBody(report, state, runUrl) {
    return [
        issueMarker(report.environment),
        `gitops-sync keeps this issue up to date while \`${report.environment}\` drifts and closes it when the drift is gone.${runUrl ? ` Last run: ${runUrl}` : ''}`,
        '',
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .trendChart */ .CY)(state),
        '',
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .renderMarkdown */ .Gc)(report, ISSUE_REPORT_LIMIT),
        '',
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .stateBlock */ .ji)(state),
    ].join('\n');
}
/**
 * Alerts need memory between runs (the drift issue's hidden state, or a state file): without it every
 * run is a first run, so the same drift alerts at every run and its resolve is never sent. A run with
 * channels and no memory is refused before anything is checked or sent.
 */
function checkAlertMemory(monitoring, given) {
    const channels = Object.values(monitoring.notifications).some(Boolean);
    if (channels && !given.driftIssue && !monitoring.drift_issue.enabled && !given.stateFile) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('Alerts need memory between runs, or every run would alert again and none would ever be resolved: set monitoring.drift_issue.enabled: true (or --drift-issue, the drift-issue input) or keep a --state-file (the state-file input) between runs.');
    }
}
const GITHUB_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);
const GITLAB_REQUEST_EVENTS = new Set(['merge_request_event', 'external_pull_request_event']);
/**
 * A pull/merge request's run checks the request's own code, so its author would decide what the
 * channels are told and when the environment's alert resolves (a plan showing nothing closes the
 * incident). Alerts and the drift memory are kept by scheduled (or hand-started) runs only.
 */
function checkMonitoringRun(env) {
    const event = env.GITHUB_ACTIONS === 'true' && GITHUB_REQUEST_EVENTS.has(githubEvent(env))
        ? `GITHUB_EVENT_NAME=${env.GITHUB_EVENT_NAME}${env.GITHUB_EVENT_NAME === 'workflow_run' ? ` started by ${githubEvent(env)}` : ''}`
        : env.GITLAB_CI === 'true' && GITLAB_REQUEST_EVENTS.has(env.CI_PIPELINE_SOURCE ?? '')
            ? `CI_PIPELINE_SOURCE=${env.CI_PIPELINE_SOURCE}`
            : undefined;
    if (event) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`notify keeps an environment's alerts and drift memory, which a pull/merge request's own code must not decide (this run is for ${event}): run notify on a schedule, and pr-comment on pull/merge requests.`);
    }
}
/** The run's event; for a workflow_run, the event of the run whose completion started it (which may hand over a pull request's plan as an artifact). */
function githubEvent(env) {
    if (env.GITHUB_EVENT_NAME !== 'workflow_run')
        return env.GITHUB_EVENT_NAME ?? '';
    try {
        const payload = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(env.GITHUB_EVENT_PATH ?? '', 'utf8'));
        return String(payload.workflow_run?.event ?? '');
    }
    catch {
        return '';
    }
}
/** The state a previous run left in `path`; what is wrong in it (or a file that is not one) is reported and left out. */
function readStateFile(path, environment, now, failures) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        return undefined;
    let data;
    try {
        data = JSON.parse((0,_files_js__WEBPACK_IMPORTED_MODULE_5__/* .readInputFile */ .jH)(path, 'a drift state file').toString('utf8'));
    }
    catch {
        data = undefined;
    }
    const { state, problems } = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .recoverDriftState */ .HC)(data, environment, now);
    (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .appendAll */ .u2)(failures, problems.map((problem) => `state file: ${path} ${problem}`));
    return state;
}
/**
 * A scheduled drift check's follow-up: remembers how long each resource has drifted, keeps the
 * environment's drift issue in step, and tells the channels once when a threshold is crossed (or
 * severity rises) and once when the drift is gone. A failing channel never stops the others.
 */
async function runMonitor(request, channels) {
    const { report } = request;
    const failures = [];
    const attempt = async (what, action) => {
        try {
            return await action();
        }
        catch (error) {
            failures.push(`${what}: ${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .describeFailure */ .Ic)(error)}`);
            return undefined;
        }
    };
    const marker = issueMarker(report.environment);
    const existing = channels.issues ? await attempt('drift issue', () => channels.issues.find(marker)) : undefined;
    // Nothing has failed before the lookup, so any failure now is the lookup's.
    const lookupFailed = failures.length > 0;
    let previous;
    // Someone else last edited the issue: what it says was alerted is not taken on its word.
    const editedBy = request.stateFile ? undefined : existing?.editedBy;
    /** The warning about an edited issue: the run still did its work, so it does not count against the success rate. */
    let untrustedNotice;
    if (request.stateFile)
        previous = readStateFile(request.stateFile, report.environment, request.now, failures);
    else if (existing && editedBy !== undefined) {
        failures.push((untrustedNotice = `drift issue: issue #${existing.number} was last edited by ${editedBy}, not by gitops-sync, so the drift state in it is not trusted (it decides which alerts are sent); this run alerts or resolves as if it did not know what was sent before, and writes the state again`));
        previous = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .stateOfUnknownAlert */ .Tk)(report.environment, report.affected_resources, existing.createdAt, request.now);
    }
    else if (existing) {
        const { state, problems } = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .recoverStateBlock */ .fx)(existing.body, report.environment, request.now);
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .appendAll */ .u2)(failures, problems.map((problem) => `drift issue: the drift state in issue #${existing.number} ${problem}`));
        previous = state;
    }
    const step = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .advanceDriftState */ .F2)(previous, report, request.monitoring.alert_thresholds, request.now, request.runUrl);
    const result = { event: step.event, state: step.state, driftAgeSeconds: step.driftAgeSeconds, delivered: [], failures };
    // The drift check's event, with when its oldest drift was first seen (unknown without the memory).
    const withoutMemory = lookupFailed && !request.stateFile;
    await (0,_audit_record_js__WEBPACK_IMPORTED_MODULE_7__.recordAudit)(channels.audit, (0,_audit_record_js__WEBPACK_IMPORTED_MODULE_7__.driftSubject)(report), (0,_audit_record_js__WEBPACK_IMPORTED_MODULE_7__.driftDetails)(report, withoutMemory ? undefined : step.state.first_seen));
    // The issue holds the memory: without it this run cannot tell a new drift from a known one. It opens
    // no second issue and sends no resolve, but it does send a trigger the thresholds call for without the
    // drift's age (PagerDuty keeps one incident per dedup key): a lookup that keeps failing must not keep
    // the pager quiet for good.
    if (withoutMemory) {
        if (step.event?.kind !== 'trigger') {
            result.event = undefined;
            return result;
        }
        step.event.summary += ' (the drift issue could not be read, so this may repeat an alert already sent)';
    }
    if (editedBy !== undefined && step.event)
        step.event.summary += ` (the drift issue was edited by ${editedBy}, so gitops-sync cannot tell which alerts it sent before)`;
    // An event some channels missed at the last run goes to those alone (any still configured).
    const targets = step.only ? channels.notifiers.filter((notifier) => step.only.includes(notifier.name)) : channels.notifiers;
    if (step.only && !targets.length)
        result.event = undefined;
    else if (step.event) {
        const event = step.event;
        const sent = await Promise.all(targets.map(async (notifier) => {
            try {
                await notifier.send(event);
                result.delivered.push(notifier.name);
                return { channel: notifier.name, ok: true, error: null };
            }
            catch (error) {
                failures.push(`${notifier.name}: ${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .describeFailure */ .Ic)(error)}`);
                return { channel: notifier.name, ok: false, error: (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .describeFailure */ .Ic)(error) };
            }
        }));
        await (0,_audit_record_js__WEBPACK_IMPORTED_MODULE_7__.recordAudit)(channels.audit, { environment: report.environment, commits: { head: report.head_sha } }, { type: 'alert', outcome: event.kind === 'resolve' ? 'resolve' : step.escalated ? 'escalate' : 'trigger', severity: event.kind === 'resolve' ? null : mostSevereOf(report), channels: sent });
        const what = event.kind === 'trigger' ? 'Alert' : 'Resolved';
        const missed = targets.filter((notifier) => !result.delivered.includes(notifier.name)).map((notifier) => notifier.name);
        if (result.delivered.length) {
            // Those that missed it get it at the next run: one channel's outage must not keep the pager quiet for good.
            if (missed.length)
                step.state.undelivered = missed;
            channels.progress.step(`${what} sent to ${result.delivered.join(', ')}${missed.length ? `; ${missed.join(', ')} get it at the next run` : ''}`);
        }
        else if (targets.length) {
            if (step.only)
                step.state.undelivered = missed;
            else {
                // Nobody was told: remember the alert as it was, so the next run sends this event again rather than stay quiet for good.
                step.state.alerting = previous?.alerting ?? false;
                step.state.alerted_severity = previous?.alerted_severity ?? null;
                step.state.undelivered = previous?.undelivered;
            }
            channels.progress.step(`${what} not delivered: every channel failed (see the warnings); it is tried again at the next run`);
        }
        else
            channels.progress.step(`${what} not sent: no channel configured (monitoring.notifications in gitops-sync.yaml)`);
    }
    if (withoutMemory)
        return result;
    const lastRun = previous?.history.at(-1)?.at;
    const approvalSeconds = (0,_audit_record_js__WEBPACK_IMPORTED_MODULE_7__.approvalWaits)(request.auditEvents ?? [], report.environment, lastRun ? new Date(lastRun) : undefined, request.now);
    step.state.metrics = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .mergeMetricsState */ .Lt)(previous?.metrics, { report, durationSeconds: request.durationSeconds, driftAgeSeconds: step.driftAgeSeconds, succeeded: failures.every((failure) => failure === untrustedNotice), approvalSeconds });
    if (channels.issues && !lookupFailed) {
        const issues = channels.issues;
        await attempt('drift issue', async () => {
            if (report.drift_detected) {
                const body = issueBody(report, step.state, request.runUrl);
                if (existing) {
                    await issues.update(existing.number, issueTitle(report), body);
                    if (step.severityRose)
                        await issues.comment(existing.number, `Severity rose to ${mostSevereOf(report)}: ${report.environment} has ${issueTitle(report).replace(/^Drift in [^:]+: /, '')} change(s).`);
                    result.issue = { number: existing.number, url: existing.url, action: 'updated' };
                }
                else {
                    const created = await issues.create(issueTitle(report), body);
                    result.issue = { number: created.number, url: created.url, action: 'created' };
                }
            }
            else if (existing && (step.state.alerting || step.state.undelivered?.length)) {
                // A resolve some channel has not taken yet: the issue, the memory, stays open so the next run sends it again.
                await issues.update(existing.number, `Drift in ${report.environment}: resolved, alert not yet delivered`, issueBody(report, step.state, request.runUrl));
                result.issue = { number: existing.number, url: existing.url, action: 'updated' };
            }
            else if (existing) {
                await issues.comment(existing.number, `The drift in \`${report.environment}\` is gone as of ${request.now.toISOString()}; closing.`);
                // Closed with the state it ends on (no alert open): reopened, it must not stand for one that was resolved.
                await issues.close(existing.number, `Drift in ${report.environment}: resolved`, issueBody(report, step.state, request.runUrl));
                result.issue = { number: existing.number, url: existing.url, action: 'closed' };
            }
        });
        if (result.issue)
            channels.progress.step(`Drift issue #${result.issue.number} ${result.issue.action}`);
    }
    if (request.stateFile)
        await attempt('state file', async () => (0,_files_js__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Zf)(request.stateFile, `${JSON.stringify(step.state, null, 2)}\n`));
    return result;
}


/***/ })

};
