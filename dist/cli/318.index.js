export const id = 318;
export const ids = [318];
export const modules = {

/***/ 1318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SECRETS_SUBCOMMANDS: () => (/* binding */ SECRETS_SUBCOMMANDS),
/* harmony export */   secretsCommand: () => (/* binding */ secretsCommand)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1855);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3778);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1414);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7109);
/* harmony import */ var _review_commands_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3622);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3067);






function describeSecrets(report) {
    // File names are anyone's to choose: a newline or an escape sequence in one must not forge or hide a line.
    const printable = (text) => text.replace(/\p{Cc}/gu, '?');
    const lines = report.findings.map((finding) => printable(`${finding.severity.padEnd(8)} ${finding.rule.padEnd(28)} ${finding.message}`));
    const files = new Set(report.findings.map((finding) => finding.file)).size;
    const checked = `${report.files_checked} file${report.files_checked === 1 ? '' : 's'}`;
    lines.push(report.findings.length ? `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${checked} checked).` : `No secrets at rest in plaintext: ${checked} checked.`);
    return `${lines.join('\n')}\n`;
}
/** The repository's top folder when the command runs inside a clone (where .sops.yaml and .gitattributes live), else the current folder. */
async function repositoryRoot(io) {
    const result = await io.exec.run('git', ['rev-parse', '--show-toplevel'], { cwd: io.cwd });
    return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : io.cwd;
}
/** `gitops-sync secrets check [PATH\u2026]`: SOPS files encrypted as .sops.yaml says, git-crypt paths encrypted in git, no plaintext secret elsewhere. */
async function secretsCheckCommand(args, io) {
    const { values, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        format: { type: 'string', default: 'table' },
        base: { type: 'string' },
        head: { type: 'string' },
    });
    const format = (0,_review_commands_js__WEBPACK_IMPORTED_MODULE_2__.checkFormat)(String(values.format));
    if (values.head !== undefined && values.base === undefined)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('--head needs --base: give the commit the change starts from (e.g. --base origin/main), or drop --head.');
    const configPath = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, String(values.config));
    const config = (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_4__/* .loadConfig */ .Z)(configPath, (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .configGiven */ .An)(args));
    const root = await repositoryRoot(io);
    const report = await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_5__/* .checkSecretsAtRest */ .ln)({ root, paths: positionals.map((path) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, path)), config, baseDir: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(configPath), exec: io.exec });
    // --base: what the change from that commit to --head does to secrets (decrypted files, weakened .sops.yaml / .gitattributes, a widened secrets.allow).
    if (values.base !== undefined) {
        const change = { root, base: String(values.base), head: String(values.head ?? 'HEAD'), exec: io.exec };
        const changes = [...(await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_6__/* .secretsPolicyChanges */ .ZC)(change)), ...(await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_6__/* .secretsSettingsChanges */ .S8)({ ...change, configFile: configPath }))];
        report.findings = [...report.findings, ...changes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)));
    }
    io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : describeSecrets(report));
    return report.findings.length ? _exit_codes_js__WEBPACK_IMPORTED_MODULE_7__/* .EXIT_SECRETS_FOUND */ .Yx : 0;
}
const SUBCOMMANDS = {
    check: secretsCheckCommand,
};
const SECRETS_SUBCOMMANDS = Object.keys(SUBCOMMANDS);
/** `gitops-sync secrets <subcommand>`. */
async function secretsCommand(args, io, _redactor) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h')
        return SUBCOMMANDS.check(['--help'], io);
    if (sub === undefined || sub.startsWith('-'))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`gitops-sync secrets needs a subcommand: ${SECRETS_SUBCOMMANDS.join(', ')} (e.g. \`gitops-sync secrets check\`).`);
    if (!Object.hasOwn(SUBCOMMANDS, sub))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`"${sub}" is not a gitops-sync secrets subcommand; use ${SECRETS_SUBCOMMANDS.join(', ')}.`);
    return SUBCOMMANDS[sub](rest, io);
}


/***/ }),

/***/ 118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v0: () => (/* binding */ SECRETS_REPORT_SCHEMA_ID)
/* harmony export */ });
/* unused harmony exports SecretFinding, SecretsReport */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _model_report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5781);


/**
 * What `gitops-sync secrets check` reports: one finding per file and line, naming the rule that
 * matched. A finding never carries the value that matched, only where it is.
 */
