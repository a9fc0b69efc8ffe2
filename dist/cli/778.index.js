export const id = 778;
export const ids = [778];
export const modules = {

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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8835);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(2848);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(118);
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
 * followed), as `taken` says (a path named is walked whole); devices and FIFOs are left out, .git never entered.
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
                if (entry.name !== '.git' && taken.folder(path))
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
            if (absolute.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).pop() !== '.git')
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
/** The index's entries that are this repository's files: a submodule (160000) is another repository's. */
const trackedFiles = (staged) => [...staged].filter(([, entry]) => entry.mode !== '160000').map(([path]) => path);
/** Whether `folder` or one above it holds a `.git`. */
function insideAClone(folder) {
    for (let at = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(folder);; at = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(at)) {
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(at, '.git'), { throwIfNoEntry: false }))
            return true;
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(at) === at)
            return false;
    }
}
/** Outside a git work tree: everything but `.git` and `node_modules`. */
const OUTSIDE_GIT = { file: () => true, folder: (path) => !SKIPPED_FOLDERS.has(posixBasename(path)) };
const posixBasename = (path) => path.slice(path.lastIndexOf('/') + 1);
const IN_NODE_MODULES = /(^|\/)node_modules\//;
/** What `git ls-files -z <args>` lists under `root` (its paths from there), or why git could not (not a work tree, or one it refuses). */
async function gitListed(root, exec, args) {
    const listed = await exec.run('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', ...args], { cwd: root }).catch((error) => (error instanceof Error ? error : new Error(String(error))));
    if (listed instanceof Error)
        return { failure: listed.message };
    if (listed.exitCode !== 0)
        return { failure: listed.stderr.trim().split('\n')[0] || `git exited ${listed.exitCode}` };
    const names = [];
    for (let start = 0, end = listed.stdout.indexOf(0); end !== -1; start = end + 1, end = listed.stdout.indexOf(0, start)) {
        const raw = listed.stdout.subarray(start, end);
        const name = raw.toString('utf8');
        // Read back by a name that is not its own, such a file would be missed, or another read in its place.
        if (!Buffer.from(name, 'utf8').equals(raw)) {
            const path = args.includes('-s') ? name.slice(name.indexOf('\t') + 1) : name;
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${root} holds a file named ${JSON.stringify(path)} in bytes that are not UTF-8, which secrets check cannot read by its name; rename it.`);
        }
        names.push(name);
    }
    return names;
}
/**
 * In a clone, what git tracks wherever it is (`node_modules/` too), and what it does not track unless it
 * ignores it (`.terraform/` after `terraform init`, a local `.env`: never committed, so not secrets at rest);
 * with `trackedOnly`, only what it tracks (a change's content, not what a job wrote beside it). Outside a
 * git work tree, everything but `.git` and `node_modules`; with `trackedOnly`, that is an error.
 */
async function gitWalkFilter(root, exec, trackedOnly) {
    const staged = await gitListed(root, exec, ['-s']);
    if ('failure' in staged) {
        // A clone git refuses (another user's checkout: safe.directory) is not "no clone": its committed node_modules would go unchecked.
        if (trackedOnly || (insideAClone(root) && !/not a git repository/i.test(staged.failure)))
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`git could not list the files the clone at ${root} tracks (${staged.failure}); fix that (a checkout owned by another user needs \`git config --global --add safe.directory <path>\`) so secrets check can tell what is committed.`);
        return OUTSIDE_GIT;
    }
    // `<mode> <object> <stage>\t<path>`
    const index = new Map(staged.map((entry) => {
        const [mode = '', sha = ''] = entry.slice(0, entry.indexOf('\t')).split(' ');
        return [entry.slice(entry.indexOf('\t') + 1), { mode, sha }];
    }));
    const tracked = new Set(trackedFiles(index));
    const trackedFolders = new Set();
    for (const file of tracked)
        for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1))
            trackedFolders.add(file.slice(0, slash));
    if (trackedOnly)
        return { staged: index, file: (path) => tracked.has(path), folder: (path) => trackedFolders.has(path) };
    // A whole ignored folder is listed once, ending in `/`.
    const listedIgnored = await gitListed(root, exec, ['--others', '--ignored', '--exclude-standard', '--directory']);
    const ignored = new Set('failure' in listedIgnored ? [] : listedIgnored);
    return {
        staged: index,
        file: (path) => tracked.has(path) || (!ignored.has(path) && !IN_NODE_MODULES.test(path)),
        folder: (path) => trackedFolders.has(path) || (posixBasename(path) !== 'node_modules' && !ignored.has(`${path}/`)),
    };
}
/**
 * Encodings git checks files out in whose text still shows an ASCII secret: UTF-8, UTF-16 and UTF-32 (once their
 * NULs are dropped), and those that keep ASCII as it is (Latin-n, Windows code pages, Shift JIS, EUC, GB, Big5, KOI8).
 * Any other (EBCDIC, UTF-7) is a finding.
 */
