export const id = 322;
export const ids = [322,638];
export const modules = {

/***/ 8389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkProtectionCommand: () => (/* binding */ checkProtectionCommand),
/* harmony export */   generateEnvironmentProtection: () => (/* binding */ generateEnvironmentProtection)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8823);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7970);
/* harmony import */ var _gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4060);
/* harmony import */ var _gitops_sync_platforms_review_target__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9006);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7109);
/* harmony import */ var _review_commands_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8677);







const EXIT_WEAKER = 2;
/** `generate github-environments|gitlab-protected-environments [--environment E] [--apply]`: the bodies as JSON. */
async function generateEnvironmentProtection(kind, config, values, io, redactor) {
    const platform = kind === 'github-environments' ? 'github' : 'gitlab';
    const api = (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.protectionPlatformFor)(platform, io.env, { repo: values.repo, onSecret: redactor.add, needed: values.apply ? `generate ${kind} --apply` : undefined });
    const settings = kind === 'github-environments'
        ? await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .generateGithubEnvironments */ .$qc)(config, values.environment, api, values.apply)
        : await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .generateGitlabProtectedEnvironments */ .$ib)(config, values.environment, api, values.apply);
    const text = `${JSON.stringify(settings, null, 2)}\n`;
    if (values.output)
        (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf6)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, values.output), text);
    else
        io.stdout(text);
    const missing = settings.flatMap((each) => each.missing);
    if (missing.length)
        io.stderr(`gitops-sync: not known without the API: ${missing.join('; ')}. Each stands as null in its body until then.\n`);
    if (values.apply)
        io.stderr(`gitops-sync: set ${settings.map((each) => each.environment).join(', ')} on ${platform === 'github' ? 'GitHub' : 'GitLab'}.\n`);
    return 0;
}
/** `check-protection [--environment E]`: one line per weakness; exit 2 when the platform is weaker than the config, 0 when not. */
async function checkProtectionCommand(args, io, redactor) {
    const { values } = (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .parse */ .qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        environment: { type: 'string' },
        platform: { type: 'string' },
        repo: { type: 'string' },
        format: { type: 'string', default: 'text' },
    });
    const format = (0,_review_commands_js__WEBPACK_IMPORTED_MODULE_6__.checkFormat)(String(values.format));
    const platform = values.platform ?? (0,_gitops_sync_platforms_review_target__WEBPACK_IMPORTED_MODULE_4__/* .detectPlatform */ .l)(io.env);
    if (platform !== 'github' && platform !== 'gitlab')
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`check-protection needs --platform github or gitlab${platform ? ` (got ${JSON.stringify(platform)})` : ' outside GitHub Actions and GitLab CI'}.`);
    const config = (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .loadConfig */ .Z9L)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, String(values.config)), true);
    const api = (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.protectionPlatformFor)(platform, io.env, { repo: values.repo, onSecret: redactor.add, needed: 'check-protection' });
    const weaknesses = await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .checkProtection */ .E3I)(config, values.environment, api);
    if (format === 'json')
        io.stdout(`${JSON.stringify(weaknesses, null, 2)}\n`);
    else
        for (const weakness of weaknesses)
            io.stdout(`${weakness.environment}: ${weakness.message} [${weakness.rule}]\n`);
    return weaknesses.length ? EXIT_WEAKER : 0;
}


/***/ }),

/***/ 8677:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  approveSafeCommand: () => (/* binding */ approveSafeCommand),
  checkFormat: () => (/* binding */ checkFormat),
  gateCommand: () => (/* binding */ gateCommand),
  generateCommand: () => (/* binding */ generateCommand)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 81 modules
var src = __webpack_require__(8823);
// EXTERNAL MODULE: ./packages/engine/src/index.ts + 66 modules
var engine_src = __webpack_require__(7970);
// EXTERNAL MODULE: ./packages/platforms/src/review-target.ts
var review_target = __webpack_require__(9006);
// EXTERNAL MODULE: ./packages/cli/src/args.ts
var src_args = __webpack_require__(7109);
// EXTERNAL MODULE: ./packages/cli/src/protection-commands.ts
var protection_commands = __webpack_require__(8389);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./packages/cli/src/generate-gitops.ts






