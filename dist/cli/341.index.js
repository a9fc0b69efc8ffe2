export const id = 341;
export const ids = [341];
export const modules = {

/***/ 6341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AUDIT_SUBCOMMANDS: () => (/* binding */ AUDIT_SUBCOMMANDS),
  auditCommand: () => (/* binding */ auditCommand),
  repositoryWebUrl: () => (/* binding */ repositoryWebUrl)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
;// CONCATENATED MODULE: ./packages/core/src/audit/checks.ts
const CHANGE_CHECKS = [
    'direct-push',
    'approvals-missing',
    'approval-not-on-head',
    'self-approval',
    'segregation-of-duties',
    'deployed-not-approved',
    'no-gate-decision',
    'ci-not-green',
    'unsigned-commit',
    'emergency-no-follow-up',
];
const PERIOD_CHECKS = ['audit-log-not-intact', 'drift-unresolved', 'no-drift-detection'];
const CHECK_IDS = [...CHANGE_CHECKS, ...PERIOD_CHECKS];
/** What each check looks at, written into the report as the evidence a control used. */
const CHECK_EVIDENCE = {
    'direct-push': "each change's pull/merge request (none: pushed directly to the branch)",
    'approvals-missing': 'the approvals on the pull/merge request against the required count (the author never counts)',
    'approval-not-on-head': 'the commit each approval was given on against the merged head',
    'self-approval': "the approvers against the change's author and commit authors",
    'segregation-of-duties': 'the actor of each sync in the audit log against the author and the approvers',
    'deployed-not-approved': 'the plan fingerprint each sync applied against the one the gate allowed',
    'no-gate-decision': 'the gate decision the audit log holds for the merged head',
    'ci-not-green': 'the CI status of the merged head, as the platform reports it',
    'unsigned-commit': 'the signature of each commit (git verify-commit against the configured keys)',
    'emergency-no-follow-up': 'rollbacks and break-glass changes against a later review of the same commit',
    'audit-log-not-intact': "the audit log's hash chain and checkpoint (size, Merkle root)",
    'drift-unresolved': 'the drift incidents of the period and their time to resolve',
    'no-drift-detection': 'the drift detection runs the audit log holds for the period',
};
const samePerson = (a, b) => (a.id !== null && b.id !== null ? a.id === b.id : a.login !== null && a.login?.toLowerCase() === b.login?.toLowerCase());
const checks_name = (person) => person.login ?? `user ${person.id ?? '(unknown)'}`;
/** Whoever wrote the change: the PR/MR author and every commit's author. */
function authorsOf(change) {
    const commitAuthors = change.commits.map((commit) => ({ id: null, login: commit.author.login }));
    return [...(change.change_request ? [change.change_request.author] : []), ...commitAuthors].filter((person) => person.id !== null || person.login !== null);
}
const isBot = (person, bots) => {
    const login = person.login?.toLowerCase() ?? '';
    return login.endsWith('[bot]') || bots.some((bot) => bot.toLowerCase() === login);
};
/** Distinct approvers (by id, else login), the authors and bots excluded. */
function independentApprovers(change, onHeadOnly, bots) {
    const authors = authorsOf(change);
    const approvers = [];
    for (const approval of change.approvals) {
        if (onHeadOnly && !approval.on_merged_head)
            continue;
        if (isBot(approval, bots))
            continue;
        if (authors.some((author) => samePerson(author, approval)))
            continue;
        if (!approvers.some((seen) => samePerson(seen, approval)))
            approvers.push(approval);
    }
    return approvers;
}
function changeFindings(change, settings) {
    const found = [];
    const add = (check, detail) => found.push({ check, change: change.id, environment: change.environment, detail });
    const authors = authorsOf(change);
    const bots = settings.bots ?? [];
    if (!change.change_request)
        add('direct-push', `${change.sha.slice(0, 12)} was pushed to ${change.branch} without a pull/merge request`);
    else {
        const required = settings.required_approvals[change.environment] ?? 1;
        const approvers = independentApprovers(change, false, bots);
        const onHead = independentApprovers(change, true, bots);
        if (approvers.length < required)
            add('approvals-missing', `${approvers.length} of ${required} required approvals`);
        else if (onHead.length < required)
            add('approval-not-on-head', `${onHead.length} of ${required} required approvals on the merged head ${change.change_request.merged_head_sha.slice(0, 12)}; the others approved an older commit`);
        const selfApprovers = change.approvals.filter((approval) => authors.some((author) => samePerson(author, approval)));
        if (selfApprovers.length)
            add('self-approval', `approved by its author ${checks_name(selfApprovers[0])}`);
    }
    if (!settings.author_may_deploy.includes(change.environment)) {
        const involved = [...authors.map((person) => ({ person, role: 'author' })), ...independentApprovers(change, false, bots).map((person) => ({ person, role: 'approver' }))];
        for (const deployment of change.deployments) {
            const clash = involved.find(({ person }) => samePerson(person, deployment.actor));
            if (clash)
                add('segregation-of-duties', `deployed by its ${clash.role} ${checks_name(deployment.actor)} (audit log seq ${deployment.seq})`);
        }
    }
    const allowed = change.gate?.outcome === 'allowed' ? change.gate : null;
    if (!allowed)
        add('no-gate-decision', change.gate ? `the gate denied it (audit log seq ${change.gate.seq})` : 'no gate decision for the merged head in the audit log');
    for (const deployment of change.deployments) {
        if (allowed?.plan_fingerprint && deployment.plan_fingerprint && deployment.plan_fingerprint !== allowed.plan_fingerprint) {
            add('deployed-not-approved', `sync (audit log seq ${deployment.seq}) applied plan ${deployment.plan_fingerprint}, the gate allowed ${allowed.plan_fingerprint}`);
        }
    }
    if (change.ci_status !== 'success')
        add('ci-not-green', `CI of the merged head: ${change.ci_status}`);
    if (settings.require_signed_commits) {
        const unsigned = change.commits.filter((commit) => commit.signature.local !== 'good');
        if (unsigned.length)
            add('unsigned-commit', unsigned.map((commit) => `${commit.sha.slice(0, 12)} ${commit.signature.local}`).join(', '));
    }
    if (change.emergency && !change.emergency.follow_up)
        add('emergency-no-follow-up', `${change.emergency.kind} change without a follow-up review`);
    return found;
}
function incidentFinding(incident, settings) {
    const limit = settings.drift_resolution_hours * 3600;
    const base = { check: 'drift-unresolved', change: null, environment: incident.environment };
    if (incident.resolved_at === null)
        return { ...base, detail: `${incident.severity} drift first seen ${incident.first_seen} is not resolved` };
    const took = incident.seconds_to_resolve ?? (Date.parse(incident.resolved_at) - Date.parse(incident.first_seen)) / 1000;
    if (took > limit)
        return { ...base, detail: `${incident.severity} drift first seen ${incident.first_seen} took ${(took / 3600).toFixed(1)} h to resolve (${incident.resolution ?? 'unknown'}), over ${settings.drift_resolution_hours} h` };
    return undefined;
}
/** Every finding of the population; `driftChecks` is how many drift detection runs the log holds for the period. */
function auditFindings(population, settings, driftChecks) {
    const found = population.changes.flatMap((change) => changeFindings(change, settings));
    if (!population.log)
        found.push({ check: 'audit-log-not-intact', change: null, environment: null, detail: 'no audit log was read' });
    else if (!population.log.intact)
        found.push({ check: 'audit-log-not-intact', change: null, environment: null, detail: `the audit log (${population.log.size} events) does not verify` });
    for (const incident of population.incidents) {
        const finding = incidentFinding(incident, settings);
        if (finding)
            found.push(finding);
    }
    if (driftChecks === 0)
        found.push({ check: 'no-drift-detection', change: null, environment: null, detail: 'no drift detection ran in the period' });
    return found;
}

;// CONCATENATED MODULE: ./packages/core/src/audit/controls.ts
/**
 * The compliance control mapping (data): which checks are the evidence for which control of which
 * framework. The shipped mapping is `controls.yaml`; an auditor's own file (same format) replaces it.
 */





const FRAMEWORKS = ['sox', 'soc2', 'pci', 'iso27001'];
const Framework = schemas/* enum */.k5n(FRAMEWORKS);
const Control = schemas/* object */.Ikc({
    id: schemas/* string */.YjP().regex(/^[a-z0-9][a-z0-9._-]*$/, 'control ids are lower-case words joined by . _ or -'),
    framework: Framework,
    title: schemas/* string */.YjP().min(1),
    /** The checks whose findings are this control's exceptions; none: not evidenced by gitops-sync (not-applicable). */
    checks: schemas/* array */.YOg(schemas/* enum */.k5n(CHECK_IDS)),
})
    .strict();
const ControlMapping = schemas/* object */.Ikc({
    frameworks: schemas/* partialRecord */.jgl(Framework, schemas/* string */.YjP().min(1)).default({}),
    controls: schemas/* array */.YOg(Control).min(1),
})
    .strict()
    .superRefine((mapping, context) => {
    const seen = new Set();
    mapping.controls.forEach((control, index) => {
        if (seen.has(control.id))
            context.addIssue({ code: 'custom', path: ['controls', index, 'id'], message: `control ${control.id} is listed twice` });
        seen.add(control.id);
    });
});
/** Reads a mapping from YAML text; `where` names the file in the one sentence a bad mapping gets. */
function parseControlMapping(text, where) {
    let data;
    try {
        data = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`${where} is not valid YAML (${error.message.split('\n')[0]}); fix it or remove it to use the built-in control mapping.`);
    }
    const parsed = ControlMapping.safeParse(data);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = issue.path.length ? issue.path.join('.') : 'the top level';
        throw new errors/* UserError */.yo(`${where} is not a control mapping: at ${at}, ${issue.message}; its format is schema/audit-controls.schema.json (the built-in mapping is packages/core/src/audit/controls.yaml).`);
    }
    return parsed.data;
}
let cachedText;
let cached;
/** The text of the mapping shipped with gitops-sync (`controls.yaml`, bundled beside the code). */
function defaultControlMappingText() {
    cachedText ??= (0,external_node_fs_.readFileSync)(new URL(/* asset import */ __webpack_require__(5468), __webpack_require__.b), 'utf8');
    return cachedText;
}
function defaultControlMapping() {
    cached ??= parseControlMapping(defaultControlMappingText(), 'the built-in control mapping');
    return cached;
}
/** `sox,pci` \u2192 the frameworks, refusing an unknown name with the known ones listed. */
function parseFrameworks(list) {
    // Comma- or line-separated: a workflow's `compliance: |` block lists one per line, as environments do.
    const names = list.split(/[\n,]/).map((name) => name.trim().toLowerCase()).filter(Boolean);
    if (names.length === 0)
        throw new errors/* UserError */.yo(`--compliance needs at least one of ${FRAMEWORKS.join(', ')}.`);
    for (const name of names) {
        if (!Framework.safeParse(name).success)
            throw new errors/* UserError */.yo(`--compliance ${name} is not a framework gitops-sync maps; use any of ${FRAMEWORKS.join(', ')}.`);
    }
    return [...new Set(names)];
}

