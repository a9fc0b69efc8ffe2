export const id = 638;
export const ids = [638];
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


/***/ })

};
