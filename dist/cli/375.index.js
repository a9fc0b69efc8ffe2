export const id = 375;
export const ids = [375];
export const modules = {

/***/ 271:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ CODEOWNERS_LOCATIONS),
/* harmony export */   U: () => (/* binding */ parseCodeowners)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);

/** Where a platform looks for the file, in its search order; the first one found is used, the rest ignored. */
const CODEOWNERS_LOCATIONS = {
    github: ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'],
    gitlab: ['CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'],
};
function parseCodeowners(text, flavor, source = 'CODEOWNERS') {
    return flavor === 'github' ? parseGithub(text, source) : parseGitlab(text, source);
}
function parseGithub(text, source) {
    const rules = [];
    forEachLine(text, source, (line, fail) => {
        const { pattern, rest } = splitLine(line);
        // GitHub documents these three gitignore features as not working and skips such lines.
        if (pattern.startsWith('!'))
            fail(`GitHub does not support "!" negation in CODEOWNERS and skips the line "${line}"; name the paths you mean without "!"`);
        if (pattern.startsWith('\\#'))
            fail(`GitHub does not support escaping a leading "#" with "\\" in CODEOWNERS and skips the line "${line}"; match the file with a pattern that does not start with "#" (for example "*#name")`);
        if (/^\[|^\^\[/.test(pattern))
            fail(`GitHub CODEOWNERS has no sections and does not support "[ ]" character ranges, so it skips the line "${line}"; remove the section header or use the gitlab flavor`);
        const tokens = tokenize(pattern, fail, 'GitHub does not support "[ ]" character ranges in CODEOWNERS and skips the line; write the paths out');
        const owners = [];
        for (const word of words(rest)) {
            if (word.startsWith('#'))
                break; // an inline comment
            owners.push(checkOwner(word, GITHUB_OWNER, '@user, @org/team or an email address', fail));
        }
        rules.push({ regex: githubRegex(tokens, pattern, fail), owners: unique(owners), approvals: 1, exclusion: false });
    });
    return {
        flavor: 'github',
        requirementsFor(path) {
            checkPath(path);
            for (let index = rules.length - 1; index >= 0; index--) {
                const rule = rules[index];
                if (!rule.regex.test(path))
                    continue;
                return rule.owners.length ? [{ section: null, owners: [...rule.owners], approvals: 1, optional: false }] : [];
            }
            return [];
        },
    };
}
function parseGitlab(text, source) {
    const sections = [{ name: null, optional: false, rules: new Map() }];
    let current = sections[0];
    let header = { approvals: 1, defaults: [] };
    forEachLine(text, source, (line, fail) => {
        if (/^\^?\[/.test(line)) {
            const parsed = parseHeader(line, fail);
            const key = parsed.name.toLowerCase();
            const existing = sections.find((section) => section.name?.toLowerCase() === key);
            if (existing)
                existing.optional &&= parsed.optional; // required once anywhere means required
            else
                sections.push({ name: parsed.name, optional: parsed.optional, rules: new Map() });
            current = existing ?? sections[sections.length - 1];
            header = parsed;
            return;
        }
        const { pattern: raw, rest } = splitLine(line);
        const exclusion = raw.startsWith('!');
        const pattern = exclusion ? raw.slice(1) : raw;
        if (!pattern)
            fail(`"${line}" excludes nothing; write !path`);
        const named = words(rest).map((word) => checkOwner(word, GITLAB_OWNER, '@user, @group, @group/subgroup, @@role or an email address (inline comments are not supported)', fail));
        if (exclusion && named.length)
            fail(`GitLab ignores the owners of the exclusion "${line}"; remove them, an exclusion only takes the path out of its section`);
        const owners = named.length ? named : header.defaults;
        if (!exclusion && !owners.length)
            fail(`"${pattern}" has no owners and its section has no default owners, so GitLab would not require anyone; add owners to the line or the section header`);
        const regex = fnmatchRegex(tokenize(pattern, fail, 'character classes "[ ]" are not supported here; write the paths out'), fail, pattern);
        current.rules.set(gitlabKey(pattern), { regex, owners: unique(owners), approvals: header.approvals, exclusion });
    });
    return {
        flavor: 'gitlab',
        requirementsFor(path) {
            checkPath(path);
            const rooted = `/${path}`;
            const requirements = [];
            for (const section of sections) {
                const matching = [...section.rules.values()].filter((rule) => rule.regex.test(rooted));
                const last = matching[matching.length - 1];
                if (!last || matching.some((rule) => rule.exclusion))
                    continue;
                requirements.push({ section: section.name, owners: [...last.owners], approvals: last.approvals, optional: section.optional });
            }
            return requirements;
        },
    };
}
/** `[Name]`, `^[Name]`, `[Name][N]`, each optionally followed by default owners. */
function parseHeader(line, fail) {
    const match = /^(\^?)\[([^\]]*)\](?:\[([^\]]*)\])?(.*)$/s.exec(line);
    const syntax = 'write [Name], ^[Name] or [Name][N], optionally followed by default owners';
    if (!match || (match[4] && !/^\s/.test(match[4])))
        fail(`the section header "${line}" does not parse; ${syntax}`);
    const [, caret, name, count, rest] = match;
    if (!name.trim())
        fail(`the section header "${line}" has no name; ${syntax}`);
    if (count !== undefined && !/^[1-9]\d*$/.test(count))
        fail(`the approval count in "${line}" must be a whole number of at least 1`);
    if (caret && count !== undefined)
        fail(`the optional section "${line}" cannot require approvals; drop the ^ or the [${count}]`);
    const defaults = words(rest).map((word) => checkOwner(word, GITLAB_OWNER, '@user, @group, @group/subgroup, @@role or an email address', fail));
    return { name, optional: caret === '^', approvals: count === undefined ? 1 : Number(count), defaults: unique(defaults) };
}
function forEachLine(text, source, handle) {
    text.split('\n').forEach((rawLine, index) => {
        const line = rawLine.trim();
        if (!line || line.startsWith('#'))
            return;
        handle(line, (reason) => {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${source}:${index + 1}: ${reason}.`);
        });
    });
}
/** The pattern runs to the first whitespace that is not escaped with a backslash; the owners follow. */
function splitLine(line) {
    const match = /(?<!\\)\s+/.exec(line);
    return match ? { pattern: line.slice(0, match.index), rest: line.slice(match.index) } : { pattern: line, rest: '' };
}
const words = (text) => text.split(/\s+/).filter(Boolean);
const unique = (items) => [...new Set(items)];
const EMAIL = /^[^\s@]+@[^\s@/]+\.[^\s@/]+$/;
const GITHUB_OWNER = /^@[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const GITLAB_OWNER = /^(?:@[A-Za-z0-9_.][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*|@@(?:developer|maintainer|owner)s?)$/i;
function checkOwner(word, pattern, expected, fail) {
    if (pattern.test(word) || EMAIL.test(word))
        return word;
    return fail(`"${word}" is not an owner; write ${expected}`);
}
function checkPath(path) {
    if (!path || path.startsWith('/'))
        throw new Error(`requirementsFor needs a repository-relative path without a leading slash, not ${JSON.stringify(path)}`);
}
/** A backslash may escape whitespace, `#`, `!` and glob characters only; anything else is refused rather than guessed. */
function tokenize(pattern, fail, noRanges) {
    const tokens = [];
    for (let i = 0; i < pattern.length; i++) {
        const char = pattern[i];
        if (char === '\\') {
            const next = pattern[i + 1];
            if (next === undefined || !/[\s#!*?[\]]/.test(next))
                fail(`"${pattern}" has an unsupported escape "\\${next ?? ''}"; only whitespace, "#", "!", "*", "?", "[" and "]" can be escaped`);
            tokens.push({ literal: next });
            i++;
        }
        else if (char === '[')
            fail(`"${pattern}": ${noRanges}`);
        else
            tokens.push(char === '/' || char === '*' || char === '?' ? char : { literal: char });
    }
    return tokens;
}
function segmentsOf(tokens, fail, pattern) {
    const segments = [[]];
    for (const token of tokens) {
        if (token === '/')
            segments.push([]);
        else
            segments[segments.length - 1].push(token);
    }
    if (segments.some((segment) => segment.length === 0))
        fail(pattern === '/' ? 'the pattern "/" matches nothing; use * for every file' : `"${pattern}" has an empty path segment ("//")`);
    return segments;
}
const isGlobstar = (segment) => segment.length === 2 && segment[0] === '*' && segment[1] === '*';
const isStar = (segment) => segment.length === 1 && segment[0] === '*';
/** Within one segment: `*` (and `**` that is not a whole segment) is any run of non-slash characters, `?` one. */
const segmentSource = (segment) => segment.map((token) => (token === '*' ? '[^/]*' : token === '?' ? '[^/]' : escapeRegExp(token.literal))).join('');
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Zero or more whole folders. */
const FOLDERS = '(?:[^/]*/)*';
/**
 * GitHub: gitignore rules. A slash at the start or in the middle anchors the pattern to the root,
 * otherwise it matches at any depth; a trailing slash matches only what is inside a folder; `**` as a
 * whole segment crosses folders. A pattern matches a file or everything inside a folder of that name,
 * except that a last segment of just `*` (`docs/*`) matches direct children only, as GitHub documents.
 */
function githubRegex(tokens, pattern, fail) {
    const slashes = tokens.flatMap((token, index) => (token === '/' ? [index] : []));
    const folderOnly = tokens.length > 1 && tokens[tokens.length - 1] === '/';
    const anchored = slashes.some((index) => index < tokens.length - 1);
    const body = tokens.slice(tokens[0] === '/' ? 1 : 0, folderOnly ? -1 : undefined);
    const segments = segmentsOf(body, fail, pattern);
    const last = segments[segments.length - 1];
    let source = anchored ? '' : FOLDERS;
    segments.forEach((segment, index) => {
        const final = index === segments.length - 1;
        if (isGlobstar(segment))
            source += final ? '.+' : FOLDERS;
        else
            source += segmentSource(segment) + (final ? '' : '/');
    });
    if (!isGlobstar(last))
        source += folderOnly ? '/.+' : isStar(last) ? '' : '(?:/.*)?';
    return new RegExp(`^${source}$`, 'su');
}
/**
 * GitLab: the pattern is normalised as GitLab does (no leading slash \u2192 `/**` + `/` + pattern, trailing
 * slash \u2192 + `**` + `/*`) and matched against `/` + path like Ruby's File.fnmatch with FNM_PATHNAME and
 * FNM_DOTMATCH: `*` and `?` stay in one segment, and only a whole `**` segment followed by `/` crosses folders.
 */
function fnmatchRegex(tokens, fail, pattern) {
    const normalised = [...(tokens[0] === '/' ? [] : ['/', '*', '*', '/']), ...tokens, ...(tokens[tokens.length - 1] === '/' ? ['*', '*', '/', '*'] : [])];
    const segments = segmentsOf(normalised.slice(1), fail, pattern);
    let source = '/';
    segments.forEach((segment, index) => {
        const final = index === segments.length - 1;
        source += isGlobstar(segment) && !final ? FOLDERS : segmentSource(segment) + (final ? '' : '/');
    });
    return new RegExp(`^${source}$`, 'su');
}
/** GitLab's own normalisation of a pattern, which is how it recognises a repeated entry within a section. */
function gitlabKey(pattern) {
    const text = pattern.replace(/^\\#/, '#').replace(/\\\s+/g, ' ');
    return `${text.startsWith('/') ? text : `/**/${text}`}${text.endsWith('/') ? '**/*' : ''}`;
}


/***/ }),

/***/ 2609:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ protectionChanges),
/* harmony export */   F$: () => (/* binding */ protectedEnvironments),
/* harmony export */   Wz: () => (/* binding */ githubEnvironmentSettings),
/* harmony export */   Zg: () => (/* binding */ protectionWeaknesses),
/* harmony export */   oX: () => (/* binding */ gitlabProtectedEnvironmentSettings),
/* harmony export */   x3: () => (/* binding */ withProtectionChanges)
/* harmony export */ });
/* unused harmony exports approvingTeams, GITLAB_ACCESS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _four_eyes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8113);
/* harmony import */ var _report_build_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4492);
/* harmony import */ var _model_sources_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9497);




/**
 * The approval policy as the platforms enforce it themselves (GitHub environments, GitLab protected
 * environments), so it holds even for a job that does not run gitops-sync, and the judge of the live
 * settings against it (`check-protection`).
 */
/** The environments to act on: the one named, or every `approval.environments` entry. */
function protectedEnvironments(config, named) {
    const environments = config.approval.environments;
    if (named === undefined) {
        const all = Object.entries(environments);
        if (!all.length)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('The config has no approval.environments entry, so there is no protection to generate or check; add one per environment.');
        return all;
    }
    if (!Object.hasOwn(environments, named))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Environment ${named} has no approval.environments.${named} entry in the config; add one to generate or check its protection.`);
    return [[named, environments[named]]];
}
/** The teams whose members approve a deployment: the required ones, then the critical one. */
function approvingTeams(policy) {
    return [...new Set([...policy.required_teams, ...(policy.critical_requires_team ? [policy.critical_requires_team] : [])].map((team) => team.replace(/^@/, '')))];
}
/** GitHub allows at most six required reviewers on an environment. */
const GITHUB_REVIEWER_LIMIT = 6;
/**
 * An environment's protection on GitHub: its teams as required reviewers (one approval of theirs lets
 * the job run), nobody approving their own run, the wait timer, and deployments from its branch only.
 * `teamIds` holds what the API said (`org/slug` \u2192 id); a team not in it is named in `missing`.
 */
function githubEnvironmentSettings(environment, policy, teamIds) {
    const teams = approvingTeams(policy);
    if (teams.length > GITHUB_REVIEWER_LIMIT) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`approval.environments.${environment} names ${teams.length} teams, and a GitHub environment takes at most ${GITHUB_REVIEWER_LIMIT} required reviewers; name fewer teams (a parent team covers its child teams).`);
    }
    const missing = teams.filter((team) => !teamIds.has(team)).map((team) => `the id of team ${team} (GET /orgs/${team.split('/')[0]}/teams/${team.split('/').slice(1).join('/')}: run with GITHUB_TOKEN)`);
    return {
        environment,
        body: {
            wait_timer: policy.wait_timer,
            prevent_self_review: true,
            can_admins_bypass: false,
            reviewers: teams.map((team) => ({ type: 'Team', id: teamIds.get(team) ?? null })),
            deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
        },
        deployment_branch_policies: [{ name: policy.branch, type: 'branch' }],
        missing,
    };
}
/** GitLab's access levels (https://docs.gitlab.com/api/protected_environments/#valid-access-levels). */
const GITLAB_ACCESS = { developer: 30, maintainer: 40 };
/** `group_inheritance_type` 0: direct members only, as the gate counts a group's members. */
const DIRECT_MEMBERS = 0;
/**
 * An environment's protection on GitLab: Maintainers deploy; the required approvals from anyone with
 * Developer access or more, and one from each required group (direct members, as the gate counts).
 * A critical-change team applies only to critical changes, which GitLab cannot tell: the gate keeps it.
 */
function gitlabProtectedEnvironmentSettings(environment, policy, groupIds) {
    const groups = policy.required_teams.map((team) => team.replace(/^@/, ''));
    const count = (0,_four_eyes_js__WEBPACK_IMPORTED_MODULE_1__/* .requiredApprovals */ .Ks)(environment, policy);
    return {
        environment,
        body: {
            name: environment,
            deploy_access_levels: [{ access_level: GITLAB_ACCESS.maintainer }],
            approval_rules: [
                ...(count ? [{ access_level: GITLAB_ACCESS.developer, required_approvals: count }] : []),
                ...groups.map((group) => ({ group_id: groupIds.get(group) ?? null, required_approvals: 1, group_inheritance_type: DIRECT_MEMBERS })),
            ],
        },
        missing: groups.filter((group) => !groupIds.has(group)).map((group) => `the id of group ${group} (GET /groups/${encodeURIComponent(group)}: run with GITLAB_TOKEN)`),
    };
}
const WEAKNESS_RULES = [
    { id: 'branch-unprotected', weaker: (live) => !live.branch_protected, say: (live) => `branch ${live.branch} is not protected: anyone with write access can push to it` },
    {
        id: 'fewer-approvals',
        weaker: (live, asked) => live.branch_protected && live.required_approvals < asked,
        say: (live, asked) => `branch ${live.branch} requires ${live.required_approvals} approval${live.required_approvals === 1 ? '' : 's'} before a merge; the config asks for ${asked}`,
    },
    { id: 'admins-not-enforced', weaker: (live) => live.branch_protected && live.admins_enforced === false, say: (live) => `branch ${live.branch}'s protection does not apply to administrators` },
    {
        id: 'direct-push-allowed',
        weaker: (live) => live.branch_protected && live.direct_push_allowed === true,
        say: (live) => `branch ${live.branch} lets users push to it without a merge request, so no approval is needed`,
    },
    { id: 'force-push-allowed', weaker: (live) => live.force_push_allowed, say: (live) => `branch ${live.branch} allows force pushes` },
    { id: 'self-review-allowed', weaker: (live) => live.self_review_allowed, say: (live) => (live.platform === 'github' ? 'the environment lets whoever started a deployment approve it (prevent_self_review is off)' : 'merge request authors may approve their own merge requests') },
    {
        id: 'committers-may-approve',
        weaker: (live) => live.committers_may_approve,
        say: (live) => (live.platform === 'github' ? `branch ${live.branch} lets whoever pushed last approve the change (require_last_push_approval is off)` : 'users who added commits to a merge request may approve it'),
    },
    {
        id: 'environment-unprotected',
        weaker: (live, asked) => asked > 0 && (live.environment_approvals ?? 0) === 0,
        say: (live, _asked, environment) => `environment ${environment} requires no approval on ${live.platform === 'github' ? 'GitHub' : 'GitLab'} before a deployment`,
    },
    {
        id: 'admins-bypass-environment',
        weaker: (live, asked) => asked > 0 && (live.environment_approvals ?? 0) > 0 && live.environment_admins_bypass === true,
        say: (_live, _asked, environment) => `administrators may deploy to environment ${environment} without its required reviewers (can_admins_bypass is on)`,
    },
];
/** Where the live protection is weaker than the environment's policy asks; empty when it is not. */
function protectionWeaknesses(environment, policy, live) {
    const asked = (0,_four_eyes_js__WEBPACK_IMPORTED_MODULE_1__/* .requiredApprovals */ .Ks)(environment, policy);
    return WEAKNESS_RULES.filter((rule) => rule.weaker(live, asked)).map((rule) => ({ environment, rule: rule.id, message: rule.say(live, asked, environment) }));
}
/**
 * Weakened protection as drift (`monitoring.check_protection`): one critical change per weakness,
 * what the platform enforces now (`before`) against what the approval policy asks (`after`).
 */
function protectionChanges(platform, weaknesses) {
    return weaknesses.map((weakness) => ({
        address: `${platform}/protection/${weakness.environment}/${weakness.rule}`,
        kind: 'PlatformProtection',
        source: _model_sources_js__WEBPACK_IMPORTED_MODULE_2__/* .PROTECTION_SOURCE */ .Mu,
        action: 'update',
        origin: 'outside',
        severity: 'critical',
        rule: `protection.${weakness.rule}`,
        fields: [{ path: `/${weakness.rule}`, before: weakness.message, after: `as approval.environments.${weakness.environment} asks`, sensitive: false }],
    }));
}
/** The report with the protection changes added: counts, affected resources and the remediation plan follow. */
function withProtectionChanges(report, changes) {
    if (!changes.length)
        return report;
    const rebuilt = (0,_report_build_js__WEBPACK_IMPORTED_MODULE_3__/* .buildReport */ .FK)({ environment: report.environment, sources: [...report.sources, _model_sources_js__WEBPACK_IMPORTED_MODULE_2__/* .PROTECTION_SOURCE */ .Mu], changes: [...report.changes, ...changes], outputChanges: report.output_changes, generatedAt: report.generated_at });
    return { ...report, ...rebuilt, drift_detected: true };
}


/***/ }),

