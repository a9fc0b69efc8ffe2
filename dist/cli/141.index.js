export const id = 141;
export const ids = [141];
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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(555);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6477);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1855);
/* harmony import */ var _gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(219);
/* harmony import */ var _gitops_sync_platforms_review_target__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9006);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7109);
/* harmony import */ var _review_commands_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3622);







const EXIT_WEAKER = 2;
/** `generate github-environments|gitlab-protected-environments [--environment E] [--apply]`: the bodies as JSON. */
async function generateEnvironmentProtection(kind, config, values, io, redactor) {
    const platform = kind === 'github-environments' ? 'github' : 'gitlab';
    const api = (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__/* .protectionPlatformFor */ .I)(platform, io.env, { repo: values.repo, onSecret: redactor.add, needed: values.apply ? `generate ${kind} --apply` : undefined });
    const settings = kind === 'github-environments'
        ? await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_4__/* .generateGithubEnvironments */ .$q)(config, values.environment, api, values.apply)
        : await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_4__/* .generateGitlabProtectedEnvironments */ .$i)(config, values.environment, api, values.apply);
    const text = `${JSON.stringify(settings, null, 2)}\n`;
    if (values.output)
        (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, values.output), text);
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
    const { values } = (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        environment: { type: 'string' },
        platform: { type: 'string' },
        repo: { type: 'string' },
        format: { type: 'string', default: 'text' },
    });
    const format = (0,_review_commands_js__WEBPACK_IMPORTED_MODULE_2__.checkFormat)(String(values.format));
    const platform = values.platform ?? (0,_gitops_sync_platforms_review_target__WEBPACK_IMPORTED_MODULE_6__/* .detectPlatform */ .l)(io.env);
    if (platform !== 'github' && platform !== 'gitlab')
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .UserError */ .yo(`check-protection needs --platform github or gitlab${platform ? ` (got ${JSON.stringify(platform)})` : ' outside GitHub Actions and GitLab CI'}.`);
    const config = (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_8__/* .loadConfig */ .Z)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, String(values.config)), true, !(0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .configGiven */ .An)(args));
    const api = (0,_gitops_sync_platforms__WEBPACK_IMPORTED_MODULE_3__/* .protectionPlatformFor */ .I)(platform, io.env, { repo: values.repo, onSecret: redactor.add, needed: 'check-protection' });
    const weaknesses = await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_4__/* .checkProtection */ .E3)(config, values.environment, api);
    if (format === 'json')
        io.stdout(`${JSON.stringify(weaknesses, null, 2)}\n`);
    else
        for (const weakness of weaknesses)
            io.stdout(`${weakness.environment}: ${weakness.message} [${weakness.rule}]\n`);
    return weaknesses.length ? EXIT_WEAKER : 0;
}


/***/ }),

/***/ 3622:
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
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/policy/four-eyes.ts
var four_eyes = __webpack_require__(8113);
;// CONCATENATED MODULE: ./packages/core/src/policy/generators.ts


const GENERATORS = ['branch-protection', 'ruleset', 'codeowners', 'github-environments', 'gitlab-protected-environments', 'atlantis', 'argocd-app', 'flux-kustomization'];
function environmentPolicy(config, environment) {
    const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : undefined;
    if (!policy)
        throw new errors/* UserError */.yo(`Environment ${environment} has no approval.environments.${environment} entry in the config; add one to generate its settings.`);
    return policy;
}
/** The body of `PUT /repos/{owner}/{repo}/branches/{branch}/protection`. */
function branchProtection(config, environment) {
    const policy = environmentPolicy(config, environment);
    return {
        required_status_checks: policy.required_status_checks.length ? { strict: true, contexts: policy.required_status_checks } : null,
        enforce_admins: true,
        required_pull_request_reviews: {
            dismiss_stale_reviews: true,
            require_code_owner_reviews: true,
            required_approving_review_count: (0,four_eyes/* requiredApprovals */.Ks)(environment, policy),
            require_last_push_approval: true,
        },
        restrictions: null,
        required_conversation_resolution: true,
        allow_force_pushes: false,
        allow_deletions: false,
    };
}
/** The body of `POST /repos/{owner}/{repo}/rulesets`: the same rules as a repository ruleset. */
function ruleset(config, environment) {
    const policy = environmentPolicy(config, environment);
    const rules = [
        { type: 'deletion' },
        { type: 'non_fast_forward' },
        {
            type: 'pull_request',
            parameters: {
                required_approving_review_count: (0,four_eyes/* requiredApprovals */.Ks)(environment, policy),
                dismiss_stale_reviews_on_push: true,
                require_code_owner_review: true,
                require_last_push_approval: true,
                required_review_thread_resolution: true,
            },
        },
    ];
    if (policy.required_status_checks.length) {
        rules.push({
            type: 'required_status_checks',
            parameters: { strict_required_status_checks_policy: true, required_status_checks: policy.required_status_checks.map((context) => ({ context })) },
        });
    }
    return {
        name: `gitops-sync ${environment}`,
        target: 'branch',
        enforcement: 'active',
        conditions: { ref_name: { include: [`refs/heads/${policy.branch}`], exclude: [] } },
        rules,
    };
}
/** The controls (CI, CODEOWNERS, this config) belong to the environment's required teams. */
const CONTROL_PATTERNS = ['/.github/workflows/', '/.github/actions/', '/.github/CODEOWNERS', '/CODEOWNERS', '/docs/CODEOWNERS', '/.gitlab-ci.yml', '/.gitlab/'];
/** A CODEOWNERS file: the config's `approval.codeowners`, then the controls (last match wins). */
function codeownersFile(config, environment, configPath) {
    // CODEOWNERS reads these as a pattern, not as the file's name; a space ends the pattern unless escaped.
    if (/[[\]*?\\\p{Cc}]/u.test(configPath)) {
        throw new errors/* UserError */.yo(`The config ${configPath} has a character CODEOWNERS reads as a pattern ([, ], *, ?, \\ or a control character), so no line could own exactly it; move it to a plain path.`);
    }
    const policy = environmentPolicy(config, environment);
    const guardians = [...policy.required_teams, ...(policy.critical_requires_team ? [policy.critical_requires_team] : [])].map((team) => (team.startsWith('@') ? team : `@${team}`));
    const lines = [`# Generated by \`gitops-sync generate codeowners --env ${environment}\`; edit approval.codeowners in ${configPath} instead.`];
    for (const entry of config.approval.codeowners)
        lines.push(`${entry.pattern} ${entry.owners.join(' ')}`);
    if (guardians.length) {
        lines.push('', '# The controls: CI, code owners and the gitops-sync policy.');
        for (const pattern of [...CONTROL_PATTERNS, `/${configPath.replace(/^\.?\//, '').replace(/\s/g, '\\$&')}`])
            lines.push(`${pattern} ${[...new Set(guardians)].join(' ')}`);
    }
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: ./packages/engine/src/review/approve-safe.ts
var approve_safe = __webpack_require__(3408);
// EXTERNAL MODULE: ./packages/engine/src/review/gate.ts + 1 modules
var gate = __webpack_require__(8523);
// EXTERNAL MODULE: ./packages/engine/src/review/base-policy.ts + 1 modules
var base_policy = __webpack_require__(3176);
// EXTERNAL MODULE: ./packages/engine/src/config-file.ts
var config_file = __webpack_require__(1855);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/platforms/src/review-target.ts
var review_target = __webpack_require__(9006);
// EXTERNAL MODULE: ./packages/cli/src/args.ts
var src_args = __webpack_require__(7109);
// EXTERNAL MODULE: ./packages/cli/src/protection-commands.ts
var protection_commands = __webpack_require__(8389);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./packages/core/src/generators/atlantis.ts + 1 modules
var atlantis = __webpack_require__(681);
// EXTERNAL MODULE: ./packages/core/src/k8s/kubectl-names.ts
var kubectl_names = __webpack_require__(7965);
;// CONCATENATED MODULE: ./packages/core/src/generators/gitops-controllers.ts




/** The environments with `kubernetes:`, or only the named ones (each of which must have it). */
function kubernetesEnvironments(config, named, generator) {
    for (const name of named) {
        if (!Object.hasOwn(config.environments, name))
            throw new errors/* UserError */.yo(`Environment ${name} is not in the config's environments; name one of: ${Object.keys(config.environments).join(', ') || '(none)'}.`);
        if (!config.environments[name].kubernetes)
            throw new errors/* UserError */.yo(`Environment ${name} has no kubernetes: settings, so ${generator} has nothing to point at; add environments.${name}.kubernetes.`);
    }
    const chosen = Object.entries(config.environments).filter(([name, settings]) => settings.kubernetes && (named.length === 0 || named.includes(name)));
    if (!chosen.length)
        throw new errors/* UserError */.yo(`No environment in the config has kubernetes:, so ${generator} has nothing to write; add environments.<name>.kubernetes.`);
    return chosen;
}
function inRepository(configInRepository, path, what) {
    const joined = external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(configInRepository), path.split('\\').join('/'))).replace(/\/$/, '') || '.';
    if (joined === '..' || joined.startsWith('../') || external_node_path_.posix.isAbsolute(path))
        throw new errors/* UserError */.yo(`${what} ${path} is outside the repository; the controller reads the repository, so give a path inside it.`);
    return joined;
}
/** An object's name as Kubernetes takes it (an RFC 1123 subdomain), or throws saying which setting gave it. */
function objectName(name, what, where) {
    if (name.length > 253 || !name.split('.').every((segment) => kubectl_names/* DNS_LABEL */.H.test(segment))) {
        throw new errors/* UserError */.yo(`The ${what} ${JSON.stringify(name)} (${where}) is not a Kubernetes object name; use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.`);
    }
    return name;
}
/** A namespace's name as Kubernetes takes it (an RFC 1123 label), or throws saying which setting gave it. */
function namespaceName(name, what, where) {
    if (name.length > 63 || !kubectl_names/* DNS_LABEL */.H.test(name)) {
        throw new errors/* UserError */.yo(`The ${what} ${JSON.stringify(name)} (${where}) is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`);
    }
    return name;
}
/**
 * Refuses an object for `environment` that another environment's object would also be (the same
 * kind, name and namespace): applying either would re-point the other's. `named` is each
 * environment's object name and whether the config sets it (or undefined: it has none).
 */