const SecretFinding = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    /** Path relative to the repository root, `/`-separated. */
    file: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
    /** 1-based; 0 when the finding is about the whole file (e.g. a git-crypt path committed in plaintext). */
    line: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(0),
    /** The rule's id, e.g. `private-key`, `sops-unencrypted-value`, `git-crypt-plaintext`, `sops-rule-removed`. */
    rule: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
    severity: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(_model_report_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC),
    /** One sentence: what is wrong and how to fix it; never the value. */
    message: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
})
    .strict();
const SECRETS_REPORT_SCHEMA_ID = 'gitops-sync/secrets-report@1';
const SecretsReport = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    schema: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz(SECRETS_REPORT_SCHEMA_ID),
    /** Files read, and how many findings each rule gave. */
    files_checked: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(0),
    findings: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(SecretFinding),
})
    .strict();


/***/ }),

/***/ 3778:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ln: () => (/* binding */ checkSecretsAtRest)
/* harmony export */ });
/* unused harmony exports MAX_SCANNED_FILE_BYTES, MAX_FINDINGS_PER_FILE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6928);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7711);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2560);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2848);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(118);
/* harmony import */ var _git_objects_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8965);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6477);





const MB = 1024 * 1024;
/** Files (text or binary) over this size are not scanned; each is a finding instead, so nothing large hides a secret silently. */
const MAX_SCANNED_FILE_BYTES = 8 * MB;
const SNIFF_BYTES = 8000;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** git-crypt's encrypted-file header: a NUL, GITCRYPT, a NUL (then a 12-byte nonce). */
const GIT_CRYPT_HEADER = Buffer.from('\0GITCRYPT\0', 'binary');
const GIT_CRYPT_NONCE_BYTES = 12;
/**
 * Ciphertext is random bytes, about 38% of them printable: a body of 16 or more bytes at least 90%
 * printable is text (for 16 random bytes that is about 4e-6 likely, less the longer the body), so a
 * forged header cannot hide plaintext behind a few unprintable bytes either. NULs are left out, as
 * for files: UTF-16 or NUL-padded text is half NULs, ciphertext only 1 byte in 256.
 */
function looksLikeText(body) {
    const bytes = body.filter((byte) => byte !== 0);
    const printable = bytes.reduce((count, byte) => count + (byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e) ? 1 : 0), 0);
    return bytes.length >= 16 && printable >= bytes.length * 0.9;
}
const toPosix = (path) => path.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
/**
 * Regular files under `root` (relative, `/`-separated), and the symbolic links met on the way (never
 * followed); devices, FIFOs, .git and node_modules are never entered.
 */