/***/ 8676:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zo: () => (/* binding */ assessSafety),
/* harmony export */   h9: () => (/* binding */ LISTING_PROBLEM),
/* harmony export */   rg: () => (/* binding */ environmentInputs)
/* harmony export */ });
/* unused harmony export MAX_LISTED_FILES */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _severity_glob_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4523);
/* harmony import */ var _codeowners_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(271);



/** GitHub's pull request files API lists at most this many files. */
const MAX_LISTED_FILES = 3000;
const KNOWN_STATUSES = new Set(['added', 'modified', 'removed', 'renamed']);
const SYMLINK = '120000';
const SUBMODULE = '160000';
/**
 * The controls themselves: changing any of them changes what is checked, so it always needs a
 * human, whatever safe_paths says. Matched case-insensitively, so `.GitHub/Workflows/x.yml` is one too.
 */
const CONTROL_GLOBS = [
    '.github/workflows/**',
    '.github/actions/**',
    '.gitlab-ci.yml',
    '.gitlab/**',
    '**/*.gitlab-ci.yml',
    '**/*.gitlab-ci.yaml',
    '**/action.yml',
    '**/action.yaml',
    ...new Set(Object.values(_codeowners_js__WEBPACK_IMPORTED_MODULE_1__/* .CODEOWNERS_LOCATIONS */ .B).flat()),
];
/**
 * Files a tool loads wherever they sit: Terraform and OpenTofu read every such file of a root or
 * module folder (modules can live anywhere), kustomize, Helm and Jsonnet find theirs by name, and
 * tool-version files pick the binary CI runs. Never safe, whatever `safe_paths` says.
 */
const INFRASTRUCTURE_GLOBS = [
    '**/*.tf',
    '**/*.tf.json',
    '**/*.tofu',
    '**/*.tofu.json',
    '**/*.tfvars',
    '**/*.tfvars.json',
    '**/.terraform.lock.hcl',
    '**/.terraformrc',
    '**/terraform.rc',
    '**/.terraform-version',
    '**/.opentofu-version',
    '**/.tool-versions',
    '**/kustomization.yaml',
    '**/kustomization.yml',
    '**/Kustomization',
    '**/Chart.yaml',
    '**/Chart.lock',
    '**/values.yaml',
    '**/*.jsonnet',
    '**/*.libsonnet',
    '**/jsonnetfile.json',
    '**/helmfile.yaml',
    '.gitmodules',
];
/**
 * Files that say which other files are encrypted at rest (SOPS creation rules, git-crypt's
 * `filter=git-crypt` attributes): a change to them is a change to what is kept secret, so a human
 * who owns the secrets reviews it, whatever `safe_paths` says.
 */
const SECRETS_POLICY_GLOBS = ['**/.sops.yaml', '**/.sops.yml', '**/.gitattributes'];
/**
 * Every file the configured environments render, plan or apply from, as repository-relative globs:
 * the Terraform folder (its `file()` and `templatefile()` read anything in it), its var and backend
 * files, the Kubernetes manifests, kustomize, Helm chart and Jsonnet folders, the values files, the
 * live export, Ansible's playbook folder, inventory (with the group_vars and host_vars beside it),
 * extra-vars files and a binary given as a path, the saved compliance results, and the paths a
 * rollback restores. `configPath` is where the config sits in the repository (its relative paths
 * start from its folder). A path that leaves the repository or is
 * absolute cannot be judged: it is returned in `unknown`.
 */
function environmentInputs(config, configPath) {
    const base = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(configPath);
    const inputs = [];
    const unknown = [];
    for (const [environment, settings] of Object.entries(config.environments)) {
        const add = (path, from = base, folder = true) => {
            const joined = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(from, path.replace(/\\/g, '/')));
            if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || joined === '..' || joined.startsWith('../')) {
                unknown.push(`${environment} loads ${JSON.stringify(path)}, outside the repository`);
                return;
            }
            const clean = joined.replace(/^\.\/?/, '').replace(/\/$/, '');
            if (clean === '' || clean === '.')
                inputs.push({ glob: '**', environment });
            else {
                inputs.push({ glob: escapeGlob(clean), environment });
                if (folder)
                    inputs.push({ glob: `${escapeGlob(clean)}/**`, environment });
            }
        };
        const { terraform, kubernetes } = settings;
        if (terraform) {
            add(terraform.dir);
            const dir = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(base, terraform.dir);
            for (const file of terraform.var_files)
                add(file, dir, false);
            for (const value of terraform.backend_config)
                if (!value.includes('='))
                    add(value, dir, false);
        }
        if (kubernetes) {
            for (const path of kubernetes.manifests ?? [])
                add(path);
            if (kubernetes.kustomize)
                add(kubernetes.kustomize);
            if (kubernetes.helm) {
                add(kubernetes.helm.chart);
                for (const file of kubernetes.helm.values)
                    add(file, base, false);
            }
            if (kubernetes.jsonnet)
                add(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(kubernetes.jsonnet.file));
            if ('export' in kubernetes.live)
                add(kubernetes.live.export, base, false);
        }
        const { ansible } = settings;
        if (ansible) {
            // ansible-playbook runs in the playbook's folder and reads anything there (roles, templates, ansible.cfg, vars_files).
            add(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(ansible.playbook));
            if (!ansible.inventory.includes(',')) {
                add(ansible.inventory);
                const beside = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(ansible.inventory);
                for (const folder of ['group_vars', 'host_vars'])
                    add(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(beside, folder));
            }
            if (Array.isArray(ansible.extra_vars))
                for (const file of ansible.extra_vars)
                    add(file.slice(1), base, false);
            // A binary named by a path is a file of the repository that drift-detect runs; an absolute one is the runner's.
            if (ansible.binary.includes('/') && !ansible.binary.startsWith('/'))
                add(ansible.binary, base, false);
        }
        for (const saved of [settings.aws_config?.file, settings.azure_policy?.file, settings.config_connector?.export])
            if (saved)
                add(saved, base, false);
        for (const path of settings.paths ?? [])
            add(path);
    }
    return { inputs, unknown };
}
/** A literal path as a glob: the glob characters it holds match only themselves. */
const escapeGlob = (path) => path.replace(/[*?{]/g, (char) => `{${char}}`);
/** Whole-change findings that mean the platform's file listing is incomplete or untrustworthy. */
const LISTING_PROBLEM = /listed .* files but says|more than \d+ files changed|did not say exactly how many|listed no changed files|same file twice|as it is not at the head/;
/**
 * Decides whether a change may be approved without a human. Fails closed: anything it does not
 * positively recognise as a safe path, a plain file and a known status makes the change unsafe.
 */
function assessSafety(request, files, policy) {
    const findings = [];
    const whole = (reason) => findings.push({ path: null, reason });
    if (!request.open)
        whole('the change is not open');
    if (request.draft)
        whole('the change is a draft');
    if (request.fromFork)
        whole('the change comes from a fork');
    if (files.length === 0)
        whole('the platform listed no changed files');
    if (request.changedFiles === undefined)
        whole('the platform did not say exactly how many files changed');
    else if (request.changedFiles > MAX_LISTED_FILES || files.length > MAX_LISTED_FILES) {
        whole(`more than ${MAX_LISTED_FILES} files changed, more than the API lists`);
    }
    else if (request.changedFiles !== files.length) {
        whole(`the platform listed ${files.length} files but says ${request.changedFiles} changed`);
    }
    const listed = files.map((file) => file.path);
    if (new Set(listed).size !== listed.length)
        whole('the platform listed the same file twice, so the listing cannot be trusted');
    if (policy.protectedBranches && !policy.protectedBranches.includes(request.baseRef)) {
        whole(`the change targets ${request.baseRef}, not the default branch or an environment's branch (${policy.protectedBranches.join(', ')})`);
    }
    const isSafe = pathMatcher(policy.safePaths, false);
    const isControl = pathMatcher([...CONTROL_GLOBS, ...policy.extraControls], true);
    const loadedBy = infrastructureMatcher(policy.environmentInputs ?? []);
    for (const file of files) {
        const reason = fileProblem(file, isSafe, isControl, loadedBy);
        if (reason)
            findings.push({ path: file.path, reason });
    }
    return { safe: findings.length === 0, findings };
}
const isSecretsPolicy = pathMatcher(SECRETS_POLICY_GLOBS, true);
function fileProblem(file, isSafe, isControl, loadedBy) {
    if (!KNOWN_STATUSES.has(file.status))
        return `its status "${file.status}" is not one approve-safe understands`;
    const paths = file.status === 'renamed' ? [file.previousPath, file.path] : [file.path];
    for (const path of paths) {
        if (path === undefined)
            return 'it was renamed but the old path is unknown';
        const suspicious = suspiciousPath(path);
        if (suspicious)
            return `${describe(path, file)} ${suspicious}`;
        if (isSecretsPolicy(path))
            return `${describe(path, file)} says which files are encrypted at rest (.sops.yaml or .gitattributes)`;
        if (isControl(path))
            return `${describe(path, file)} is a control (CI, CODEOWNERS or gitops-sync policy)`;
        if (!isSafe(path))
            return `${describe(path, file)} is not a safe path`;
        const loader = loadedBy(path);
        if (loader)
            return `${describe(path, file)} matches safe_paths but is ${loader}, so it can change what is deployed`;
    }
    const modes = [file.oldMode, file.newMode];
    if (modes.some((mode) => mode === undefined))
        return 'its file mode is unknown';
    if (modes.includes(SYMLINK))
        return 'it is a symbolic link';
    if (modes.includes(SUBMODULE))
        return 'it is a submodule';
    if (file.oldMode !== '0' && file.newMode !== '0' && file.oldMode !== file.newMode)
        return `its mode changes from ${file.oldMode} to ${file.newMode}`;
    return undefined;
}
const describe = (path, file) => (file.status === 'renamed' && path === file.previousPath ? `the old path ${JSON.stringify(path)}` : 'the path');
/** Paths a glob could be fooled by: they never count as safe. */
function suspiciousPath(path) {
    if (/[^\x20-\x7e]/.test(path))
        return 'has characters outside printable ASCII (possible look-alikes)';
    if (path.startsWith('/') || path.includes('\\'))
        return 'is not a plain relative path';
    for (const segment of path.split('/')) {
        if (segment === '' || segment === '.' || segment === '..')
            return 'has an empty, "." or ".." segment';
        if (segment.trim() !== segment)
            return 'has a segment with leading or trailing spaces';
    }
    return undefined;
}
/** Which tool or environment loads a path (case-insensitively: a case-insensitive checkout loads `Main.TF` too), or undefined. */
function infrastructureMatcher(inputs) {
    const isInfrastructure = pathMatcher(INFRASTRUCTURE_GLOBS, true);
    const environments = inputs.map((input) => ({ environment: input.environment, matches: pathMatcher([input.glob], true) }));
    return (path) => {
        const loaders = [...new Set(environments.filter((entry) => entry.matches(path)).map((entry) => entry.environment))];
        if (loaders.length)
            return `loaded by environment ${loaders.join(', ')}`;
        return isInfrastructure(path) ? 'a file Terraform, OpenTofu, kustomize, Helm, Jsonnet or CI tooling loads by its name' : undefined;
    };
}
function pathMatcher(globs, ignoreCase) {
    const patterns = globs.map((glob) => new RegExp((0,_severity_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .globToRegExp */ .tL)(glob.replace(/^\//, ''), { pathGlobstar: true }).source, ignoreCase ? 'i' : ''));
    return (path) => patterns.some((pattern) => pattern.test(path));
}


/***/ }),

/***/ 6928:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Im: () => (/* binding */ sopsClearSuffix),
/* harmony export */   LI: () => (/* binding */ sopsRuleFor),
/* harmony export */   So: () => (/* binding */ looksSopsEncrypted),
/* harmony export */   V_: () => (/* binding */ parseSopsConfig),
/* harmony export */   Wp: () => (/* binding */ keepsSopsEncrypted),
/* harmony export */   oc: () => (/* binding */ checkSopsFile),
/* harmony export */   qD: () => (/* binding */ sopsRequires)
/* harmony export */ });
/* unused harmony exports unflattenSopsKeys, sopsEncrypts */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var _config_parse_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7711);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7638);
/* harmony import */ var _plaintext_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2848);
/* harmony import */ var _sops_format_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5814);
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2560);