// EXTERNAL MODULE: ./packages/engine/src/config-file.ts
var config_file = __webpack_require__(1855);
// EXTERNAL MODULE: ./packages/engine/src/audit/read-log.ts
var read_log = __webpack_require__(765);
// EXTERNAL MODULE: ./packages/engine/src/audit/verify-log.ts
var verify_log = __webpack_require__(6820);
// EXTERNAL MODULE: ./packages/core/src/config/schema.ts + 1 modules
var schema = __webpack_require__(5688);
// EXTERNAL MODULE: ./packages/core/src/policy/four-eyes.ts
var four_eyes = __webpack_require__(8113);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./packages/core/src/report/markdown.ts
var markdown = __webpack_require__(7195);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(4377);
;// CONCATENATED MODULE: ./packages/core/src/audit/change.ts
/**
 * The population `audit export` judges: every change that reached an environment in the period,
 * with the evidence gathered for it (git history, the platform's PR/MR and reviews, the audit log),
 * and the drift incidents of the period. Collecting fills these; the control mapping judges them.
 */

const Person = schemas/* object */.Ikc({ id: schemas/* string */.YjP().nullable(), login: schemas/* string */.YjP().nullable() }).strict();
const time = iso/* datetime */.w$({ offset: true });
const CommitEvidence = schemas/* object */.Ikc({
    sha: schemas/* string */.YjP(),
    subject: schemas/* string */.YjP(),
    author: schemas/* object */.Ikc({ name: schemas/* string */.YjP(), email: schemas/* string */.YjP(), login: schemas/* string */.YjP().nullable() }).strict(),
    committer: schemas/* object */.Ikc({ name: schemas/* string */.YjP(), email: schemas/* string */.YjP(), login: schemas/* string */.YjP().nullable() }).strict(),
    time,
    signature: schemas/* object */.Ikc({
        /** `git verify-commit` against the configured keyring / allowed signers. */
        local: schemas/* enum */.k5n(['good', 'bad', 'unknown-key', 'unsigned']),
        format: schemas/* enum */.k5n(['gpg', 'ssh', 'x509']).nullable(),
        signer: schemas/* string */.YjP().nullable(),
        /** What the platform says (GitHub `commit.verification`, GitLab `signature`); null when not asked. */
        platform: schemas/* object */.Ikc({ verified: schemas/* boolean */.zMY(), reason: schemas/* string */.YjP() }).strict().nullable(),
    })
        .strict(),
})
    .strict();
const ChangeApproval = Person.extend({
    time,
    /** The commit the approval was given on. */
    sha: schemas/* string */.YjP(),
    on_merged_head: schemas/* boolean */.zMY(),
}).strict();
/** A sync (or rollback) from the audit log that put this change on the environment. */
const ChangeDeployment = schemas/* object */.Ikc({
    seq: schemas/* number */.aig().int(),
    time,
    actor: Person,
    deployed_sha: schemas/* string */.YjP().nullable(),
    plan_fingerprint: schemas/* string */.YjP().nullable(),
    outcome: schemas/* string */.YjP(),
})
    .strict();
const AuditChange = schemas/* object */.Ikc({
    /** Stable id for links: `<environment>@<merge sha>`. */
    id: schemas/* string */.YjP(),
    environment: schemas/* string */.YjP(),
    branch: schemas/* string */.YjP(),
    /** The commit that brought the change onto the branch (the merge commit, or the pushed head). */
    sha: schemas/* string */.YjP(),
    time,
    /** The environment paths the change touched. */
    paths: schemas/* array */.YOg(schemas/* string */.YjP()),
    commits: schemas/* array */.YOg(CommitEvidence),
    /** null: pushed directly to the branch, no PR/MR. */
    change_request: schemas/* object */.Ikc({
        number: schemas/* number */.aig().int(),
        url: schemas/* string */.YjP().nullable(),
        author: Person,
        opened_at: time,
        merged_head_sha: schemas/* string */.YjP(),
        labels: schemas/* array */.YOg(schemas/* string */.YjP()),
    })
        .strict()
        .nullable(),
    approvals: schemas/* array */.YOg(ChangeApproval),
    ci_status: schemas/* enum */.k5n(['success', 'failure', 'pending', 'none']),
    /** The gate decision the audit log holds for the merged head; null when none was recorded. */
    gate: schemas/* object */.Ikc({ seq: schemas/* number */.aig().int(), time, outcome: schemas/* enum */.k5n(['allowed', 'denied']), plan_fingerprint: schemas/* string */.YjP().nullable() }).strict().nullable(),
    deployments: schemas/* array */.YOg(ChangeDeployment),
    /** A rollback, or a change labelled break-glass: with its follow-up review, or null when none came in the window. */
    emergency: schemas/* object */.Ikc({ kind: schemas/* enum */.k5n(['rollback', 'break-glass']), follow_up: ChangeApproval.nullable() })
        .strict()
        .nullable(),
})
    .strict();
const DriftIncident = schemas/* object */.Ikc({
    environment: schemas/* string */.YjP(),
    first_seen: time,
    severity: schemas/* enum */.k5n(['critical', 'high', 'medium', 'low']),
    resolved_at: time.nullable(),
    resolution: schemas/* enum */.k5n(['sync', 'revert', 'accepted']).nullable(),
    seconds_to_resolve: schemas/* number */.aig().nullable(),
})
    .strict();
/** The audit log a population was read from: its size and Merkle root, whether it verified, and the key that vouched for it. */
const AuditLogSummary = schemas/* object */.Ikc({
    size: schemas/* number */.aig().int(),
    root_hash: schemas/* string */.YjP(),
    intact: schemas/* boolean */.zMY(),
    /**
     * sha256 (hex) of the raw Ed25519 public key (`audit.public_key`) that verified its last checkpoint; null
     * when none did. The repository names that key, so an auditor compares it with their own copy.
     */
    key_id: schemas/* string */.YjP().nullable().optional(),
})
    .strict();
const AuditPopulation = schemas/* object */.Ikc({
    since: time,
    until: time,
    environments: schemas/* array */.YOg(schemas/* string */.YjP()),
    changes: schemas/* array */.YOg(AuditChange),
    incidents: schemas/* array */.YOg(DriftIncident),
    /** The checkpoint of the audit log the population was read from (size + Merkle root). */
    log: AuditLogSummary.nullable(),
})
    .strict();

;// CONCATENATED MODULE: ./packages/core/src/audit/report.ts
/**
 * The audit report (`gitops-sync/audit-report@1`): every selected control with pass / fail /
 * not-applicable, its population size, its exceptions (each with a link to its change) and the
 * evidence it used, plus the change population an auditor samples from.
 */




const AUDIT_REPORT_SCHEMA = 'gitops-sync/audit-report@1';
/** Where the report's JSON Schema is published: the in-toto statement's predicateType. */
const AUDIT_REPORT_SCHEMA_URL = 'https://github.com/org/gitops-sync/blob/v1/schema/audit-report.schema.json';
const report_time = iso/* datetime */.w$({ offset: true });
const Check = schemas/* enum */.k5n(CHECK_IDS);
const AuditException = schemas/* object */.Ikc({
    check: Check,
    /** The change (`<environment>@<sha>`), or null for a finding about the period. */
    change: schemas/* string */.YjP().nullable(),
    environment: schemas/* string */.YjP().nullable(),
    /** The PR/MR, else the commit, on the platform. */
    link: schemas/* string */.YjP().nullable(),
    detail: schemas/* string */.YjP(),
})
    .strict();