function listFiles(root, paths, taken) {
    const realRoot = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(root);
    const files = new Set();
    const links = new Set();
    const walk = (absolute) => {
        for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(absolute, { withFileTypes: true })) {
            const child = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(absolute, entry.name);
            const path = toPosix((0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, child));
            if (entry.isDirectory()) {
                if (!SKIPPED_FOLDERS.has(entry.name) && taken.folder(path))
                    walk(child);
            }
            else if (!taken.file(path))
                continue;
            else if (entry.isFile())
                files.add(path);
            else if (entry.isSymbolicLink())
                links.add(path);
        }
    };
    for (const path of paths.length ? paths : [root]) {
        const absolute = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root, path);
        const shown = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .isInside */ .FK)(absolute, root) ? toPosix((0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, absolute)) || '.' : path;
        let stats;
        try {
            stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(absolute);
        }
        catch {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${shown} does not exist; pass files or folders inside ${root}.`);
        }
        // The path itself is not followed (a link is refused below); the folders leading to it are.
        const real = absolute === root ? realRoot : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(absolute)), (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(absolute));
        if (!(0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .isInside */ .FK)(real, realRoot)) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${shown} is outside ${root}; secrets check reads only the repository it checks.`);
        }
        if (stats.isSymbolicLink())
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${shown} is a symbolic link, which secrets check never follows; pass the file it points to.`);
        if (stats.isDirectory()) {
            if (!SKIPPED_FOLDERS.has(absolute.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).pop()))
                walk(absolute);
        }
        else if (stats.isFile())
            files.add(toPosix((0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, absolute)));
        else
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${shown} is a device, FIFO or socket, not a file; pass files or folders.`);
    }
    return { files: [...files].sort(), links: [...links].sort() };
}
/** Reads a file without following a link swapped in since the walk. */
function readScanned(path) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK);
    try {
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!stats.isFile())
            return { kind: 'not-a-file' };
        if (stats.size > MAX_SCANNED_FILE_BYTES)
            return { kind: 'too-large', bytes: stats.size };
        const content = Buffer.alloc(stats.size);
        let length = 0;
        while (length < content.length) {
            const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, content, length, content.length - length, length);
            if (read === 0)
                break;
            length += read;
        }
        const bytes = content.subarray(0, length);
        if (bytes.subarray(0, SNIFF_BYTES).includes(0))
            return { kind: 'binary', text: Buffer.from(bytes.filter((byte) => byte !== 0)).toString('latin1') };
        return { kind: 'text', text: bytes.toString('utf8') };
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** The nearest `.sops.yaml` above each file (up to the root), parsed once. */
function sopsConfigs(root) {
    const byFolder = new Map();
    const configIn = (folder) => {
        if (!byFolder.has(folder)) {
            const file = folder === '' ? '.sops.yaml' : `${folder}/.sops.yaml`;
            let found;
            const absolute = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, file);
            let stats;
            try {
                stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(absolute);
            }
            catch {
                stats = undefined;
            }
            if (stats?.isSymbolicLink())
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${file} is a symbolic link, which secrets check never follows; commit the SOPS config itself.`);
            if (stats)
                found = { file, rules: (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .parseSopsConfig */ .V_)((0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputFile */ .jH)(absolute, 'a SOPS config (.sops.yaml)', { maxBytes: MB, fixed: true, within: root }).toString('utf8'), file) };
            byFolder.set(folder, found);
        }
        return byFolder.get(folder);
    };
    return (path) => {
        for (let folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';; folder = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '') {
            const config = configIn(folder);
            if (config)
                return { ...config, relativePath: folder === '' ? path : path.slice(folder.length + 1) };
            if (folder === '')
                return undefined;
        }
    };
}
/**
 * All but what git ignores under `root` and does not track (`.terraform/` after `terraform init`, a local
 * `.env`): never committed, so not secrets at rest in the repository. Everything outside a git work tree.
 */
async function notIgnoredByGit(root, exec) {
    const listed = await exec.run('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'], { cwd: root }).catch(() => undefined);
    // A whole ignored folder is listed once, ending in `/`.
    const ignored = new Set(listed?.exitCode === 0 ? listed.stdout.toString('utf8').split('\0').filter(Boolean) : []);
    return { file: (path) => !ignored.has(path), folder: (path) => !ignored.has(`${path}/`) };
}
/** Only the files git tracks under `root` (and the folders on their way): a change's content, not what a job wrote beside it. */
async function trackedByGit(root, exec) {
    const listed = await exec.run('git', ['-c', 'core.quotePath=false', 'ls-files', '-z'], { cwd: root });
    if (listed.exitCode !== 0)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`git ls-files failed in ${root} (${listed.stderr.trim().split('\n')[0]}); check that it is a healthy clone.`);
    const files = new Set(listed.stdout.toString('utf8').split('\0').filter(Boolean));
    const folders = new Set();
    for (const file of files)
        for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1))
            folders.add(file.slice(0, slash));
    return { file: (path) => files.has(path), folder: (path) => folders.has(path) };
}
/** Paths `.gitattributes` (as committed in the index) marks `filter=git-crypt`, and whether each blob in the index is encrypted. */
async function gitCryptFindings(root, files, links, exec) {
    const findings = [];
    const paths = new Set();
    const mentionsGitCrypt = files.some((file) => /(^|\/)\.gitattributes$/.test(file) && /filter=git-crypt/.test((0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputFile */ .jH)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, file), 'a .gitattributes file', { maxBytes: MB, fixed: true, within: root }).toString('utf8')));
    const inside = await exec.run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root });
    if (inside.exitCode !== 0) {
        if (mentionsGitCrypt)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${root} is not a git repository, so the paths .gitattributes marks filter=git-crypt cannot be checked in git; run secrets check in a clone.`);
        return { findings, paths };
    }
    const git = async (args, input) => {
        const result = await exec.run('git', ['-c', 'core.quotePath=false', ...args], { cwd: root, input: typeof input === 'string' ? Buffer.from(input) : input });
        if (result.exitCode !== 0)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`git ${args[0]} failed in ${root} (${result.stderr.trim().split('\n')[0]}); check that it is a healthy clone.`);
        return result.stdout;
    };
    const staged = (await git(['ls-files', '-s', '-z'])).toString('utf8').split('\0').filter(Boolean);
    const blobOf = new Map(staged.map((entry) => {
        const [meta, path] = entry.split('\t');
        const [mode, sha] = meta.split(' ');
        return [path, { mode, sha }];
    }));
    const wanted = new Set([...files, ...links]);
    const candidates = [...blobOf.keys()].filter((path) => wanted.has(path));
    if (!candidates.length)
        return { findings, paths };
    const attributes = (await git(['check-attr', '--cached', '-z', '--stdin', 'filter'], candidates.join('\0') + '\0')).toString('utf8').split('\0');
    const encrypted = [];
    for (let i = 0; i + 2 < attributes.length; i += 3) {
        const [path, , value] = attributes.slice(i, i + 3);
        if (value === 'git-crypt')
            encrypted.push(path);
    }
    // Their blobs from one git process per BLOBS_READ_AT_ONCE files, only that many in memory at a time.
    for (let first = 0; first < encrypted.length; first += BLOBS_READ_AT_ONCE) {
        const some = encrypted.slice(first, first + BLOBS_READ_AT_ONCE);
        const regular = some.filter((path) => blobOf.get(path).mode !== '120000' && blobOf.get(path).mode !== '160000');
        const answers = regular.length ? (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_5__/* .batchBlobs */ .j)(await git(['cat-file', '--batch'], (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_5__/* .batchInput */ .l)(regular.map((path) => blobOf.get(path).sha)))) : [];
        const contents = new Map(regular.map((path, index) => [path, answers[index]]));
        for (const path of some) {
            paths.add(path);
            const finding = gitCryptFinding(path, blobOf.get(path).mode, contents.get(path));
            if (finding)
                findings.push(finding);
        }
    }
    return { findings, paths };
}
/** How many git-crypt files' blobs are read at a time: their contents are in memory together. */
const BLOBS_READ_AT_ONCE = 200;
/** What is wrong with a file `.gitattributes` marks filter=git-crypt, committed with `mode` and (a regular file) `content`, if anything. */
function gitCryptFinding(path, mode, content) {
    const finding = (message) => ({ file: path, line: 0, rule: 'git-crypt-plaintext', severity: 'critical', message });
    if (mode === '120000') {
        return finding(`${path} is marked filter=git-crypt in .gitattributes but is committed as a symbolic link, which git-crypt never encrypts, so a tool reading it follows the link to a plaintext file; commit the file itself at this path, encrypted.`);
    }
    if (mode === '160000')
        return undefined;
    if (!(content instanceof Buffer))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`git cat-file could not read ${path} (${content ?? 'no answer'}); check that it is a healthy clone.`);
    const hasHeader = content.subarray(0, GIT_CRYPT_HEADER.length).equals(GIT_CRYPT_HEADER);
    if (hasHeader && looksLikeText(content.subarray(GIT_CRYPT_HEADER.length + GIT_CRYPT_NONCE_BYTES))) {
        return finding(`${path} starts with git-crypt's header but what follows is text, not ciphertext, so it is committed in plaintext behind a forged header; re-add it with git-crypt unlocked (\`git-crypt status -f\`), commit, and rotate what it held.`);
    }
    if (!hasHeader) {
        return finding(`${path} is marked filter=git-crypt in .gitattributes but is committed in plaintext (the blob in git has no git-crypt header); run \`git-crypt status -f\` to re-stage it encrypted, commit, and rotate what it held, since the plaintext stays in git history.`);
    }
    return undefined;
}
function loadExtraRules(config, baseDir) {
    if (config.secrets.rules === undefined)
        return [];
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(baseDir, config.secrets.rules);
    const text = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputFile */ .jH)(path, 'a secret rules YAML file (secrets.rules)', { maxBytes: MB, fixed: true, within: baseDir }).toString('utf8');
    return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .parseYamlWith */ .n)(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .SecretRulesFile */ .e$, text, config.secrets.rules, 'a secret rules file holds `rules:` entries with id, description and pattern (or key with value / min_entropy).').rules;
}
/** At most this many findings of one kind of check per file: the rest are counted, so a report stays readable. */
const MAX_FINDINGS_PER_FILE = 100;
function addCapped(findings, file, found) {
    for (const finding of found.slice(0, MAX_FINDINGS_PER_FILE))
        findings.push(finding);
    if (found.length > MAX_FINDINGS_PER_FILE) {
        findings.push({ file, line: 0, rule: 'more-findings', severity: 'critical', message: `${file} has ${found.length - MAX_FINDINGS_PER_FILE} more findings than the ${MAX_FINDINGS_PER_FILE} listed; fix those and run again to see the rest.` });
    }
}
/**
 * `gitops-sync secrets check`: SOPS files as `.sops.yaml` says, git-crypt paths encrypted in git,
 * and no plaintext secret anywhere else. Findings name file, line and rule, never the value.
 */