const GITOPS_GENERATORS = ['atlantis', 'argocd-app', 'flux-kustomization'];
/** Where the Atlantis workflows go: in atlantis.yaml, left out of it, or alone (for the server-side repos.yaml). */
const WORKFLOW_PLACES = ['in-repo', 'omit', 'only'];
const asYaml = (document, header) => `# ${header}\n${(0,dist/* stringify */.As)(document, { lineWidth: 0 })}`;
/** A folder that must already be there: a typo in --output should not grow a tree of new folders. */
function existingFolder(folder, flag) {
    if (!(0,external_node_fs_.existsSync)(folder) || !(0,external_node_fs_.statSync)(folder).isDirectory())
        throw new src/* UserError */.yot(`${flag} ${folder} is not an existing folder; create it first, or give a folder that exists.`);
    return folder;
}
/** A URL with credentials in it (https://user:token@host/…), which must not be written into a manifest. */
const hasCredentials = (url) => /^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i.test(url);
/** The origin remote's URL, for the controllers' repoURL when --repo is not given. */
async function originUrl(io, cwd) {
    const remote = await io.exec.run('git', ['remote', 'get-url', 'origin'], { cwd }).catch(() => undefined);
    const url = remote?.exitCode === 0 ? remote.stdout.toString('utf8').trim() : '';
    return url && !hasCredentials(url) ? url : undefined;
}
/** `generate atlantis|argocd-app|flux-kustomization`: files for the tools that run the environments. */
async function generateGitops(kind, config, configPath, configInRepository, options, io, redactor) {
    const command = `gitops-sync generate ${kind}`;
    if (kind === 'atlantis') {
        const platform = options.platform ?? 'github';
        if (platform !== 'github' && platform !== 'gitlab')
            throw new src/* UserError */.yot(`--platform must be github or gitlab, where the gate reads approvals (got ${JSON.stringify(platform)}).`);
        if (options.environments.length)
            throw new src/* UserError */.yot('generate atlantis writes one project per environment with terraform:; leave out --environment.');
        const baseDir = (0,engine_src/* configBaseDir */.J4q)(configPath);
        const modules = Object.fromEntries(Object.entries(config.environments).flatMap(([name, settings]) => (settings.terraform ? [[name, (0,engine_src/* localModules */.LXW)((0,external_node_path_.resolve)(baseDir, settings.terraform.dir))]] : [])));
        const place = options.workflows ?? 'in-repo';
        if (!WORKFLOW_PLACES.includes(place))
            throw new src/* UserError */.yot(`--workflows must be ${WORKFLOW_PLACES.join(', ')} (got ${JSON.stringify(place)}).`);
        const { workflows, ...repoConfig } = (0,src/* atlantisRepoConfig */.ZJ2)(config, { configInRepository, platform, modules });
        const document = place === 'only' ? { workflows } : place === 'omit' ? repoConfig : { ...repoConfig, workflows };
        const what = place === 'only' ? 'the workflows for the server-side repos.yaml' : 'atlantis.yaml';
        const text = asYaml(document, `Generated by \`${command}${place === 'in-repo' ? '' : ` --workflows ${place}`}\` from ${configInRepository} (${what}); edit that file and generate again.`);
        if (!options.output)
            io.stdout(text);
        else {
            const path = (0,external_node_path_.resolve)(io.cwd, options.output);
            existingFolder((0,external_node_path_.dirname)(path), `The folder of --output`);
            (0,engine_src/* writeFileAtomic */.Zf6)(path, text);
        }
        return 0;
    }
    const environments = (0,src/* kubernetesEnvironments */.htC)(config, options.environments, command);
    const documents = [];
    if (kind === 'argocd-app') {
        if (options.repo && hasCredentials(options.repo)) {
            throw new src/* UserError */.yot('--repo carries credentials (user:token@ before the host), which would be written into the Application; give the URL without them and let Argo CD read the repository with a repository secret.');
        }
        const repoURL = options.repo ?? (await originUrl(io, (0,external_node_path_.dirname)(configPath)));
        if (!repoURL)
            throw new src/* UserError */.yot(`${command} needs --repo URL: the Git repository Argo CD reads (there is no origin remote to take it from).`);
        (0,src/* argoCdRetry */.TyX)(config); // before any renderer runs
        for (const [environment, settings] of environments) {
            const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : undefined;
            const scaled = await (0,engine_src/* scaledWorkloads */.BnZ)(settings.kubernetes, { exec: io.exec, progress: (0,src_args/* stderrProgress */.WZ)(io, false), env: io.env, baseDir: (0,engine_src/* configBaseDir */.J4q)(configPath), secrets: config.secrets, onSecret: redactor.add });
            const document = (0,src/* argoCdApplication */.D8D)(environment, settings, config, {
                configInRepository,
                repoURL,
                revision: options.revision ?? policy?.branch ?? 'HEAD',
                server: options.server ?? 'https://kubernetes.default.svc',
                namespace: options.namespace ?? 'argocd',
                project: options.project ?? 'default',
                scaled,
            });
            documents.push({ environment, document });
        }
    }
    else {
        for (const [environment, settings] of environments) {
            documents.push({ environment, document: (0,src/* fluxKustomization */.Bh$)(environment, settings, config, { configInRepository, sourceName: options.source ?? 'flux-system', interval: options.interval ?? '10m' }) });
        }
    }
    const header = (environment) => `Generated by \`${command}\` for ${environment} from ${configInRepository}; edit that file and generate again.`;
    if (!options.output) {
        io.stdout(documents.map(({ environment, document }) => asYaml(document, header(environment))).join('---\n'));
        return 0;
    }
    const folder = existingFolder((0,external_node_path_.resolve)(io.cwd, options.output), '--output');
    for (const { environment, document } of documents)
        (0,engine_src/* writeFileAtomic */.Zf6)((0,external_node_path_.join)(folder, `${kind}-${environment}.yaml`), asYaml(document, header(environment)));
    io.stderr(`gitops-sync: wrote ${documents.map(({ environment }) => `${kind}-${environment}.yaml`).join(', ')} into ${options.output}\n`);
    return 0;
}