function ownName(config, environment, object, key, named) {
    const mine = named(environment, config.environments[environment]);
    for (const [other, settings] of Object.entries(config.environments)) {
        const theirs = other === environment ? undefined : named(other, settings);
        if (theirs?.name !== mine.name)
            continue;
        const renamed = mine.set || !theirs.set ? environment : other;
        throw new errors/* UserError */.yo(`Environments ${environment} and ${other} would both be the ${object}, so applying one would re-point the other; give environments.${renamed}.${key} a name of its own.`);
    }
}
/** A duration as the Flux CRD's pattern takes it (`10m`, `1h30m`, `500ms`). */
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
/** Go's duration as Argo CD and Flux read it, from seconds: `5s`, `3m`, `1h30m`. */
function goDuration(seconds) {
    if (seconds === 0)
        return '0s';
    const parts = [];
    let rest = Math.round(seconds);
    for (const [unit, size] of [['h', 3600], ['m', 60], ['s', 1]]) {
        if (rest >= size)
            parts.push(`${Math.floor(rest / size)}${unit}`);
        rest %= size;
    }
    return parts.join('') || `${seconds}s`;
}
/**
 * Argo CD's source for the environment: the kustomize folder, the chart with its values, a folder
 * of manifests (a file: its folder with `directory.include`), or a Jsonnet file's folder.
 */
function argoSources(environment, k8s, request) {
    const where = (path, key) => inRepository(request.configInRepository, path, `environments.${environment}.kubernetes.${key}`);
    const base = { repoURL: request.repoURL, targetRevision: request.revision };
    if (k8s.kustomize)
        return [{ ...base, path: where(k8s.kustomize, 'kustomize') }];
    if (k8s.helm) {
        const chart = where(k8s.helm.chart, 'helm.chart');
        const helm = {
            releaseName: k8s.helm.release,
            // Argo CD reads value files relative to the source's path (the chart).
            ...(k8s.helm.values.length ? { valueFiles: k8s.helm.values.map((file) => external_node_path_.posix.relative(chart, where(file, 'helm.values'))) } : {}),
            ...(k8s.helm.set.length ? { parameters: k8s.helm.set.map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1) })) } : {}),
        };
        return [{ ...base, path: chart, helm }];
    }
    if (k8s.jsonnet) {
        const file = where(k8s.jsonnet.file, 'jsonnet.file');
        const entries = (values) => Object.entries(values).map(([name, value]) => ({ name, value }));
        return [{ ...base, path: external_node_path_.posix.dirname(file), directory: { include: external_node_path_.posix.basename(file), jsonnet: { extVars: entries(k8s.jsonnet.ext_str), tlas: entries(k8s.jsonnet.tla_str) } } }];
    }
    return (k8s.manifests ?? []).map((path) => {
        const inside = where(path, 'manifests');
        // A file: its folder, with only it included; a folder: all of it, recursively, as drift reads it.
        return /\.(ya?ml|json)$/i.test(inside) ? { ...base, path: external_node_path_.posix.dirname(inside), directory: { include: external_node_path_.posix.basename(inside) } } : { ...base, path: inside, directory: { recurse: true } };
    });
}
/** sync.retry as Argo CD's retry: exponential backoff, its durations in Go's notation. */
function argoCdRetry(config) {
    const { retry } = config.sync;
    // The CRD types backoff.factor as an integer (int64).
    if (!Number.isInteger(retry.factor))
        throw new errors/* UserError */.yo(`sync.retry.factor is ${retry.factor}, but Argo CD's retry backoff factor is a whole number; set sync.retry.factor to an integer (e.g. 2).`);
    return { limit: retry.limit, backoff: { duration: goDuration(retry.delay_seconds), factor: retry.factor, maxDuration: goDuration(retry.max_delay_seconds) } };
}
/**
 * An Argo CD Application (argoproj.io/v1alpha1) for one environment: automated sync that heals but
 * never prunes, the namespace created, prunes last, sync.retry as its retry, and the fields Argo CD
 * must not fight over ignored (HPA-owned replicas, the config's ignore_differences).
 */
function argoCdApplication(environment, settings, config, request) {
    const k8s = settings.kubernetes;
    const name = objectName(settings.argocd?.app ?? environment, 'Application name', settings.argocd ? `environments.${environment}.argocd.app` : "the environment's name");
    const namespace = namespaceName(request.namespace, 'Application namespace', '--namespace');
    ownName(config, environment, `Application ${name} in ${namespace}`, 'argocd.app', (other, theirs) => (theirs.argocd ? { name: theirs.argocd.app, set: true } : theirs.kubernetes ? { name: other, set: false } : undefined));
    const destination = namespaceName(k8s.helm?.namespace ?? k8s.namespace, 'destination namespace', `environments.${environment}.kubernetes.${k8s.helm?.namespace !== undefined ? 'helm.namespace' : 'namespace'}`);
    const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : {};
    const sources = argoSources(environment, k8s, request);
    const ignoreDifferences = [
        ...request.scaled.map((workload) => ({ group: workload.group, kind: workload.kind, name: workload.name, ...(workload.namespace ? { namespace: workload.namespace } : {}), jsonPointers: ['/spec/replicas'] })),
        ...k8s.ignore_differences.map((rule) => ({
            ...(rule.group !== undefined ? { group: rule.group } : {}),
            kind: rule.kind,
            ...(rule.name !== undefined ? { name: rule.name } : {}),
            ...(rule.namespace !== undefined ? { namespace: rule.namespace } : {}),
            ...(rule.json_pointers.length ? { jsonPointers: rule.json_pointers } : {}),
            ...(rule.managed_fields_managers.length ? { managedFieldsManagers: rule.managed_fields_managers } : {}),
        })),
    ];
    return {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name, namespace },
        spec: {
            project: objectName(request.project, 'Argo CD project', '--project'),
            ...(sources.length === 1 ? { source: sources[0] } : { sources }),
            destination: { server: request.server, namespace: destination },
            syncPolicy: {
                // Production is applied by gitops-sync sync once its gate allows it, never by Argo CD on its own.
                ...((0,four_eyes/* isProduction */.KV)(environment, policy) ? {} : { automated: { selfHeal: true, prune: false } }),
                syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
                retry: argoCdRetry(config),
            },
            ...(ignoreDifferences.length ? { ignoreDifferences } : {}),
        },
    };
}
/**
 * A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) for one environment: the kustomize or
 * manifests folder from a GitRepository, never pruning, waiting for readiness within the rollout timeout.
 */