/** The kinds of SOPS master keys, as `.sops.yaml` names them, and how a file's `sops` metadata lists each. */
const RECIPIENT_KINDS = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri'];
const AGE_RECIPIENT = /^(?:age1[02-9ac-hj-np-z]{58,}|ssh-(?:ed25519|rsa) [A-Za-z0-9+/=]+(?: \S+)?)$/;
const PGP_FINGERPRINT = /^[0-9A-F]{16,40}$/;
/** `age: a,b` or `age: [a, b]`: SOPS takes both. */
const keyList = zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP())]).optional();
const asList = (value) => (Array.isArray(value) ? value : (value ?? '').split(',')).map((each) => each.trim()).filter(Boolean);
const KeyGroup = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    age: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()).optional(),
    pgp: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()).optional(),
    kms: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ arn: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).passthrough()).optional(),
    gcp_kms: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ resource_id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).passthrough()).optional(),
    azure_keyvault: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ vaultUrl: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), key: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), version: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).passthrough()).optional(),
    hc_vault: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()).optional(),
})
    .passthrough();
const CreationRule = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    path_regex: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    age: keyList,
    pgp: keyList,
    kms: keyList,
    gcp_kms: keyList,
    azure_keyvault: keyList,
    hc_vault_transit_uri: keyList,
    key_groups: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(KeyGroup).optional(),
    shamir_threshold: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().optional(),
    encrypted_regex: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    unencrypted_regex: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    encrypted_suffix: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    unencrypted_suffix: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
})
    .passthrough()
    .superRefine((rule, context) => {
    const set = ['encrypted_regex', 'unencrypted_regex', 'encrypted_suffix', 'unencrypted_suffix'].filter((key) => rule[key] !== undefined);
    if (set.length > 1)
        context.addIssue({ code: 'custom', message: `a creation rule sets at most one of encrypted_regex, unencrypted_regex, encrypted_suffix, unencrypted_suffix (this one sets ${set.join(' and ')})` });
    for (const recipient of [...asList(rule.age), ...(rule.key_groups ?? []).flatMap((group) => group.age ?? [])]) {
        if (!AGE_RECIPIENT.test(recipient))
            context.addIssue({ code: 'custom', path: ['age'], message: `${JSON.stringify(recipient)} is not an age recipient (age1\u2026 or an SSH public key)` });
    }
    for (const fingerprint of [...asList(rule.pgp), ...(rule.key_groups ?? []).flatMap((group) => group.pgp ?? [])]) {
        if (!PGP_FINGERPRINT.test(normalisePgp(fingerprint)))
            context.addIssue({ code: 'custom', path: ['pgp'], message: `${JSON.stringify(fingerprint)} is not a PGP key fingerprint` });
    }
});
const SopsConfigFile = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ creation_rules: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(CreationRule).default([]) }).passthrough();
const normalisePgp = (fingerprint) => fingerprint.replace(/\s+/g, '').toUpperCase();
const normaliseUrl = (url) => url.trim().replace(/\/+$/, '');
function policyOf(settings, where) {
    const text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
    const policy = {
        encrypted_regex: text(settings.encrypted_regex) === undefined ? undefined : (0,_rules_js__WEBPACK_IMPORTED_MODULE_2__/* .compileRegExp */ .DM)(text(settings.encrypted_regex), `${where} encrypted_regex`),
        unencrypted_regex: text(settings.unencrypted_regex) === undefined ? undefined : (0,_rules_js__WEBPACK_IMPORTED_MODULE_2__/* .compileRegExp */ .DM)(text(settings.unencrypted_regex), `${where} unencrypted_regex`),
        encrypted_suffix: text(settings.encrypted_suffix),
        unencrypted_suffix: text(settings.unencrypted_suffix),
    };
    const none = Object.values(policy).every((value) => value === undefined);
    return none ? { unencrypted_suffix: '_unencrypted' } : policy;
}
/** Reads `.sops.yaml`; an invalid file is one sentence naming the line. */
function parseSopsConfig(text, label) {
    const config = (0,_config_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .parseYamlWith */ .n)(SopsConfigFile, text, label, 'fix it as the SOPS docs describe (https://getsops.io/docs/#using-sops-yaml-conf-to-select-kms-pgp-and-age-for-new-files).');
    return config.creation_rules.map((rule, index) => {
        const where = `${label}: creation_rules[${index}]`;
        const recipients = new Map(RECIPIENT_KINDS.map((kind) => [kind, new Set()]));
        const add = (kind, values) => values.forEach((value) => recipients.get(kind).add(normaliseRecipient(kind, value)));
        add('age', asList(rule.age));
        add('pgp', asList(rule.pgp));
        add('kms', asList(rule.kms).map((arn) => arn.split('+')[0]));
        add('gcp_kms', asList(rule.gcp_kms));
        add('azure_keyvault', asList(rule.azure_keyvault));
        add('hc_vault_transit_uri', asList(rule.hc_vault_transit_uri));
        for (const group of rule.key_groups ?? []) {
            add('age', group.age ?? []);
            add('pgp', group.pgp ?? []);
            add('kms', (group.kms ?? []).map((key) => key.arn));
            add('gcp_kms', (group.gcp_kms ?? []).map((key) => key.resource_id));
            add('azure_keyvault', (group.azure_keyvault ?? []).map((key) => `${key.vaultUrl}/keys/${key.key}/${key.version}`));
            add('hc_vault_transit_uri', group.hc_vault ?? []);
        }
        return {
            number: index + 1,
            pathRegex: rule.path_regex ? (0,_rules_js__WEBPACK_IMPORTED_MODULE_2__/* .compileRegExp */ .DM)(rule.path_regex, `${where}.path_regex`) : undefined,
            recipients,
            policy: policyOf(rule, where),
        };
    });
}
function normaliseRecipient(kind, value) {
    if (kind === 'pgp')
        return normalisePgp(value);
    if (kind === 'azure_keyvault' || kind === 'hc_vault_transit_uri')
        return normaliseUrl(value);
    return value.trim();
}
/** The rule SOPS would use for a path (relative to the `.sops.yaml` folder): the first that matches, as SOPS picks it. */
function sopsRuleFor(rules, path) {
    return rules.find((rule) => rule.pathRegex === undefined || rule.pathRegex.test(path));
}
/** Whether a file must be encrypted: its rule names files by `path_regex` (a catch-all rule only governs files already encrypted). */
const sopsRequires = (rule) => rule?.pathRegex !== undefined;
class Unreadable extends Error {
}
function parseTree(text) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const document = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    if (document.errors.length)
        throw new Unreadable(document.errors[0].message.split('\n')[0]);
    const root = document.contents;
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(root))
        return { metadata: undefined, leaves: [] };
    const leaves = [];
    let metadata;
    const lineOf = (node) => (node.range ? lineCounter.linePos(node.range[0]).line : 0);
    const visit = (node, keys) => {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node)) {
            // SOPS leaves an empty string empty (aes/cipher.go): it hides nothing.
            if (node.value !== null && node.value !== '')
                leaves.push({ keys, line: lineOf(node), encrypted: typeof node.value === 'string' && _plaintext_js__WEBPACK_IMPORTED_MODULE_4__/* .SOPS_ENCRYPTED_VALUE */ .FP.test(node.value) });
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node)) {
            // SOPS never writes an alias: `password: *p` shows a value anchored elsewhere, in plaintext.
            leaves.push({ keys, line: lineOf(node), encrypted: false });
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node))
            for (const pair of node.items)
                visit(pair.value, [...keys, (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) ? String(pair.key.value) : '']);
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node))
            for (const item of node.items)
                visit(item, keys);
    };
    for (const pair of root.items) {
        const key = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) ? String(pair.key.value) : '';
        if (key !== 'sops')
            visit(pair.value, [key]);
        else {
            let value;
            try {
                // Bounded like the config: a few aliases are YAML, thousands are a billion-laughs bomb.
                value = document.toJS({ maxAliasCount: 100 }).sops;
            }
            catch (error) {
                throw new Unreadable(error.message);
            }
            if (typeof value !== 'object' || value === null || Array.isArray(value))
                throw new Unreadable('its `sops` key is not a map');
            metadata = value;
        }
    }
    return { metadata, leaves };
}
/** SOPS flattens nested metadata into one level for dotenv and INI: `age__list_0__map_recipient`. */
function unflattenSopsKeys(flat) {
    const result = {};
    for (const [flatKey, value] of Object.entries(flat)) {
        const parts = flatKey.split(/(__list_\d+|__map_)/).filter((part) => part !== '');
        const path = [];
        for (let i = 0; i < parts.length; i++) {
            const list = /^__list_(\d+)$/.exec(parts[i]);
            if (list)
                path.push(Number(list[1]));
            else if (parts[i] === '__map_')
                path.push(parts[++i] ?? '');
            else
                path.push(parts[i]);
        }
        let node = result;
        path.forEach((step, index) => {
            if (index === path.length - 1)
                node[step] = value;
            else
                node = (node[step] ??= typeof path[index + 1] === 'number' ? [] : {});
        });
    }
    return result;
}
function parseDotenv(text) {
    const flat = {};
    const leaves = [];
    text.split(/\r?\n/).forEach((line, index) => {
        if (line.trim() === '' || line.trimStart().startsWith('#'))
            return;
        const equals = line.indexOf('=');
        if (equals <= 0)
            throw new Unreadable(`line ${index + 1} is not KEY=VALUE`);
        const key = line.slice(0, equals).trim();
        const value = line.slice(equals + 1);
        if (key.startsWith('sops_'))
            flat[key.slice('sops_'.length)] = value;
        else if (value !== '')
            leaves.push({ keys: [key], line: index + 1, encrypted: _plaintext_js__WEBPACK_IMPORTED_MODULE_4__/* .SOPS_ENCRYPTED_VALUE */ .FP.test(value) });
    });
    return { metadata: Object.keys(flat).length ? unflattenSopsKeys(flat) : undefined, leaves };
}
function parseIni(text) {
    const flat = {};
    const leaves = [];
    let section = '';
    text.split(/\r?\n/).forEach((line, index) => {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#'))
            return;
        const header = /^\[(.*)\]$/.exec(trimmed);
        if (header) {
            section = header[1].trim();
            return;
        }
        const equals = trimmed.indexOf('=');
        if (equals <= 0)
            throw new Unreadable(`line ${index + 1} is neither a [section] nor key = value`);
        const key = trimmed.slice(0, equals).trim();
        const value = trimmed.slice(equals + 1).trim();
        if (section === 'sops')
            flat[key] = value;
        else if (value !== '')
            leaves.push({ keys: section ? [section, key] : [key], line: index + 1, encrypted: _plaintext_js__WEBPACK_IMPORTED_MODULE_4__/* .SOPS_ENCRYPTED_VALUE */ .FP.test(value) });
    });
    return { metadata: Object.keys(flat).length ? unflattenSopsKeys(flat) : undefined, leaves };
}
function parseSops(file, text) {
    const format = (0,_sops_format_js__WEBPACK_IMPORTED_MODULE_5__/* .sopsFormatFor */ .u8)(file);
    return format === 'dotenv' ? parseDotenv(text) : format === 'ini' ? parseIni(text) : parseTree(text);
}
/**
 * Whether `after` keeps encrypted what the SOPS file `before` kept encrypted: its metadata whole (a MAC,
 * lastmodified, a recipient), no value in clear that its own metadata says is encrypted, and every key
 * that held an ENC[\u2026] value in `before` still holding one. A fake `sops:` block over plaintext does not.
 */