// EXTERNAL MODULE: ./packages/cli/src/exit-codes.ts
var exit_codes = __webpack_require__(3067);
;// CONCATENATED MODULE: ./packages/cli/src/review-commands.ts








const target = {
    platform: { type: 'string' },
    repo: { type: 'string' },
    pr: { type: 'string' },
    config: { type: 'string', default: 'gitops-sync.yaml' },
    format: { type: 'string', default: 'text' },
};
/** The text|json family; `table`, the drift commands' word for the human-readable form, means text here. */
function checkFormat(format) {
    if (format === 'table')
        return 'text';
    if (format !== 'text' && format !== 'json')
        throw new src/* UserError */.yot(`--format must be text or json (got ${JSON.stringify(format)}).`);
    return format;
}
function describeApproveSafe(decision) {
    const lines = [`${decision.change} at ${decision.head_sha.slice(0, 12)}: ${decision.safe ? 'every changed path is safe' : 'needs human review'}`];
    for (const finding of decision.findings)
        lines.push(`  - ${finding.path ? `${finding.path}: ` : ''}${finding.reason}`);
    for (const action of decision.actions)
        lines.push(`  ${action}`);
    return `${lines.join('\n')}\n`;
}
function describeGate(decision) {
    const lines = [`${decision.allowed ? 'Allowed' : 'Denied'}: ${decision.environment}, change ${decision.pull_request} at ${decision.head_sha.slice(0, 12)} (${decision.approvals_counted.length}/${decision.required_approvals} approvals counted)`];
    for (const approval of decision.approvals_counted)
        lines.push(`  counted  ${approval.user}: ${approval.reason}`);
    for (const approval of decision.approvals_rejected)
        lines.push(`  rejected ${approval.user}: ${approval.reason}`);
    for (const commit of decision.commits_counted ?? [])
        lines.push(`  signed   ${commit.sha.slice(0, 12)}: ${commit.reason}`);
    for (const commit of decision.commits_rejected ?? [])
        lines.push(`  unsigned ${commit.sha.slice(0, 12)}: ${commit.reason}`);
    for (const missing of decision.missing)
        lines.push(`  missing  ${missing}`);
    return `${lines.join('\n')}\n`;
}
/** `gitops-sync approve-safe`: approves a PR/MR that only touches safe paths, else asks for review. */
async function approveSafeCommand(args, io, redactor, audit) {
    const { values } = (0,src_args/* parse */.qg)(args, { ...target, 'dry-run': { type: 'boolean', default: false } });
    const format = checkFormat(String(values.format));
    const platform = (0,review_target/* reviewPlatformFor */.b)({ platform: values.platform, repo: values.repo, pr: values.pr }, io.env, redactor.add);
    const decision = await (0,engine_src/* runApproveSafe */.EIG)(platform, io.exec, { configPath: String(values.config), cwd: io.cwd, dryRun: Boolean(values['dry-run']), audit: audit.openBeside((0,external_node_path_.resolve)(io.cwd, String(values.config)), io.env) }, (0,src_args/* stderrProgress */.WZ)(io, false));
    io.stdout(format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : describeApproveSafe(decision));
    return 0;
}
/** `gitops-sync gate`: exit 0 when the change may be applied to the environment, 3 when not. */
async function gateCommand(args, io, redactor, audit) {
    const { values } = (0,src_args/* parse */.qg)(args, { ...target, environment: { type: 'string' }, report: { type: 'string' } });
    const format = checkFormat(String(values.format));
    if (!values.environment)
        throw new src/* UserError */.yot('gitops-sync gate needs --environment NAME: the environment the change is to be applied to.');
    const platform = (0,review_target/* reviewPlatformFor */.b)({ platform: values.platform, repo: values.repo, pr: values.pr }, io.env, redactor.add);
    const decision = await (0,engine_src/* runGate */.Rgo)(platform, io.exec, {
        environment: String(values.environment),
        configPath: String(values.config),
        cwd: io.cwd,
        reportPath: values.report ? (0,external_node_path_.resolve)(io.cwd, String(values.report)) : undefined,
        audit: audit.openBeside((0,external_node_path_.resolve)(io.cwd, String(values.config)), io.env),
    }, (0,src_args/* stderrProgress */.WZ)(io, false));
    io.stdout(format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : describeGate(decision));
    return decision.allowed ? 0 : exit_codes/* EXIT_GATE_DENIED */.Z;
}
/** The config's path from the repository root, as a CODEOWNERS pattern names it (`deploy/gitops-sync.yaml`). */
async function configInRepository(path, io, purpose = 'so CODEOWNERS can name it') {
    const inside = await new engine_src/* CommitReader */.fiQ(undefined, io.exec, io.cwd).repositoryPath(path, purpose);
    return inside.split(external_node_path_.sep).join('/');
}
/** `gitops-sync generate branch-protection|ruleset|codeowners|github-environments|gitlab-protected-environments --env NAME`, and atlantis|argocd-app|flux-kustomization. */
async function generateCommand(args, io, redactor) {
    const { values, positionals } = (0,src_args/* parse */.qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        environment: { type: 'string', multiple: true },
        output: { type: 'string' },
        apply: { type: 'boolean', default: false },
        repo: { type: 'string' },
        platform: { type: 'string' },
        revision: { type: 'string' },
        server: { type: 'string' },
        namespace: { type: 'string' },
        project: { type: 'string' },
        source: { type: 'string' },
        interval: { type: 'string' },
        workflows: { type: 'string' },
    });
    const kind = positionals[0];
    if (!src/* GENERATORS */.DYV.includes(kind))
        throw new src/* UserError */.yot(`gitops-sync generate needs one of ${src/* GENERATORS */.DYV.join(', ')}${kind ? ` (got ${JSON.stringify(kind)})` : ''}.`);
    const writesFolder = kind === 'argocd-app' || kind === 'flux-kustomization';
    if (!writesFolder)
        (0,src_args/* refuseOutputFolder */.M$)(args, 'generate');
    const configPath = String(values.config);
    const config = (0,engine_src/* loadConfig */.Z9L)((0,external_node_path_.resolve)(io.cwd, configPath), true);
    const environments = values.environment ?? [];
    const output = values.output;
    if (GITOPS_GENERATORS.includes(kind)) {
        if (values.apply)
            throw new src/* UserError */.yot(`--apply is for github-environments and gitlab-protected-environments; ${kind} is printed (or written with --output) for you to commit.`);
        const options = { environments, output, ...(Object.fromEntries(['platform', 'repo', 'revision', 'server', 'namespace', 'project', 'source', 'interval', 'workflows'].flatMap((name) => (values[name] === undefined ? [] : [[name, String(values[name])]])))) };
        return generateGitops(kind, config, (0,external_node_path_.resolve)(io.cwd, configPath), await configInRepository((0,external_node_path_.resolve)(io.cwd, configPath), io, `so ${kind} can name paths from the repository root`), options, io, redactor);
    }
    if (environments.length > 1)
        throw new src/* UserError */.yot(`generate ${kind} takes one --environment (got ${environments.join(', ')}).`);
    const environment = environments[0];
    if (kind === 'github-environments' || kind === 'gitlab-protected-environments') {
        return (0,protection_commands.generateEnvironmentProtection)(kind, config, { environment, apply: Boolean(values.apply), repo: values.repo, output }, io, redactor);
    }
    if (values.apply)
        throw new src/* UserError */.yot(`--apply is for github-environments and gitlab-protected-environments; ${kind} is printed (or written with --output) for you to apply.`);
    const policyEnvironment = environment ?? 'production';
    const text = kind === 'codeowners'
        ? (0,src/* codeownersFile */.yNI)(config, policyEnvironment, await configInRepository((0,external_node_path_.resolve)(io.cwd, configPath), io))
        : `${JSON.stringify(kind === 'ruleset' ? (0,src/* ruleset */.ZqF)(config, policyEnvironment) : (0,src/* branchProtection */.IAi)(config, policyEnvironment), null, 2)}\n`;
    if (output)
        (0,engine_src/* writeFileAtomic */.Zf6)((0,external_node_path_.resolve)(io.cwd, output), text);
    else
        io.stdout(text);
    return 0;
}