function fluxKustomization(environment, settings, config, request) {
    const k8s = settings.kubernetes;
    const folder = k8s.kustomize ?? (k8s.manifests?.length === 1 && !/\.(ya?ml|json)$/i.test(k8s.manifests[0]) ? k8s.manifests[0] : undefined);
    if (folder === undefined) {
        throw new errors/* UserError */.yo(`Environment ${environment} renders its Kubernetes objects with ${k8s.helm ? 'Helm' : k8s.jsonnet ? 'Jsonnet' : 'several manifest paths'}, and a Flux Kustomization reads one folder; use kubernetes.kustomize or a single manifests folder (or a Flux HelmRelease for a chart).`);
    }
    const path = inRepository(request.configInRepository, folder, `environments.${environment}.kubernetes.${k8s.kustomize ? 'kustomize' : 'manifests'}`);
    const name = objectName(settings.flux?.name ?? environment, 'Kustomization name', settings.flux ? `environments.${environment}.flux.name` : "the environment's name");
    const namespace = namespaceName(settings.flux?.namespace ?? 'flux-system', 'Kustomization namespace', `environments.${environment}.flux.namespace`);
    const fluxObject = (other, theirs) => (theirs.flux ? { name: `${theirs.flux.name} in ${theirs.flux.namespace}`, set: true } : theirs.kubernetes ? { name: `${other} in flux-system`, set: false } : undefined);
    ownName(config, environment, `Kustomization ${name} in ${namespace}`, 'flux.name', fluxObject);
    if (!GO_DURATION.test(request.interval))
        throw new errors/* UserError */.yo(`--interval ${JSON.stringify(request.interval)} is not a Go duration as Flux reads it; write it like 10m, 1h or 1h30m.`);
    return {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name, namespace },
        spec: {
            interval: request.interval,
            sourceRef: { kind: 'GitRepository', name: objectName(request.sourceName, 'GitRepository name', '--source') },
            path: path === '.' ? './' : `./${path}`,
            prune: false,
            wait: true,
            timeout: goDuration(config.sync.rollout_timeout_seconds),
            retryInterval: goDuration(Math.max(config.sync.retry.delay_seconds, 1)),
            targetNamespace: k8s.namespace,
        },
    };
}

// EXTERNAL MODULE: ./packages/engine/src/drift/drift.ts
var drift = __webpack_require__(9555);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./packages/core/src/k8s/ignore.ts
var ignore = __webpack_require__(4106);
// EXTERNAL MODULE: ./packages/core/src/k8s/identity.ts
var identity = __webpack_require__(5890);
// EXTERNAL MODULE: ./packages/engine/src/drift/k8s-render.ts
var k8s_render = __webpack_require__(9977);
;// CONCATENATED MODULE: ./packages/engine/src/generate/generator-inputs.ts




/** `source = "./modules/x"` or `"../shared"`: a module Terraform reads from the repository itself. */
const LOCAL_MODULE = /^\s*source\s*=\s*"(\.\.?\/[^"]*)"/gm;
/** The local module folders the `.tf` files of a Terraform folder call, relative to it, sorted; none when it cannot be read. */
function localModules(dir) {
    let files;
    try {
        files = (0,external_node_fs_.readdirSync)(dir).filter((file) => file.endsWith('.tf')).sort();
    }
    catch {
        return [];
    }
    const modules = new Set();
    for (const file of files) {
        for (const match of (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, file), 'utf8').matchAll(LOCAL_MODULE))
            modules.add(external_node_path_.posix.normalize(match[1]).replace(/\/$/, ''));
    }
    return [...modules].sort();
}
/** The workloads of the rendered desired state whose replicas an HPA of the same state scales. */
async function scaledWorkloads(k8s, context) {
    const objects = await (0,k8s_render/* renderDesired */.ls)(k8s, context);
    const targets = (0,ignore/* hpaTargets */.oK)(objects);
    const scaled = [];
    for (const object of objects) {
        const name = object.metadata?.name;
        const namespace = object.metadata?.namespace ?? '';
        if (typeof name !== 'string' || !targets.has(`${object.kind}/${namespace}/${name}`))
            continue;
        scaled.push({ group: (0,identity/* splitApiVersion */.Np)(String(object.apiVersion ?? 'v1')).group, kind: String(object.kind), name, namespace });
    }
    return scaled.sort((a, b) => `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`));
}

;// CONCATENATED MODULE: ./packages/cli/src/generate-gitops.ts