function keepsSopsEncrypted(before, after) {
    const leavesOf = ({ file, text }) => {
        try {
            const parsed = parseSops(file, text);
            return parsed.metadata ? parsed.leaves : undefined;
        }
        catch (error) {
            if (error instanceof Unreadable)
                return undefined;
            throw error;
        }
    };
    const now = leavesOf(after);
    if (!now || checkSopsFile(after.file, after.text, undefined, 'its own sops metadata').length)
        return false;
    const clear = new Set(now.filter((leaf) => !leaf.encrypted).map((leaf) => leaf.keys.join('\0')));
    return (leavesOf(before) ?? []).every((leaf) => !leaf.encrypted || !clear.has(leaf.keys.join('\0')));
}
/** The suffix that keeps a SOPS file's values in clear: its rule's, else its own metadata's (none when unreadable). */
function sopsClearSuffix(file, text, rule) {
    if (rule)
        return rule.policy.unencrypted_suffix;
    try {
        const suffix = parseSops(file, text).metadata?.unencrypted_suffix;
        return typeof suffix === 'string' && suffix !== '' ? suffix : undefined;
    }
    catch (error) {
        if (error instanceof Unreadable)
            return undefined;
        throw error;
    }
}
/** Whether SOPS encrypts a value, by the keys leading to it (sops.go, Tree.Encrypt). */
function sopsEncrypts(keys, policy) {
    let encrypted = true;
    if (policy.unencrypted_suffix !== undefined && keys.some((key) => key.endsWith(policy.unencrypted_suffix)))
        encrypted = false;
    if (policy.encrypted_suffix !== undefined)
        encrypted = keys.some((key) => key.endsWith(policy.encrypted_suffix));
    if (policy.encrypted_regex !== undefined)
        encrypted = keys.some((key) => policy.encrypted_regex.test(key));
    if (policy.unencrypted_regex !== undefined && keys.some((key) => policy.unencrypted_regex.test(key)))
        encrypted = false;
    return encrypted;
}
const list = (value) => (Array.isArray(value) ? value.filter((each) => typeof each === 'object' && each !== null) : []);
const field = (entry, key) => (typeof entry[key] === 'string' ? entry[key] : '');
/** The master keys a file is encrypted for, as its `sops` metadata lists them (top level and key groups). */
function fileRecipients(metadata) {
    const recipients = new Map(RECIPIENT_KINDS.map((kind) => [kind, new Set()]));
    const groups = [metadata, ...list(metadata.key_groups)];
    for (const group of groups) {
        const add = (kind, values) => values.filter(Boolean).forEach((value) => recipients.get(kind).add(normaliseRecipient(kind, value)));
        add('age', list(group.age).map((key) => field(key, 'recipient')));
        add('pgp', list(group.pgp).map((key) => field(key, 'fp')));
        add('kms', list(group.kms).map((key) => field(key, 'arn')));
        add('gcp_kms', list(group.gcp_kms).map((key) => field(key, 'resource_id')));
        add('azure_keyvault', list(group.azure_kv).map((key) => `${normaliseUrl(field(key, 'vault_url'))}/keys/${field(key, 'name')}/${field(key, 'version')}`));
        add('hc_vault_transit_uri', list(group.hc_vault).map((key) => `${normaliseUrl(field(key, 'vault_address'))}/v1/${field(key, 'engine_path')}/keys/${field(key, 'key_name')}`));
    }
    return recipients;
}
/**
 * Whether a file looks SOPS-encrypted, for files no creation rule names: unlike `hasSopsMetadata` (which
 * decryption asks), a file whose MAC was stripped still counts, so the check can say what is missing.
 */
function looksSopsEncrypted(path, text) {
    const format = (0,_sops_format_js__WEBPACK_IMPORTED_MODULE_5__/* .sopsFormatFor */ .u8)(path);
    if (format === 'dotenv')
        return /^sops_mac=/m.test(text);
    if (format === 'ini')
        return /^\[sops\]\s*$/m.test(text);
    return /^\s*"?sops"?\s*:/m.test(text) && /ENC\[AES256_GCM,/.test(text);
}
/**
 * Checks one file against the `.sops.yaml` rule that names it (or, without one, against its own
 * metadata): encrypted at all, metadata complete, recipients as the rule says, every value the
 * rule's settings say is encrypted an `ENC[AES256_GCM,\u2026]` value. Nothing is decrypted.
 */
function checkSopsFile(file, text, rule, configFile) {
    const findings = [];
    const finding = (line, id, message) => findings.push({ file, line, rule: id, severity: 'critical', message });
    const ruleName = rule ? `creation rule ${rule.number} of ${configFile}` : undefined;
    const format = (0,_sops_format_js__WEBPACK_IMPORTED_MODULE_5__/* .sopsFormatFor */ .u8)(file);
    let parsed;
    try {
        parsed = parseSops(file, text);
    }
    catch (error) {
        if (!(error instanceof Unreadable))
            throw error;
        finding(0, 'sops-metadata-unreadable', `${file} cannot be read as a SOPS ${format === 'binary' ? 'JSON (binary store)' : format} file (${error.message}), so its SOPS metadata is unreadable; restore it from git history or re-encrypt it with \`sops --encrypt --in-place ${file}\`.`);
        return findings;
    }
    const { metadata } = parsed;
    if (!metadata) {
        finding(0, 'sops-not-encrypted', `${file} is matched by ${ruleName ?? configFile} but is not SOPS-encrypted (no sops metadata); encrypt it with \`sops --encrypt --in-place ${file}\` and rotate what it held.`);
        return findings;
    }
    if (typeof metadata.mac !== 'string' || !_plaintext_js__WEBPACK_IMPORTED_MODULE_4__/* .SOPS_ENCRYPTED_VALUE */ .FP.test(metadata.mac)) {
        finding(0, 'sops-mac-missing', `${file} has no valid SOPS MAC in its metadata, so tampering with its values would not be detected; re-encrypt it with \`sops --encrypt --in-place ${file}\`.`);
    }
    if (typeof metadata.lastmodified !== 'string' || Number.isNaN(Date.parse(metadata.lastmodified))) {
        finding(0, 'sops-metadata-incomplete', `${file} has no valid sops.lastmodified in its metadata; re-encrypt it with \`sops --encrypt --in-place ${file}\`.`);
    }
    const actual = fileRecipients(metadata);
    if ([...actual.values()].every((set) => set.size === 0)) {
        finding(0, 'sops-metadata-incomplete', `${file} lists no recipients (age, pgp, kms, gcp_kms, azure_kv, hc_vault) in its SOPS metadata, so nobody can decrypt it; re-encrypt it with sops.`);
    }
    else if (rule && [...rule.recipients.values()].some((set) => set.size > 0)) {
        for (const kind of RECIPIENT_KINDS) {
            const wanted = rule.recipients.get(kind);
            const has = actual.get(kind);
            for (const recipient of has) {
                if (!wanted.has(recipient))
                    finding(0, 'sops-recipient-mismatch', `${file} is encrypted for the ${kind} recipient ${recipient}, which ${ruleName} does not name, so an unknown key holder can decrypt it; run \`sops updatekeys ${file}\` and rotate its secrets.`);
            }
            for (const recipient of wanted) {
                if (!has.has(recipient))
                    finding(0, 'sops-recipient-mismatch', `${file} is not encrypted for the ${kind} recipient ${recipient} that ${ruleName} names; run \`sops updatekeys ${file}\`.`);
            }
        }
    }
    let policy;
    try {
        policy = rule?.policy ?? policyOf(metadata, `${file}: sops`);
    }
    catch (error) {
        if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo))
            throw error;
        finding(0, 'sops-metadata-unreadable', `${error.message.replace(/; fix it\.$/, '')}, so which values must be encrypted is unknown; re-encrypt it with \`sops --encrypt --in-place ${file}\`.`);
        return findings;
    }
    for (const leaf of parsed.leaves) {
        if (leaf.encrypted || !sopsEncrypts(leaf.keys, policy))
            continue;
        finding(leaf.line, 'sops-unencrypted-value', `${file}:${leaf.line}: the value of ${leaf.keys.join('.')} is in plaintext although ${ruleName ?? 'its own sops metadata'} says it is encrypted; re-encrypt the file with \`sops --encrypt --in-place ${file}\` and rotate the value.`);
    }
    return findings;
}


/***/ }),

/***/ 8965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ inBatches)
/* harmony export */ });
/**
 * Many git objects from one `git cat-file --batch` (its input: one object name a line), not one git
 * process each: a pull request of 1,000 files spawned thousands of them.
 */
/** What `git cat-file --batch` reads on its input to answer for `objects`, in order. */
const batchInput = (objects) => Buffer.from(objects.map((object) => `${object}\n`).join(''));
/**
 * What `git cat-file --batch` answered, one entry per object asked for: a blob's bytes, or why there is
 * none (`<object> missing`, or an object that is not a file: a folder, a submodule's commit).
 */
function batchBlobs(output) {
    const answers = [];
    for (let at = 0; at < output.length;) {
        const lineEnd = output.indexOf(0x0a, at);
        if (lineEnd === -1)
            break;
        const [object = '', type, size] = output.toString('utf8', at, lineEnd).split(' ');
        if (size === undefined) {
            answers.push(`the object ${object} is ${type ?? 'not there'}`);
            at = lineEnd + 1;
            continue;
        }
        const start = lineEnd + 1;
        const end = start + Number(size);
        answers.push(type === 'blob' ? output.subarray(start, end) : `${object} is a ${type}, not a file`);
        at = end + 1;
    }
    return answers;
}
/** At most this many objects, and about this many bytes of them, are read by one `git cat-file --batch`: their contents are in memory together. */
const OBJECTS_AT_ONCE = 200;
const BYTES_AT_ONCE = 64 * 1024 * 1024;
/**
 * `items` with the blobs of their objects (`objectOf`; undefined: nothing to read), in batches of at most
 * OBJECTS_AT_ONCE objects and about BYTES_AT_ONCE bytes (one larger object alone), their sizes asked of
 * `git cat-file --batch-check` first: one batch's contents are in memory at a time. Each blob is its bytes,
 * or why git has no file there (see batchBlobs).
 */
async function* inBatches(run, items, objectOf) {
    const wanted = items.map(objectOf);
    const objects = wanted.filter((object) => object !== undefined);
    // `<size>`, or `<object> missing` (its batch read says so again): counted as nothing.
    const sizes = objects.length ? (await run(['cat-file', '--batch-check=%(objectsize)'], batchInput(objects))).toString('utf8').split('\n').map((line) => Number(line) || 0) : [];
    for (let first = 0, read = 0; first < items.length;) {
        let end = first;
        let count = 0;
        for (let bytes = 0; end < items.length; end++) {
            if (wanted[end] === undefined)
                continue;
            const size = sizes[read + count] ?? 0;
            if (count > 0 && (count >= OBJECTS_AT_ONCE || bytes + size > BYTES_AT_ONCE))
                break;
            count++;
            bytes += size;
        }
        const answers = count ? batchBlobs(await run(['cat-file', '--batch'], batchInput(objects.slice(read, read + count)))) : [];
        let next = 0;
        yield items.slice(first, end).map((item, index) => [item, wanted[first + index] === undefined ? undefined : (answers[next++] ?? 'no answer from git')]);
        first = end;
        read += count;
    }
}


/***/ }),

/***/ 555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $i: () => (/* binding */ generateGitlabProtectedEnvironments),
/* harmony export */   $q: () => (/* binding */ generateGithubEnvironments),
/* harmony export */   E3: () => (/* binding */ checkProtection)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2609);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8835);