async function checkSecretsAtRest(options) {
    const root = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(options.root);
    const rules = options.policy?.rules ?? (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .compileSecretRules */ .tK)((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .mergeSecretRules */ .Gl)(loadExtraRules(options.config, options.baseDir)), options.config.secrets.rules ?? 'the built-in secret rules');
    const allowed = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .allowedPathMatcher */ .WF)(options.policy?.allow ?? options.config.secrets.allow);
    const taken = options.trackedOnly ? await trackedByGit(root, options.exec) : await notIgnoredByGit(root, options.exec);
    const { files, links } = listFiles(root, (options.paths ?? []).map((path) => ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(path) ? path : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root, path))), taken);
    const sopsConfigFor = sopsConfigs(root);
    const gitCrypt = await gitCryptFindings(root, files, links, options.exec);
    const findings = [...gitCrypt.findings];
    let filesChecked = 0;
    for (const file of files) {
        if (gitCrypt.paths.has(file)) {
            filesChecked++;
            continue;
        }
        // Every .sops.yaml is read (an invalid one fails the check even if no file falls under it); it names no rule for itself.
        const sops = sopsConfigFor(file);
        const rule = sops && !/(^|\/)\.sops\.yaml$/.test(file) ? (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .sopsRuleFor */ .LI)(sops.rules, sops.relativePath) : undefined;
        const content = readScanned((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, file));
        if (content.kind === 'not-a-file')
            continue;
        filesChecked++;
        if (content.kind === 'binary') {
            if ((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .sopsRequires */ .qD)(rule))
                findings.push({ file, line: 0, rule: 'sops-not-encrypted', severity: 'critical', message: `${file} is matched by creation rule ${rule.number} of ${sops.file} but is a binary file, not SOPS-encrypted; encrypt it with \`sops --encrypt --in-place ${file}\`.` });
            else if (!allowed(file))
                addCapped(findings, file, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .scanPlaintext */ .Xq)(file, content.text, rules));
            continue;
        }
        if (content.kind === 'too-large') {
            if (!allowed(file))
                findings.push({ file, line: 0, rule: 'file-too-large', severity: 'high', message: `${file} is ${(content.bytes / MB).toFixed(1)} MB, over the ${MAX_SCANNED_FILE_BYTES / MB} MB that secrets check reads, so it was not checked for secrets; move it out of the repository or list it in secrets.allow.` });
            continue;
        }
        const isSops = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .sopsRequires */ .qD)(rule) || (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .looksSopsEncrypted */ .So)(file, content.text);
        if (isSops)
            addCapped(findings, file, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .checkSopsFile */ .oc)(file, content.text, rule, sops?.file ?? '.sops.yaml'));
        const clearSuffix = isSops ? (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .sopsClearSuffix */ .Im)(file, content.text, rule) : undefined;
        if (!allowed(file))
            addCapped(findings, file, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .scanPlaintext */ .Xq)(file, content.text, rules, clearSuffix === undefined ? [] : [clearSuffix]));
    }
    for (const link of links) {
        const sops = sopsConfigFor(link);
        const rule = sops && (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .sopsRuleFor */ .LI)(sops.rules, sops.relativePath);
        // A tool reading the path follows the link to a file no creation rule names, so nothing says it is encrypted.
        if ((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .sopsRequires */ .qD)(rule))
            findings.push({ file: link, line: 0, rule: 'sops-not-encrypted', severity: 'critical', message: `${link} is matched by creation rule ${rule.number} of ${sops.file} but is a symbolic link, not a SOPS-encrypted file; commit the encrypted file itself at this path.` });
    }
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)));
    return { schema: _gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__/* .SECRETS_REPORT_SCHEMA_ID */ .v0, files_checked: filesChecked, findings };
}


/***/ })

};