const GITOPS_GENERATORS = ['atlantis', 'argocd-app', 'flux-kustomization'];
/** Where the Atlantis workflows go: in atlantis.yaml, left out of it, or alone (for the server-side repos.yaml). */
const WORKFLOW_PLACES = ['in-repo', 'omit', 'only'];
// As YAML 1.1, which kubectl and Argo CD read (sigs.k8s.io/yaml): text such as `on`, `y` or `0755` is quoted, not read as true or 493.
const asYaml = (document, header) => `# ${header}\n${(0,dist/* stringify */.As)(document, { lineWidth: 0, version: '1.1' })}`;
/** A folder that must already be there: a typo in --output should not grow a tree of new folders. */
function existingFolder(folder, flag) {
    if (!(0,files/* statOrNothing */.JR)(folder, true)?.isDirectory())
        throw new errors/* UserError */.yo(`${flag} ${folder} is not an existing folder; create it first, or give a folder that exists.`);
    return folder;
}
/** A URL with credentials in it (https://user:token@host/\u2026), which must not be written into a manifest. */
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
    // The path is written into the file's first line, a comment: a line break in it would start YAML of its own.
    if (/[\p{Cc}\u2028\u2029]/u.test(configInRepository)) {
        throw new errors/* UserError */.yo(`The config's path in the repository, ${JSON.stringify(configInRepository)}, has a line break or control character, which would end the comment ${command} writes it into; move the config to a folder without one.`);
    }
    if (kind === 'atlantis') {
        const platform = options.platform ?? 'github';
        if (platform !== 'github' && platform !== 'gitlab')
            throw new errors/* UserError */.yo(`--platform must be github or gitlab, where the gate reads approvals (got ${JSON.stringify(platform)}).`);
        if (options.environments.length)
            throw new errors/* UserError */.yo('generate atlantis writes one project per environment with terraform:; leave out --environment.');
        const baseDir = (0,drift.configBaseDir)(configPath);
        const modules = Object.fromEntries(Object.entries(config.environments).flatMap(([name, settings]) => (settings.terraform ? [[name, localModules((0,external_node_path_.resolve)(baseDir, settings.terraform.dir))]] : [])));
        const place = options.workflows ?? 'in-repo';
        if (!WORKFLOW_PLACES.includes(place))
            throw new errors/* UserError */.yo(`--workflows must be ${WORKFLOW_PLACES.join(', ')} (got ${JSON.stringify(place)}).`);
        const { workflows, ...repoConfig } = (0,atlantis/* atlantisRepoConfig */.ZJ)(config, { configInRepository, platform, modules });
        const document = place === 'only' ? { workflows } : place === 'omit' ? repoConfig : { ...repoConfig, workflows };
        const what = place === 'only' ? 'the workflows for the server-side repos.yaml' : 'atlantis.yaml';
        const text = asYaml(document, `Generated by \`${command}${place === 'in-repo' ? '' : ` --workflows ${place}`}\` from ${configInRepository} (${what}); edit that file and generate again.`);
        if (!options.output)
            io.stdout(text);
        else {
            const path = (0,external_node_path_.resolve)(io.cwd, options.output);
            existingFolder((0,external_node_path_.dirname)(path), `The folder of --output`);
            (0,files/* writeFileAtomic */.Zf)(path, text);
        }
        return 0;
    }
    const environments = kubernetesEnvironments(config, options.environments, command);
    const documents = [];
    if (kind === 'argocd-app') {
        if (options.repo && hasCredentials(options.repo)) {
            throw new errors/* UserError */.yo('--repo carries credentials (user:token@ before the host), which would be written into the Application; give the URL without them and let Argo CD read the repository with a repository secret.');
        }
        const repoURL = options.repo ?? (await originUrl(io, (0,external_node_path_.dirname)(configPath)));
        if (!repoURL)
            throw new errors/* UserError */.yo(`${command} needs --repo URL: the Git repository Argo CD reads (there is no origin remote to take it from).`);
        argoCdRetry(config); // before any renderer runs
        for (const [environment, settings] of environments) {
            const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : undefined;
            const scaled = await scaledWorkloads(settings.kubernetes, { exec: io.exec, progress: (0,src_args/* stderrProgress */.WZ)(io, false), env: io.env, baseDir: (0,drift.configBaseDir)(configPath), secrets: config.secrets, onSecret: redactor.add });
            const document = argoCdApplication(environment, settings, config, {
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
            documents.push({ environment, document: fluxKustomization(environment, settings, config, { configInRepository, sourceName: options.source ?? 'flux-system', interval: options.interval ?? '10m' }) });
        }
    }
    const header = (environment) => `Generated by \`${command}\` for ${environment} from ${configInRepository}; edit that file and generate again.`;
    if (!options.output) {
        io.stdout(documents.map(({ environment, document }) => asYaml(document, header(environment))).join('---\n'));
        return 0;
    }
    const folder = existingFolder((0,external_node_path_.resolve)(io.cwd, options.output), '--output');
    for (const { environment, document } of documents)
        (0,files/* writeFileAtomic */.Zf)((0,external_node_path_.join)(folder, `${kind}-${environment}.yaml`), asYaml(document, header(environment)));
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
        throw new errors/* UserError */.yo(`--format must be text or json (got ${JSON.stringify(format)}).`);
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
    const decision = await (0,approve_safe/* runApproveSafe */.E)(platform, io.exec, { configPath: String(values.config), cwd: io.cwd, dryRun: Boolean(values['dry-run']), audit: audit.openByPolicy((0,external_node_path_.resolve)(io.cwd, String(values.config)), io.env) }, (0,src_args/* stderrProgress */.WZ)(io, false));
    io.stdout(format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : describeApproveSafe(decision));
    return 0;
}
/** `gitops-sync gate`: exit 0 when the change may be applied to the environment, 3 when not. */
async function gateCommand(args, io, redactor, audit) {
    const { values } = (0,src_args/* parse */.qg)(args, { ...target, environment: { type: 'string' }, report: { type: 'string' } });
    const format = checkFormat(String(values.format));
    if (!values.environment)
        throw new errors/* UserError */.yo('gitops-sync gate needs --environment NAME: the environment the change is to be applied to.');
    const platform = (0,review_target/* reviewPlatformFor */.b)({ platform: values.platform, repo: values.repo, pr: values.pr }, io.env, redactor.add);
    const decision = await (0,gate/* runGate */.Rg)(platform, io.exec, {
        environment: String(values.environment),
        configPath: String(values.config),
        cwd: io.cwd,
        reportPath: values.report ? (0,external_node_path_.resolve)(io.cwd, String(values.report)) : undefined,
        audit: audit.openByPolicy((0,external_node_path_.resolve)(io.cwd, String(values.config)), io.env),
    }, (0,src_args/* stderrProgress */.WZ)(io, false));
    io.stdout(format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : describeGate(decision));
    return decision.allowed ? 0 : exit_codes/* EXIT_GATE_DENIED */.Z;
}
/** The config's path from the repository root, as a CODEOWNERS pattern names it (`deploy/gitops-sync.yaml`). */
async function configInRepository(path, io, purpose = 'so CODEOWNERS can name it') {
    const inside = await new base_policy/* CommitReader */.fi(undefined, io.exec, io.cwd).repositoryPath(path, purpose);
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
    if (!GENERATORS.includes(kind))
        throw new errors/* UserError */.yo(`gitops-sync generate needs one of ${GENERATORS.join(', ')}${kind ? ` (got ${JSON.stringify(kind)})` : ''}.`);
    const writesFolder = kind === 'argocd-app' || kind === 'flux-kustomization';
    if (!writesFolder)
        (0,src_args/* refuseOutputFolder */.M$)(args, 'generate');
    const configPath = String(values.config);
    const config = (0,config_file/* loadConfig */.Z)((0,external_node_path_.resolve)(io.cwd, configPath), true, !(0,src_args/* configGiven */.An)(args));
    const environments = values.environment ?? [];
    const output = values.output;
    if (GITOPS_GENERATORS.includes(kind)) {
        if (values.apply)
            throw new errors/* UserError */.yo(`--apply is for github-environments and gitlab-protected-environments; ${kind} is printed (or written with --output) for you to commit.`);
        const options = { environments, output, ...(Object.fromEntries(['platform', 'repo', 'revision', 'server', 'namespace', 'project', 'source', 'interval', 'workflows'].flatMap((name) => (values[name] === undefined ? [] : [[name, String(values[name])]])))) };
        return generateGitops(kind, config, (0,external_node_path_.resolve)(io.cwd, configPath), await configInRepository((0,external_node_path_.resolve)(io.cwd, configPath), io, `so ${kind} can name paths from the repository root`), options, io, redactor);
    }
    if (environments.length > 1)
        throw new errors/* UserError */.yo(`generate ${kind} takes one --environment (got ${environments.join(', ')}).`);
    const environment = environments[0];
    if (kind === 'github-environments' || kind === 'gitlab-protected-environments') {
        return (0,protection_commands.generateEnvironmentProtection)(kind, config, { environment, apply: Boolean(values.apply), repo: values.repo, output }, io, redactor);
    }
    if (values.apply)
        throw new errors/* UserError */.yo(`--apply is for github-environments and gitlab-protected-environments; ${kind} is printed (or written with --output) for you to apply.`);
    const policyEnvironment = environment ?? 'production';
    const text = kind === 'codeowners'
        ? codeownersFile(config, policyEnvironment, await configInRepository((0,external_node_path_.resolve)(io.cwd, configPath), io))
        : `${JSON.stringify(kind === 'ruleset' ? ruleset(config, policyEnvironment) : branchProtection(config, policyEnvironment), null, 2)}\n`;
    if (output)
        (0,files/* writeFileAtomic */.Zf)((0,external_node_path_.resolve)(io.cwd, output), text);
    else
        io.stdout(text);
    return 0;
}


/***/ }),

/***/ 3408:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ runApproveSafe),
/* harmony export */   V: () => (/* binding */ gatherSafetyEvidence)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8676);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8835);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6662);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7195);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7638);
/* harmony import */ var _base_policy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3176);
/* harmony import */ var _audit_record_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(163);
/* harmony import */ var _secrets_review_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3837);




/**
 * Reads the change, its files (with modes) and the policy at the base commit, and assesses
 * safety; then reads the change again so a head that moved meanwhile makes it unsafe.
 */