const ControlResult = schemas/* object */.Ikc({
    id: schemas/* string */.YjP(),
    framework: Framework,
    title: schemas/* string */.YjP(),
    status: schemas/* enum */.k5n(['pass', 'fail', 'not-applicable']),
    /** How many items the control judged (changes, drift incidents, or log events). */
    population: schemas/* number */.aig().int().min(0),
    exceptions: schemas/* array */.YOg(AuditException),
    evidence: schemas/* array */.YOg(schemas/* object */.Ikc({ check: Check, what: schemas/* string */.YjP() }).strict()),
})
    .strict();
/** One row per change: what an auditor samples from (the CSV has the same columns). */
const AuditChangeRow = schemas/* object */.Ikc({
    id: schemas/* string */.YjP(),
    environment: schemas/* string */.YjP(),
    branch: schemas/* string */.YjP(),
    sha: schemas/* string */.YjP(),
    time: report_time,
    link: schemas/* string */.YjP().nullable(),
    change_request: schemas/* number */.aig().int().nullable(),
    author: schemas/* string */.YjP().nullable(),
    approvers: schemas/* array */.YOg(schemas/* string */.YjP()),
    approved_on_head: schemas/* boolean */.zMY(),
    gate: schemas/* enum */.k5n(['allowed', 'denied', 'none']),
    ci_status: schemas/* string */.YjP(),
    deployed_by: schemas/* array */.YOg(schemas/* string */.YjP()),
    deployed_at: schemas/* array */.YOg(report_time),
    plan_fingerprint: schemas/* string */.YjP().nullable(),
    signatures: schemas/* string */.YjP(),
    emergency: schemas/* string */.YjP().nullable(),
    findings: schemas/* array */.YOg(Check),
})
    .strict();
const AuditReport = schemas/* object */.Ikc({
    schema: schemas/* literal */.euz(AUDIT_REPORT_SCHEMA),
    generated_at: report_time,
    generator: schemas/* object */.Ikc({ name: schemas/* literal */.euz('gitops-sync'), version: schemas/* string */.YjP() }).strict(),
    period: schemas/* object */.Ikc({ since: report_time, until: report_time }).strict(),
    environments: schemas/* array */.YOg(schemas/* string */.YjP()),
    frameworks: schemas/* array */.YOg(Framework),
    /** The audit-log checkpoint the report was built from; null when no log was read. */
    log: AuditLogSummary.nullable(),
    /** `built-in`, or the auditor's mapping file, with its sha256. */
    mapping: schemas/* object */.Ikc({ source: schemas/* string */.YjP(), sha256: schemas/* string */.YjP() }).strict(),
    summary: schemas/* object */.Ikc({
        controls: schemas/* number */.aig().int(),
        passed: schemas/* number */.aig().int(),
        failed: schemas/* number */.aig().int(),
        not_applicable: schemas/* number */.aig().int(),
        exceptions: schemas/* number */.aig().int(),
        changes: schemas/* number */.aig().int(),
        drift_incidents: schemas/* number */.aig().int(),
        drift_checks: schemas/* number */.aig().int(),
    })
        .strict(),
    controls: schemas/* array */.YOg(ControlResult),
    changes: schemas/* array */.YOg(AuditChangeRow),
})
    .strict();