const READABLE_ENCODING = /^(utf-?8|utf-?16|utf-?32|ucs-?2|ucs-?4)|^(us-?ascii|ascii|iso[-_]?8859-\d+|latin-?\d+|windows-125\d|cp125\d|shift[-_]?jis|sjis|euc-?(jp|kr|cn|tw)|gb(k|2312|18030)|big-?5|koi8-?[ru])$/i;
/**
 * Files `.gitattributes` (as committed) checks out in another encoding (`working-tree-encoding=IBM1047`): git
 * holds their text as committed, but the working tree, which the check reads, does not, so a secret in them
 * would not show. Each is a finding.
 */
async function encodingFindings(root, tracked, exec) {
    if (!tracked.length)
        return [];
    const result = await exec.run('git', ['-c', 'core.quotePath=false', 'check-attr', '--cached', '-z', '--stdin', 'working-tree-encoding'], { cwd: root, input: Buffer.from(`${tracked.join('\0')}\0`) });
    if (result.exitCode !== 0)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`git check-attr failed in ${root} (${result.stderr.trim().split('\n')[0]}); check that it is a healthy clone.`);
    const fields = result.stdout.toString('utf8').split('\0');
    const findings = [];
    for (let i = 0; i + 2 < fields.length; i += 3) {
        const [path = '', , value = ''] = fields.slice(i, i + 3);
        if (value === 'unspecified' || value === 'unset' || value === 'set' || READABLE_ENCODING.test(value))
            continue;
        findings.push({ file: path, line: 0, rule: 'working-tree-encoding', severity: 'critical', message: `${path} is checked out in ${value} (working-tree-encoding in .gitattributes), in which the check cannot read its committed text for secrets; drop the attribute or keep the file in UTF-8.` });
    }
    return findings;
}
/** Paths `.gitattributes` (as committed in the index) marks `filter=git-crypt`, and whether each blob in the index is encrypted. */
async function gitCryptFindings(root, files, links, blobOf, exec) {
    const findings = [];
    const paths = new Set();
    const mentionsGitCrypt = files.some((file) => /(^|\/)\.gitattributes$/.test(file) && /filter=git-crypt/.test((0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputFile */ .jH)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, file), 'a .gitattributes file', { maxBytes: MB, fixed: true, within: root }).toString('utf8')));
    if (!blobOf) {
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
    const special = (path) => blobOf.get(path).mode === '120000' || blobOf.get(path).mode === '160000';
    for await (const batch of (0,_git_objects_js__WEBPACK_IMPORTED_MODULE_5__/* .inBatches */ .o)((args, input) => git(args, input), encrypted, (path) => (special(path) ? undefined : blobOf.get(path).sha))) {
        for (const [path, content] of batch) {
            paths.add(path);
            const finding = gitCryptFinding(path, blobOf.get(path).mode, content);
            if (finding)
                findings.push(finding);
        }
    }
    return { findings, paths };
}
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
    const taken = await gitWalkFilter(root, options.exec, options.trackedOnly === true);
    const { files, links } = listFiles(root, (options.paths ?? []).map((path) => ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(path) ? path : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root, path))), taken);
    const sopsConfigFor = sopsConfigs(root);
    const gitCrypt = await gitCryptFindings(root, files, links, taken.staged, options.exec);
    const findings = [...gitCrypt.findings];
    const { staged } = taken;
    if (staged)
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .appendAll */ .u2)(findings, await encodingFindings(root, trackedFiles(staged), options.exec));
    if (options.trackedOnly && staged) {
        // Met as git has it: a tracked file replaced by a link (or a folder) in the working tree was not read.
        const met = new Set([...files, ...links.filter((link) => staged.get(link)?.mode === '120000')]);
        const missing = trackedFiles(staged).filter((path) => !met.has(path));
        const named = `${missing.slice(0, 3).map((path) => JSON.stringify(path)).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`;
        if (missing.length) {
            findings.push({ file: '.', line: 0, rule: 'tracked-file-missing', severity: 'critical', message: `Files git tracks are not in the working tree (${named}): a sparse checkout, or removed by an earlier step, so they were not checked; check out the whole change before the check.` });
        }
    }
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
                addCapped(findings, file, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__/* .scanPlaintext */ .Xq)(file, content.text, rules));
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
            addCapped(findings, file, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__/* .scanPlaintext */ .Xq)(file, content.text, rules, clearSuffix === undefined ? [] : [clearSuffix]));
    }
    for (const link of links) {
        const sops = sopsConfigFor(link);
        const rule = sops && (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .sopsRuleFor */ .LI)(sops.rules, sops.relativePath);
        // A tool reading the path follows the link to a file no creation rule names, so nothing says it is encrypted.
        if ((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .sopsRequires */ .qD)(rule))
            findings.push({ file: link, line: 0, rule: 'sops-not-encrypted', severity: 'critical', message: `${link} is matched by creation rule ${rule.number} of ${sops.file} but is a symbolic link, not a SOPS-encrypted file; commit the encrypted file itself at this path.` });
    }
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)));
    return { schema: _gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__/* .SECRETS_REPORT_SCHEMA_ID */ .v0, files_checked: filesChecked, findings };
}


/***/ })

};