async function gatherSafetyEvidence(platform, exec, options) {
    const request = await platform.getChangeRequest();
    const reader = new _base_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .CommitReader */ .fi(platform, exec, options.cwd);
    const policy = await (0,_base_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .readBasePolicy */ .wq)(reader, platform.name, request.baseSha, options.configPath, await platform.ciSettings?.());
    let files = await platform.listChangedFiles({ headSha: request.headSha, baseSha: request.baseSha });
    const findings = policy.unjudgeable.map((reason) => ({ path: null, reason }));
    if (platform.name === 'github') {
        const modes = await reader.modes(request.baseSha, request.headSha);
        const found = modes ? (0,_base_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .withModes */ .xr)(files, modes, request.headSha) : await (0,_base_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .withTreeModes */ .ZR)(platform, files, request.baseSha, request.headSha);
        if ('files' in found)
            files = found.files;
        else
            findings.push({ path: null, reason: found.problem });
    }
    const home = await (0,_base_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .readDefaultBranchPolicy */ .iK)(platform, request, policy);
    if ('problem' in home)
        findings.push({ path: null, reason: home.problem });
    const environmentBranches = 'problem' in home ? [] : Object.values(home.config.approval.environments).map((environment) => environment.branch);
    const protectedBranches = 'problem' in home ? undefined : [...new Set([home.defaultBranch, ...environmentBranches])];
    const assessment = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .assessSafety */ .Zo)(request, files, { safePaths: policy.config.approval.safe_paths, extraControls: policy.extraControls, environmentInputs: policy.environmentInputs, protectedBranches });
    (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .appendAll */ .u2)(findings, assessment.findings);
    // Only a change that is otherwise safe has its files read: the answer for any other is already "no".
    if (findings.length === 0)
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .appendAll */ .u2)(findings, await (0,_secrets_review_js__WEBPACK_IMPORTED_MODULE_3__/* .secretsFindingsForChange */ .j)(platform, exec, options.cwd, request, files, policy));
    const now = await platform.getChangeRequest();
    if (now.headSha !== request.headSha)
        findings.push({ path: null, reason: `the head moved from ${request.headSha.slice(0, 12)} to ${now.headSha.slice(0, 12)} while it was evaluated` });
    return { request, files, policy, home, findings };
}
function ownersOf(evidence) {
    const paths = [...new Set(evidence.findings.flatMap((finding) => (finding.path ? [finding.path] : [])))];
    const previous = new Map(evidence.files.map((file) => [file.path, file.previousPath]));
    return paths.map((path) => {
        const owners = [path, previous.get(path)].flatMap((candidate) => (candidate ? (evidence.policy.codeowners?.requirementsFor(candidate) ?? []) : [])).flatMap((requirement) => requirement.owners);
        return { path, owners: [...new Set(owners)] };
    });
}
function explanation(decision) {
    const lines = [_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .APPROVE_SAFE_COMMENT_MARKER */ .j, '### gitops-sync: this change needs human review', '', `Evaluated at \`${decision.head_sha.slice(0, 12)}\`. approve-safe approves only changes to safe paths (\`approval.safe_paths\` at the base commit).`, ''];
    const whole = decision.findings.filter((finding) => !finding.path);
    for (const finding of whole)
        lines.push(`- ${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .markdownLine */ .iB)(finding.reason)}`);
    if (whole.length)
        lines.push('');
    const owners = new Map(decision.owners.map((entry) => [entry.path, entry.owners]));
    const perPath = decision.findings.filter((finding) => finding.path);
    if (perPath.length) {
        lines.push('| Path | Why | Review by |', '|---|---|---|');
        for (const finding of perPath.slice(0, 200)) {
            lines.push(`| ${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .markdownCodeName */ .wq)(finding.path)} | ${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .markdownLine */ .iB)(finding.reason).replace(/\|/g, '\\|')} | ${owners.get(finding.path)?.join(' ') || 'any maintainer'} |`);
        }
        if (perPath.length > 200)
            lines.push('', `\u2026and ${perPath.length - 200} more paths.`);
    }
    return lines.join('\n');
}
/**
 * approve-safe: approves the change with the evaluated head SHA when every changed path is safe,
 * once per head; otherwise withdraws its earlier approval, labels the change, asks the code
 * owners and keeps one explanatory comment up to date.
 */
async function approveOrAskForReview(platform, exec, options, progress) {
    progress.step(`Evaluating ${platform.label}`);
    const evidence = await gatherSafetyEvidence(platform, exec, options);
    const { request, policy } = evidence;
    const safe = evidence.findings.length === 0;
    const decision = {
        change: platform.label,
        head_sha: request.headSha,
        safe,
        approved: false,
        findings: evidence.findings,
        owners: safe ? [] : ownersOf(evidence),
        actions: [],
        dry_run: options.dryRun,
    };
    const act = async (description, action) => {
        decision.actions.push(options.dryRun ? `would ${description}` : description);
        if (!options.dryRun)
            await action();
    };
    const own = await platform.ownApprovals();
    const label = policy.config.approval.needs_review_label;
    if (safe) {
        decision.approved = true;
        // GitLab approvals carry no SHA; one that stands while every path is safe needs no repeating.
        if (own.some((approval) => approval.sha === request.headSha || approval.sha === undefined)) {
            decision.actions.push(`already approved ${request.headSha.slice(0, 12)}`);
            return { decision, evidence };
        }
        const body = `${_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .APPROVE_SAFE_MARKER */ .F}\nApproved by gitops-sync approve-safe: every changed path is safe (evaluated at ${request.headSha}).`;
        await act(`approve ${request.headSha.slice(0, 12)}`, () => platform.approve(request.headSha, body));
        await act(`remove the label ${label}`, () => platform.removeLabel(label));
        await act('mark the review comment resolved', () => platform.upsertComment(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .APPROVE_SAFE_COMMENT_MARKER */ .j, `${_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .APPROVE_SAFE_COMMENT_MARKER */ .j}\ngitops-sync approve-safe: every changed path is safe at \`${request.headSha.slice(0, 12)}\`; approved.`, false));
        return { decision, evidence };
    }
    if (own.length)
        await act('withdraw the earlier approval', () => platform.withdrawApprovals(own, `gitops-sync: ${request.headSha.slice(0, 12)} changes paths that need human review.`));
    await act(`add the label ${label}`, () => platform.addLabel(label));
    const body = explanation(decision);
    if (options.dryRun)
        decision.actions.push('would update the explanatory comment');
    else
        decision.actions.push(`${await platform.upsertComment(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .APPROVE_SAFE_COMMENT_MARKER */ .j, body)} the explanatory comment`);
    const owners = [...new Set(decision.owners.flatMap((entry) => entry.owners))];
    if (owners.length) {
        await act(`request review from ${owners.join(', ')}`, () => platform.requestReviewers(owners, request.author).catch((error) => {
            if (!(error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo))
                throw error;
            decision.actions.push(`could not request reviewers: ${error.message}`);
        }));
    }
    return { decision, evidence };
}
async function runApproveSafe(platform, exec, options, progress) {
    const { decision, evidence } = await approveOrAskForReview(platform, exec, options, progress);
    const { request } = evidence;
    // A dry run decides nothing on the change: only what was done is evidence.
    if (!options.dryRun) {
        await (0,_audit_record_js__WEBPACK_IMPORTED_MODULE_7__.recordAudit)(options.audit?.((0,_base_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .auditPolicy */ .qX)(evidence.home)), { commits: { base: request.baseSha, head: request.headSha }, changeRequest: { number: request.number, url: request.url } }, { type: 'approve-safe', outcome: decision.approved ? 'approved' : 'not-approved', findings: decision.findings.map((finding) => (finding.path ? `${finding.path}: ${finding.reason}` : finding.reason)) });
    }
    return decision;
}


/***/ }),

/***/ 8523:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S6: () => (/* binding */ plannedCritical),
  ZF: () => (/* binding */ reportMismatch),
  Rg: () => (/* binding */ runGate)
});

// UNUSED EXPORTS: judgeCritical

// EXTERNAL MODULE: ./packages/core/src/severity/engine.ts + 2 modules
var severity_engine = __webpack_require__(5227);
// EXTERNAL MODULE: ./packages/core/src/model/sources.ts
var sources = __webpack_require__(9497);
// EXTERNAL MODULE: ./packages/core/src/severity/rules.ts
var severity_rules = __webpack_require__(2694);
// EXTERNAL MODULE: ./packages/core/src/model/report.ts
var model_report = __webpack_require__(5781);
// EXTERNAL MODULE: ./packages/core/src/config/schema.ts + 1 modules
var schema = __webpack_require__(5688);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/policy/four-eyes.ts
var four_eyes = __webpack_require__(8113);
// EXTERNAL MODULE: ./packages/core/src/policy/safe-change.ts
var safe_change = __webpack_require__(8676);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/engine/src/review/approve-safe.ts
var approve_safe = __webpack_require__(3408);
// EXTERNAL MODULE: ./packages/engine/src/review/base-policy.ts + 1 modules
var base_policy = __webpack_require__(3176);
// EXTERNAL MODULE: ./packages/engine/src/report-file.ts
var report_file = __webpack_require__(91);
// EXTERNAL MODULE: ./packages/engine/src/review/pr-comment.ts
var pr_comment = __webpack_require__(7331);
// EXTERNAL MODULE: ./packages/core/src/policy/signed-commits.ts
var signed_commits = __webpack_require__(6805);
// EXTERNAL MODULE: ./packages/engine/src/signatures/verify-commit.ts
var verify_commit = __webpack_require__(915);
;// CONCATENATED MODULE: ./packages/engine/src/review/signed-commits.ts
/**
 * The gate's half of `signed_commits: required`: each commit of the change checked locally (the
 * shared `git verify-commit` check, against the keys the config at the BASE commit names, read from
 * the base commit so a change cannot add its own key) and as the platform reports it.
 */