/***/ }),

/***/ 2322:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rollbackCommand: () => (/* binding */ rollbackCommand),
/* harmony export */   syncCommand: () => (/* binding */ syncCommand)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8823);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7970);
/* harmony import */ var _gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4060);
/* harmony import */ var _gitops_sync_platforms_review_target__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9006);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7109);
/* harmony import */ var _review_commands_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8677);
/* harmony import */ var _colour_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6396);








const STATUS_STYLE = { synced: 'good', failed: 'bad', skipped: 'strong' };
function describeSync(result, style) {
    const lines = [];
    for (const environment of result.environments) {
        const reason = environment.failure_reason ? ` [${environment.failure_reason}]` : '';
        lines.push(`${environment.environment}: ${style[STATUS_STYLE[environment.status]](environment.status)}${environment.dry_run ? ' (dry run)' : ''}${reason}${environment.message ? ` — ${environment.message}` : ''}`);
        for (const step of environment.steps)
            lines.push(`  ${step}`);
        for (const backup of environment.backups)
            lines.push(`  backup: ${backup}`);
        if (environment.detail)
            lines.push(...environment.detail.split('\n').map((line) => `  | ${line}`));
    }
    return `${lines.join('\n')}\n`;
}
/**
 * Whether this run names a pull/merge request (flags, or a CI run of one: GitHub's pull_request*
 * and merge queue events, GitLab's merge request and external pull request pipelines). Such a run
 * always goes through the gate.
 */