/** `org/team` \u2192 id for each team, asked of the platform when there is one; without one, none is known. */
async function teamIds(teams, platform) {
    const ids = new Map();
    if (!platform)
        return ids;
    for (const team of new Set(teams))
        ids.set(team, await platform.teamId(team));
    return ids;
}
const teamsOf = (policy, all) => [...policy.required_teams, ...(all && policy.critical_requires_team ? [policy.critical_requires_team] : [])].map((team) => team.replace(/^@/, ''));
/** `generate github-environments`: each environment's settings; with `apply`, set on GitHub (all ids resolved first: nothing half-written). */
async function generateGithubEnvironments(config, named, platform, apply = false) {
    const environments = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .protectedEnvironments */ .F$)(config, named);
    const ids = await teamIds(environments.flatMap(([, policy]) => teamsOf(policy, true)), platform);
    const settings = environments.map(([environment, policy]) => (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .githubEnvironmentSettings */ .Wz)(environment, policy, ids));
    if (apply && platform)
        for (const each of settings)
            await platform.applyGithubEnvironment(each);
    return settings;
}
/** `generate gitlab-protected-environments`: each environment's protected environment; with `apply`, created on GitLab. */
async function generateGitlabProtectedEnvironments(config, named, platform, apply = false) {
    const environments = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .protectedEnvironments */ .F$)(config, named);
    const ids = await teamIds(environments.flatMap(([, policy]) => teamsOf(policy, false)), platform);
    const settings = environments.map(([environment, policy]) => (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .gitlabProtectedEnvironmentSettings */ .oX)(environment, policy, ids));
    if (apply && platform)
        for (const each of settings)
            await platform.applyGitlabProtectedEnvironment(each);
    return settings;
}
/** `check-protection`: where the platform's live protection is weaker than each environment's policy. */
async function checkProtection(config, named, platform) {
    const weaknesses = [];
    for (const [environment, policy] of (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .protectedEnvironments */ .F$)(config, named)) {
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .appendAll */ .u2)(weaknesses, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .protectionWeaknesses */ .Zg)(environment, policy, await platform.live(environment, policy.branch)));
    }
    return weaknesses;
}


/***/ }),

/***/ 3176:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fi: () => (/* binding */ CommitReader),
  qX: () => (/* binding */ auditPolicy),
  GX: () => (/* binding */ environmentBranch),
  j5: () => (/* binding */ misplaced),
  x1: () => (/* binding */ misplacedConfigError),
  wq: () => (/* binding */ readBasePolicy),
  f4: () => (/* binding */ readBranchConfig),
  iK: () => (/* binding */ readDefaultBranchPolicy),
  xr: () => (/* binding */ withModes),
  ZR: () => (/* binding */ withTreeModes)
});

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/config/parse.ts
var parse = __webpack_require__(7711);
// EXTERNAL MODULE: ./packages/core/src/policy/codeowners.ts
var policy_codeowners = __webpack_require__(271);
// EXTERNAL MODULE: ./packages/core/src/policy/safe-change.ts
var safe_change = __webpack_require__(8676);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./packages/core/src/severity/glob.ts
var severity_glob = __webpack_require__(4523);
;// CONCATENATED MODULE: ./packages/core/src/policy/gitlab-ci.ts



/** GitLab's own tag (`!reference [.job, script]`), in any node kind: a file using it is still read for its includes. */
const CI_SCHEMA = js_yaml/* DEFAULT_SCHEMA */.my.extend(['scalar', 'sequence', 'mapping'].map((kind) => new js_yaml/* Type */.ZU('!reference', { kind })));
/**
 * What a GitLab CI file makes part of the pipeline from this repository: `include:` entries that are
 * a path, `local:`, `project:` naming this project (its `file:`s) or one of this project's own
 * `component:`s (its `templates/` file), and child pipelines' `trigger: include:` in the same forms. Remote, template, component and other projects' files do not
 * live here. `projectPath` is this project's full path; without it `project:` includes are not followed.
 */