const PLATFORM_NAME = { github: 'GitHub', gitlab: 'GitLab' };
/** The configured key files as they are at the base commit (paths relative to the config file). */
async function baseSignatureKeys(reader, policy, baseSha) {
    const { keys, section } = (0,schema/* commitSignatureKeys */.yH)(policy.config);
    const read = async (path, key) => {
        if (!path)
            return undefined;
        const inRepo = external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(policy.configPath), path.replace(/\\/g, '/')));
        const text = inRepo.startsWith('../') ? undefined : await reader.read(inRepo, baseSha);
        if (text === undefined) {
            throw new errors/* UserError */.yo(`${section}.${key} names ${inRepo}, which is not in the base commit ${baseSha.slice(0, 12)}; commit the file to the base branch first (keys are read at the base, so a change cannot bring its own).`);
        }
        return { text: Buffer.from(text), where: `${inRepo} at ${baseSha.slice(0, 12)} (${section}.${key})` };
    };
    return { allowedSigners: await read(keys.allowed_signers, 'allowed_signers'), gpgKeyring: await read(keys.gpg_keyring, 'gpg_keyring') };
}
/**
 * The commits from base to head (merged-in ones too), oldest first, when the clone has both. None
 * (the base already holds the head, e.g. a merged change whose base the platform moved on) says
 * nothing about which commits were the change's: then only the platform's listing does.
 */
async function localRange(exec, cwd, baseSha, headSha) {
    if (![baseSha, headSha].every((sha) => /^[0-9a-f]{40,64}$/i.test(sha)))
        return undefined;
    const listed = await exec.run('git', ['rev-list', '--reverse', headSha, `^${baseSha}`, '--'], { cwd }).catch(() => undefined);
    const shas = listed?.exitCode === 0 ? listed.stdout.toString('utf8').split('\n').filter(Boolean) : [];
    return shas.length ? shas : undefined;
}
/**
 * Each commit of the change counted or rejected, with why. The commits are the clone's base..head
 * when it has them, not only the platform's listing: that may be of another head (pushed while the
 * gate ran), or leave out commits.
 */
async function judgeSignedCommits(platform, exec, cwd, policy, request) {
    const { baseSha, headSha } = request;
    const platformName = PLATFORM_NAME[platform.name];
    if (!platform.commitSignatures)
        return { counted: [], rejected: [], problems: [`${platformName} does not report commit signatures here`] };
    const listed = await platform.commitSignatures();
    const listedShas = listed.commits.map((commit) => commit.sha);
    const range = await localRange(exec, cwd, baseSha, headSha);
    const shas = range ? [...new Set([...range, ...listedShas])] : listedShas;
    const problems = listed.problem ? [listed.problem] : [];
    if (!range && !listedShas.includes(headSha))
        problems.push(`${platformName} lists the commits of another head than ${headSha.slice(0, 12)} (pushed while the gate ran?), so the head's cannot be checked; run the gate again`);
    const keys = await baseSignatureKeys(new base_policy/* CommitReader */.fi(platform, exec, cwd), policy, baseSha);
    let local;
    if (keys.allowedSigners || keys.gpgKeyring) {
        const verifier = await (0,verify_commit/* commitVerifier */.E)({ cwd, exec, keys });
        try {
            local = new Map();
            for (const sha of shas)
                local.set(sha, await verifier.verify(sha));
        }
        finally {
            verifier.dispose();
        }
    }
    return (0,signed_commits/* judgeCommitSignatures */.c)({
        shas,
        local,
        platform: new Map(listed.commits.map((commit) => [commit.sha, commit])),
        platformName,
        problems,
        ...(range ? { range: { base: baseSha, head: headSha, shas: new Set(range) } } : {}),
    });
}

// EXTERNAL MODULE: ./packages/engine/src/rules.ts
var src_rules = __webpack_require__(3087);
// EXTERNAL MODULE: ./packages/engine/src/drift/sources.ts + 16 modules
var drift_sources = __webpack_require__(2392);
// EXTERNAL MODULE: ./packages/engine/src/audit/record.ts
var record = __webpack_require__(163);
;// CONCATENATED MODULE: ./packages/engine/src/review/gate.ts










/**
 * Judges changes with the rules of the config at the base commit, so a change cannot lower its own
 * severity by editing `severity.rules` in the same pull request.
 */
function judgeCritical(changes, config) {
    return criticalBy(changes, rulesFor(config));
}
/** judgeCritical of what a sync is about to apply, its plan read for the config's rules. */
function plannedCritical(planned, config) {
    const rules = (0,src_rules/* rulesFor */.N)(config);
    return criticalBy(planned.changesFor(rules), rules);
}
function criticalBy(changes, rules) {
    const engine = new severity_engine/* SeverityEngine */.O(rules);
    return changes.some((change) => engine.judge(change).severity === 'critical');
}
/**
 * Why a report's Terraform changes cannot be judged by the policy's rules: the reader keeps the
 * attributes the rules it is given read (a null where there is none), so a report made with other
 * rules (a config the base has changed since) lacks what a critical rule's `where` reads.
 */
function unreadWhere(changes, rules) {
    for (const change of changes) {
        if (change.source !== sources/* TERRAFORM_PLAN_SOURCE */.de)
            continue;
        for (const rule of (0,severity_rules/* whereRules */.Di)(rules, change.source, change.kind)) {
            const { path } = rule.match.where;
            if (rule.severity !== 'critical' || (change.attributes && Object.hasOwn(change.attributes, path)) || change.fields.some((field) => field.path === path))
                continue;
            return `the drift report was made with severity rules that do not read ${path} of ${change.address} (the base's config changed since, or an older gitops-sync made it), which rule ${rule.id} of the policy at the base reads, so the report cannot show the change is not critical; update the change with its base branch and run drift-detect again`;
        }
    }
    return undefined;
}
/** Why a report cannot stand for the change being decided, or undefined when it can. */
async function reportMismatch(report, environment, request, platform) {
    if (report.environment !== environment)
        return `the drift report given is for environment ${report.environment}, not ${environment}`;
    if (!report.head_sha)
        return `the drift report given names no head commit, so it cannot be shown to be this change's; pass the report drift-detect wrote on ${platform.label}`;
    if (report.head_sha !== request.headSha)
        return `the drift report given was made at ${report.head_sha.slice(0, 12)}, not at the head ${request.headSha.slice(0, 12)} of ${platform.label}`;
    const comment = await (0,pr_comment/* reviewedComment */.fd)(platform, environment);
    const reviewed = comment?.fingerprint;
    if (reviewed && report.plan_fingerprint !== reviewed)
        return `the drift report's plan (${report.plan_fingerprint?.slice(0, 19) ?? 'none'}) is not the plan drift-detect commented on ${platform.label} (${reviewed.slice(0, 19)})`;
    // Sync prunes the report's Kubernetes deletions, which no plan fingerprint covers: they must be the ones the comment showed.
    const deletions = (0,pr_comment/* deletionsDigest */.m0)(report);
    if (comment && deletions && comment.deletions !== deletions)
        return `the drift report's deletions are not the ones drift-detect commented on ${platform.label}`;
    return undefined;
}
/** The files that decide what drift-detect's report shows rather than what the change does: the config, and a live export in the repository. */
function reportInputs(config, configPath, environment) {
    const settings = Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined;
    const live = settings?.kubernetes?.live;
    const exported = live && 'export' in live ? [external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(configPath), live.export)).replace(/^\.\//, '')] : [];
    return [configPath, ...exported];
}
/**
 * drift-detect makes the report with the checkout's config: when the change edits that config (its
 * sources, ignore_differences\u2026), the report shows what the change chose to show, not what it does.
 */