function namesChange(values, env) {
    return Boolean(values.pr ||
        env.CI_MERGE_REQUEST_IID ||
        env.CI_EXTERNAL_PULL_REQUEST_IID ||
        /^(merge_request_event|external_pull_request_event)$/.test(env.CI_PIPELINE_SOURCE ?? '') ||
        /^(pull_request|merge_group)/.test(env.GITHUB_EVENT_NAME ?? ''));
}
/** In GitHub Actions with GITHUB_TOKEN: each deployment recorded on GitHub; a refusal is one warning line. */
function deploymentsFor(io, redactor) {
    return (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.githubDeploymentsFor)(io.env, { exec: io.exec, cwd: io.cwd, warn: (message) => io.stderr(`gitops-sync: warning: ${redactor.redact(message)}\n`), redact: (text) => redactor.redact(text) });
}
/** `gitops-sync sync <env> | --environments a,b,c [--parallel]`: exit 0 when every environment synced, 1 otherwise. */
async function syncCommand(args, io, redactor, audit) {
    const { values, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .parse */ .qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        environments: { type: 'string' },
        parallel: { type: 'boolean', default: false },
        concurrency: { type: 'string', default: '4' },
        platform: { type: 'string' },
        repo: { type: 'string' },
        pr: { type: 'string' },
        report: { type: 'string' },
        'plan-fingerprint': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        matrix: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        verbose: { type: 'boolean', default: false },
    }, 'positional');
    const named = (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .environmentsNamed */ .g9)(values, positionals);
    if (!named.length)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot('gitops-sync sync needs an environment, e.g. `gitops-sync sync staging`, or --environments dev,staging,prod.');
    if (values.matrix) {
        io.stdout(`${(0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .syncMatrix */ .ne5)(named)}\n`);
        return 0;
    }
    const concurrency = (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .concurrencyFlag */ .eN)(values.concurrency);
    const format = (0,_review_commands_js__WEBPACK_IMPORTED_MODULE_6__.checkFormat)(String(values.format));
    const configPath = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, String(values.config));
    const config = (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .loadConfig */ .Z9L)(configPath, true);
    const environments = (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveEnvironmentNames */ .Cu)(config, named, io);
    const reviewed = namesChange(values, io.env);
    const review = reviewed
        ? {
            platform: (0,_gitops_sync_platforms_review_target__WEBPACK_IMPORTED_MODULE_4__/* .reviewPlatformFor */ .b)({ platform: values.platform, repo: values.repo, pr: values.pr }, io.env, redactor.add),
            configPath: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(io.cwd, configPath) || 'gitops-sync.yaml',
            cwd: io.cwd,
        }
        : undefined;
    const deployments = await deploymentsFor(io, redactor);
    const result = await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .runSync */ .HZF)({
        environments,
        config,
        baseDir: (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .configBaseDir */ .J4q)(configPath),
        review,
        unreviewed: reviewed ? undefined : { configPath, cwd: io.cwd },
        reportPath: values.report ? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, String(values.report)) : undefined,
        planFingerprint: values['plan-fingerprint'],
        dryRun: Boolean(values['dry-run']),
        parallel: Boolean(values.parallel),
        concurrency,
        deployers: (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.deployerDirectoryFor)(io.env, redactor.add),
        audit: audit.open(config, configPath, io.env),
    }, { exec: io.exec, progress: (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .stderrProgress */ .WZ)(io, Boolean(values.verbose)), clock: _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .systemClock */ .ml0, env: io.env, deployments, onSecret: redactor.add });
    io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeSync(result, (0,_colour_js__WEBPACK_IMPORTED_MODULE_7__/* .stdoutStyle */ .jK)(io)));
    return result.ok ? 0 : 1;
}
/** The outcome; the steps are not repeated, the progress log printed each as it happened. */
function describeRollback(result) {
    return [
        `${result.environment} (${result.mode}): ${result.rolled_back ? 'rolled back' : 'nothing rolled back'}`,
        `  from: ${result.from}`,
        `  to: ${result.to}`,
        ...(result.backup_path ? [`  backup: ${result.backup_path}`] : []),
        `  verification: ${result.verification}`,
        ...(result.git_revert ? [`  git revert: ${result.git_revert.pull_request_url || result.git_revert.commit || 'Git already matched'} (to ${result.git_revert.to.slice(0, 7)}: ${result.git_revert.how})`] : []),
        ...(result.controller ? [`  ${result.controller.controller}: ${result.controller.note}`] : []),
        ...(result.emergency ? ['  emergency: break glass, recorded as an emergency change'] : []),
        '',
    ].join('\n');
}
/** `gitops-sync rollback <env> [--mode git|terraform-state|kubernetes|argocd] …` (git by default). */
async function rollbackCommand(args, io, redactor, audit) {
    const { values, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .parse */ .qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        mode: { type: 'string', default: 'git' },
        'to-commit': { type: 'string' },
        branch: { type: 'string', default: 'main' },
        direct: { type: 'boolean', default: false },
        platform: { type: 'string' },
        repo: { type: 'string' },
        'state-file': { type: 'string' },
        force: { type: 'boolean', default: false },
        deployment: { type: 'string' },
        statefulset: { type: 'string' },
        daemonset: { type: 'string' },
        namespace: { type: 'string' },
        'to-revision': { type: 'string' },
        'history-id': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
    }, 'positional');
    const format = (0,_review_commands_js__WEBPACK_IMPORTED_MODULE_6__.checkFormat)(String(values.format));
    const environment = positionals[0] && (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveEnvironmentNames */ .Cu)((0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .loadConfig */ .Z9L)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, String(values.config)), true), [positionals[0]], io)[0];
    if (!environment || positionals.length > 1)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot('gitops-sync rollback takes one environment, e.g. `gitops-sync rollback production --mode git --to-commit abc123`.');
    const mode = values.mode;
    if (!_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .ROLLBACK_MODES */ .YYg.includes(mode))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`--mode must be one of ${_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .ROLLBACK_MODES */ .YYg.join(', ')} (got ${JSON.stringify(values.mode)}).`);
    const whole = (name) => {
        const value = values[name];
        if (value === undefined)
            return undefined;
        if (!/^\d+$/.test(String(value)))
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`--${name} must be a whole number (got ${JSON.stringify(value)}).`);
        return Number(value);
    };
    const workloadKind = ['deployment', 'statefulset', 'daemonset'].find((kind) => values[kind]);
    const configPath = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, String(values.config));
    const config = (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .loadConfig */ .Z9L)(configPath, true);
    const platform = values.platform ?? (0,_gitops_sync_platforms_review_target__WEBPACK_IMPORTED_MODULE_4__/* .detectPlatform */ .l)(io.env);
    const dryRun = Boolean(values['dry-run']);
    let opener;
    // kubernetes and argocd bring Git in line too: a revert PR/MR unless it is pushed directly.
    const direct = Boolean(values.direct) || (mode !== 'git' && config.environments[environment]?.rollback?.revert === 'direct');
    // A dry run opens nothing, so it needs no token.
    if (mode !== 'terraform-state' && !direct && !dryRun && platform) {
        const token = io.env[platform === 'github' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN'];
        const repo = values.repo ?? (platform === 'github' ? io.env.GITHUB_REPOSITORY : io.env.CI_PROJECT_ID);
        if (!token || !repo)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`Opening the rollback ${platform === 'github' ? 'pull' : 'merge'} request needs ${platform === 'github' ? 'GITHUB_TOKEN and --repo OWNER/REPO' : 'GITLAB_TOKEN and --repo PROJECT'}; or pass --direct to push to the branch.`);
        redactor.add(token);
        opener = platform === 'github' ? new _gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.GitHubPullOpener({ token, repository: repo, baseUrl: io.env.GITHUB_API_URL, limits: (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.apiLimitsFromEnv)(io.env) }) : new _gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.GitLabMergeRequestOpener({ token, project: repo, baseUrl: io.env.CI_API_V4_URL, limits: (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.apiLimitsFromEnv)(io.env) });
    }
    const deployments = await deploymentsFor(io, redactor);
    const result = await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .runRollback */ .el$)({
        environment,
        mode,
        config,
        baseDir: (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .configBaseDir */ .J4q)(configPath),
        dryRun,
        toCommit: values['to-commit'],
        baseBranch: String(values.branch),
        direct: Boolean(values.direct),
        opener,
        stateFile: values['state-file'],
        force: Boolean(values.force),
        workload: workloadKind ? { kind: workloadKind, name: String(values[workloadKind]), namespace: values.namespace, toRevision: whole('to-revision') } : undefined,
        historyId: whole('history-id'),
        deployers: (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__.deployerDirectoryFor)(io.env, redactor.add),
        configFile: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(io.cwd, configPath) || 'gitops-sync.yaml',
        audit: audit.open(config, configPath, io.env),
    }, { exec: io.exec, progress: (0,_args_js__WEBPACK_IMPORTED_MODULE_5__/* .stderrProgress */ .WZ)(io, false), clock: _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_2__/* .systemClock */ .ml0, env: io.env, deployments, onSecret: redactor.add });
    io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeRollback(result));
    return 0;
}


/***/ })

};