function gitlabCiFiles(ciYaml, projectPath) {
    let documents;
    try {
        // A file with a `spec:` header is two documents: the header, then the configuration.
        documents = (0,js_yaml/* loadAll */.gh)(ciYaml, undefined, { json: true, schema: CI_SCHEMA });
    }
    catch {
        return { files: [], unresolved: [], unparseable: true };
    }
    const result = { files: [], unresolved: [] };
    for (const document of documents.filter(isObject)) {
        const includeLists = [document.include, ...Object.values(document).map((job) => (isObject(job) && isObject(job.trigger) ? job.trigger.include : undefined))];
        for (const include of includeLists) {
            for (const entry of Array.isArray(include) ? include : include === undefined ? [] : [include])
                collect(entry, projectPath, result);
        }
    }
    // `/ci/a.yml`, `./ci/a.yml` and `ci/x/../a.yml` are the file the repository lists as `ci/a.yml`.
    return { files: result.files.map((path) => external_node_path_.posix.normalize(path.replace(/^\/+/, '')).replace(/^(\.\/)+/, '')), unresolved: result.unresolved };
}
function collect(entry, projectPath, into) {
    const add = (paths, what) => {
        for (const path of Array.isArray(paths) ? paths : [paths]) {
            if (typeof path !== 'string')
                continue;
            if (path.includes('$'))
                into.unresolved.push(`${what} ${path}`);
            else
                into.files.push(path);
        }
    };
    if (typeof entry === 'string') {
        if (!/^https?:/i.test(entry))
            add(entry, 'include');
        return;
    }
    if (!isObject(entry))
        return;
    if (entry.local !== undefined)
        add(entry.local, 'include: local:');
    if (typeof entry.project === 'string' && projectPath !== undefined) {
        if (entry.project.includes('$'))
            into.unresolved.push(`include: project: ${entry.project}`);
        else if (entry.project.replace(/^\/+|\/+$/g, '').toLowerCase() === projectPath.toLowerCase())
            add(entry.file, `include: project: ${entry.project} file:`);
    }
    // `component: <host>/<project path>/<name>@<version>`: one of this project's own components runs its templates/.
    const component = typeof entry.component === 'string' ? /^[^/]+\/(.+)\/([^/@]+)@[^/]*$/.exec(entry.component) : null;
    if (component && projectPath !== undefined) {
        if (component[1].includes('$'))
            into.unresolved.push(`include: component: ${entry.component}`);
        else if (component[1].toLowerCase() === projectPath.toLowerCase())
            add([`templates/${component[2]}.yml`, `templates/${component[2]}/template.yml`], 'include: component:');
    }
}
/** Whether an include path is a glob (`ci/*.yml`), which GitLab expands to every file it matches. */
const isIncludeGlob = (include) => /[*?[{]/.test(include);
/**
 * What a glob include can bring in: the folder to list, and a test read widely (`*` across folders,
 * `[\u2026]` as any one character), so that no file GitLab's matching takes is missed.
 */
function includeGlob(glob) {
    const fixed = glob.slice(0, glob.search(/[*?[{]/));
    const pattern = (0,severity_glob/* globToRegExp */.tL)(glob.replace(/\[[^\]]*\]/g, '?').replace(/\*+/g, '**'));
    return { folder: fixed.includes('/') ? fixed.slice(0, fixed.lastIndexOf('/')) : '', matches: (path) => pattern.test(path) };
}
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * The project's `ci_config_path` (Settings \u2192 CI/CD \u2192 CI/CD configuration file) as a path in this
 * repository, or undefined when the file lives elsewhere: another project (`file.yml@group/project[:ref]`)
 * or a URL. Empty means the default `.gitlab-ci.yml`.
 */
function localCiConfigPath(ciConfigPath) {
    const path = ciConfigPath.trim() || '.gitlab-ci.yml';
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.includes('@'))
        return undefined;
    return path.replace(/^(\.?\/)+/, '');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./packages/engine/src/config-file.ts
var config_file = __webpack_require__(1855);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/git-objects.ts
var git_objects = __webpack_require__(8965);
// EXTERNAL MODULE: ./packages/engine/src/node-exec.ts
var node_exec = __webpack_require__(9146);
;// CONCATENATED MODULE: ./packages/engine/src/review/base-policy.ts







/** Reads files at a commit: from the local clone when it has the commit, else through the platform's API (when there is one). */
class CommitReader {
    platform;
    exec;
    cwd;
    local;
    constructor(platform, exec, cwd) {
        this.platform = platform;
        this.exec = exec;
        this.cwd = cwd;
    }
    /** git's standard output; throws with the first line git wrote to standard error when it fails. */
    async gitOutput(args, input) {
        const result = await this.git(args, input);
        if (result.exitCode !== 0)
            throw new Error(result.stderr.trim().split('\n')[0] || `git exited ${result.exitCode}`);
        return result.stdout;
    }
    git(args, input) {
        // Paths are the change's own: `:/notes.md` must name the file in the folder `:`, not be read as pathspec magic (notes.md at the top, or nothing).
        return this.exec.run('git', ['--literal-pathspecs', ...args], { cwd: this.cwd, input });
    }
    /**
     * A path given to the run (absolute, `$CI_PROJECT_DIR/gitops-sync.yaml`, or relative to the folder it
     * runs in) as the repository names it from its top, as every path read at a commit is: the base commit
     * has no file at `/builds/\u2026`, and a policy read from nowhere would be the defaults.
     */
    async repositoryPath(path, purpose = 'so its policy can be read at the base commit') {
        const top = await this.git(['rev-parse', '--show-toplevel']).catch(() => undefined);
        const root = top?.exitCode === 0 ? top.stdout.toString('utf8').trim() : this.cwd;
        const real = (file) => {
            try {
                return external_node_fs_.realpathSync.native(file);
            }
            catch {
                return file;
            }
        };
        // The path the config is named by, up to the repository's root: a symbolic link on the way (the
        // config itself, or a folder) is not followed, or a link in the working copy could choose which
        // committed file is read as the policy.
        const outside = () => new errors/* UserError */.yo(`The config ${path} is outside the repository ${root}; give its path inside the repository (e.g. gitops-sync.yaml), ${purpose}.`);
        const realRoot = real(root);
        const names = [];
        const start = (0,external_node_path_.resolve)(this.cwd, path);
        for (let at = start;; at = (0,external_node_path_.dirname)(at)) {
            // A folder on the way that is a link inside the repository (`ci -> .`) would make another file the policy.
            if (at !== start && (0,external_node_fs_.lstatSync)(at, { throwIfNoEntry: false })?.isSymbolicLink() && (0,files/* isInside */.FK)(real((0,external_node_path_.dirname)(at)), realRoot)) {
                throw new errors/* UserError */.yo(`The config ${path} is named through ${at}, a symbolic link in the repository; give its path without links, ${purpose}.`);
            }
            if (real(at) === realRoot)
                break;
            if ((0,external_node_path_.dirname)(at) === at)
                throw outside();
            names.unshift((0,external_node_path_.basename)(at));
        }
        if (!names.length)
            throw outside();
        return names.join('/');
    }
    async hasCommit(sha) {
        return (await this.git(['cat-file', '-e', `${sha}^{commit}`]).catch(() => ({ exitCode: 1 }))).exitCode === 0;
    }
    /**
     * A file at a commit, or undefined when the commit has none there. Whether it exists is read from
     * the tree (which even a partial clone has); a blob git then cannot produce is an error, never
     * "no file" \u2014 a missing CODEOWNERS must not be mistaken for an unreadable one.
     */
    async read(path, sha) {
        const text = (await this.readAll([path], sha)).get(path);
        if (text instanceof Error)
            throw text;
        return text;
    }
    /**
     * Files at a commit, each as `read` gives it: its text, undefined when the commit has none there, or
     * the error `read` throws. From the clone, two git processes for up to PATHS_LISTED_AT_ONCE files,
     * not two for each (a pull request of 1,000 files took 23 s).
     */
    async readAll(paths, sha) {
        const texts = new Map();
        this.local ??= await this.hasCommit(sha);
        if (!this.local) {
            for (const path of new Set(paths)) {
                if (!this.platform)
                    texts.set(path, new errors/* UserError */.yo(`The commit ${sha.slice(0, 12)} is not in the clone at ${this.cwd}; fetch it (git fetch), so ${path} can be read there.`));
                else
                    texts.set(path, await this.platform.readFileAt(path, sha).catch((error) => (error instanceof Error ? error : new Error(String(error)))));
            }
            return texts;
        }
        for (const group of pathGroups([...new Set(paths)])) {
            const objects = await this.objectsAt(group, sha);
            if (typeof objects === 'string') {
                for (const path of group)
                    texts.set(path, new errors/* UserError */.yo(`git could not list ${path} at ${sha.slice(0, 12)} in ${this.cwd} (${objects}); fetch the base commit fully (actions/checkout with fetch-depth: 0).`));
                continue;
            }
            // git lists what is inside a folder asked for with a file in it, not the folder itself: asked alone, it is listed.
            const folders = new Set(group.flatMap((path) => path.split('/').slice(0, -1).map((_, depth, parts) => parts.slice(0, depth + 1).join('/'))));
            for (const path of group.filter((each) => !objects.has(each) && folders.has(each))) {
                const alone = await this.objectsAt([path], sha);
                if (typeof alone === 'string')
                    texts.set(path, new errors/* UserError */.yo(`git could not list ${path} at ${sha.slice(0, 12)} in ${this.cwd} (${alone}); fetch the base commit fully (actions/checkout with fetch-depth: 0).`));
                else if (alone.has(path))
                    objects.set(path, alone.get(path));
            }
            const listed = group.filter((path) => objects.has(path));
            for (const path of group)
                if (!objects.has(path) && !texts.has(path))
                    texts.set(path, undefined);
            if (!listed.length)
                continue;
            const unreadable = (path, why) => new errors/* UserError */.yo(`git could not read ${path} at ${sha.slice(0, 12)} in ${this.cwd} (${why}); fetch the base commit fully (actions/checkout with fetch-depth: 0, no blob filter).`);
            try {
                for await (const batch of (0,git_objects/* inBatches */.o)((args, input) => this.gitOutput(args, input), listed, (path) => objects.get(path))) {
                    for (const [path, blob] of batch)
                        texts.set(path, typeof blob === 'string' || blob === undefined ? unreadable(path, blob ?? 'no answer from git') : blob.toString('utf8'));
                }
            }
            catch (error) {
                for (const path of listed)
                    if (!texts.has(path))
                        texts.set(path, unreadable(path, error.message));
            }
        }
        return texts;
    }
    /** The object listed at each of `paths` at a commit (those listed), or why git could not list them. */
    async objectsAt(paths, sha) {
        const listing = await this.git(['ls-tree', '-z', '--full-tree', sha, '--', ...paths]);
        if (listing.exitCode !== 0)
            return listing.stderr.trim().split('\n')[0] ?? '';
        // `<mode> <type> <object>\t<path>`: each path's object is the one listed at exactly that path.
        const objects = new Map();
        for (const entry of listing.stdout.toString('utf8').split('\0')) {
            const tab = entry.indexOf('\t');
            if (tab !== -1)
                objects.set(entry.slice(tab + 1), entry.slice(0, tab).split(' ')[2] ?? '');
        }
        return objects;
    }
    /** Every file under `folder` ('' for the whole tree) at a commit, or undefined when neither the clone nor the platform can list them. */
    async filesUnder(folder, sha) {
        this.local ??= await this.hasCommit(sha);
        if (!this.local)
            return this.platform?.filesUnder?.(folder, sha);
        const listing = await this.git(['ls-tree', '-r', '-z', '--full-tree', '--name-only', sha, '--', ...(folder ? [folder] : [])]);
        if (listing.exitCode !== 0)
            throw new errors/* UserError */.yo(`git could not list ${folder || 'the files'} at ${sha.slice(0, 12)} in ${this.cwd} (${listing.stderr.trim().split('\n')[0]}); fetch the base commit fully (actions/checkout with fetch-depth: 0).`);
        return listing.stdout.toString('utf8').split('\0').filter(Boolean);
    }
    /**
     * Git file modes of each path between the merge base and the head (`git diff --raw`), or
     * undefined when the clone lacks either commit.
     */
    async modes(baseSha, headSha) {
        if (!(await this.hasCommit(baseSha)) || !(await this.hasCommit(headSha)))
            return undefined;
        const diff = await this.git(['diff', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-ext-diff', `${baseSha}...${headSha}`]);
        if (diff.exitCode !== 0)
            return undefined;
        const modes = new Map();
        const fields = diff.stdout.toString('utf8').split('\0');
        for (let i = 0; i + 1 < fields.length; i += 2) {
            const [oldMode, newMode] = fields[i].replace(/^:/, '').split(' ');
            modes.set(fields[i + 1], { old: oldMode.replace(/^0+$/, '0'), new: newMode.replace(/^0+$/, '0') });
        }
        return modes;
    }
}
/** How many paths one `git ls-tree` is given, and how many bytes of them: far below any limit on a command line. */
const PATHS_LISTED_AT_ONCE = 500;
const PATH_BYTES_LISTED_AT_ONCE = 64 * 1024;
/** `paths` in groups small enough for one command line each. */
function pathGroups(paths) {
    const groups = [];
    let group = [];
    let bytes = 0;
    for (const path of paths) {
        const size = Buffer.byteLength(path) + 1;
        if (group.length && (group.length >= PATHS_LISTED_AT_ONCE || bytes + size > PATH_BYTES_LISTED_AT_ONCE)) {
            groups.push(group);
            group = [];
            bytes = 0;
        }
        group.push(path);
        bytes += size;
    }
    if (group.length)
        groups.push(group);
    return groups;
}
/**
 * Fills in GitHub's missing file modes from the clone. A listed file git does not diff for the head
 * means GitHub listed another commit (see withTreeModes); with the count of files the pull request
 * gives, a listing of only files the head changes is all of them.
 */
function withModes(files, modes, headSha) {
    const stale = files.flatMap((file) => [file.path, file.previousPath ?? file.path]).find((path) => !modes.has(path));
    if (stale !== undefined)
        return { problem: notAtHead(stale, headSha) };
    return { files: files.map((file) => ({ ...file, oldMode: modes.get(file.previousPath ?? file.path)?.old, newMode: modes.get(file.path)?.new })) };
}
const notAtHead = (path, headSha) => `GitHub listed ${path} as it is not at the head ${headSha.slice(0, 12)}, so the listing may be of another commit (the head moved while it was read); run it again`;
/**
 * Fills in GitHub's missing file modes from the platform's trees of the base and the head, for a clone
 * that lacks either commit. A path missing from a tree is absent (`0`) only where the status says so; otherwise its mode is unknown.
 * GitHub's files API takes no commit, so a listing made while the head was briefly another commit (a
 * force-push and back) would be judged as this head's: each listed file must be as the head's tree has it.
 */
async function withTreeModes(platform, files, baseSha, headSha) {
    if (!platform.treeModes)
        return { problem: 'the file modes are unknown because the checkout lacks the base or head commit (check out both: actions/checkout with fetch-depth: 0)' };
    const [base, head] = await Promise.all([platform.treeModes(baseSha), platform.treeModes(headSha)]);
    if ('problem' in base)
        return base;
    if ('problem' in head)
        return head;
    const stale = files.find((file) => (file.status === 'removed' ? head.modes.has(file.path) : file.headBlob === undefined || head.blobs.get(file.path) !== file.headBlob));
    if (stale)
        return { problem: notAtHead(stale.path, headSha) };
    return {
        files: files.map((file) => ({
            ...file,
            oldMode: base.modes.get(file.previousPath ?? file.path) ?? (file.status === 'added' ? '0' : undefined),
            newMode: head.modes.get(file.path) ?? (file.status === 'removed' ? '0' : undefined),
        })),
    };
}
/** The error a run that must not go on with the defaults stops with (see misplaced). */
const misplacedConfigError = (reason) => new errors/* UserError */.yo(`${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`);
/** Where a repository's config usually is: a run elsewhere that finds none at its own path may have missed it. */
const TOP_CONFIG = 'gitops-sync.yaml';
/**
 * For a config not at `path` at the commit: why (a reason, as approve-safe lists them; gate and sync stop with
 * misplacedConfigError) the defaults must not stand in for it when the repository's
 * is at the top (a run from a subfolder, a config path mistyped), or undefined (no config anywhere there, or
 * one a change adds: the defaults are right).
 */
async function misplaced(reader, path, sha) {
    if (path === TOP_CONFIG || (await reader.read(TOP_CONFIG, sha)) === undefined)
        return undefined;
    return `the config ${path} is not at the base commit but ${TOP_CONFIG} is, so the change cannot be judged by the repository's policy; run from the repository's top or pass --config with the config's path`;
}
async function readBasePolicy(reader, flavor, baseSha, configPath, gitlab) {
    // `./docs/gitops-sync.yaml` and `docs/gitops-sync.yaml` are one file: guard it under the name the API lists.
    configPath = external_node_path_.posix.normalize((await reader.repositoryPath(configPath)).replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
    const configText = await reader.read(configPath, baseSha);
    const config = (0,parse/* parseConfig */.o)(configText ?? '{}', `${configPath} at the base commit ${baseSha.slice(0, 12)}`);
    // No config there is the defaults (a repository without one, or a change adding it), but not when the repository's is elsewhere.
    const misplacedConfig = configText === undefined ? await misplaced(reader, configPath, baseSha) : undefined;
    (0,node_exec/* withholdFromTools */.n4)((0,config_file/* secretVariableNames */.r)(config));
    let codeowners;
    for (const location of policy_codeowners/* CODEOWNERS_LOCATIONS */.B[flavor]) {
        const text = await reader.read(location, baseSha);
        if (text === undefined)
            continue;
        codeowners = (0,policy_codeowners/* parseCodeowners */.U)(text, flavor, `${location} at the base commit`);
        break;
    }
    const pipeline = await pipelineFiles(reader, baseSha, gitlab);
    const { inputs, unknown } = (0,safe_change/* environmentInputs */.rg)(config, configPath);
    return {
        config,
        codeowners,
        configPath,
        extraControls: [configPath, ...pipeline.files],
        environmentInputs: inputs,
        ...(misplacedConfig ? { misplacedConfig } : {}),
        unjudgeable: [
            ...(misplacedConfig ? [misplacedConfig] : []),
            ...pipeline.unjudgeable,
            ...unknown.map((input) => `${input}, so no change can be shown not to affect it`),
        ],
    };
}
/**
 * The config whose `audit:` says where a change's decision is recorded: the default branch's (a branch a
 * change targets may be one anyone with write access made), or the defaults when that cannot be known.
 */
function auditPolicy(home) {
    return 'problem' in home ? (0,parse/* parseConfig */.o)('{}', 'the default audit settings') : home.config;
}
/**
 * The config on the repository's default branch, or why it cannot be known. Anyone with write access
 * can make a branch whose config is looser (or names that branch an environment's), so a change's
 * base is trusted only when it is the default branch or a branch the default branch's config names.
 */
async function readDefaultBranchPolicy(platform, request, policy) {
    const defaultBranch = request.defaultBranch;
    if (!defaultBranch)
        return { problem: `${platform.label} does not say which branch is the repository's default, so the policy of its base branch ${request.baseRef} cannot be trusted` };
    if (request.baseRef === defaultBranch)
        return { defaultBranch, config: policy.config };
    // Through the platform and by the full ref: a local branch, or a tag of the same name, is not the default branch.
    const text = await platform.readFileAt(policy.configPath, `refs/heads/${defaultBranch}`);
    return { defaultBranch, config: (0,parse/* parseConfig */.o)(text ?? '{}', `${policy.configPath} on the default branch ${defaultBranch}`) };
}
/** The environment's protected branch as the default branch's config names it (the default when it names none). */
function environmentBranch(home, environment) {
    const environments = home.config.approval.environments;
    return Object.hasOwn(environments, environment) ? environments[environment].branch : home.defaultBranch;
}
/** GitLab allows up to 150 included files, nested: every local one the base `.gitlab-ci.yml` reaches is a control. */
const MAX_INCLUDES = 150;
/**
 * The project's CI file (GitLab's `ci_config_path`, default `.gitlab-ci.yml`) and every file of this
 * repository it reaches at the base commit through includes and child pipelines.
 */
async function pipelineFiles(reader, baseSha, gitlab) {
    const unjudgeable = [];
    const roots = ['.gitlab-ci.yml'];
    if (gitlab) {
        const root = localCiConfigPath(gitlab.ciConfigPath);
        if (root === undefined)
            unjudgeable.push(`the project's CI/CD configuration file (${gitlab.ciConfigPath}) is not in this repository, so what its pipeline runs cannot be judged here`);
        else
            roots.push(external_node_path_.posix.normalize(root));
    }
    const found = new Set(roots);
    const queue = [...found];
    while (queue.length && found.size < MAX_INCLUDES) {
        const path = queue.shift();
        const text = await reader.read(path, baseSha);
        const { files, unresolved, unparseable } = text ? gitlabCiFiles(text, gitlab?.projectPath) : { files: [], unresolved: [] };
        if (unparseable)
            unjudgeable.push(`${path} at the base commit is not YAML gitops-sync can read, so what its pipeline includes cannot be judged`);
        for (const include of unresolved)
            unjudgeable.push(`${path} at the base commit has \`${include}\`, a variable that cannot be resolved here, so what its pipeline runs cannot be judged`);
        for (const include of files) {
            if (found.has(include))
                continue;
            found.add(include);
            if (!isIncludeGlob(include)) {
                queue.push(include);
                continue;
            }
            // A glob (`ci/*.yml`) guards what it may match later; what it matches now is read for its own includes.
            const glob = includeGlob(include);
            const listed = await reader.filesUnder(glob.folder, baseSha);
            if (listed === undefined)
                unjudgeable.push(`${path} at the base commit includes \`${include}\`, whose files cannot be listed here, so what its pipeline runs cannot be judged`);
            for (const file of (listed ?? []).filter(glob.matches)) {
                if (!found.has(file))
                    queue.push(file);
                found.add(file);
            }
        }
    }
    if (queue.length)
        unjudgeable.push(`the CI files reach more than ${MAX_INCLUDES} others, more than are followed here, so what the pipeline runs cannot be judged`);
    return { files: [...found], unjudgeable };
}
/**
 * The config as merged on a protected branch (`origin/<branch>`, else the local `<branch>`): the base
 * every change request to it is judged against; or why it cannot be read.
 */
async function readBranchConfig(exec, cwd, branch, configPath, runRepository) {
    const git = (args) => exec.run('git', args, { cwd }).catch(() => undefined);
    // On a CI runner the job may have cloned anything (a fork, as origin, with its own main): only the
    // run's own repository's branch counts. The URL may hold a token, so it is never shown.
    if (runRepository) {
        const origin = await git(['remote', 'get-url', 'origin']);
        const url = origin?.exitCode === 0 ? origin.stdout.toString('utf8').trim().replace(/\/+$/, '').replace(/\.git$/, '') : '';
        if (url && !url.toLowerCase().endsWith(`/${runRepository.toLowerCase()}`) && !url.toLowerCase().endsWith(`:${runRepository.toLowerCase()}`)) {
            return { problem: `the clone's origin is not ${runRepository}, the repository this CI run belongs to` };
        }
    }
    let sha;
    for (const ref of runRepository ? [`refs/remotes/origin/${branch}`] : [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
        const found = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
        if (found?.exitCode === 0) {
            sha = found.stdout.toString('utf8').trim();
            break;
        }
    }
    if (!sha && runRepository)
        return { problem: `there is no origin/${branch} in the clone at ${cwd}; on a CI runner only the remote's branch counts: fetch it (e.g. fetch-depth: 0)` };
    if (!sha)
        return { problem: `there is no branch ${branch} in the clone at ${cwd} to read its policy from` };
    const reader = new CommitReader(undefined, exec, cwd);
    const path = external_node_path_.posix.normalize((await reader.repositoryPath(configPath)).replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
    const text = await reader.read(path, sha);
    if (text === undefined)
        return { problem: `${path} is not on ${branch}` };
    return { config: (0,parse/* parseConfig */.o)(text, `${path} on ${branch} (${sha.slice(0, 12)})`), sha, configPath: path };
}


/***/ }),

/***/ 3837:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ secretsFindingsForChange),
/* harmony export */   s: () => (/* binding */ secretRulesAtBase)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2560);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2848);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7711);
/* harmony import */ var _secrets_pr_changes_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1414);
/* harmony import */ var _base_policy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3176);




/** What a text sniff of this many bytes finds a NUL in is binary (or UTF-16): read without its NULs. */
const SNIFF_BYTES = 8000;
/**
 * Why a change touches secrets, for approve-safe: a changed file encrypted at the base or at the head
 * (SOPS metadata, git-crypt's header) needs a human who owns the secrets, and so does a plaintext
 * secret the head adds (the secrets check's rules, with `secrets.rules` and `secrets.allow` read at
 * the base commit like the rest of the policy). Each side is read from the local clone when it has
 * that commit, else through the platform; anything that cannot be read leaves the change unsafe.
 */