async function criticalVerdict(options, report, config, editedInput, environment) {
    if (options.planned) {
        if (plannedCritical(options.planned, config))
            return { critical: true, basis: 'the plan sync is about to apply has critical changes' };
        if (!options.planned.complete)
            return { critical: true, basis: 'part of what sync applies (Argo CD or Flux) cannot be judged before it is applied, so it counts as critical' };
        return { critical: false, basis: 'the plan sync is about to apply has no critical change' };
    }
    if (report && editedInput)
        return { critical: true, basis: `the change edits ${editedInput}, with which drift-detect made the report, so the report cannot show the change is not critical` };
    if (report) {
        const unchecked = (0,drift_sources/* uncheckedParts */.Nb)(Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined, report.sources);
        if (unchecked.length) {
            return { critical: true, basis: `the drift report checked only ${report.sources.join(', ') || 'no source'}, but ${environment} also has ${unchecked.join(' and ')} in the config, which it did not check, so it cannot show the change is not critical` };
        }
        const changes = report.changes.map(model_report/* unjudged */.bC);
        const rules = (0,src_rules/* rulesFor */.N)(config);
        const unread = unreadWhere(changes, rules);
        if (unread)
            return { critical: true, basis: unread };
        const critical = report.changes_by_severity.critical > 0 || criticalBy(changes, rules);
        return { critical, basis: critical ? 'the drift report has critical changes' : 'the drift report has no critical change' };
    }
    return { critical: true, basis: 'no drift report or plan shows what the change does, so it counts as critical' };
}
/**
 * Why the policy at the change's base cannot judge it: the base is neither the default branch nor the
 * environment's branch as the default branch's config names it (a branch anyone with write access can make, with a looser config).
 */
function untrustedBase(home, request, environment) {
    if ('problem' in home)
        return [home.problem];
    const branch = (0,base_policy/* environmentBranch */.GX)(home, environment);
    if (request.baseRef === home.defaultBranch || request.baseRef === branch)
        return [];
    return [`the change targets ${request.baseRef}, not the default branch ${home.defaultBranch} or ${environment}'s branch ${branch} (as the config on ${home.defaultBranch} names it), so the policy on ${request.baseRef} cannot judge it; retarget it to ${branch}`];
}
/**
 * The four-eyes gate for one environment: reads the change, its reviews and commits, and the
 * policy and CODEOWNERS at the base commit, and decides whether it may be applied.
 */
async function runGate(platform, exec, options, progress) {
    // Read the report first: a wrong path should fail before any API call.
    const report = options.reportPath ? (0,report_file/* readDriftReport */.Uo)(options.reportPath, 'the drift-report.json that drift-detect wrote') : undefined;
    progress.step(`Checking approvals of ${platform.label} for ${options.environment}`);
    const evidence = await (0,approve_safe/* gatherSafetyEvidence */.V)(platform, exec, options);
    const { request, policy, files } = evidence;
    // The defaults' one approval must never stand in for a policy the run failed to find.
    if (policy.misplacedConfig)
        throw (0,base_policy/* misplacedConfigError */.x1)(policy.misplacedConfig);
    const environments = policy.config.approval.environments;
    // An alias (environments.<env>.aliases) is judged by its environment's policy, as sync applies that environment.
    const policyName = (0,schema/* resolveEnvironmentName */.tl)(policy.config, options.environment).name;
    const configured = Object.hasOwn(environments, policyName) ? environments[policyName] : undefined;
    // A name the config does not know (a typo) would get the default policy: one approval, even for a production it misspells.
    const defined = policy.config.environments;
    if (!configured && Object.keys(defined).length && !Object.hasOwn(defined, policyName)) {
        const names = Object.entries(defined).flatMap(([name, settings]) => [name, ...(settings.aliases ?? [])]);
        throw new errors/* UserError */.yo(`Environment ${options.environment} is not in the gitops-sync config at the base commit, so its policy cannot be known; pass one of: ${names.join(', ')}.`);
    }
    const environmentPolicy = configured ?? (Object.keys(environments).length ? undefined : schema/* ApprovalEnvironment */.tX.parse({}));
    if (!environmentPolicy) {
        throw new errors/* UserError */.yo(`Environment ${options.environment} has no approval.environments.${options.environment} entry in the gitops-sync config at the base commit; add one, or pass one of: ${Object.keys(environments).join(', ')}.`);
    }
    const [reviews, commits, platformProblems] = await Promise.all([platform.listReviews(), platform.listCommits(), platform.approvalProblems()]);
    const mismatch = report ? await reportMismatch(report, options.environment, request, platform) : undefined;
    const shaping = reportInputs(policy.config, policy.configPath, policyName);
    const editedInput = files.flatMap((file) => [file.path, file.previousPath]).find((path) => path !== undefined && shaping.includes(path));
    const verdict = await criticalVerdict(options, report, policy.config, editedInput, policyName);
    const commitSignatures = environmentPolicy.signed_commits === 'required' ? await judgeSignedCommits(platform, exec, options.cwd, policy, request) : undefined;
    const approvers = new Map();
    for (const review of reviews)
        if (review.state === 'APPROVED')
            approvers.set(review.user.id, review.user);
    const writers = new Set();
    for (const person of approvers.values())
        if (await platform.hasWriteAccess(person))
            writers.add(person.id);
    const owners = files.map((file) => ({
        path: file.path,
        requirements: [file.path, file.previousPath].flatMap((path) => (path ? (policy.codeowners?.requirementsFor(path) ?? []) : [])),
    }));
    const teamNames = new Set([...environmentPolicy.required_teams, environmentPolicy.critical_requires_team ?? '', ...owners.flatMap((owner) => owner.requirements.flatMap((requirement) => requirement.owners))]
        .filter((owner) => owner.includes('/'))
        .map(four_eyes/* normalizeOwner */.J1));
    const teams = new Map();
    for (const team of teamNames) {
        const members = new Set();
        for (const person of approvers.values())
            if (writers.has(person.id) && (await platform.isTeamMember(team, person)))
                members.add(person.id);
        teams.set(team, members);
    }
    const decision = (0,four_eyes/* evaluateGate */.DR)({
        // The environment's own name: an alias of production is production, by its name as by its flag.
        environment: policyName,
        policy: environmentPolicy,
        bots: policy.config.approval.bots,
        request,
        reviews,
        commits,
        writers,
        teams,
        owners,
        critical: verdict.critical,
        criticalBasis: verdict.basis,
        safe: evidence.findings.length === 0,
        platformProblems,
        listingProblems: evidence.findings.filter((finding) => finding.path === null && safe_change/* LISTING_PROBLEM */.h9.test(finding.reason)).map((finding) => finding.reason),
        commitSignatures,
    });
    const refusals = [
        ...untrustedBase(evidence.home, request, policyName),
        ...(mismatch ? [`${mismatch}; nothing can be decided on a report of another change`] : []),
        ...evidence.findings.filter((finding) => finding.path === null && finding.reason.startsWith('the head moved')).map((finding) => `${finding.reason}; run the gate again`),
    ];
    const final = refusals.length ? { ...decision, allowed: false, missing: [...decision.missing, ...refusals] } : decision;
    await (0,record.recordAudit)(options.audit?.((0,base_policy/* auditPolicy */.qX)(evidence.home)), { environment: options.environment, commits: { base: request.baseSha, head: request.headSha }, changeRequest: { number: request.number, url: request.url } }, (0,record.gateDetails)(final, { requestedAt: request.createdAt, approvals: new Map(reviews.filter((review) => review.state === 'APPROVED').map((review) => [review.user.id, review.submittedAt])) }, options.planFingerprint ?? report?.plan_fingerprint ?? null));
    return final;
}