function linkOf(change, context) {
    if (change.change_request?.url)
        return change.change_request.url;
    if (!context.repositoryUrl)
        return null;
    return `${context.repositoryUrl.replace(/\/+$/, '')}${context.platform === 'gitlab' ? '/-/commit/' : '/commit/'}${change.sha}`;
}
const isChangeCheck = (check) => CHANGE_CHECKS.includes(check);
function populationOf(checks, population, driftChecks) {
    if (checks.some(isChangeCheck))
        return population.changes.length;
    if (checks.includes('drift-unresolved'))
        return population.incidents.length;
    if (checks.includes('no-drift-detection'))
        return driftChecks;
    if (checks.includes('audit-log-not-intact'))
        return population.log?.size ?? 0;
    return 0;
}
function changeRow(change, findings, context) {
    const login = (person) => person.login ?? person.id ?? '(unknown)';
    const approvers = [...new Set(change.approvals.map(login))];
    const headApprovals = change.approvals.filter((approval) => approval.on_merged_head);
    return {
        id: change.id,
        environment: change.environment,
        branch: change.branch,
        sha: change.sha,
        time: change.time,
        link: linkOf(change, context),
        change_request: change.change_request?.number ?? null,
        author: change.change_request ? login(change.change_request.author) : (change.commits[0]?.author.login ?? change.commits[0]?.author.email ?? null),
        approvers,
        approved_on_head: headApprovals.length > 0 && headApprovals.length === change.approvals.length,
        gate: change.gate?.outcome ?? 'none',
        ci_status: change.ci_status,
        deployed_by: change.deployments.map((deployment) => login(deployment.actor)),
        deployed_at: change.deployments.map((deployment) => deployment.time),
        plan_fingerprint: change.deployments.at(-1)?.plan_fingerprint ?? change.gate?.plan_fingerprint ?? null,
        signatures: change.commits.map((commit) => `${commit.sha.slice(0, 12)}:${commit.signature.local}`).join(' '),
        emergency: change.emergency ? `${change.emergency.kind}${change.emergency.follow_up ? ', reviewed' : ', no follow-up review'}` : null,
        findings: [...new Set(findings.filter((finding) => finding.change === change.id).map((finding) => finding.check))],
    };
}
/** Judges the population against the mapping's controls of the selected frameworks. */
function evaluateAudit(population, mapping, frameworks, context) {
    const findings = auditFindings(population, context.settings, context.driftChecks);
    const links = new Map(population.changes.map((change) => [change.id, linkOf(change, context)]));
    const controls = mapping.controls
        .filter((control) => frameworks.includes(control.framework))
        .map((control) => {
        const exceptions = findings
            .filter((finding) => control.checks.includes(finding.check))
            .map((finding) => ({ ...finding, link: finding.change ? (links.get(finding.change) ?? null) : null }));
        const size = populationOf(control.checks, population, context.driftChecks);
        const applicable = control.checks.length > 0 && (size > 0 || !control.checks.every(isChangeCheck));
        return {
            id: control.id,
            framework: control.framework,
            title: control.title,
            status: exceptions.length ? 'fail' : applicable ? 'pass' : 'not-applicable',
            population: size,
            exceptions,
            evidence: control.checks.map((check) => ({ check, what: CHECK_EVIDENCE[check] })),
        };
    });
    const count = (status) => controls.filter((control) => control.status === status).length;
    return {
        schema: AUDIT_REPORT_SCHEMA,
        generated_at: context.generatedAt,
        generator: { name: 'gitops-sync', version: context.generatorVersion },
        period: { since: population.since, until: population.until },
        environments: population.environments,
        frameworks: [...frameworks],
        log: population.log,
        mapping: context.mapping,
        summary: {
            controls: controls.length,
            passed: count('pass'),
            failed: count('fail'),
            not_applicable: count('not-applicable'),
            exceptions: controls.reduce((total, control) => total + control.exceptions.length, 0),
            changes: population.changes.length,
            drift_incidents: population.incidents.length,
            drift_checks: context.driftChecks,
        },
        controls,
        changes: population.changes.map((change) => changeRow(change, findings, context)),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/audit/render.ts
/**
 * The audit report's files: the JSON, the CSV of changes an auditor samples from, the Markdown
 * summary (exceptions first), and the in-toto Statement v1 that `actions/attest` signs.
 */



const AUDIT_REPORT_FILE = 'audit-report.json';
const AUDIT_CHANGES_FILE = 'audit-changes.csv';
const AUDIT_MARKDOWN_FILE = 'audit-report.md';
const AUDIT_STATEMENT_FILE = 'audit-report.intoto.json';
function renderAuditJson(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
}
const sha256Hex = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, or a semicolon (the
 * separator a spreadsheet uses in many locales: unquoted, what follows it is a cell of its own). A cell
 * a spreadsheet would run as a formula (= + - @, or a tab / carriage return before one) gets a leading
 * `'` (OWASP CSV injection).
 */
function csvField(value) {
    let text = value === null ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text))
        text = `'${text}`;
    return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
const AUDIT_CSV_COLUMNS = [
    'change',
    'environment',
    'branch',
    'sha',
    'time',
    'link',
    'change_request',
    'author',
    'approvers',
    'approved_on_head',
    'gate',
    'ci_status',
    'deployed_by',
    'deployed_at',
    'plan_fingerprint',
    'signatures',
    'emergency',
    'findings',
];
function renderAuditCsv(report) {
    const rows = report.changes.map((row) => [
        row.id,
        row.environment,
        row.branch,
        row.sha,
        row.time,
        row.link,
        row.change_request,
        row.author,
        row.approvers.join(' '),
        row.approved_on_head,
        row.gate,
        row.ci_status,
        row.deployed_by.join(' '),
        row.deployed_at.join(' '),
        row.plan_fingerprint,
        row.signatures,
        row.emergency,
        row.findings.join(' '),
    ].map(csvField));
    return [AUDIT_CSV_COLUMNS.join(','), ...rows.map((row) => row.join(','))].map((line) => `${line}\r\n`).join('');
}
/** Table cells: a pipe or a line break would break the row; links stay links. */
const cell = (text) => text.replaceAll('|', '\\|').replace(/[\r\n]+/g, ' ');
const STATUS = { pass: 'pass', fail: '**fail**', 'not-applicable': 'not applicable' };
function renderAuditMarkdown(report, reportSha256) {
    const { summary } = report;
    const lines = [
        `## Audit export: ${report.frameworks.join(', ')}`,
        '',
        `Period ${report.period.since} \u2013 ${report.period.until}, environments ${report.environments.join(', ') || '(none)'}: ${summary.changes} changes, ${summary.drift_incidents} drift incidents, ${summary.drift_checks} drift checks.`,
        `Controls: ${summary.passed} passed, ${summary.failed} failed, ${summary.not_applicable} not applicable; ${summary.exceptions} exceptions.`,
        '',
    ];
    const failed = report.controls.filter((control) => control.exceptions.length);
    if (failed.length) {
        lines.push('### Exceptions', '', '| Control | Check | Change | Detail |', '|---|---|---|---|');
        for (const control of failed) {
            for (const exception of control.exceptions) {
                const change = exception.change ? (exception.link ? `[${exception.change}](${exception.link})` : exception.change) : exception.environment ?? 'period';
                // The detail quotes the audit log and the platform (a plan fingerprint, a login): text, never Markdown or HTML of its own.
                lines.push(`| ${control.id} | ${exception.check} | ${cell(change)} | ${(0,markdown/* markdownCell */.UZ)(exception.detail)} |`);
            }
        }
        lines.push('');
    }
    lines.push('### Controls', '', '| Control | Framework | Status | Population | Exceptions | Title |', '|---|---|---|---:|---:|---|');
    for (const control of report.controls)
        lines.push(`| ${control.id} | ${control.framework} | ${STATUS[control.status]} | ${control.population} | ${control.exceptions.length} | ${(0,markdown/* markdownCell */.UZ)(control.title)} |`);
    lines.push('');
    const key = report.log?.key_id ? `, its checkpoint signed by key ${report.log.key_id} (audit.public_key)` : '';
    const log = report.log ? `audit log checkpoint: ${report.log.size} events, root ${report.log.root_hash}${report.log.intact ? key : ' (does not verify)'}` : 'no audit log was read';
    lines.push(`Built from the ${log}; control mapping ${report.mapping.source} (sha256 ${report.mapping.sha256}); gitops-sync ${report.generator.version}.`);
    if (reportSha256)
        lines.push(`\`${AUDIT_REPORT_FILE}\` sha256: \`${reportSha256}\``);
    return `${lines.join('\n')}\n`;
}
/** The summary the in-toto statement carries as its predicate. */
function auditPredicate(report) {
    return {
        schema: report.schema,
        generated_at: report.generated_at,
        generator: report.generator,
        period: report.period,
        environments: report.environments,
        frameworks: report.frameworks,
        log: report.log,
        mapping: report.mapping,
        summary: report.summary,
        controls: report.controls.map((control) => ({ id: control.id, status: control.status, population: control.population, exceptions: control.exceptions.length })),
    };
}
/** in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md) about the report file. */
function renderAuditStatement(report, reportFileName, reportSha256) {
    const statement = {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: reportFileName, digest: { sha256: reportSha256 } }],
        predicateType: AUDIT_REPORT_SCHEMA_URL,
        predicate: auditPredicate(report),
    };
    return `${JSON.stringify(statement, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./packages/core/src/audit/period.ts

/** The default audit period: the last 90 days. */
const DEFAULT_AUDIT_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/**
 * An ISO date (a whole day in UTC: its start for --since, its last millisecond for --until, as events
 * keep milliseconds and the next period starts at the next day's 00:00) or an ISO date-time with an offset.
 */
function isoInstant(flag, text) {
    const date = DATE.test(text) ? new Date(`${text}T${flag === '--since' ? '00:00:00.000' : '23:59:59.999'}Z`) : DATE_TIME.test(text) ? new Date(text) : undefined;
    // new Date() rolls 2026-02-30 over to March (with a time too): a day that does not come back the same does not exist.
    const day = text.slice(0, 10);
    if (!date || Number.isNaN(date.getTime()) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
        throw new errors/* UserError */.yo(`${flag} ${JSON.stringify(text)} is not an ISO date; write a date like 2026-09-30 (or a time like 2026-09-30T12:00:00Z).`);
    }
    return date;
}
/** The period `audit export` covers: --since / --until, by default the 90 days up to now. */
function auditPeriod(since, until, now) {
    const end = until === undefined ? now : isoInstant('--until', until);
    const start = since === undefined ? new Date(end.getTime() - DEFAULT_AUDIT_DAYS * DAY_MS) : isoInstant('--since', since);
    if (start.getTime() > end.getTime())
        throw new errors/* UserError */.yo(`--since ${since ?? start.toISOString()} is after --until ${until ?? end.toISOString()}; the period must start before it ends.`);
    return { since: start.toISOString(), until: end.toISOString() };
}

// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var src_files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/ports.ts
var ports = __webpack_require__(4552);
// EXTERNAL MODULE: ./packages/core/src/arrays.ts
var arrays = __webpack_require__(8835);
// EXTERNAL MODULE: ./packages/engine/src/signatures/verify-commit.ts
var verify_commit = __webpack_require__(915);
// EXTERNAL MODULE: ./packages/engine/src/node-exec.ts
var node_exec = __webpack_require__(9146);
// EXTERNAL MODULE: ./packages/engine/src/review/base-policy.ts + 1 modules
var base_policy = __webpack_require__(3176);
;// CONCATENATED MODULE: ./packages/engine/src/audit/collect.ts
/**
 * `audit export`, the collecting half: every change that reached an environment's paths on its
 * branch in the period (git history, `--first-parent`), with the platform's word on its PR/MR,
 * reviews, CI and signatures, the local signature check, and what the audit log recorded about it
 * (gate, deployments, rollbacks); plus the period's drift incidents. Judging is not done here.
 */





/**
 * What git itself computes (hash, parents, committer date): nothing a commit's author writes, so a
 * subject holding separators cannot forge another commit's record.
 */
const COMMIT_FORMAT = ['%H', '%P', '%cI'].join('%x1f') + '%x1e';
/** What the commit's author wrote, read per commit: author name/email, committer name/email, subject (last, so it may hold anything). */
const PEOPLE_FORMAT = ['%an', '%ae', '%cn', '%ce', '%s'].join('%x00');
/** The shared check's status as the export's evidence names it (`missing` cannot happen: the commit was just logged). */
const EVIDENCE_STATUS = { good: 'good', bad: 'bad', revoked: 'bad', expired: 'unknown-key', 'unknown-key': 'unknown-key', missing: 'unknown-key', unsigned: 'unsigned' };
const SEVERITIES = ['critical', 'high', 'medium', 'low'];
/** Gathers the population `audit export` judges. */
async function collectAuditPopulation(options) {
    const { config } = options;
    const names = [...new Set(options.environments?.length ? options.environments.map((name) => (0,schema/* resolveEnvironmentName */.tl)(config, name).name) : Object.keys(config.environments))];
    for (const name of names) {
        if (!Object.hasOwn(config.environments, name))
            throw new errors/* UserError */.yo(`Environment "${name}" is not in the configuration; add it under environments: or leave it out of --environments.`);
    }
    const defaultBranch = options.defaultBranch ?? (await options.platform?.defaultBranch()) ?? (await originHead(options)) ?? 'main';
    const git = await (0,verify_commit/* commitVerifier */.E)({ cwd: options.cwd, exec: options.exec, keys: (0,verify_commit/* readSignatureKeys */.d)(options.config, options.configPath) });
    try {
        const changes = [];
        for (const environment of names)
            (0,arrays/* appendAll */.u2)(changes, await environmentChanges(options, git, environment, (0,base_policy/* environmentBranch */.GX)({ defaultBranch, config }, environment)));
        return {
            since: options.since.toISOString(),
            until: options.until.toISOString(),
            environments: names,
            changes,
            incidents: names.flatMap((environment) => driftIncidents(options.events, environment, options.since, options.until)),
            log: options.log ?? null,
        };
    }
    finally {
        git.dispose();
    }
}
async function originHead(options) {
    const result = await options.exec.run('git', ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], { cwd: options.cwd }).catch(() => undefined);
    return result?.exitCode === 0 ? result.stdout.toString('utf8').trim().replace(/^origin\//, '') || undefined : undefined;
}
/** The branch as the remote has it (`origin/<branch>`), else the local branch. */
async function branchRef(git, environment, branch, cwd) {
    for (const ref of [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
        if ((await git.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).exitCode === 0)
            return ref;
    }
    throw new errors/* UserError */.yo(`The branch ${branch} of environment ${environment} is not in the repository at ${cwd}; fetch it (git fetch origin ${branch}, or actions/checkout with fetch-depth: 0) so its history can be exported.`);
}
async function loggedCommits(git, args, doing) {
    const records = (await gitOrFail(git, ['log', `--format=${COMMIT_FORMAT}`, ...args], doing))
        .split('\x1e')
        .map((record) => record.replace(/^\n/, ''))
        .filter(Boolean);
    const commits = [];
    for (const record of records) {
        const [sha, parents, time] = record.split('\x1f');
        const [authorName, authorEmail, committerName, committerEmail, ...subject] = (await gitOrFail(git, ['log', '-1', `--format=${PEOPLE_FORMAT}`, sha], `read commit ${sha.slice(0, 12)}`)).replace(/\n$/, '').split('\0');
        commits.push({
            sha,
            parents: parents ? parents.split(' ') : [],
            author: { name: authorName ?? '', email: authorEmail ?? '' },
            committer: { name: committerName ?? '', email: committerEmail ?? '' },
            time,
            subject: subject.join(' '),
        });
    }
    return commits;
}
async function gitOrFail(git, args, doing) {
    const result = await git.run(args);
    if (result.exitCode !== 0)
        throw new errors/* UserError */.yo(`git could not ${doing} (${(0,node_exec/* firstLine */.TM)(result.stderr)}); fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0).`);
    return result.stdout;
}
/**
 * The stretch of the branch's first-parent history that reached it in the period, as `git log`
 * revisions (`last ^before`; undefined when none did), and where each commit of that history stands on
 * it. A commit's committer date is whatever its author set, so it is never trusted alone (`git log --since` also stops at the first older commit,
 * so one backdated push would hide itself and everything before it): a commit reached the branch no
 * earlier than any commit before it, and not in the future, so its time is the latest of those dates, capped at now.
 */
async function periodRange(git, ref, options) {
    const now = options.clock.now().getTime();
    const lines = (await gitOrFail(git, ['log', '--first-parent', '--reverse', '--format=%H %ct', ref], `read the history of ${ref}`)).split('\n').filter(Boolean);
    let reached = Number.NEGATIVE_INFINITY;
    let before;
    let last;
    const positions = new Map();
    for (const line of lines) {
        const [sha, seconds] = line.split(' ');
        positions.set(sha, positions.size);
        reached = Math.max(reached, Math.min(Number(seconds) * 1000, now));
        if (reached < options.since.getTime())
            before = sha;
        else if (reached <= options.until.getTime())
            last = sha;
    }
    return { range: last ? [last, ...(before ? [`^${before}`] : [])] : undefined, positions };
}
async function environmentChanges(options, git, environment, branch) {
    const settings = options.config.environments[environment];
    const configured = (0,schema/* environmentPaths */.Wp)(settings);
    if (!configured.length)
        throw new errors/* UserError */.yo(`Environment ${environment} names no paths to follow; set environments.${environment}.paths in the config.`);
    const base = (0,external_node_path_.dirname)((0,external_node_path_.resolve)(options.configPath));
    const pathspecs = configured.map((path) => (0,external_node_path_.resolve)(base, path));
    const ref = await branchRef(git, environment, branch, options.cwd);
    const { range, positions } = await periodRange(git, ref, options);
    const logged = range ? await loggedCommits(git, ['--first-parent', ...range, '--', ...pathspecs], `read the history of ${branch}`) : [];
    const events = forEnvironment(options.events, environment);
    const deployments = new Deployments(events, git, positions, range?.slice(1) ?? []);
    const changes = [];
    // Oldest first, as they reached the environment.
    for (const commit of logged.reverse()) {
        const touched = await gitOrFail(git, ['diff-tree', '-r', '--root', '--no-commit-id', '--name-only', '-m', '--first-parent', commit.sha, '--', ...pathspecs], `list what ${commit.sha.slice(0, 12)} changed`);
        const brought = commit.parents.length > 1 ? await loggedCommits(git, [commit.sha, `^${commit.parents[0]}`], `list the commits ${commit.sha.slice(0, 12)} merged`) : [commit];
        const request = (await options.platform?.changeRequestFor(commit.sha, branch)) ?? null;
        const reviewedSha = request?.merged_head_sha ?? commit.sha;
        const approvals = (request?.approvals ?? []).map((approval) => ({ ...approval, on_merged_head: approval.sha === reviewedSha }));
        changes.push({
            id: `${environment}@${commit.sha}`,
            environment,
            branch,
            sha: commit.sha,
            time: commit.time,
            paths: [...new Set(touched.split('\n').filter(Boolean))],
            commits: await Promise.all(brought.map((each) => commitEvidence(options, git, each))),
            change_request: request && { number: request.number, url: request.url, author: request.author, opened_at: request.opened_at, merged_head_sha: request.merged_head_sha, labels: request.labels },
            approvals,
            ci_status: options.platform ? await options.platform.ciStatus(reviewedSha) : 'none',
            gate: gateFor(events, reviewedSha),
            deployments: await deployments.of(commit.sha),
            emergency: emergencyOf(options, events, commit, request, approvals),
        });
    }
    return changes;
}
async function commitEvidence(options, git, commit) {
    const [platform, checked] = await Promise.all([options.platform?.commit(commit.sha), git.verify(commit.sha)]);
    return {
        sha: commit.sha,
        subject: commit.subject,
        author: { ...commit.author, login: platform?.authorLogin ?? null },
        committer: { ...commit.committer, login: platform?.committerLogin ?? null },
        time: commit.time,
        signature: { local: EVIDENCE_STATUS[checked.status], format: checked.format, signer: checked.signer, platform: platform?.verification ?? null },
    };
}
const forEnvironment = (events, environment) => events.filter((event) => event.environment === environment);
/** The last gate decision the log holds for the reviewed commit, among the environment's events. */
function gateFor(events, sha) {
    const gate = events.filter((event) => event.details.type === 'gate' && event.commits.head === sha).at(-1);
    if (!gate || gate.details.type !== 'gate')
        return null;
    return { seq: gate.seq, time: gate.time, outcome: gate.details.outcome, plan_fingerprint: gate.details.plan_fingerprint };
}
/**
 * The first successful sync whose deployed commit contains a change: the deployment that put it on the
 * environment. The changes are commits of the branch's first-parent history, where an earlier commit is an
 * ancestor of a later one and never a descendant: a deployed commit on that history contains the changes up to
 * its place. A deployed commit off it (a pull request's head, another branch) contains those up to the latest
 * one among its ancestors, found once with `git rev-list` (not one `git merge-base` per change and sync).
 */
class Deployments {
    git;
    positions;
    boundary;
    syncs;
    /** For each deployed commit off the first-parent history: the place of the latest commit of it that it contains (-1: none). */
    reach = new Map();
    constructor(events, git, positions, 
    /** `^<the commit before the period>`, when there is one: the changes are all after it. */
    boundary) {
        this.git = git;
        this.positions = positions;
        this.boundary = boundary;
        this.syncs = events.filter((event) => event.details.type === 'sync' && event.details.outcome === 'succeeded');
    }
    async of(sha) {
        const change = this.positions.get(sha) ?? Number.POSITIVE_INFINITY;
        for (const event of this.syncs) {
            const deployed = event.commits.deployed ?? event.commits.head;
            if (!deployed || event.details.type !== 'sync' || (deployed !== sha && change > (await this.reachOf(deployed))))
                continue;
            return [{ seq: event.seq, time: event.time, actor: { id: event.actor.id, login: event.actor.login }, deployed_sha: deployed, plan_fingerprint: event.details.plan_fingerprint, outcome: event.details.outcome }];
        }
        return [];
    }
    reachOf(deployed) {
        const at = this.positions.get(deployed);
        if (at !== undefined)
            return at;
        let reach = this.reach.get(deployed);
        if (!reach) {
            // A commit git does not know contains nothing.
            reach = this.git.run(['rev-list', deployed, ...this.boundary]).then((result) => result.exitCode !== 0 ? -1 : (0,arrays/* maxOf */._)(result.stdout.split('\n').map((line) => this.positions.get(line) ?? -1), -1));
            this.reach.set(deployed, reach);
        }
        return reach;
    }
}
/**
 * A rollback (recorded in the log for this commit or its PR/MR) or a change labelled break-glass,
 * with its follow-up review: the first approval of the reviewed commit by someone other than the
 * author, after the change landed and within `audit.follow_up_hours`.
 */
function emergencyOf(options, events, commit, request, approvals) {
    const rollback = events.some((event) => event.details.type === 'rollback' &&
        event.details.outcome !== 'dry-run' &&
        (event.commits.head === commit.sha || event.commits.deployed === commit.sha || (request !== null && event.change_request?.number === request.number)));
    const label = options.config.audit.break_glass_label;
    const kind = rollback ? 'rollback' : request?.labels.some((name) => name.toLowerCase() === label.toLowerCase()) ? 'break-glass' : undefined;
    if (!kind)
        return null;
    const landed = Date.parse(commit.time);
    const deadline = landed + options.config.audit.follow_up_hours * 3_600_000;
    const author = request?.author;
    const follow_up = approvals.find((approval) => {
        const at = Date.parse(approval.time);
        const byAuthor = author !== undefined && ((author.id !== null && approval.id === author.id) || (author.login !== null && approval.login?.toLowerCase() === author.login.toLowerCase()));
        return approval.on_merged_head && at >= landed && at <= deadline && !byAuthor;
    }) ?? null;
    return { kind, follow_up };
}
/**
 * Drift incidents from the log: opened by a drift event that found drift (or an alert that
 * triggered), closed by the next clean drift event (or resolved alert). How it was resolved: a
 * successful sync in between \u2192 sync, a rollback \u2192 revert, else the drift was accepted into Git.
 */
function driftIncidents(events, environment, since, until) {
    const incidents = [];
    // The first successful sync and rollback after the event that opened the incident (by seq): one before the event
    // that closes it resolved it (a sync), else reverted it (a rollback).
    let open;
    const mine = forEnvironment(events, environment).sort((a, b) => a.seq - b.seq);
    for (const event of mine) {
        const details = event.details;
        const opens = (details.type === 'drift' && details.outcome === 'drift') || (details.type === 'alert' && details.outcome !== 'resolve');
        const closes = (details.type === 'drift' && details.outcome === 'clean') || (details.type === 'alert' && details.outcome === 'resolve');
        if (opens) {
            const severity = details.type === 'drift' ? (SEVERITIES.find((level) => details.counts[level] > 0) ?? 'low') : alertSeverity(details.severity);
            if (!open)
                open = { first_seen: (details.type === 'drift' && details.first_seen) || event.time, severity, from: event.seq };
            else if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(open.severity))
                open.severity = severity;
        }
        else if (closes && open) {
            const before = (seq) => seq !== undefined && seq < event.seq;
            const resolution = before(open.synced) ? 'sync' : before(open.reverted) ? 'revert' : 'accepted';
            incidents.push({ environment, first_seen: open.first_seen, severity: open.severity, resolved_at: event.time, resolution, seconds_to_resolve: (Date.parse(event.time) - Date.parse(open.first_seen)) / 1000 });
            open = undefined;
        }
        else if (open && details.outcome === 'succeeded' && event.seq > open.from) {
            if (details.type === 'sync')
                open.synced ??= event.seq;
            else if (details.type === 'rollback')
                open.reverted ??= event.seq;
        }
    }
    if (open)
        incidents.push({ environment, first_seen: open.first_seen, severity: open.severity, resolved_at: null, resolution: null, seconds_to_resolve: null });
    return incidents.filter((incident) => Date.parse(incident.first_seen) <= until.getTime() && (incident.resolved_at === null || Date.parse(incident.resolved_at) >= since.getTime()));
}
/** An alert's severity as the monitor names it; an unknown word counts as high rather than vanish. */
function alertSeverity(severity) {
    const word = severity?.toLowerCase();
    return SEVERITIES.includes(word ?? '') ? word : 'high';
}

;// CONCATENATED MODULE: ./packages/engine/src/audit/export.ts







/** Exit code of `audit export` when any selected control has exceptions (the report is still written). */
const EXIT_AUDIT_EXCEPTIONS = 5;
const AUDIT_FORMATS = ['json', 'csv', 'markdown'];
/** The environments named (or their aliases) as configured, once each; none named: all of them. */
function selectedEnvironments(config, named) {
    const known = Object.keys(config.environments);
    const names = named.map((typed) => {
        const { name } = (0,schema/* resolveEnvironmentName */.tl)(config, typed);
        if (!known.includes(name))
            throw new errors/* UserError */.yo(`--environment ${typed} is not an environment in gitops-sync.yaml; use one of ${known.join(', ') || '(none configured)'}.`);
        return name;
    });
    return names.length ? [...new Set(names)] : known;
}
function auditSettings(config, environments) {
    const policies = config.approval.environments;
    const policyOf = (name) => (Object.hasOwn(policies, name) ? policies[name] : schema/* ApprovalEnvironment */.tX.parse({}));
    return {
        required_approvals: Object.fromEntries(environments.map((name) => [name, (0,four_eyes/* requiredApprovals */.Ks)(name, policyOf(name))])),
        author_may_deploy: config.audit.author_may_deploy,
        require_signed_commits: config.audit.signatures.require_signed,
        drift_resolution_hours: config.audit.drift_resolution_hours,
        bots: config.approval.bots,
    };
}
function controlMapping(options, config, configPath) {
    const path = options.controlsPath ? (0,external_node_path_.resolve)(options.cwd, options.controlsPath) : config.audit.controls ? (0,external_node_path_.resolve)((0,external_node_path_.dirname)(configPath), config.audit.controls) : undefined;
    if (!path) {
        const text = defaultControlMappingText();
        return { mapping: parseControlMapping(text, 'the built-in control mapping'), source: { source: 'built-in', sha256: sha256Hex(text) } };
    }
    const text = (0,src_files/* readInputFile */.jH)(path, 'a control mapping (YAML)', { maxBytes: 1024 * 1024, fixed: true }).toString('utf8');
    return { mapping: parseControlMapping(text, path), source: { source: (0,external_node_path_.basename)(path), sha256: sha256Hex(text) } };
}
/**
 * `audit export`: reads the audit log, collects the period's change population, judges it against
 * the control mapping, and writes the report, its CSV, its Markdown and its in-toto statement.
 */
async function auditExport(options, context) {
    const configPath = (0,external_node_path_.resolve)(options.cwd, options.configPath);
    const config = (0,config_file/* loadConfig */.Z)(configPath, true);
    const period = auditPeriod(options.since, options.until, options.now);
    const environments = selectedEnvironments(config, options.environments);
    const { mapping, source } = controlMapping(options, config, configPath);
    // A framework judged against no control would pass on evidence of nothing: it is left out of the report, and said so.
    const mapped = new Set(mapping.controls.map((control) => control.framework));
    const frameworks = options.frameworks.filter((framework) => mapped.has(framework));
    if (frameworks.length === 0) {
        throw new errors/* UserError */.yo(`The control mapping (${source.source}) has no control for ${options.frameworks.join(', ')}, so the export would pass on no evidence; ask for a framework it maps (${[...mapped].join(', ')}) or add controls for it.`);
    }
    const unmapped = options.frameworks.filter((framework) => !mapped.has(framework));
    if (unmapped.length) {
        const them = unmapped.length > 1 ? 'them' : 'it';
        context.progress.step(`${ports/* WARNING_STEP */.Ac}the control mapping (${source.source}) has no control for ${unmapped.join(', ')}, so the report leaves ${them} out; add controls for ${them} to judge ${them}`);
    }
    const outputDir = (0,external_node_path_.resolve)(options.cwd, options.outputDir);
    if ((0,src_files/* statOrNothing */.JR)(outputDir, true)?.isFile())
        throw new errors/* UserError */.yo(`--output-dir ${outputDir} is a file; name a folder for the audit report files.`);
    const { events, log, source: logSource } = await (0,read_log/* readConfiguredAuditLog */.o)(config, configPath, options.cwd, context);
    context.progress.step(`read the audit log ${logSource}: ${events.length} events${log && !log.intact ? ', and it is NOT intact (run gitops-sync audit verify)' : ''}`);
    context.progress.step(`collecting the changes of ${environments.join(', ')} from ${period.since} to ${period.until}`);
    const collect = context.collect ?? collectAuditPopulation;
    const population = await collect({
        cwd: options.cwd,
        config,
        configPath,
        since: new Date(period.since),
        until: new Date(period.until),
        environments,
        events,
        platform: options.history,
        log,
        exec: context.exec,
        clock: ports/* systemClock */.ml,
    });
    const inPeriod = (time) => time >= period.since && time <= period.until;
    const driftChecks = events.filter((event) => event.details.type === 'drift' && event.details.outcome !== 'failed' && inPeriod(new Date(event.time).toISOString()) && event.environment !== null && environments.includes(event.environment)).length;
    const report = evaluateAudit(population, mapping, frameworks, {
        settings: auditSettings(config, environments),
        driftChecks,
        repositoryUrl: options.repositoryUrl,
        platform: options.platform,
        mapping: source,
        generatorVersion: options.generatorVersion,
        generatedAt: options.now.toISOString(),
    });
    // Every file's content is made before the first is written: a failure leaves nothing half-done.
    const reportFile = options.reportFile ?? 'audit-report.json';
    const stem = reportFile.replace(/\.json$/i, '');
    const json = renderAuditJson(report);
    const sha256 = sha256Hex(json);
    const markdown = renderAuditMarkdown(report, sha256);
    const files = [
        [reportFile, json],
        [`${stem}.intoto.json`, renderAuditStatement(report, reportFile, sha256)],
        ...(options.formats.includes('csv') ? [[AUDIT_CHANGES_FILE, renderAuditCsv(report)]] : []),
        ...(options.formats.includes('markdown') ? [[`${stem}.md`, markdown]] : []),
    ];
    for (const [name, content] of files)
        (0,src_files/* writeFileAtomic */.Zf)((0,external_node_path_.join)(outputDir, name), content);
    return {
        report,
        reportPath: (0,external_node_path_.join)(outputDir, reportFile),
        files: files.map(([name]) => (0,external_node_path_.join)(outputDir, name)),
        sha256,
        markdown,
        exitCode: report.summary.failed > 0 ? EXIT_AUDIT_EXCEPTIONS : 0,
    };
}

// EXTERNAL MODULE: ./packages/platforms/src/change-history-target.ts
var change_history_target = __webpack_require__(9817);
// EXTERNAL MODULE: ./packages/cli/src/args.ts
var src_args = __webpack_require__(7109);
// EXTERNAL MODULE: ./packages/cli/src/review-commands.ts + 4 modules
var review_commands = __webpack_require__(3622);
// EXTERNAL MODULE: ./package.json
var package_0 = __webpack_require__(8330);
// EXTERNAL MODULE: ./packages/cli/src/exit-codes.ts
var exit_codes = __webpack_require__(3067);
;// CONCATENATED MODULE: ./packages/cli/src/audit-commands.ts








const verifyOptions = {
    log: { type: 'string' },
    'git-ref': { type: 'string' },
    checkpoint: { type: 'string' },
    'public-key': { type: 'string' },
    config: { type: 'string', default: 'gitops-sync.yaml' },
    format: { type: 'string', default: 'text' },
};
function describeCheckpoint(result, verification) {
    const { checkpoint } = verification;
    if (!checkpoint)
        return 'no checkpoint: a truncation of the log would not show (pass --checkpoint)';
    const signature = checkpoint.verified_key_id ? `its signature verified (key ${checkpoint.verified_key_id.slice(0, 16)}\u2026)` : 'its signature not checked (pass --public-key)';
    return `the checkpoint ${result.checkpoint} (${checkpoint.size} events) matches, ${signature}`;
}
function describeVerification(result) {
    const { verification } = result;
    if (!verification.intact)
        return `${result.log} was tampered with: ${verification.reason}.\n`;
    return `${result.log} is intact: ${verification.size} events, Merkle root ${verification.root_hash}; ${describeCheckpoint(result, verification)}.\n`;
}
/** `gitops-sync audit verify`: recomputes every hash, the chain and the Merkle root of the audit log. */
async function auditVerifyCommand(args, io) {
    const { values } = (0,src_args/* parse */.qg)(args, verifyOptions);
    const format = (0,review_commands.checkFormat)(String(values.format));
    const gitRef = values['git-ref'];
    if (gitRef !== undefined && values.log !== undefined)
        throw new errors/* UserError */.yo('gitops-sync audit verify reads --log or --git-ref, not both; pass one.');
    const fromCwd = (path) => (path === undefined ? undefined : (0,external_node_path_.resolve)(io.cwd, String(path)));
    const log = fromCwd(values.log);
    let source = gitRef !== undefined ? { gitRef, cwd: io.cwd, env: io.env } : log !== undefined ? { log } : undefined;
    let publicKey = fromCwd(values['public-key']);
    const keyIsTrusted = publicKey === undefined;
    if (source === undefined) {
        const configPath = (0,external_node_path_.resolve)(io.cwd, String(values.config));
        const config = (0,config_file/* loadConfig */.Z)(configPath, false);
        source = (0,read_log/* configuredAuditLogSource */.j)(config, configPath, io.cwd, io.env);
        publicKey ??= config.audit.public_key === undefined ? undefined : (0,external_node_path_.resolve)(configPath, '..', config.audit.public_key);
    }
    const result = await (0,verify_log/* verifyAuditLogSource */.YG)(
    // The config's audit.public_key is the key the log must be signed by; one given with --public-key may be the wrong one.
    { source, checkpoint: fromCwd(values.checkpoint), publicKey, keyIsTrusted }, io.exec);
    io.stdout(format === 'json' ? `${JSON.stringify({ log: result.log, checkpoint_file: result.checkpoint, ...result.verification }, null, 2)}\n` : describeVerification(result));
    return result.verification.intact ? 0 : exit_codes/* EXIT_AUDIT_TAMPERED */.Y_;
}
/** The repository's web address from the CI platform's own variables (for links to pushed commits); null in a terminal. */
function repositoryWebUrl(env) {
    if (env.GITHUB_REPOSITORY)
        return { repositoryUrl: `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`, platform: 'github' };
    if (env.CI_PROJECT_URL)
        return { repositoryUrl: env.CI_PROJECT_URL, platform: 'gitlab' };
    return { repositoryUrl: null, platform: null };
}
function parseFormats(list) {
    const names = list.split(',').map((name) => name.trim()).filter(Boolean);
    for (const name of names) {
        if (!AUDIT_FORMATS.includes(name))
            throw new errors/* UserError */.yo(`--format ${name} is not an audit export format; use any of ${AUDIT_FORMATS.join(', ')}.`);
    }
    return names;
}
/** `gitops-sync audit export`: exit 0 every selected control passes, 5 any has exceptions (report written), 1 error. */
async function auditExportCommand(args, io, redactor) {
    const { values, positionals } = (0,src_args/* parse */.qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        since: { type: 'string' },
        until: { type: 'string' },
        environment: { type: 'string', multiple: true },
        compliance: { type: 'string', default: 'sox,soc2,pci,iso27001' },
        format: { type: 'string', default: AUDIT_FORMATS.join(',') },
        'output-dir': { type: 'string', default: '.' },
        output: { type: 'string' },
        controls: { type: 'string' },
        platform: { type: 'string' },
        repo: { type: 'string' },
    });
    if (positionals.length)
        throw new errors/* UserError */.yo(`gitops-sync audit export takes no ${JSON.stringify(positionals[0])}; name environments with --environment.`);
    const frameworks = parseFrameworks(String(values.compliance));
    const formats = parseFormats(String(values.format));
    // --output names the JSON report (the original `--output audit-report.json`); the other files go beside it.
    const output = values.output === undefined ? undefined : (0,external_node_path_.resolve)(io.cwd, String(values.output));
    if (output && !output.endsWith('.json'))
        throw new errors/* UserError */.yo(`--output ${values.output} must name the JSON report (e.g. audit-report.json); the other files are written beside it, or use --output-dir for a folder.`);
    const history = (0,change_history_target/* changeHistoryFor */.m)({ platform: values.platform, repo: values.repo }, io.env, redactor.add);
    const result = await auditExport({
        configPath: String(values.config),
        cwd: io.cwd,
        since: values.since,
        until: values.until,
        environments: (values.environment ?? []).flatMap((name) => name.split(',')).map((name) => name.trim()).filter(Boolean),
        frameworks,
        formats,
        outputDir: output ? (0,external_node_path_.dirname)(output) : String(values['output-dir']),
        reportFile: output ? (0,external_node_path_.basename)(output) : undefined,
        controlsPath: values.controls,
        ...repositoryWebUrl(io.env),
        history,
        generatorVersion: package_0/* version */.rE,
        now: new Date(),
    }, { exec: io.exec, env: io.env, progress: (0,src_args/* stderrProgress */.WZ)(io, false) });
    if (!history)
        io.stderr('gitops-sync: no platform (--platform github|gitlab, or a GitHub/GitLab run): pull/merge requests, reviews and CI were not read, so every change counts as a direct push.\n');
    const { summary } = result.report;
    io.stdout(`Audit export ${result.report.frameworks.join(', ')}: ${summary.passed} passed, ${summary.failed} failed, ${summary.not_applicable} not applicable; ${summary.exceptions} exceptions over ${summary.changes} changes.\n`);
    for (const file of result.files)
        io.stdout(`  ${(0,external_node_path_.relative)(io.cwd, file) || file}\n`);
    // sha256sum's format, so an auditor can check the file with `sha256sum -c`.
    io.stdout(`${result.sha256}  ${redactor.redact((0,external_node_path_.relative)(io.cwd, result.reportPath) || result.reportPath)}\n`);
    return result.exitCode;
}
const SUBCOMMANDS = {
    verify: auditVerifyCommand,
    export: auditExportCommand,
};
const AUDIT_SUBCOMMANDS = Object.keys(SUBCOMMANDS);
/** `gitops-sync audit <subcommand>`. */
async function auditCommand(args, io, redactor) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub.startsWith('-')) {
        if (sub === '--help' || sub === '-h')
            return SUBCOMMANDS.export(['--help'], io, redactor);
        throw new errors/* UserError */.yo(`gitops-sync audit needs a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')} (e.g. \`gitops-sync audit export --compliance sox\`).`);
    }
    if (!Object.hasOwn(SUBCOMMANDS, sub))
        throw new errors/* UserError */.yo(`"${sub}" is not a gitops-sync audit subcommand; use ${Object.keys(SUBCOMMANDS).join(', ')}.`);
    return SUBCOMMANDS[sub](rest, io, redactor);
}