async function secretsFindingsForChange(platform, exec, cwd, request, files, policy) {
    // One reader per commit: a clone may hold the base and not the head (pull_request_target checks out the base).
    const readers = { base: new _base_policy_js__WEBPACK_IMPORTED_MODULE_1__/* .CommitReader */ .fi(platform, exec, cwd), head: new _base_policy_js__WEBPACK_IMPORTED_MODULE_1__/* .CommitReader */ .fi(platform, exec, cwd) };
    const rules = await secretRulesAtBase(readers.base, request.baseSha, policy);
    if (typeof rules === 'string')
        return [{ path: null, reason: rules }];
    const allowed = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .allowedPathMatcher */ .WF)(policy.config.secrets.allow);
    const findings = [];
    for (let first = 0; first < files.length; first += FILES_READ_AT_ONCE) {
        const some = files.slice(first, first + FILES_READ_AT_ONCE).map((file) => ({ file, sides: sidesOf(file) }));
        const present = (side) => some.flatMap(({ sides }) => sides.filter((each) => each.side === side && each.present).map((each) => each.path));
        const texts = { base: await readers.base.readAll(present('base'), request.baseSha), head: await readers.head.readAll(present('head'), request.headSha) };
        for (const { file, sides } of some)
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(findings, fileFindings(file, sides, texts, rules, allowed));
    }
    return findings;
}
/** A changed file's two sides, base first: where each is read, and whether the change has it. */
const sidesOf = (file) => [
    { side: 'base', path: file.previousPath ?? file.path, present: file.status !== 'added' },
    { side: 'head', path: file.path, present: file.status !== 'removed' },
];
/** How many changed files are read at a time: their texts are in memory together. */
const FILES_READ_AT_ONCE = 200;
/** Why one changed file touches secrets, from its texts at the base and the head. */
function fileFindings(file, sides, texts, rules, allowed) {
    const findings = [];
    for (const { side, path, present } of sides) {
        if (!present)
            continue;
        const text = texts[side].get(path);
        if (text instanceof Error) {
            findings.push({ path: file.path, reason: `whether ${JSON.stringify(path)} holds a secret at the ${side} cannot be known (${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .describeFailure */ .Ic)(text).replace(/\.$/, '')})` });
            break;
        }
        if (text === undefined)
            continue;
        const protection = (0,_secrets_pr_changes_js__WEBPACK_IMPORTED_MODULE_5__/* .encryptionOf */ .fR)(Buffer.from(text, 'utf8'));
        if (protection) {
            findings.push({ path: file.path, reason: `${JSON.stringify(path)} is ${protection.kind === 'sops' ? 'SOPS' : 'git-crypt'}-encrypted at the ${side}: a change to a secret needs a human who owns it` });
            break;
        }
        if (side === 'head' && !allowed(path)) {
            // NULs (UTF-16 text, NUL padding) dropped as secrets check does: an ASCII secret still shows.
            const scanned = text.slice(0, SNIFF_BYTES).includes('\0') ? text.replaceAll('\0', '') : text;
            for (const secret of (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .scanPlaintext */ .Xq)(path, scanned, rules))
                findings.push({ path: file.path, reason: `a plaintext secret at line ${secret.line} (rule ${secret.rule}): ${secret.message}` });
        }
    }
    return findings;
}
/** The secret rules as the base commit's config says (built-in plus `secrets.rules`), or why they cannot be read. */
async function secretRulesAtBase(reader, baseSha, policy) {
    const extraPath = policy.config.secrets.rules;
    if (extraPath === undefined)
        return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .compileSecretRules */ .tK)((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .mergeSecretRules */ .Gl)([]), 'the built-in secret rules');
    const path = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(policy.configPath), extraPath.replace(/\\/g, '/')));
    try {
        const text = await reader.read(path, baseSha);
        if (text === undefined)
            return `secrets.rules names ${path}, which does not exist at the base commit, so plaintext secrets cannot be looked for`;
        const extra = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .parseYamlWith */ .n)(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .SecretRulesFile */ .e$, text, `${path} at the base commit`, 'a secret rules file holds `rules:` entries with id, description and pattern (or key with value / min_entropy).').rules;
        return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .compileSecretRules */ .tK)((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .mergeSecretRules */ .Gl)(extra), path);
    }
    catch (error) {
        return `the secret rules ${path} at the base commit cannot be used (${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .describeFailure */ .Ic)(error).replace(/\.$/, '')})`;
    }
}


/***/ }),

/***/ 1414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S8: () => (/* binding */ secretsSettingsChanges),
/* harmony export */   ZC: () => (/* binding */ secretsPolicyChanges),
/* harmony export */   fR: () => (/* binding */ encryptionOf)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8815);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6928);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8835);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2560);
/* harmony import */ var _git_objects_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8965);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6477);






/**
 * What a pull/merge request changes about secrets at rest, read from git objects only (never the
 * working tree, which the author controls): files it decrypts, `.sops.yaml` creation rules it
 * removes or lets another rule take over, `.gitattributes` git-crypt paths it drops, and either file
 * deleted. Compared as the change shows itself: from the merge base of `base` and `head` to `head`.
 */
async function secretsPolicyChanges(options) {
    const git = gitIn(options.root, options.exec);
    const head = await commitId(git, options.head);
    const base = await mergeBase(git, await commitId(git, options.base), head);
    const [baseFiles, headFiles, changes] = await Promise.all([listFiles(git, base), listFiles(git, head), changedEntries(git, base, head)]);
    const findings = [
        ...(await decryptedFiles(git, changes)),
        ...deletedPolicyFiles(changes),
        ...(await sopsRuleChanges(git, base, head, baseFiles, headFiles)),
        ...(await gitCryptPathChanges(git, base, head, baseFiles, headFiles)),
    ];
    return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}
function gitIn(root, exec) {
    return async (args, env, input) => {
        const result = await exec.run('git', ['-c', 'core.quotePath=false', ...args], { cwd: root, input, ...(env ? { env: { ...process.env, ...env } } : {}) });
        if (result.exitCode !== 0)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`git ${args[0]} failed in ${root} (${result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`}); fetch both commits of the change (actions/checkout with fetch-depth: 0).`);
        return result.stdout;
    };
}
async function commitId(git, ref) {
    if (ref.startsWith('-'))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The commit ${JSON.stringify(ref)} is not a commit name; give a branch, tag or SHA.`);
    return (await git(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`]).catch(() => {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The commit ${ref} is not in the clone; fetch it (git fetch, or actions/checkout with fetch-depth: 0) so the change's secrets can be compared.`);
    }))
        .toString('utf8')
        .trim();
}
/** The change as the platform shows it: against the merge base, so what the base branch did since is not the author's. */
async function mergeBase(git, base, head) {
    return (await git(['merge-base', base, head]).catch(() => Buffer.from(base))).toString('utf8').trim() || base;
}
async function listFiles(git, commit) {
    const files = new Map();
    for (const line of (await git(['ls-tree', '-r', '-z', '--full-tree', commit])).toString('utf8').split('\0')) {
        const tab = line.indexOf('\t');
        if (tab < 0)
            continue;
        const [mode, type, oid] = line.slice(0, tab).split(' ');
        if (type === 'blob')
            files.set(line.slice(tab + 1), { mode, oid });
    }
    return files;
}
const SYMLINK = '120000';
const SUBMODULE = '160000';
const ABSENT = /^0+$/;
async function changedEntries(git, base, head) {
    const fields = (await git(['diff', '--raw', '-z', '-M', '--no-abbrev', '--no-ext-diff', '--no-textconv', base, head])).toString('utf8').split('\0');
    const entries = [];
    for (let i = 0; i < fields.length - 1;) {
        const [oldMode, newMode, oldOid, newOid, status] = fields[i].replace(/^:/, '').split(' ');
        const paired = /^[RC]/.test(status);
        const first = fields[i + 1];
        const second = paired ? fields[i + 2] : undefined;
        i += paired ? 3 : 2;
        entries.push({
            status: status[0],
            oldPath: ABSENT.test(oldMode) ? undefined : first,
            newPath: ABSENT.test(newMode) ? undefined : (second ?? first),
            oldMode,
            newMode,
            oldOid,
            newOid,
        });
    }
    return entries;
}
const GIT_CRYPT_HEADER = Buffer.from('\0GITCRYPT\0', 'latin1');
/** How a blob is encrypted at rest: git-crypt's header, or SOPS metadata (YAML, JSON, dotenv, INI). */
function encryptionOf(blob) {
    if (blob.subarray(0, GIT_CRYPT_HEADER.length).equals(GIT_CRYPT_HEADER))
        return { kind: 'git-crypt' };
    const text = blob.toString('utf8');
    // dotenv and INI as SOPS writes them: `sops_mac=\u2026`, or a `[sops]` section with `mac = \u2026`.
    if (/^sops_mac=/m.test(text))
        return { kind: 'sops', keys: dotenvKeys(text).filter((key) => !key.startsWith('sops_')) };
    if (/^\[sops\]\s*$/m.test(text) && /^mac\s*=/m.test(text))
        return { kind: 'sops', keys: iniKeys(text).filter((key) => !key.startsWith('sops.')) };
    const document = structured(text);
    const sops = document?.sops;
    if (sops && typeof sops === 'object' && ('mac' in sops || 'lastmodified' in sops)) {
        const { sops: _metadata, ...values } = document;
        return { kind: 'sops', keys: keyPaths(values) };
    }
    return undefined;
}
function structured(text) {
    try {
        const value = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(text, { maxAliasCount: 100 });
        return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** The names a file's values sit under \u2014 what SOPS leaves readable \u2014 so a decrypted copy can be recognised under another name. */
function keyPaths(value, prefix = '') {
    if (!value || typeof value !== 'object' || Array.isArray(value))
        return prefix ? [prefix] : [];
    return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key));
}
const dotenvKeys = (text) => [...text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=/gm)].map((match) => match[1]);
function iniKeys(text) {
    let section = '';
    const keys = [];
    for (const line of text.split('\n')) {
        const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
        if (header)
            section = header[1];
        const entry = /^\s*([^=;#\s][^=]*?)\s*=/.exec(line);
        if (entry)
            keys.push(section ? `${section}.${entry[1]}` : entry[1]);
    }
    return keys;
}
/** The plaintext's key paths, in the same form `encryptionOf` gives an encrypted file's. */
function plaintextKeys(blob) {
    const text = blob.toString('utf8');
    const document = structured(text);
    if (document && !('sops' in document))
        return keyPaths(document);
    const dotenv = dotenvKeys(text);
    return dotenv.length ? dotenv : iniKeys(text);
}
const sameKeys = (a, b) => a.length > 0 && a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
async function blob(git, oid) {
    return git(['cat-file', 'blob', oid]);
}
/** A file's blob as inBatches read it: its bytes, or the error reading it one by one would have been. */
function blobOf(answer, object) {
    if (answer instanceof Buffer)
        return answer;
    throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`git cat-file could not read ${object} (${answer ?? 'nothing asked'}); fetch both commits of the change (actions/checkout with fetch-depth: 0).`);
}
const critical = (file, line, rule, message) => ({ file, line, rule, severity: 'critical', message });
const shown = (path) => JSON.stringify(path);
const describeProtection = (protection) => (protection.kind === 'git-crypt' ? 'git-crypt' : 'SOPS');
/**
 * Files encrypted at the base and not at the head: edited into plaintext, renamed and decrypted, or
 * replaced by a symbolic link (which a tool follows to wherever it points). A removed encrypted file
 * whose copy the change adds in plaintext under another path counts too: git does not pair such a
 * rename (the contents differ entirely), so it is paired here by file name or, for SOPS, by the same keys.
 */
async function decryptedFiles(git, changes) {
    const findings = [];
    const removed = [];
    /** `after`: the head's blob of a regular file. */
    const judge = (oldPath, protection, before, entry, how, after) => {
        const newPath = entry.newPath;
        if (entry.newMode === SYMLINK) {
            // Whatever it points to may be the decrypted copy: pair it like a removed file.
            removed.push({ path: oldPath, protection, content: before });
            findings.push(critical(newPath, 0, 'encrypted-file-replaced-by-symlink', `${shown(newPath)} is a symbolic link at the head, ${how} the ${describeProtection(protection)}-encrypted ${shown(oldPath)} of the base: a tool reading it follows the link to an unencrypted file; commit the encrypted file instead.`));
            return;
        }
        if (entry.newMode === SUBMODULE) {
            findings.push(critical(newPath, 0, 'encrypted-file-replaced-by-submodule', `${shown(newPath)} is a submodule at the head, ${how} the ${describeProtection(protection)}-encrypted ${shown(oldPath)} of the base: what it holds is not checked here; commit the encrypted file instead.`));
            return;
        }
        if (!after)
            throw new Error(`the head's blob of ${newPath} was not read`);
        const now = encryptionOf(after);
        // A SOPS file must still be one, with what it encrypted still encrypted: a fake `sops:` block hides nothing.
        if (now?.kind === 'git-crypt' || (now?.kind === 'sops' && (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .keepsSopsEncrypted */ .Wp)({ file: oldPath, text: before.toString('utf8') }, { file: newPath, text: after.toString('utf8') })))
            return;
        findings.push(critical(newPath, 0, 'decrypted-in-change', `${shown(newPath)} is plaintext at the head, ${how} ${shown(oldPath)}, which was ${describeProtection(protection)}-encrypted at the base; commit it encrypted (${protection.kind === 'sops' ? 'sops --encrypt --in-place' : 'with git-crypt unlocked and the filter configured'}) and rotate the secrets it holds.`));
    };
    const regularFile = (mode) => mode !== SYMLINK && mode !== SUBMODULE;
    const run = (args, input) => git(args, undefined, input);
    const readable = changes.filter((entry) => entry.oldPath && regularFile(entry.oldMode));
    // The base's blobs, then the head's of those encrypted at the base, a batch at a time (inBatches).
    for await (const batch of (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_5__/* .inBatches */ .o)(run, readable, (entry) => entry.oldOid)) {
        const encrypted = batch.flatMap(([entry, answer]) => {
            const before = blobOf(answer, entry.oldOid);
            const protection = encryptionOf(before);
            return protection ? [{ entry, before, protection }] : [];
        });
        // In the changes' order (the removed files are paired in it), each kept file's head blob as its batch comes.
        const afters = (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_5__/* .inBatches */ .o)(run, encrypted, ({ entry }) => (entry.newPath && regularFile(entry.newMode) ? entry.newOid : undefined));
        for await (const judged of afters) {
            for (const [{ entry, before, protection }, after] of judged) {
                if (!entry.newPath)
                    removed.push({ path: entry.oldPath, protection, content: before });
                else
                    judge(entry.oldPath, protection, before, entry, entry.newPath === entry.oldPath ? 'decrypting' : entry.status === 'C' ? 'copied from' : 'renamed from', after === undefined ? undefined : blobOf(after, entry.newOid));
            }
        }
    }
    if (!removed.length)
        return findings;
    const added = changes.filter((entry) => entry.status === 'A' && entry.newPath && entry.newMode !== SUBMODULE);
    for await (const batch of (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_5__/* .inBatches */ .o)(run, added, (each) => (each.newMode === SYMLINK ? undefined : each.newOid))) {
        for (const [entry, answer] of batch) {
            const content = answer === undefined ? undefined : blobOf(answer, entry.newOid);
            // An encrypted file is paired too (judge says whether it still is): a fake `sops:` block must not hide a decrypted copy.
            const now = content && encryptionOf(content);
            const keys = now?.kind === 'sops' ? now.keys : content && !now ? plaintextKeys(content) : [];
            const origin = removed.find((file) => node_path__WEBPACK_IMPORTED_MODULE_1__.posix.basename(file.path) === node_path__WEBPACK_IMPORTED_MODULE_1__.posix.basename(entry.newPath) || (file.protection.kind === 'sops' && sameKeys(file.protection.keys, keys)));
            if (origin)
                judge(origin.path, origin.protection, origin.content, entry, `added as the change removes`, content);
        }
    }
    return findings;
}
const POLICY_FILES = [
    { name: '.sops.yaml', rule: 'sops-config-deleted', why: 'the SOPS creation rules it held no longer say which files must be encrypted' },
    { name: '.gitattributes', rule: 'gitattributes-deleted', why: 'the git-crypt filter and other attributes it set no longer apply' },
];
function deletedPolicyFiles(changes) {
    return changes.flatMap((entry) => {
        const policy = entry.oldPath && POLICY_FILES.find((file) => node_path__WEBPACK_IMPORTED_MODULE_1__.posix.basename(entry.oldPath) === file.name);
        if (!policy || entry.newPath === entry.oldPath)
            return [];
        const how = entry.newPath ? `is renamed to ${shown(entry.newPath)}` : 'is deleted';
        return [critical(entry.oldPath, 0, policy.rule, `${shown(entry.oldPath)} ${how} in this change: ${policy.why}; keep it, or have the change reviewed by whoever owns the secrets.`)];
    });
}
const KEY_FIELDS = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri', 'hckms', 'key_groups'];
/** A `.sops.yaml`'s creation rules, or the sentence saying why they cannot be read (which fails the change closed). */
function creationRules(text, where) {
    let document;
    let lines = [];
    try {
        const parsed = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parseDocument */ .Tp)(text);
        if (parsed.errors.length)
            throw new Error(parsed.errors[0].message);
        document = parsed.toJS({ maxAliasCount: 100 });
        const rules = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isMap */ .jh)(parsed.contents) ? parsed.contents.get('creation_rules', true) : undefined;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isSeq */ .oP)(rules))
            lines = rules.items.map((item) => lineAt(text, item.range?.[0] ?? 0));
    }
    catch (error) {
        return `${where} is not YAML SOPS can read (${error.message.split('\n')[0]})`;
    }
    const list = document?.creation_rules ?? [];
    if (!Array.isArray(list))
        return `${where} has creation_rules that are not a list`;
    const rules = [];
    for (const [i, rule] of list.entries()) {
        if (!rule || typeof rule !== 'object')
            return `${where} has creation rule ${i + 1} that is not a mapping`;
        const { path_regex: pathRegex = '' } = rule;
        if (typeof pathRegex !== 'string')
            return `${where} has creation rule ${i + 1} whose path_regex is not a string`;
        const matches = goRegex(pathRegex);
        if (!matches)
            return `${where} has creation rule ${i + 1} whose path_regex ${shown(pathRegex)} is not a regular expression SOPS (RE2) reads`;
        rules.push({ index: i + 1, line: lines[i] ?? 0, pathRegex, matches, recipients: recipientsOf(rule) });
    }
    return rules;
}
const lineAt = (text, offset) => text.slice(0, offset).split('\n').length;
function recipientsOf(rule) {
    const found = [];
    const collect = (field, value) => {
        if (typeof value === 'string')
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .appendAll */ .u2)(found, value.split(',').map((entry) => `${field}:${entry.trim()}`).filter((entry) => !entry.endsWith(':')));
        else if (Array.isArray(value))
            for (const item of value)
                collect(field, item);
        else if (value && typeof value === 'object')
            for (const [key, inner] of Object.entries(value))
                collect(KEY_FIELDS.includes(key) ? key : field, inner);
    };
    for (const field of KEY_FIELDS)
        collect(field, rule[field]);
    return [...new Set(found)].sort();
}
/**
 * SOPS matches `path_regex` with Go's regexp (RE2, unanchored): compiled with RE2 here too, so the
 * syntax is the same and a pattern the change writes cannot backtrack for ever. One RE2 rejects is reported.
 */