/***/ }),

/***/ 915:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ commitVerifier),
/* harmony export */   d: () => (/* binding */ readSignatureKeys)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5688);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6477);
/* harmony import */ var _node_exec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9146);
/**
 * One check of a commit's signature, shared by the gate (`signed_commits: required`) and `audit
 * export`: `git verify-commit` (git's %G? family) against the configured keys only \u2014 a private
 * GNUPGHOME holding the configured keyring and the configured allowed-signers file (an empty one
 * when none) \u2014 never the runner's own keyring or `gpg.ssh.allowedSignersFile`. A good signature
 * also has to come from a key allowed to sign for the commit's author.
 */





/** `%G?` as git documents it (git-log PRETTY FORMATS). U is good of unknown trust: the configured keys are the trust. */
const STATUS = { G: 'good', U: 'good', B: 'bad', X: 'expired', Y: 'expired', R: 'revoked', E: 'unknown-key', N: 'unsigned' };
/** What git computes about the signature (status, signer, key, fingerprint, primary fingerprint), then the author e-mail. */
const SIGNATURE_FORMAT = ['%G?', '%GS', '%GK', '%GF', '%GP', '%ae'].join('%x1f');
/** The configured key files read from disk, relative to the config file (`audit export`: the branch's own checkout). */
function readSignatureKeys(config, configPath) {
    const { keys, section } = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .commitSignatureKeys */ .yH)(config);
    const base = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(configPath));
    const read = (path, what, key, how) => {
        if (!path)
            return undefined;
        const full = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(base, path);
        try {
            return { text: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(full), where: `${full} (${section}.${key})` };
        }
        catch (error) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${what} ${full} (${section}.${key}) cannot be read (${error.code ?? String(error)}); point ${section}.${key} at a readable file, relative to the config (${how}).`);
        }
    };
    return {
        allowedSigners: read(keys.allowed_signers, 'The SSH allowed signers file', 'allowed_signers', 'ssh-keygen(1) ALLOWED SIGNERS: one "principal key-type key" line per signer'),
        gpgKeyring: read(keys.gpg_keyring, 'The GPG keyring', 'gpg_keyring', 'gpg --export --armor KEYID > keyring.asc'),
    };
}
async function commitVerifier(options) {
    const home = (0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .scratchFolder */ .$B)('gitops-sync-signatures-');
    const dispose = () => (0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .removeScratchFolder */ .pq)(home);
    try {
        const allowedSigners = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(home, 'allowed_signers');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(allowedSigners, options.keys.allowedSigners?.text ?? '');
        const env = { ...process.env, GNUPGHOME: home };
        if (options.keys.gpgKeyring) {
            const imported = await options.exec.run('gpg', ['--batch', '--quiet', '--import'], { env, input: options.keys.gpgKeyring.text });
            if (imported.exitCode !== 0) {
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The GPG keyring ${options.keys.gpgKeyring.where} holds no key gpg can import (${(0,_node_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .firstLine */ .TM)(imported.stderr)}); export the signers' public keys with gpg --export --armor KEYID > keyring.asc.`);
            }
        }
        const run = async (args) => {
            const result = await options.exec.run('git', ['-c', `gpg.ssh.allowedSignersFile=${allowedSigners}`, '-c', 'core.quotePath=false', ...args], { cwd: options.cwd, env });
            return { exitCode: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr };
        };
        const gpgUidEmails = async (fingerprint) => {
            const listed = await options.exec.run('gpg', ['--batch', '--with-colons', '--list-keys', '--', fingerprint], { env });
            if (listed.exitCode !== 0)
                return [];
            return listed.stdout
                .toString('utf8')
                .split('\n')
                .map((line) => line.split(':'))
                .filter((fields) => fields[0] === 'uid' && fields[1] !== 'r')
                .map((fields) => uidEmail(fields[9] ?? ''));
        };
        const sshKeyValidNow = async (commitObject) => {
            const signatureFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(home, 'signature');
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(signatureFile, `${gpgsig(commitObject)}\n`);
            const found = await options.exec.run('ssh-keygen', ['-Y', 'find-principals', '-f', allowedSigners, '-s', signatureFile], { env });
            return found.exitCode === 0;
        };
        return {
            run,
            async verify(sha) {
                // The platform names the commits: never let one be read as an option.
                if (!/^[0-9a-f]{40,64}$/i.test(sha))
                    throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`"${sha.slice(0, 80)}" is not a commit hash, so its signature cannot be checked; this is a bug in the platform's answer, please report it.`);
                const object = await run(['cat-file', 'commit', `${sha}^{commit}`]);
                if (object.exitCode !== 0)
                    return { sha, status: 'missing', format: null, signer: null, author_email: '', signer_is_author: null };
                const logged = await run(['log', '-1', '--no-walk', `--format=${SIGNATURE_FORMAT}`, sha]);
                if (logged.exitCode !== 0)
                    throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`git could not check the signature of ${sha.slice(0, 12)} (${(0,_node_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .firstLine */ .TM)(logged.stderr)}); fetch the full history (actions/checkout with fetch-depth: 0).`);
                const [check, signer, key, fingerprint, primary, authorEmail = ''] = logged.stdout.replace(/\n$/, '').split('\x1f');
                const format = signatureFormat(object.stdout);
                // git says U for an SSH signature whose key no allowed signer holds ("No principal matched"): not good.
                let status = check === 'U' && !signer ? 'unknown-key' : (STATUS[check] ?? 'unknown-key');
                // git checks an SSH key's valid-before/valid-after at the committer date, which the signer writes: check it now too, as gpg does.
                if (status === 'good' && format === 'ssh' && !(await sshKeyValidNow(object.stdout)))
                    status = 'expired';
                const named = status === 'unsigned' ? null : signer || key || null;
                let signerIsAuthor = null;
                if (status === 'good') {
                    const email = asciiLowerCase(authorEmail);
                    if (format === 'ssh')
                        signerIsAuthor = signer.split(',').some((principal) => asciiLowerCase(principal.trim()) === email);
                    else if (format === 'gpg')
                        signerIsAuthor = (await gpgUidEmails(primary || fingerprint)).includes(email);
                    else
                        signerIsAuthor = false;
                }
                return { sha, status, format: status === 'unsigned' ? null : format, signer: named, author_email: authorEmail, signer_is_author: signerIsAuthor };
            },
            dispose,
        };
    }
    catch (error) {
        dispose();
        throw error;
    }
}
/**
 * Only A-Z fold: toLowerCase() would also fold look-alikes (KELVIN SIGN U+212A is k), letting a key
 * for "\u212Aim@x.org" sign for kim@x.org.
 */
function asciiLowerCase(text) {
    return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
/** The e-mail of a GPG user id (`Name <mail>`, or a bare address), lower-cased (ASCII only). */
function uidEmail(uid) {
    const decoded = uid.replace(/\\x([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return asciiLowerCase((/<([^<>]+)>\s*$/.exec(decoded)?.[1] ?? decoded).trim());
}
/** The signature in a commit object's `gpgsig` (or `gpgsig-sha256`) header, its continuation lines unindented. */
function gpgsig(object) {
    const lines = object.split('\n\n')[0].split('\n');
    const start = lines.findIndex((line) => /^gpgsig(-sha256)? /.test(line));
    if (start < 0)
        return '';
    const rest = lines.slice(start + 1);
    const end = rest.findIndex((line) => !line.startsWith(' '));
    return [lines[start].replace(/^\S+ /, ''), ...(end < 0 ? rest : rest.slice(0, end)).map((line) => line.slice(1))].join('\n');
}
/** The kind of signature in the commit object's `gpgsig` header (not anywhere in the header: an author name can say anything). */
function signatureFormat(object) {
    const signature = gpgsig(object);
    if (signature.startsWith('-----BEGIN SSH SIGNATURE-----'))
        return 'ssh';
    if (signature.startsWith('-----BEGIN SIGNED MESSAGE-----'))
        return 'x509';
    if (signature.startsWith('-----BEGIN PGP SIGNATURE-----'))
        return 'gpg';
    return null;
}


/***/ })

};