/***/ }),

/***/ 9817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ changeHistoryFor)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);
/* harmony import */ var _github_change_history_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2482);
/* harmony import */ var _gitlab_change_history_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3421);
/* harmony import */ var _review_target_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9006);





/**
 * The repository history `audit export` reads PRs/MRs, reviews and CI from: `--platform/--repo`, each
 * defaulting from the CI run (GITHUB_REPOSITORY / CI_PROJECT_ID). Undefined outside CI without
 * --platform: then only git and the audit log are read. `onSecret` is told the token.
 */
function changeHistoryFor(args, env, onSecret) {
    const name = args.platform ?? (0,_review_target_js__WEBPACK_IMPORTED_MODULE_0__/* .detectPlatform */ .l)(env);
    if (name === undefined)
        return undefined;
    if (name !== 'github' && name !== 'gitlab')
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`--platform must be github or gitlab (got ${JSON.stringify(name)}).`);
    const github = name === 'github';
    const repo = args.repo ?? (github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
    if (!repo)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`--repo is required outside a CI run; pass ${github ? 'OWNER/REPO' : 'the project path or id'}.`);
    const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const token = env[tokenVar];
    if (!token)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${tokenVar} is not set; audit export reads the ${github ? 'pull requests' : 'merge requests'}, reviews and CI with it (see the README for the read permissions).`);
    onSecret(token);
    const limits = (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .apiLimitsFromEnv */ .E0)(env);
    return github
        ? new _github_change_history_js__WEBPACK_IMPORTED_MODULE_3__/* .GitHubChangeHistory */ .W({ token, repository: repo, baseUrl: env.GITHUB_API_URL, limits })
        : new _gitlab_change_history_js__WEBPACK_IMPORTED_MODULE_4__/* .GitLabChangeHistory */ .o({ token, project: repo, baseUrl: env.CI_API_V4_URL, limits });
}


/***/ }),

/***/ 2482:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ GitHubChangeHistory)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3794);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8835);



const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), login: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** A pull request as `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls` lists it (pull-request-simple). */
const CommitPull = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    number: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    html_url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    user: User.nullable(),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })),
    created_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    merged_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    merge_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    head: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }),
    base: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ ref: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }),
});
const Review = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ user: User.nullable(), state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), commit_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(), submitted_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() });
const CombinedStatus = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), total_count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), statuses: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })) });
const CheckRuns = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ total_count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), check_runs: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ status: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), conclusion: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable() })) });
const Commit = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    author: User.nullable(),
    committer: User.nullable(),
    commit: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ verification: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ verified: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(), reason: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).optional() }),
});
const Repository = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ default_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const READ_PULLS = 'the "Pull requests: read" permission (GITHUB_TOKEN: permissions: pull-requests: read)';
const READ_CONTENTS = 'the "Contents: read" permission (GITHUB_TOKEN: permissions: contents: read)';
const READ_STATUSES = 'the "Commit statuses: read" permission (GITHUB_TOKEN: permissions: statuses: read)';
const READ_CHECKS = 'the "Checks: read" permission (GITHUB_TOKEN: permissions: checks: read)';
/** Check-run conclusions that mean the check did not pass (REST "check runs": conclusion). */
const FAILED_CHECK = new Set(['action_required', 'cancelled', 'failure', 'timed_out', 'stale', 'startup_failure']);
const MAX_CHECK_PAGES = 10;
const person = (user) => ({ id: user ? String(user.id) : null, login: user?.login ?? null });
/**
 * The approvals still standing (reviews are listed oldest first): a reviewer's approvals before their
 * later request for changes were withdrawn by it, as GitHub and the gate take them (a dismissed
 * approval already reads DISMISSED; a plain comment withdraws nothing).
 */
function standingApprovals(reviews) {
    const withdrawn = new Set();
    const standing = [];
    for (const review of [...reviews].reverse()) {
        if (!review.user)
            continue;
        if (review.state === 'CHANGES_REQUESTED')
            withdrawn.add(review.user.id);
        else if (review.state === 'APPROVED' && !withdrawn.has(review.user.id))
            standing.unshift(review);
    }
    return standing;
}
/** One repository's history on GitHub, read-only, for `audit export`. */
class GitHubChangeHistory {
    name = 'github';
    api;
    constructor(options) {
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApi */ .y(options);
    }
    get label() {
        return `${this.api.owner}/${this.api.repo}`;
    }
    async defaultBranch() {
        return (await this.api.call({ what: `read repository ${this.label}`, permission: READ_CONTENTS }, Repository, 'GET /repos/{owner}/{repo}')).data.default_branch;
    }
    /**
     * The pull request merged into `branch` whose merge (or squash, or last rebased) commit is `sha`.
     * A PR that merely contains the commit does not count: that commit reached the branch some other way.
     */
    async changeRequestFor(sha, branch) {
        const pulls = await this.api.listAll({ what: `list the pull requests of commit ${sha.slice(0, 12)}`, permission: READ_PULLS }, CommitPull, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha });
        const pull = pulls.find((each) => each.merged_at && each.merge_commit_sha === sha && each.base.ref === branch);
        if (!pull)
            return null;
        const reviews = await this.api.listAll({ what: `list the reviews of ${this.label}#${pull.number}`, permission: READ_PULLS }, Review, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { pull_number: pull.number });
        return {
            number: pull.number,
            url: pull.html_url ?? null,
            author: person(pull.user),
            opened_at: pull.created_at,
            merged_head_sha: pull.head.sha,
            labels: pull.labels.map((label) => label.name),
            approvals: standingApprovals(reviews).flatMap((review) => (review.user && review.commit_id && review.submitted_at ? [{ ...person(review.user), time: review.submitted_at, sha: review.commit_id }] : [])),
        };
    }
    /** The combined commit status and every check run: any failure fails, anything unfinished is pending, nothing at all is none. */
    async ciStatus(sha) {
        const combined = (await this.api.call({ what: `read the combined status of ${sha.slice(0, 12)}`, permission: READ_STATUSES }, CombinedStatus, 'GET /repos/{owner}/{repo}/commits/{ref}/status', { ref: sha, per_page: 100 })).data;
        const runs = [];
        let checkTotal = 0;
        for (let page = 1; page <= MAX_CHECK_PAGES; page++) {
            const { data } = await this.api.call({ what: `list the check runs of ${sha.slice(0, 12)}`, permission: READ_CHECKS }, CheckRuns, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ref: sha, per_page: 100, page });
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .appendAll */ .u2)(runs, data.check_runs);
            checkTotal = data.total_count;
            if (runs.length >= data.total_count || !data.check_runs.length)
                break;
        }
        // The combined state is "pending" when there are no statuses at all (REST "commit statuses"); runs beyond the pages read are unknown, so pending.
        const states = [...(combined.total_count > 0 ? [combined.state] : []), ...(runs.length < checkTotal ? ['pending'] : []), ...runs.map((run) => (run.status !== 'completed' ? 'pending' : FAILED_CHECK.has(run.conclusion ?? '') ? 'failure' : 'success'))];
        if (!states.length)
            return 'none';
        if (states.some((state) => state === 'failure' || state === 'error'))
            return 'failure';
        if (states.some((state) => state !== 'success'))
            return 'pending';
        return 'success';
    }
    async commit(sha) {
        const { data } = await this.api.call({ what: `read commit ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Commit, 'GET /repos/{owner}/{repo}/commits/{ref}', { ref: sha });
        return { verification: data.commit.verification ?? null, authorLogin: data.author?.login ?? null, committerLogin: data.committer?.login ?? null };
    }
}


/***/ }),

/***/ 3421:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ GitLabChangeHistory)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(314);
/* harmony import */ var _approval_heads_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4201);
/* harmony import */ var _commit_signature_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9074);




const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** A merge request as `GET /projects/:id/repository/commits/:sha/merge_requests` lists it. */
const CommitMergeRequest = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    iid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    web_url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    author: User,
    created_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    target_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    merge_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    squash_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()),
});
const Pipeline = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ status: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
const Project = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ default_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() });
const READ_API = 'the read_api scope and at least the Reporter role';
const PIPELINE = { success: 'success', failed: 'failure', canceled: 'failure', skipped: 'failure' };
const person = (user) => ({ id: String(user.id), login: user.username });
/** One project's history on GitLab, read-only, for `audit export`. */
class GitLabChangeHistory {
    options;
    name = 'gitlab';
    api;
    constructor(options) {
        this.options = options;
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitLabApi */ .w(options);
    }
    async defaultBranch() {
        return (await this.api.json({ what: `read project ${this.options.project}`, permission: READ_API }, Project, 'GET', this.api.project)).data.default_branch ?? undefined;
    }
    /** The merge request merged into `branch` whose merge, squash or (fast-forward) head commit is `sha`. */
    async changeRequestFor(sha, branch) {
        const listed = await this.api.listAll({ what: `list the merge requests of commit ${sha.slice(0, 12)}`, permission: READ_API }, CommitMergeRequest, `${this.api.project}/repository/commits/${sha}/merge_requests`);
        const mr = listed.find((each) => each.state === 'merged' && each.target_branch === branch && (each.merge_commit_sha === sha || each.squash_commit_sha === sha || (!each.merge_commit_sha && !each.squash_commit_sha && each.sha === sha)));
        if (!mr)
            return null;
        return {
            number: mr.iid,
            url: mr.web_url ?? null,
            author: person(mr.author),
            opened_at: mr.created_at,
            merged_head_sha: mr.sha,
            labels: mr.labels,
            approvals: await this.approvals(mr.iid),
        };
    }
    /** Each approval with its time and the head it was given on (see placedApprovals); one that cannot be placed is left out. */
    async approvals(iid) {
        const placed = await (0,_approval_heads_js__WEBPACK_IMPORTED_MODULE_2__/* .placedApprovals */ .o)(this.api, iid, `${this.options.project}!${iid}`, READ_API);
        return placed.flatMap(({ user, time, sha }) => (time && sha ? [{ ...person(user), time, sha }] : []));
    }
    /** The latest pipeline for the commit. */
    async ciStatus(sha) {
        const { data } = await this.api.json({ what: `list the pipelines of ${sha.slice(0, 12)}`, permission: READ_API }, zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(Pipeline), 'GET', `${this.api.project}/pipelines?sha=${sha}&order_by=id&sort=desc&per_page=1`);
        return data.length ? (PIPELINE[data[0].status] ?? 'pending') : 'none';
    }
    /** GitLab answers 404 for an unsigned commit. Its commits name people by email only, so no logins. */
    async commit(sha) {
        return { verification: await (0,_commit_signature_js__WEBPACK_IMPORTED_MODULE_3__/* .gitlabCommitVerification */ .C)(this.api, sha, READ_API), authorLogin: null, committerLogin: null };
    }
}


/***/ }),

/***/ 5468:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__.p + "2da7a60ce1e2ab813fb6.yaml";

/***/ })

};