function goRegex(source) {
    if (source === '')
        return () => true;
    try {
        const pattern = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .compileRegExp */ .DM)(source, 'path_regex');
        return (path) => pattern.test(path);
    }
    catch {
        return undefined;
    }
}
const ruleName = (rule) => `creation rule ${rule.index} (path_regex ${shown(rule.pathRegex)}, line ${rule.line})`;
const sameRecipients = (a, b) => a.recipients.join('\n') === b.recipients.join('\n');
/**
 * Each `.sops.yaml` (at the base or the head) governs the paths under its folder, matched relative
 * to that folder as SOPS does, first matching rule wins. For every repository path (at the base or
 * the head) the winning rule is compared: a path whose rule disappears, whose new rule names no
 * keys, or whose new rule encrypts to other recipients is critical, and so is a removed rule.
 */
async function sopsRuleChanges(git, base, head, baseFiles, headFiles) {
    const configs = [...new Set([...baseFiles.keys(), ...headFiles.keys()].filter((path) => node_path__WEBPACK_IMPORTED_MODULE_1__.posix.basename(path) === '.sops.yaml'))];
    const paths = [...new Set([...baseFiles.keys(), ...headFiles.keys()])];
    const findings = [];
    for (const config of configs) {
        const read = async (files, commit, label) => {
            const file = files.get(config);
            if (!file)
                return [];
            if (file.mode === SYMLINK)
                return `${config} is a symbolic link at the ${label}`;
            return creationRules((await blob(git, file.oid)).toString('utf8'), `${config} at the ${label} (${commit.slice(0, 12)})`);
        };
        const before = await read(baseFiles, base, 'base');
        const after = await read(headFiles, head, 'head');
        const unreadable = [before, after].find((rules) => typeof rules === 'string');
        if (unreadable) {
            findings.push(critical(config, 0, 'sops-config-unreadable', `${unreadable}, so what this change does to its creation rules cannot be judged; fix the file, or have the change reviewed by whoever owns the secrets.`));
            continue;
        }
        const [baseRules, headRules] = [before, after];
        for (const rule of baseRules) {
            if (!headRules.some((other) => other.pathRegex === rule.pathRegex && sameRecipients(rule, other))) {
                findings.push(critical(config, 0, 'sops-rule-removed', `${config}: ${ruleName(rule)} at the base is gone or changed at the head; the files it had encrypted are no longer required to be; restore it.`));
            }
        }
        const folder = node_path__WEBPACK_IMPORTED_MODULE_1__.posix.dirname(config);
        const under = paths.filter((path) => path !== config && (folder === '.' || path.startsWith(`${folder}/`)));
        for (const path of under) {
            const relativePath = folder === '.' ? path : path.slice(folder.length + 1);
            const was = baseRules.find((rule) => rule.matches(relativePath));
            const now = headRules.find((rule) => rule.matches(relativePath));
            if (!was || !was.recipients.length || (now && sameRecipients(was, now)))
                continue;
            if (!now)
                findings.push(critical(path, 0, 'sops-rule-removed', `${shown(path)} matched ${ruleName(was)} of ${config} at the base and matches no rule at the head, so it is no longer required to be encrypted; restore the rule.`));
            else if (!now.recipients.length)
                findings.push(critical(path, 0, 'sops-rule-without-keys', `${shown(path)} matched ${ruleName(was)} of ${config} at the base; at the head ${ruleName(now)} wins, which names no keys; move the keyed rule first again.`));
            else
                findings.push(critical(path, 0, 'sops-rule-widened', `${shown(path)} matched ${ruleName(was)} of ${config} at the base; at the head ${ruleName(now)} matches it first and encrypts to other recipients; narrow that rule's path_regex or keep the original order.`));
        }
    }
    return findings;
}
// --- .gitattributes git-crypt paths --------------------------------------------------------------
/**
 * Which paths `filter=git-crypt` covers at a commit, as git itself decides (every `.gitattributes`
 * in every folder, later lines and deeper files winning, `!filter`/`-filter`, macros): `git check-attr
 * --cached` against a temporary index holding that commit's tree, never the working tree.
 */
async function gitCryptPaths(git, commit, paths) {
    const folder = (0,_files_js__WEBPACK_IMPORTED_MODULE_8__/* .scratchFolder */ .$B)('gitops-sync-attr-');
    try {
        const env = { GIT_INDEX_FILE: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(folder, 'index') };
        await git(['read-tree', commit], env);
        const covered = new Set();
        if (!paths.length)
            return covered;
        const output = (await git(['check-attr', '--cached', '-z', '--stdin', 'filter'], env, Buffer.from(`${paths.join('\0')}\0`))).toString('utf8');
        const fields = output.split('\0');
        for (let i = 0; i + 2 < fields.length; i += 3)
            if (fields[i + 2] === 'git-crypt')
                covered.add(fields[i]);
        return covered;
    }
    finally {
        (0,_files_js__WEBPACK_IMPORTED_MODULE_8__/* .removeScratchFolder */ .pq)(folder);
    }
}
async function gitCryptPathChanges(git, base, head, baseFiles, headFiles) {
    // git reads .gitattributes files in plaintext; git-crypt itself says never to encrypt them.
    const paths = [...new Set([...baseFiles.keys(), ...headFiles.keys()])].filter((path) => node_path__WEBPACK_IMPORTED_MODULE_1__.posix.basename(path) !== '.gitattributes');
    const [before, after] = await Promise.all([gitCryptPaths(git, base, paths), gitCryptPaths(git, head, paths)]);
    return [...before]
        .filter((path) => !after.has(path))
        .map((path) => critical(path, 0, 'git-crypt-path-removed', `${shown(path)} had filter=git-crypt at the base and not at the head (a .gitattributes line removed, narrowed or undone by !filter / -filter), so git-crypt no longer encrypts it; restore the attribute.`));
}
// --- secrets.allow and secrets.rules in the config --------------------------------------------------
/** `secrets:` as a commit's config file writes it (not validated: only compared), or undefined without one. */
async function secretsSettingsAt(git, commit, configPath) {
    const files = await listFiles(git, commit);
    const config = files.get(configPath);
    if (!config)
        return undefined;
    const settings = (structured((await blob(git, config.oid)).toString('utf8'))?.secrets ?? {});
    const allow = Array.isArray(settings.allow) ? settings.allow.map((glob) => String(glob).replace(/^\.?\//, '')) : [];
    const rules = typeof settings.rules === 'string' ? node_path__WEBPACK_IMPORTED_MODULE_1__.posix.normalize(node_path__WEBPACK_IMPORTED_MODULE_1__.posix.join(node_path__WEBPACK_IMPORTED_MODULE_1__.posix.dirname(configPath), settings.rules)) : undefined;
    return { allow, rules, rulesOid: rules === undefined ? undefined : (files.get(rules)?.oid ?? 'absent') };
}
/**
 * drift-detect reads the config of the checkout, which is the change's own: a change that adds a
 * `secrets.allow` glob, or edits or swaps the `secrets.rules` file (a rule with a built-in id replaces
 * it), could silence the very check judging it. Each such edit is critical, like a weakened .sops.yaml.
 */
async function secretsSettingsChanges(options) {
    const real = (path) => {
        try {
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path);
        }
        catch {
            return path;
        }
    };
    const configPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(real(options.root), real(options.configFile)).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
    if (configPath.startsWith('../') || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(configPath))
        return [];
    const git = gitIn(options.root, options.exec);
    const head = await commitId(git, options.head);
    const base = await mergeBase(git, await commitId(git, options.base), head);
    const [before, after] = await Promise.all([secretsSettingsAt(git, base, configPath), secretsSettingsAt(git, head, configPath)]);
    if (!after)
        return [];
    const findings = [];
    const added = after.allow.filter((glob) => !(before?.allow ?? []).includes(glob));
    if (added.length) {
        findings.push(critical(configPath, 0, 'secrets-allow-widened', `${shown(configPath)}: this change adds ${added.map(shown).join(', ')} to secrets.allow, which hides plaintext-secret findings under those paths from this very check; have the change reviewed by whoever owns the secrets.`));
    }
    if (after.rules !== undefined && (after.rules !== before?.rules || after.rulesOid !== before?.rulesOid)) {
        findings.push(critical(after.rules, 0, 'secret-rules-changed', `${shown(after.rules)} (secrets.rules) is new or changed in this change, and it can replace or weaken the built-in rules judging this very change; have the change reviewed by whoever owns the secrets.`));
    }
    return findings;
}


/***/ })

};
