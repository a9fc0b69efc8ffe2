export const id = 555;
export const ids = [555];
export const modules = {

/***/ 5814:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $H: () => (/* binding */ hasSopsMetadata),
/* harmony export */   h4: () => (/* binding */ parseSopsFile),
/* harmony export */   u8: () => (/* binding */ sopsFormatFor)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2560);
/* harmony import */ var _yaml_keys_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(899);





/** As SOPS picks it: by extension, anything else is stored whole as `data` in a JSON document. */
function sopsFormatFor(path) {
    const name = path.toLowerCase();
    if (/\.ya?ml$/.test(name))
        return 'yaml';
    if (name.endsWith('.json'))
        return 'json';
    if (name.endsWith('.env'))
        return 'dotenv';
    if (name.endsWith('.ini'))
        return 'ini';
    return 'binary';
}
// Written before the leaves when only encrypted values are MACed, so the two MACs never coincide (sops.go).
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from('8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69', 'hex');
const ENCRYPTED_VALUE = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;
const KEY_KINDS_WE_UNWRAP = new Set(['age', 'pgp']);
const KEY_KINDS = ['kms', 'gcp_kms', 'hckms', 'azure_kv', 'hc_vault', 'age', 'pgp'];
const corrupt = (label, what) => new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label} is not a valid SOPS file: ${what}; restore it from a trusted commit or re-encrypt it with sops.`);
/** Does the text carry SOPS metadata (a `sops` entry with a mac)? Cheap enough to ask of every input. */
function hasSopsMetadata(text, format) {
    switch (format) {
        case 'dotenv':
            return /^sops_mac=/m.test(text);
        case 'ini':
            return /^\[sops\]/m.test(text) && /^mac\s*[=:]/m.test(text);
        case 'yaml':
            return /^sops:/m.test(text) && /^\s+mac:/m.test(text);
        default:
            return /"sops"\s*:/.test(text) && /"mac"\s*:/.test(text);
    }
}
/** Parses a SOPS file; one sentence naming `label` when it is not one. */
function parseSopsFile(text, format, label) {
    const { tree, rawMetadata } = parseTree(text, format, label);
    const metadata = readMetadata(rawMetadata, label);
    return {
        format,
        metadata,
        decrypt: (dataKey, onSecret) => decryptTree(tree, metadata, Buffer.from(dataKey), onSecret, label),
    };
}
function parseTree(text, format, label) {
    switch (format) {
        case 'yaml':
        case 'json':
        case 'binary':
            return parseYamlOrJson(text, format, label);
        case 'dotenv':
            return parseDotenv(text, label);
        case 'ini':
            return parseIni(text, label);
    }
}
function parseYamlOrJson(text, format, label) {
    // JSON is read as YAML too: the walk must follow the file's key order, which JSON.parse does not keep for numeric keys.
    const documents = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseAllDocuments */ .hR)(text, { uniqueKeys: false });
    if (!Array.isArray(documents) || documents.length === 0 || documents.some((doc) => doc.errors.length > 0 || (0,_yaml_keys_js__WEBPACK_IMPORTED_MODULE_3__/* .hasKeyTwice */ .O)(doc))) {
        throw corrupt(label, `it does not parse as ${format === 'yaml' ? 'YAML' : 'JSON'}`);
    }
    let rawMetadata;
    const leaves = [];
    for (const [index, doc] of documents.entries()) {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(doc.contents))
            throw corrupt(label, 'its top level is not a mapping');
        const sops = doc.contents.items.findIndex((pair) => (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(pair.key) && pair.key.value === 'sops');
        if (sops < 0)
            throw corrupt(label, 'it has no sops metadata');
        if (index === 0)
            rawMetadata = doc.contents.items[sops].value?.toJSON();
        doc.contents.items.splice(sops, 1);
        collectYamlLeaves(doc.contents, [], leaves, label);
    }
    const emit = () => {
        if (format === 'binary') {
            const data = documents[0].contents.get('data');
            if (typeof data !== 'string')
                throw corrupt(label, 'a SOPS binary file holds its content as a string under data');
            return data;
        }
        if (format === 'json')
            return `${JSON.stringify(documents[0].toJS(), null, 2)}\n`;
        return documents.map((doc) => withoutComments(doc).toString({ lineWidth: 0 })).join('---\n');
    };
    return { tree: { leaves, emit }, rawMetadata };
}
/** SOPS encrypts comments too; none is needed to render, so none is written back. */
function withoutComments(doc) {
    doc.commentBefore = null;
    doc.comment = null;
    (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .visit */ .YR)(doc, (_key, node) => {
        if (typeof node === 'object' && node !== null && 'comment' in node) {
            node.comment = null;
            node.commentBefore = null;
        }
    });
    return doc;
}
function collectYamlLeaves(node, path, leaves, label) {
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(node)) {
        for (const pair of node.items) {
            if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(pair.key))
                throw corrupt(label, 'a mapping key is not a plain value');
            collectYamlLeaves(pair.value, [...path, String(pair.key.value)], leaves, label);
        }
    }
    else if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node)) {
        for (const item of node.items)
            collectYamlLeaves(item, path, leaves, label);
    }
    else if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node)) {
        const scalar = node;
        const value = scalar.value;
        if (value === null || value === undefined)
            return;
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
            throw corrupt(label, `the value at ${path.join(':')} is of a type SOPS does not write`);
        }
        leaves.push({
            path,
            value,
            set: (next) => {
                scalar.value = next;
                scalar.type = undefined;
            },
        });
    }
    else if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isAlias */ .Vj)(node)) {
        throw corrupt(label, `the value at ${path.join(':')} is a YAML alias, which SOPS does not write`);
    }
}
function parseDotenv(text, label) {
    const entries = [];
    const metadata = [];
    for (const line of text.split('\n')) {
        if (line === '' || line.startsWith('#'))
            continue;
        const at = line.indexOf('=');
        if (at < 0)
            throw corrupt(label, 'a line is not KEY=value');
        const key = line.slice(0, at);
        const value = line.slice(at + 1).replaceAll('\\n', '\n');
        if (key.startsWith('sops_'))
            metadata.push([key.slice('sops_'.length), value]);
        else
            entries.push([key, value]);
    }
    const leaves = entries.map((entry) => ({ path: [entry[0]], value: entry[1], set: (next) => (entry[1] = String(next)) }));
    const emit = () => entries.map(([key, value]) => `${key}=${value.replaceAll('\n', '\\n')}\n`).join('');
    return { tree: { leaves, emit }, rawMetadata: unflatten(metadata, label) };
}
/** INI as go-ini reads and writes it: `[section]`, `key = value` (split at the first = or :), `;`/`#` comments, quoted values. */
function parseIni(text, label) {
    const sections = [{ name: 'DEFAULT', entries: [] }];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].trim();
        if (line === '' || line.startsWith(';') || line.startsWith('#'))
            continue;
        const section = /^\[(.+)\]$/.exec(line);
        if (section) {
            sections.push({ name: section[1].trim(), entries: [] });
            continue;
        }
        const at = line.search(/[=:]/);
        if (at < 0)
            throw corrupt(label, 'a line is neither [section] nor key = value');
        let value = line.slice(at + 1).trim();
        if (value.startsWith('"""')) {
            value = value.slice(3);
            while (!value.endsWith('"""')) {
                if (++i >= lines.length)
                    throw corrupt(label, 'a """ value is never closed');
                value += `\n${lines[i]}`;
            }
            value = value.slice(0, -3);
        }
        else if (/^(`.*`|".*")$/.test(value))
            value = value.slice(1, -1);
        sections.at(-1).entries.push([line.slice(0, at).trim(), value]);
    }
    const metadataSections = sections.filter((section) => section.name === 'sops');
    const data = sections.filter((section) => section.name !== 'sops');
    const metadata = metadataSections.flatMap((section) => section.entries).map(([k, v]) => [k, v.replaceAll('\\n', '\n')]);
    const leaves = data.flatMap((section) => section.entries.map((entry) => ({ path: [section.name, entry[0]], value: entry[1], set: (next) => (entry[1] = String(next)) })));
    const emit = () => data
        .filter((section) => section.name !== 'DEFAULT' || section.entries.length > 0)
        .map((section) => `${section.name === 'DEFAULT' ? '' : `[${section.name}]\n`}${section.entries.map(([k, v]) => `${k} = ${iniValue(v)}\n`).join('')}`)
        .join('\n');
    return { tree: { leaves, emit }, rawMetadata: metadataSections.length ? unflatten(metadata, label) : undefined };
}
function iniValue(value) {
    if (/[\n`]/.test(value))
        return `"""${value}"""`;
    if (/[#;]/.test(value))
        return `\`${value}\``;
    if (value.trim() !== value)
        return `"${value}"`;
    return value;
}
/** SOPS's flattened metadata (`age__list_0__map_enc`) back to a tree. */
function unflatten(entries, label) {
    const root = {};
    for (const [key, value] of entries) {
        const tokens = key.split(/(?=__(?:map|list)_)/);
        let node = root;
        let name = tokens[0];
        for (const token of tokens.slice(1)) {
            const isList = token.startsWith('__list_');
            node[name] ??= isList ? [] : {};
            const next = node[name];
            if (typeof next !== 'object' || next === null || Array.isArray(next) !== isList)
                throw corrupt(label, `its metadata key ${key} is inconsistent`);
            node = next;
            name = token.slice(isList ? '__list_'.length : '__map_'.length);
        }
        node[name] = value;
    }
    return root;
}
function readMetadata(raw, label) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw corrupt(label, 'it has no sops metadata');
    const m = raw;
    const text = (key, required = false) => {
        const value = m[key];
        if (value === undefined || value === null || value === '') {
            if (required)
                throw corrupt(label, `its sops metadata has no ${key}`);
            return undefined;
        }
        if (typeof value !== 'string')
            throw corrupt(label, `its sops metadata ${key} is not text`);
        return value;
    };
    const list = (kind, fields) => {
        const value = m[kind];
        if (value === undefined || value === null)
            return [];
        if (!Array.isArray(value))
            throw corrupt(label, `its sops metadata ${kind} is not a list`);
        return value.map((entry) => {
            const record = entry;
            for (const field of fields)
                if (typeof record?.[field] !== 'string')
                    throw corrupt(label, `a ${kind} entry of its sops metadata has no ${field}`);
            return record;
        });
    };
    if (m.key_groups !== undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label} uses SOPS key groups (Shamir secret sharing), which gitops-sync does not decrypt; encrypt it for age or PGP recipients without key_groups.`);
    for (const key of ['unencrypted_comment_regex', 'encrypted_comment_regex']) {
        if (m[key] !== undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label} uses ${key}, which gitops-sync does not decrypt; encrypt it without that option.`);
    }
    const lastmodified = text('lastmodified', true);
    const mac = text('mac', true);
    return {
        lastmodified,
        mac,
        age: list('age', ['recipient', 'enc']),
        pgp: list('pgp', ['fp', 'enc']).map(({ fp, enc }) => ({ fp, enc })),
        otherKeys: KEY_KINDS.filter((kind) => !KEY_KINDS_WE_UNWRAP.has(kind) && Array.isArray(m[kind]) && m[kind].length > 0),
        unencrypted_suffix: text('unencrypted_suffix'),
        encrypted_suffix: text('encrypted_suffix'),
        unencrypted_regex: text('unencrypted_regex'),
        encrypted_regex: text('encrypted_regex'),
        mac_only_encrypted: m.mac_only_encrypted === true || m.mac_only_encrypted === 'true',
    };
}
/** Which values SOPS encrypted, by the same rules it encrypts with (sops.go shouldBeEncrypted). */
function encryptionRule(metadata, label) {
    const regex = (source) => {
        if (source === undefined)
            return undefined;
        try {
            // RE2 as SOPS: the file's author wrote this expression, so it must not be able to backtrack for ever.
            return (0,_rules_js__WEBPACK_IMPORTED_MODULE_4__/* .compileRegExp */ .DM)(source, 'its sops metadata');
        }
        catch {
            throw corrupt(label, `its sops metadata holds a regular expression gitops-sync cannot read (${source})`);
        }
    };
    const unencryptedRegex = regex(metadata.unencrypted_regex);
    const encryptedRegex = regex(metadata.encrypted_regex);
    return (path) => {
        let encrypted = true;
        if (metadata.unencrypted_suffix && path.some((p) => p.endsWith(metadata.unencrypted_suffix)))
            encrypted = false;
        if (metadata.encrypted_suffix)
            encrypted = path.some((p) => p.endsWith(metadata.encrypted_suffix));
        if (unencryptedRegex && path.some((p) => unencryptedRegex.test(p)))
            encrypted = false;
        if (encryptedRegex)
            encrypted = path.some((p) => encryptedRegex.test(p));
        return encrypted;
    };
}
/** The MAC's view of a value: booleans as Python wrote them, floats without trailing zeros. */
function leafBytes(value) {
    if (typeof value === 'boolean')
        return value ? 'True' : 'False';
    return String(value);
}
function decryptValue(ciphertext, key, additionalData) {
    if (ciphertext === '')
        return { ok: true, value: '' };
    const match = ENCRYPTED_VALUE.exec(ciphertext);
    if (!match)
        return { ok: false, why: 'format' };
    const [, data, iv, tag, type] = match;
    const ivBytes = Buffer.from(iv, 'base64');
    const tagBytes = Buffer.from(tag, 'base64');
    if (ivBytes.length === 0 || tagBytes.length !== 16)
        return { ok: false, why: 'format' };
    let plain;
    try {
        const decipher = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createDecipheriv)('aes-256-gcm', key, ivBytes);
        decipher.setAAD(Buffer.from(additionalData, 'utf8'));
        decipher.setAuthTag(tagBytes);
        plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    }
    catch {
        return { ok: false, why: 'integrity' };
    }
    switch (type) {
        case 'str':
        case 'bytes':
        case 'time':
        case 'comment':
            return { ok: true, value: plain };
        case 'int':
            return /^[+-]?\d+$/.test(plain) ? { ok: true, value: Number(plain) } : { ok: false, why: 'format' };
        case 'float':
            return Number.isFinite(Number(plain)) && plain.trim() !== '' ? { ok: true, value: Number(plain) } : { ok: false, why: 'format' };
        case 'bool':
            if (/^(1|t|T|TRUE|true|True)$/.test(plain))
                return { ok: true, value: true };
            if (/^(0|f|F|FALSE|false|False)$/.test(plain))
                return { ok: true, value: false };
            return { ok: false, why: 'format' };
        default:
            return { ok: false, why: 'format' };
    }
}
function decryptTree(tree, metadata, key, onSecret, label) {
    if (key.length !== 32)
        throw corrupt(label, 'its data key is not 32 bytes');
    const tampered = (what) => new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label} fails its SOPS integrity check (${what}): it was changed without its key; restore it from a trusted commit or re-encrypt it with sops.`);
    const shouldBeEncrypted = encryptionRule(metadata, label);
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha512');
    if (metadata.mac_only_encrypted)
        hash.update(MAC_ONLY_ENCRYPTED_INIT);
    const decrypted = [];
    for (const leaf of tree.leaves) {
        const encrypted = shouldBeEncrypted(leaf.path);
        let value = leaf.value;
        if (encrypted) {
            const where = leaf.path.join(':');
            if (typeof value !== 'string')
                throw tampered(`the value at ${where} is not encrypted though the file's rules say it must be`);
            const result = decryptValue(value, key, `${leaf.path.join(':')}:`);
            if (!result.ok) {
                throw result.why === 'format'
                    ? tampered(`the value at ${where} is not an ENC[AES256_GCM,\u2026] value though the file's rules say it must be`)
                    : tampered(`the value at ${where} does not verify under the file's data key`);
            }
            value = result.value;
            if (typeof value !== 'boolean' && value !== '')
                onSecret(String(value));
            decrypted.push([leaf, value]);
        }
        if (!metadata.mac_only_encrypted || encrypted)
            hash.update(leafBytes(value), 'utf8');
    }
    const storedMac = decryptValue(metadata.mac, key, metadata.lastmodified);
    if (!storedMac.ok || typeof storedMac.value !== 'string')
        throw tampered('its MAC does not verify under the file\'s data key');
    const computed = Buffer.from(hash.digest('hex').toUpperCase());
    const stored = Buffer.from(storedMac.value);
    if (computed.length !== stored.length || !(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(computed, stored))
        throw tampered('the MAC does not match its values');
    // Only once the whole file verified is any value written into the tree.
    for (const [leaf, value] of decrypted)
        leaf.set(value);
    return tree.emit();
}


/***/ }),

/***/ 9555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   alsoTo: () => (/* binding */ alsoTo),
/* harmony export */   analyzePlanFile: () => (/* binding */ analyzePlanFile),
/* harmony export */   collecting: () => (/* binding */ collecting),
/* harmony export */   configBaseDir: () => (/* binding */ configBaseDir),
/* harmony export */   describeDriftCheck: () => (/* binding */ describeDriftCheck),
/* harmony export */   detectDrift: () => (/* binding */ detectDrift),
/* harmony export */   kubernetesChanges: () => (/* binding */ kubernetesChanges)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5688);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9711);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(2065);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(1454);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(9497);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(8053);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_18__ = __webpack_require__(6275);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6477);
/* harmony import */ var _kept_pieces_file_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(8659);
/* harmony import */ var _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_19__ = __webpack_require__(4717);
/* harmony import */ var _k8s_render_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9977);
/* harmony import */ var _kubernetes_js__WEBPACK_IMPORTED_MODULE_17__ = __webpack_require__(4421);
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3087);
/* harmony import */ var _ports_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4552);
/* harmony import */ var _terraform_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4536);
/* harmony import */ var _sources_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2392);
/* harmony import */ var _secrets_sops_decrypt_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(1495);












function environmentParts(request) {
    const configured = request.config.environments[request.environment];
    const parts = { terraform: configured?.terraform ?? request.terraform, kubernetes: configured?.kubernetes, others: (0,_sources_js__WEBPACK_IMPORTED_MODULE_1__/* .configuredSources */ .tC)(configured) };
    if (parts.terraform || parts.kubernetes || parts.others.length)
        return parts;
    const known = Object.keys(request.config.environments);
    throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(known.length && !configured
        ? `Environment "${request.environment}" is not in the configuration (it has ${known.join(', ')}); add it under environments: or pick one of those.`
        : `Environment "${request.environment}" has nothing to check; add environments.${request.environment}.terraform, .kubernetes or another source to gitops-sync.yaml.`);
}
const sourceRequest = (request) => ({ environment: request.environment, config: request.config, baseDir: request.baseDir });
/** The commands a drift check would run, for --dry-run. */
function describeDriftCheck(request) {
    const { terraform, kubernetes, others } = environmentParts(request);
    const lines = [];
    if (terraform) {
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(request.baseDir, terraform.dir);
        const variables = `TF_DATA_DIR=<temporary folder>${terraform.workspace ? ` TF_WORKSPACE=${terraform.workspace}` : ''}`;
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(lines, (0,_terraform_js__WEBPACK_IMPORTED_MODULE_4__/* .terraformCommands */ .nl)({ environment: request.environment, dir, settings: terraform, driftCheckOnly: request.driftCheckOnly }, '<plan file>').map((args) => `(cd ${dir} && ${variables} ${terraform.binary} ${args.join(' ')})`));
    }
    if (kubernetes) {
        const render = (0,_k8s_render_js__WEBPACK_IMPORTED_MODULE_5__/* .renderCommand */ .CB)(kubernetes);
        lines.push(render ? `(cd ${request.baseDir} && ${render[0]} ${render[1].join(' ')})` : `read ${kubernetes.manifests.join(', ')}`);
        const cluster = kubernetes.context ? ` --context ${kubernetes.context}` : '';
        if ('export' in kubernetes.live)
            lines.push(`read ${kubernetes.live.export}`);
        else {
            lines.push(`kubectl get -f <rendered objects> -o json --ignore-not-found${cluster} --show-managed-fields`);
            if (kubernetes.tracking_label) {
                lines.push(`kubectl get <the rendered objects' types> --all-namespaces -l ${kubernetes.tracking_label} -o json${cluster} --show-managed-fields`);
            }
        }
    }
    for (const { source, settings } of others)
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(lines, source.describe(settings, sourceRequest(request)));
    return lines;
}
/**
 * One environment's drift: a real Terraform plan, and Kubernetes desired state (read or rendered)
 * against live state, judged together into one report.
 */
async function detectDrift(request, context) {
    (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .checkEnvironmentName */ .r0)(request.environment);
    const { terraform, kubernetes, others } = environmentParts(request);
    const progress = context.progress ?? _ports_js__WEBPACK_IMPORTED_MODULE_7__/* .silentProgress */ .RZ;
    const changes = [];
    const sources = [];
    let outputChanges = [];
    let fingerprint;
    // What SOPS inputs decrypted to: redacted from every message, and masked in the report.
    const decrypted = new Set();
    const rules = (0,_rules_js__WEBPACK_IMPORTED_MODULE_8__/* .rulesFor */ .N)(request.config);
    if (terraform) {
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(request.baseDir, terraform.dir);
        const run = { environment: request.environment, dir, settings: terraform, driftCheckOnly: request.driftCheckOnly, env: context.env, pluginCache: context.pluginCache, secrets: request.config.secrets, onSecret: collecting(decrypted, context.onSecret) };
        await (0,_terraform_js__WEBPACK_IMPORTED_MODULE_4__/* .planTerraform */ .qL)(run, context.exec, progress, (planJson) => {
            progress.step(`analysing the plan of ${request.environment}`);
            const label = `the plan of ${request.environment}`;
            // A refresh-only plan can never match the plan a sync applies, so it gets no fingerprint; the
            // fingerprint's canonical text (as large as the plan's changes) waits in a file, not in memory.
            const scratch = request.driftCheckOnly ? undefined : (0,_files_js__WEBPACK_IMPORTED_MODULE_9__/* .scratchFolder */ .$B)('gitops-sync-fingerprint-');
            try {
                const fingerprinter = scratch === undefined ? undefined : new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__/* .PlanFingerprinter */ .jn({ ...(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_11__/* .fingerprintSettings */ .SX)(terraform), label, keptPieces: () => new _kept_pieces_file_js__WEBPACK_IMPORTED_MODULE_12__/* .KeptPiecesFile */ .a(scratch) });
                const plan = planJson((source) => (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_13__/* .parseTerraformPlan */ .F)(source, { label, onSecret: alsoTo(fingerprinter, context.onSecret), observer: fingerprinter?.observer, judgedBy: rules }));
                (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(changes, plan.changes);
                outputChanges = plan.outputChanges;
                sources.push(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_14__/* .TERRAFORM_PLAN_SOURCE */ .de);
                fingerprint = fingerprinter?.finish(plan, planJson).fingerprint;
            }
            finally {
                if (scratch !== undefined)
                    (0,_files_js__WEBPACK_IMPORTED_MODULE_9__/* .removeScratchFolder */ .pq)(scratch);
            }
        });
    }
    if (kubernetes) {
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(changes, await kubernetesChanges(kubernetes, request.environment, request.baseDir, { ...context, progress, secrets: request.config.secrets, onSecret: collecting(decrypted, context.onSecret) }));
        sources.push(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_14__/* .K8S_MANIFESTS_SOURCE */ .Wr);
    }
    for (const { source, settings } of others) {
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(changes, await source.changes(settings, sourceRequest(request), { ...context, progress, secrets: request.config.secrets }));
        sources.push(source.name);
    }
    (0,_secrets_sops_decrypt_js__WEBPACK_IMPORTED_MODULE_15__/* .maskDecryptedValues */ .fp)([...changes.flatMap((change) => change.fields), ...outputChanges], decrypted);
    const report = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_16__/* .reportFromChanges */ .k)(changes, {
        environment: request.environment,
        sources,
        rules,
        generatedAt: (context.clock ?? _ports_js__WEBPACK_IMPORTED_MODULE_7__/* .systemClock */ .ml).now().toISOString(),
        outputChanges,
        outputChangesAreDrift: request.config.report.output_changes_are_drift,
    });
    if (fingerprint)
        report.plan_fingerprint = fingerprint;
    (0,_secrets_sops_decrypt_js__WEBPACK_IMPORTED_MODULE_15__/* .refuseDecryptedValueInReport */ .DD)(report, decrypted, request.environment);
    return report;
}
/** The desired Kubernetes objects (read or rendered) against the live ones: what a sync would change. */
async function kubernetesChanges(kubernetes, environment, baseDir, context) {
    const progress = context.progress ?? _ports_js__WEBPACK_IMPORTED_MODULE_7__/* .silentProgress */ .RZ;
    const renderContext = { exec: context.exec, progress, env: context.env, baseDir, secrets: context.secrets, onSecret: context.onSecret };
    const desired = await (0,_k8s_render_js__WEBPACK_IMPORTED_MODULE_5__/* .renderDesired */ .ls)(kubernetes, renderContext);
    const options = {
        desiredLabel: `the desired objects of ${environment}`,
        liveLabel: `the live objects of ${environment}`,
        defaultNamespace: kubernetes.namespace,
        trackingLabel: kubernetes.tracking_label,
        ignoreDifferences: kubernetes.ignore_differences,
        fieldManagers: (0,_kubernetes_js__WEBPACK_IMPORTED_MODULE_17__.fieldManagersOf)(kubernetes),
    };
    const comparing = () => progress.step(`comparing ${desired.length} Kubernetes object(s) of ${environment} with the cluster`);
    if ('export' in kubernetes.live) {
        const live = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(baseDir, kubernetes.live.export);
        // What a renderer reads must not be the export either (manifests are checked file by file as they are read, links followed).
        const rendered = [kubernetes.kustomize, kubernetes.helm?.chart, ...(kubernetes.helm?.values ?? []), kubernetes.jsonnet?.file].filter((path) => path !== undefined);
        (0,_kubernetes_js__WEBPACK_IMPORTED_MODULE_17__.requireLiveApart)(rendered.map((path) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(baseDir, path)), live);
        // Compared as the export is read, so it is never held whole (fetchLive would read it all first).
        comparing();
        return (0,_kubernetes_js__WEBPACK_IMPORTED_MODULE_17__.diffLiveExport)(desired, live, options, { within: baseDir });
    }
    const live = await (0,_k8s_render_js__WEBPACK_IMPORTED_MODULE_5__/* .fetchLive */ .Ru)(kubernetes, desired, renderContext);
    comparing();
    return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_18__/* .diffManifests */ .N)(desired, live, options);
}
/** A secret sink that also hands each secret to the plan's fingerprinter, when there is one. */
/** A secret sink that also remembers what it was given (what SOPS inputs decrypted to). */
function collecting(secrets, onSecret) {
    return (value) => {
        secrets.add(value);
        onSecret?.(value);
    };
}
function alsoTo(fingerprinter, onSecret) {
    if (!fingerprinter)
        return onSecret;
    return (value) => {
        fingerprinter.onSecret(value);
        onSecret?.(value);
    };
}
/**
 * Analyses a plan JSON someone else produced, read in chunks, and computes its fingerprint (it
 * covers the workspace and var files of the environment's terraform settings when it has them):
 * in a worker thread beside the analysis when the entry point ships one (plan-fingerprint-thread.ts),
 * else in the same pass.
 */
async function analyzePlanFile(request, context) {
    return analyzePlanFileWith(request, context, true);
}
async function analyzePlanFileWith(request, context, mayUseWorker) {
    (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .checkEnvironmentName */ .r0)(request.environment);
    const label = request.planPath;
    const rules = (0,_rules_js__WEBPACK_IMPORTED_MODULE_8__/* .rulesFor */ .N)(request.config, request.extraRules);
    const pass = request.fingerprint ? new _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_19__/* .PlanFingerprintPass */ .p(request, context.onSecret, mayUseWorker) : undefined;
    try {
        const plan = (0,_files_js__WEBPACK_IMPORTED_MODULE_9__/* .withInputChunks */ .Xn)(request.planPath, _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_19__/* .PLAN_FILE_WHAT */ .W, (source) => (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_13__/* .parseTerraformPlan */ .F)(pass ? pass.source(source) : source, { label, onSecret: pass?.onSecret ?? context.onSecret, observer: pass?.observer, tee: pass?.tee, judgedBy: rules }), { reuse: true, maxBytes: (0,_files_js__WEBPACK_IMPORTED_MODULE_9__/* .maxInputBytes */ .qD)() });
        pass?.planRead();
        const report = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_16__/* .reportFromChanges */ .k)(plan.changes, {
            environment: request.environment,
            sources: [_gitops_sync_core__WEBPACK_IMPORTED_MODULE_14__/* .TERRAFORM_PLAN_SOURCE */ .de],
            rules,
            generatedAt: (context.clock ?? _ports_js__WEBPACK_IMPORTED_MODULE_7__/* .systemClock */ .ml).now().toISOString(),
            outputChanges: plan.outputChanges,
            outputChangesAreDrift: request.config.report.output_changes_are_drift,
        });
        if (!pass)
            return report;
        const fingerprint = await pass.fingerprint();
        if (fingerprint === undefined) {
            pass.stop();
            return await analyzePlanFileWith(request, context, false);
        }
        report.plan_fingerprint = fingerprint;
        return report;
    }
    finally {
        pass?.stop();
    }
}
const configBaseDir = (configPath) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(configPath));


/***/ }),

/***/ 9977:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CB: () => (/* binding */ renderCommand),
/* harmony export */   Ru: () => (/* binding */ fetchLive),
/* harmony export */   ls: () => (/* binding */ renderDesired)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6477);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1746);
/* harmony import */ var _secrets_sops_decrypt_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1495);
/* harmony import */ var _kubernetes_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4421);
/* harmony import */ var _tool_output_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3832);







/** Where jsonnet points in its messages: `app.jsonnet:2:43`, `app.jsonnet:1:6-39`, `app.jsonnet:(1:6)-(2:3)`. */
const JSONNET_LOCATION = /[^\s:]+\.(?:jsonnet|libsonnet):(?:\d+:\d+(?:-\d+)?|\(\d+:\d+\)-\(\d+:\d+\))/g;
/**
 * What went wrong in jsonnet, without its message: that may quote the values being evaluated (an
 * `error` built from a secret, the text a parse error last read), so only the locations are kept.
 */
function jsonnetFailure(file, exitCode, stderr) {
    const locations = [...new Set(stderr.match(JSONNET_LOCATION))].slice(0, 3);
    const where = locations.length ? ` at ${locations.join(', ')}` : '';
    return new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`jsonnet ${file} failed (exit ${exitCode})${where}; run jsonnet ${file} to read its message (not repeated here: it may quote values).`);
}
/**
 * Runs a renderer through the Exec port; its stdout, or one sentence when it fails. What it prints is
 * bounded like a manifest file: a chart or a Jsonnet loop of a pull request may print gigabytes.
 */
async function run(command, args, context) {
    const what = `${command} ${args[0]}${args[1] ? ` ${args[1]}` : ''}`;
    context.progress.step(what);
    const bytes = (0,_files_js__WEBPACK_IMPORTED_MODULE_3__/* .maxInputBytes */ .qD)('kubernetes', context.env);
    const outputLimit = { bytes, message: `${what} printed more than ${Math.round(bytes / 1024 / 1024)} MB and was stopped; check fewer objects per environment or raise GITOPS_SYNC_MAX_INPUT_MB.` };
    const result = await context.exec.run(command, args, { cwd: context.baseDir, env: context.env, outputLimit });
    if (result.exitCode === 0)
        return result.stdout.toString('utf8');
    if (command === 'jsonnet')
        throw jsonnetFailure(args[0], result.exitCode, result.stderr);
    throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${command} ${args[0]} failed (exit ${result.exitCode}): ${(0,_tool_output_js__WEBPACK_IMPORTED_MODULE_4__/* .lastLines */ .w)(result.stderr).join(' ') || 'no message'}`);
}
/** Jsonnet may evaluate to one object, a list, or nested maps of objects (kube-prometheus style). */
function jsonnetObjects(value, where) {
    if (Array.isArray(value))
        return value.flatMap((item) => jsonnetObjects(item, where));
    if (typeof value !== 'object' || value === null)
        return [];
    const object = value;
    if (typeof object.kind === 'string')
        return object.kind.endsWith('List') && Array.isArray(object.items) ? jsonnetObjects(object.items, where) : [(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .checkObject */ .gr)(object, where)];
    return Object.values(object).flatMap((item) => jsonnetObjects(item, where));
}
/** The commands that render the desired state, for --dry-run and for running. */
function renderCommand(k8s) {
    if (k8s.kustomize)
        return ['kubectl', ['kustomize', k8s.kustomize]];
    if (k8s.helm) {
        const { chart, release, namespace, values, set } = k8s.helm;
        // --no-hooks: hooks (tests, pre-install Jobs) are run by Helm, not kept as objects of the release (`helm get manifest`
        // leaves them out too); rendered, a chart's test Pod would show as drift on every check.
        return ['helm', ['template', release, chart, '--namespace', namespace ?? k8s.namespace, '--no-hooks', ...values.flatMap((file) => ['--values', file]), ...set.flatMap((pair) => ['--set', pair])]];
    }
    if (k8s.jsonnet) {
        const { file, ext_str, tla_str } = k8s.jsonnet;
        return ['jsonnet', [file, ...Object.entries(ext_str).flatMap(([k, v]) => ['--ext-str', `${k}=${v}`]), ...Object.entries(tla_str).flatMap(([k, v]) => ['--tla-str', `${k}=${v}`])]];
    }
    return undefined;
}
/** What each renderer reads, relative to the base dir: where SOPS-encrypted inputs are looked for. */
function renderInputs(k8s) {
    if (k8s.manifests)
        return k8s.manifests;
    if (k8s.kustomize)
        return [k8s.kustomize];
    if (k8s.helm)
        return k8s.helm.values;
    return k8s.jsonnet ? [(0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(k8s.jsonnet.file)] : [];
}
/**
 * The objects Git wants: manifests read, or rendered with kubectl kustomize, helm template or jsonnet.
 * SOPS-encrypted inputs are decrypted into a private copy of the base dir, removed afterwards.
 */
async function renderDesired(k8s, context) {
    return (0,_secrets_sops_decrypt_js__WEBPACK_IMPORTED_MODULE_6__/* .withDecryptedInputs */ .Kh)(context, async (inputs) => {
        const baseDir = await inputs.renderRoot(context.baseDir, renderInputs(k8s));
        return renderFrom(k8s, { ...context, baseDir });
    });
}
async function renderFrom(k8s, context) {
    if (k8s.manifests) {
        const liveExport = 'export' in k8s.live ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(context.baseDir, k8s.live.export) : undefined;
        return (0,_kubernetes_js__WEBPACK_IMPORTED_MODULE_7__.readManifests)(k8s.manifests.map((path) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(context.baseDir, path)), 'Kubernetes manifests', context.baseDir, liveExport);
    }
    const [command, args] = renderCommand(k8s);
    const output = await run(command, args, context);
    const label = `the output of ${command} ${args[0]}`;
    if (command !== 'jsonnet')
        return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .parseManifests */ .Ye)(output, label);
    let value;
    try {
        value = JSON.parse(output);
    }
    catch {
        // JSON.parse's message quotes the text around the error, which may be a rendered Secret.
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label} is not JSON; check the Jsonnet file evaluates to Kubernetes objects.`);
    }
    return jsonnetObjects(value, label);
}
/** kubectl's resource type for an object: `Deployment.apps`, or just `ConfigMap` for the core group. */
function resourceType(object) {
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : 'v1';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
    return group ? `${object.kind}.${group}` : String(object.kind);
}
/** kubectl get leaves managedFields out unless asked; they tell who changed a field (field-origin.ts). */
const SHOW_MANAGED_FIELDS = '--show-managed-fields';
/**
 * What runs now: an export file, or `kubectl get` of exactly the objects Git names \u2014 plus, with a
 * tracking label, every object of those kinds carrying it, so objects deleted from Git show up as to
 * be pruned (objects of kinds Git no longer has at all are not found this way). With a tracking label
 * and nothing rendered, the kinds to look among are unknown: refused, as "no drift" would hide every
 * labelled object still running.
 */
async function fetchLive(k8s, desired, context) {
    if ('export' in k8s.live)
        return (0,_kubernetes_js__WEBPACK_IMPORTED_MODULE_7__.readManifests)([(0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(context.baseDir, k8s.live.export)], 'a live export', context.baseDir);
    if (desired.length === 0) {
        if (k8s.tracking_label) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`The Kubernetes render holds no object, so with tracking_label ${k8s.tracking_label} there is no kind to look for labelled objects among, and "no drift" would hide every one still running; fix the render (a wrong path, values that print nothing), or to remove what runs, delete it with kubectl and then the environment's kubernetes settings.`);
        }
        return [];
    }
    const cluster = k8s.context ? ['--context', k8s.context] : [];
    const scratch = (0,_files_js__WEBPACK_IMPORTED_MODULE_3__/* .scratchFolder */ .$B)('gitops-sync-live-');
    try {
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(scratch, 'desired.json');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: desired }));
        const named = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .parseManifests */ .Ye)(await run('kubectl', ['get', '-f', file, '-o', 'json', '--ignore-not-found', ...cluster, SHOW_MANAGED_FIELDS], context), 'the output of kubectl get');
        if (!k8s.tracking_label)
            return named;
        const types = [...new Set(desired.map(resourceType))].join(',');
        const labelled = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .parseManifests */ .Ye)(await run('kubectl', ['get', types, '--all-namespaces', '-l', k8s.tracking_label, '-o', 'json', ...cluster, SHOW_MANAGED_FIELDS], context), 'the output of kubectl get -l');
        const key = (object) => `${object.apiVersion}/${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
        const seen = new Set(named.map(key));
        return [...named, ...labelled.filter((object) => !seen.has(key(object)))];
    }
    finally {
        (0,_files_js__WEBPACK_IMPORTED_MODULE_3__/* .removeScratchFolder */ .pq)(scratch);
    }
}


/***/ }),

/***/ 4536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ik: () => (/* binding */ terraformEnv),
/* harmony export */   lr: () => (/* binding */ sharedCacheHint),
/* harmony export */   nk: () => (/* binding */ inCacheTurn),
/* harmony export */   nl: () => (/* binding */ terraformCommands),
/* harmony export */   o0: () => (/* binding */ refuseInheritedWorkspace),
/* harmony export */   qL: () => (/* binding */ planTerraform),
/* harmony export */   vm: () => (/* binding */ decryptedVarFiles)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6477);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _secrets_sops_decrypt_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1495);
/* harmony import */ var _tool_output_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3832);
/* harmony import */ var _heartbeat_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7228);








/** How long a drift check's init, plan or show may run unless terraform.timeout_minutes says otherwise. */
const DEFAULT_TIMEOUT_MINUTES = 60;
/**
 * What terraform runs with for one gitops-sync environment: its own data dir (TF_DATA_DIR: providers,
 * backend settings and the selected workspace, which `workspace select` would change for everyone
 * sharing the folder) and TF_WORKSPACE. Environments on one folder can then run at the same time; what
 * they still share is per configuration (.terraform.lock.hcl, read-only once written) or per workspace
 * already (the local backend's terraform.tfstate.d/<workspace>).
 */
function terraformEnv(base, dataDir, workspace) {
    // Terraform runs in each environment's folder and would take a relative cache path from there: a cache per folder, inside the checkout.
    const cache = base.TF_PLUGIN_CACHE_DIR ? { TF_PLUGIN_CACHE_DIR: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(base.TF_PLUGIN_CACHE_DIR) } : {};
    return { ...base, ...cache, TF_IN_AUTOMATION: '1', TF_INPUT: '0', TF_DATA_DIR: dataDir, ...(workspace ? { TF_WORKSPACE: workspace } : {}) };
}
/**
 * Refuses a TF_WORKSPACE inherited from the job for settings that name no workspace: terraform would
 * take it, and the environment's plan (or apply) would be another workspace's under its name (in a
 * run of several, every such environment the same one).
 */
function refuseInheritedWorkspace(base, workspace, dir) {
    const inherited = base.TF_WORKSPACE;
    if (workspace || !inherited || inherited === 'default')
        return;
    throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`TF_WORKSPACE is set to ${JSON.stringify(inherited)}, but the Terraform settings of ${dir} name no workspace, so its plan would be of workspace ${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(inherited)}; give the environment terraform.workspace in gitops-sync.yaml, or unset TF_WORKSPACE.`);
}
/** The terraform commands a drift check runs, in order; the plan file path is filled in later. */
function terraformCommands(run, planFile) {
    const { settings } = run;
    const commands = [['init', '-input=false', '-no-color', ...settings.backend_config.map((value) => `-backend-config=${value}`)]];
    commands.push([
        'plan',
        '-input=false',
        '-lock=false',
        '-detailed-exitcode',
        '-no-color',
        ...(run.driftCheckOnly ? ['-refresh-only'] : []),
        ...settings.var_files.map((file) => `-var-file=${file}`),
        `-out=${planFile}`,
    ]);
    commands.push(['show', '-json', '-no-color', planFile]);
    return commands;
}
/** The var files terraform reads: a SOPS-encrypted one replaced by its decrypted copy in a private scratch folder. */
async function decryptedVarFiles(varFiles, dir, inputs) {
    const files = [];
    for (const file of varFiles) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(dir, file);
        const decrypted = await inputs.file(path, `the var file ${file}`);
        files.push(decrypted === path ? file : decrypted);
    }
    return files;
}
/** Where terraform and OpenTofu read CLI configuration from: the named file or the default ones, and the configuration folder's *.tfrc files. */
function cliConfigFiles(env) {
    const home = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)();
    const named = env.TF_CLI_CONFIG_FILE || env.TERRAFORM_CONFIG;
    const main = named ? [named] : [(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(home, '.terraformrc'), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(home, '.tofurc'), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env.XDG_CONFIG_HOME || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(home, '.config'), 'opentofu', 'tofurc')];
    const folder = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(home, '.terraform.d');
    let more = [];
    try {
        more = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(folder)
            .filter((name) => name.endsWith('.tfrc') || name.endsWith('.tfrc.json'))
            .map((name) => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(folder, name));
    }
    catch {
        // No configuration folder.
    }
    return [...main, ...more];
}
/** plugin_cache_dir, in HCL (quoted or not) or JSON. Reading one where there is none only makes inits wait their turn. */
const PLUGIN_CACHE_SETTING = /(?:^|[{,])\s*"?plugin_cache_dir"?\s*[=:]/m;
function configuresPluginCache(file) {
    try {
        return PLUGIN_CACHE_SETTING.test((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
    }
    catch {
        return false;
    }
}
/**
 * The provider plugin cache an init uses, and the key its turns are taken under: the user's own
 * (TF_PLUGIN_CACHE_DIR, or plugin_cache_dir in the CLI configuration), else the run's own for the environment's slot,
 * else none (each data dir then has its own copy and inits need not wait for each other).
 */
function pluginCacheFor(env, runCache) {
    if (env.TF_PLUGIN_CACHE_DIR) {
        // Terraform ignores a cache folder that does not exist; a cache restored from CI may not have created it.
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
            // One key however the folder is spelt (relative, a trailing slash, through a symlink).
            return { key: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(env.TF_PLUGIN_CACHE_DIR), variables: {} };
        }
        catch (error) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`TF_PLUGIN_CACHE_DIR (${env.TF_PLUGIN_CACHE_DIR}) is not a folder gitops-sync can create or use (${error.code ?? 'error'}); point it at a writable folder, or unset it to let the run share a cache of its own.`);
        }
    }
    if (cliConfigFiles(env).some(configuresPluginCache))
        return { key: 'plugin_cache_dir of the CLI configuration', variables: {} };
    return runCache ? { key: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(runCache), variables: { TF_PLUGIN_CACHE_DIR: runCache } } : { variables: {} };
}
const cacheTurns = new Map();
/** Starts the waiting commands that may start, in order: an install alone, other commands side by side. */
function admit(key, turns) {
    while (turns.waiting.length && !turns.installing) {
        const next = turns.waiting[0];
        if (next.installs && turns.running > 0)
            break;
        turns.waiting.shift();
        turns.running++;
        turns.installing = next.installs;
        next.start();
    }
    if (turns.running === 0 && !turns.waiting.length)
        cacheTurns.delete(key);
}
/**
 * Terraform documents the plugin cache as not safe for concurrent installs ("the provider installer's
 * behavior in environments with multiple terraform init calls is undefined"), and an init without a
 * lock file installs again, replacing the provider another environment's plan is running at that
 * moment. So an `init` on a cache runs alone, and every other command (plan, show, apply: they run
 * the installed providers) side by side with the others; each waits its turn in the order it came, so
 * a stream of plans cannot hold an init back for ever. A command must not wait for a turn inside its own
 * (an init queued between them would wait for it, and it for the init).
 */
function onPluginCache(key, installs, work) {
    if (key === undefined)
        return work();
    const turns = cacheTurns.get(key) ?? { running: 0, installing: false, waiting: [] };
    cacheTurns.set(key, turns);
    const started = new Promise((start) => turns.waiting.push({ installs, start }));
    admit(key, turns);
    return started.then(work).finally(() => {
        turns.running--;
        turns.installing = false;
        admit(key, turns);
    });
}
/** What terraform says when a provider it installed is gone from under it (the cache entry its data dir links to was replaced). */
const PROVIDER_VANISHED = /fork\/exec \S*terraform-provider-\S*: no such file or directory/;
/** A diagnostic's text on one line: terraform wraps its details (at 78 columns off a terminal) behind `\u2502 `. */
const unwrapped = (output) => output.replace(/\s*\n[\u2502\s]*/g, ' ');
/**
 * For a failed command: when a provider vanished while it ran and the plugin cache is the user's, the
 * likely cause and fix (turns are taken within one gitops-sync run only); else ''.
 */
function sharedCacheHint(env, output) {
    if (!PROVIDER_VANISHED.test(unwrapped(output)))
        return '';
    const { key } = pluginCacheFor(env, undefined);
    if (key === undefined)
        return '';
    return `; a provider in the plugin cache (${key}) was replaced while the command ran: another job or terraform run was installing into the same cache at that moment (gitops-sync orders its own commands only) \u2014 give each concurrent job a cache of its own and run again`;
}
/** Runs a terraform command in its turn on the plugin cache the user configured, if any (sync's commands: they set no cache of their own). */
function inCacheTurn(env, args, command) {
    return onPluginCache(pluginCacheFor(env, undefined).key, args[0] === 'init', command);
}
/**
 * Runs init (which creates the workspace TF_WORKSPACE names), plan and show -json through the Exec
 * port, in a data dir of its own, and hands `analyse` a reader of the plan JSON: show writes it to a
 * file in the run's private scratch folder, read in chunks, so a large plan is never in memory whole.
 * The folder (plan file, plan JSON, data dir) is removed once `analyse` returns.
 * `plan -detailed-exitcode` exits 2 when there are changes: that is success here.
 */
async function planTerraform(run, exec, progress, analyse) {
    const binary = run.settings.binary;
    if (!(0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .statOrNothing */ .JR)(run.dir, true)?.isDirectory()) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Terraform directory ${run.dir} does not exist; check terraform.dir in the config or the terraform-directory input.`);
    }
    const base = run.env ?? process.env;
    refuseInheritedWorkspace(base, run.settings.workspace, run.dir);
    const cache = pluginCacheFor(base, run.pluginCache);
    const scratch = (0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .scratchFolder */ .$B)('gitops-sync-plan-');
    const env = { ...terraformEnv(base, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(scratch, 'terraform-data'), run.settings.workspace), ...cache.variables };
    const planJsonFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(scratch, 'plan.json');
    const inputs = new _secrets_sops_decrypt_js__WEBPACK_IMPORTED_MODULE_5__/* .DecryptedInputs */ .KP({ exec, env: run.env, secrets: run.secrets, onSecret: run.onSecret });
    try {
        const settings = { ...run.settings, var_files: await decryptedVarFiles(run.settings.var_files, run.dir, inputs) };
        for (const args of terraformCommands({ ...run, settings }, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(scratch, 'gitops-sync.tfplan'))) {
            const command = args[0];
            progress.step(`${binary} ${command}${command === 'init' && run.settings.workspace ? ` (workspace ${run.settings.workspace})` : ''} in ${run.dir}`);
            const timeout = {
                ms: (run.settings.timeout_minutes ?? DEFAULT_TIMEOUT_MINUTES) * 60_000,
                what: `${binary} ${command} in ${run.dir}`,
                hint: `find what it waits for (a provider's API, the backend), or raise environments.${run.environment}.terraform.timeout_minutes`,
            };
            const options = { cwd: run.dir, env, timeout, ...(command === 'show' ? { stdoutFile: planJsonFile } : {}) };
            const execute = () => (0,_heartbeat_js__WEBPACK_IMPORTED_MODULE_6__/* .withHeartbeat */ .px)(progress, `${binary} ${command}`, base, () => exec.run(binary, args, options));
            const result = await onPluginCache(cache.key, command === 'init', execute);
            const ok = result.exitCode === 0 || (command === 'plan' && result.exitCode === 2);
            if (!ok) {
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${binary} ${command} failed in ${run.dir} (exit ${result.exitCode}): ${((0,_tool_output_js__WEBPACK_IMPORTED_MODULE_7__/* .lastLines */ .w)(result.stderr).length ? (0,_tool_output_js__WEBPACK_IMPORTED_MODULE_7__/* .lastLines */ .w)(result.stderr) : (0,_tool_output_js__WEBPACK_IMPORTED_MODULE_7__/* .lastLines */ .w)(result.stdout.toString('utf8'))).join(' ')}${sharedCacheHint(base, result.stderr)}`);
            }
        }
        return analyse((consume) => (0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .withInputChunks */ .Xn)(planJsonFile, `the plan JSON of ${run.dir}`, consume, { kind: 'plan', reuse: true }));
    }
    finally {
        inputs.dispose();
        (0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .removeScratchFolder */ .pq)(scratch);
    }
}


/***/ }),

/***/ 7228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   px: () => (/* binding */ withHeartbeat)
/* harmony export */ });
/* unused harmony exports heartbeatSeconds, formatElapsed */
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);

const DEFAULT_HEARTBEAT_SECONDS = 30;
/** Seconds between "still running" lines: 30, or GITOPS_SYNC_HEARTBEAT_SECONDS. */
function heartbeatSeconds(env) {
    const value = env.GITOPS_SYNC_HEARTBEAT_SECONDS;
    if (value === undefined || value === '')
        return DEFAULT_HEARTBEAT_SECONDS;
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`GITOPS_SYNC_HEARTBEAT_SECONDS must be a number of seconds above 0, e.g. 30 (got ${JSON.stringify(value)}).`);
    return seconds;
}
/** 45s, 1m30s, 1h02m. */
function formatElapsed(milliseconds) {
    const seconds = Math.floor(milliseconds / 1000);
    if (seconds < 60)
        return `${seconds}s`;
    if (seconds < 3600)
        return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
    return `${Math.floor(seconds / 3600)}h${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`;
}
/** Runs a long step (a terraform plan or apply), saying every so often that it is still running and for how long. */
async function withHeartbeat(progress, what, env, action) {
    const started = Date.now();
    const timer = setInterval(() => progress.step(`still running ${what} (${formatElapsed(Date.now() - started)})`), heartbeatSeconds(env) * 1000);
    timer.unref();
    try {
        return await action();
    }
    finally {
        clearInterval(timer);
    }
}


/***/ }),

/***/ 1495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DD: () => (/* binding */ refuseDecryptedValueInReport),
/* harmony export */   KP: () => (/* binding */ DecryptedInputs),
/* harmony export */   Kh: () => (/* binding */ withDecryptedInputs),
/* harmony export */   fp: () => (/* binding */ maskDecryptedValues)
/* harmony export */ });
/* unused harmony export decryptSopsText */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5814);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5688);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2293);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2788);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6477);




const SOPS_INPUT_MAX_BYTES = 16 * 1024 * 1024;
/** The file's text when it is a SOPS file, else undefined. A file gitops-sync cannot read is left to the tool that reads it. */
function sopsText(path) {
    const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path, { throwIfNoEntry: false });
    if (!stats?.isFile() || stats.size > SOPS_INPUT_MAX_BYTES)
        return undefined;
    const text = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputFile */ .jH)(path, 'a SOPS-encrypted input', { maxBytes: SOPS_INPUT_MAX_BYTES, fixed: true }).toString('utf8');
    return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .hasSopsMetadata */ .$H)(text, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .sopsFormatFor */ .u8)(path)) ? text : undefined;
}
/** The age identities in a CI secret: one per line, `#` comments (age-keygen's file) and blank lines skipped. */
function ageIdentities(value) {
    return (value ?? '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}
async function unwrapWithAge(file, identities, variable) {
    // Loaded when needed: age-encryption takes ~0.15 s to load, which every other command would pay.
    const { armor, Decrypter } = await __webpack_require__.e(/* import() */ 539).then(__webpack_require__.bind(__webpack_require__, 1539));
    const decrypter = new Decrypter();
    for (const identity of identities) {
        try {
            decrypter.addIdentity(identity);
        }
        catch {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${variable} holds a line that is not an age identity; set it to AGE-SECRET-KEY-1\u2026 lines (one per key, # comments allowed).`);
        }
    }
    for (const { enc } of file.metadata.age) {
        try {
            return await decrypter.decrypt(armor.decode(enc));
        }
        catch {
            // Not a recipient this identity opens: try the next one.
        }
    }
    return undefined;
}
/** Imports the armored key into a GNUPGHOME of its own (removed afterwards) and asks gpg to unwrap the data key. */
async function unwrapWithGpg(file, armoredKey, variable, context) {
    const home = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .scratchFolder */ .$B)('gitops-sync-sops-gpg-');
    const env = { ...(context.env ?? process.env), GNUPGHOME: home };
    const gpg = (args, input) => context.exec.run('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env, input: Buffer.from(input) });
    try {
        const imported = await gpg(['--quiet', '--import'], armoredKey);
        if (imported.exitCode !== 0)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${variable} holds no GPG private key gpg can import; set it to the output of gpg --armor --export-secret-keys KEYID.`);
        for (const { enc } of file.metadata.pgp) {
            const result = await gpg(['--decrypt'], enc);
            if (result.exitCode === 0 && result.stdout.length === 32)
                return result.stdout;
            // The key is a recipient but locked (gpg says so only without --quiet): say so, not "not a recipient".
            if (/Bad passphrase|No passphrase given/i.test(result.stderr)) {
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${variable} holds a GPG key protected by a passphrase, which gitops-sync cannot type in; export the key without a passphrase for CI (gpg --passwd to remove it on a copy) or use an age identity.`);
            }
        }
        return undefined;
    }
    finally {
        await context.exec.run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined);
        (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .removeScratchFolder */ .pq)(home);
    }
}
/** Decrypts one SOPS file's text in memory: the data key from the runner's age or GPG key, then every value and the MAC. */
async function decryptSopsText(text, path, label, context) {
    const file = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .parseSopsFile */ .h4)(text, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .sopsFormatFor */ .u8)(path), label);
    const secrets = context.secrets ?? _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .Secrets */ .Sb.parse({});
    const env = context.env ?? process.env;
    const onSecret = context.onSecret ?? (() => undefined);
    const identities = ageIdentities(env[secrets.age_identity_env]);
    const gpgKey = env[secrets.gpg_key_env]?.trim() || undefined;
    identities.forEach(onSecret);
    if (gpgKey)
        onSecret(gpgKey);
    const recipients = [...file.metadata.age.map((key) => `age ${key.recipient}`), ...file.metadata.pgp.map((key) => `PGP ${key.fp}`)];
    if (recipients.length === 0) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${label} is SOPS-encrypted only with ${file.metadata.otherKeys.join(', ') || 'no key'}, which gitops-sync does not unwrap; add an age or PGP recipient (sops updatekeys) and set ${secrets.age_identity_env} or ${secrets.gpg_key_env}.`);
    }
    const usable = (file.metadata.age.length > 0 && identities.length > 0) || (file.metadata.pgp.length > 0 && gpgKey !== undefined);
    if (!usable) {
        const variables = [file.metadata.age.length ? `${secrets.age_identity_env} (an age identity, AGE-SECRET-KEY-1\u2026)` : '', file.metadata.pgp.length ? `${secrets.gpg_key_env} (an armored GPG private key)` : ''].filter(Boolean);
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${label} is SOPS-encrypted and no key to decrypt it is set; set ${variables.join(' or ')} as a masked CI secret for one of its recipients (${recipients.join(', ')}).`);
    }
    const dataKey = (file.metadata.age.length && identities.length ? await unwrapWithAge(file, identities, secrets.age_identity_env) : undefined) ??
        (file.metadata.pgp.length && gpgKey ? await unwrapWithGpg(file, gpgKey, secrets.gpg_key_env, context) : undefined);
    if (!dataKey) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`None of the keys in ${[identities.length ? secrets.age_identity_env : '', gpgKey ? secrets.gpg_key_env : ''].filter(Boolean).join(' or ')} is a recipient of ${label} (its recipients: ${recipients.join(', ')}); set the key of one of them, or add the runner's key to the file with sops updatekeys.`);
    }
    return file.decrypt(dataKey, onSecret);
}
/** Every file under the paths (folders walked, symbolic links and .git skipped) that is SOPS-encrypted. */
function sopsFilesUnder(paths) {
    const found = new Map();
    const visit = (path) => {
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path, { throwIfNoEntry: false });
        if (!stats || stats.isSymbolicLink())
            return;
        if (stats.isDirectory()) {
            for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(path))
                if (entry !== '.git')
                    visit((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(path, entry));
            return;
        }
        const text = sopsText(path);
        if (text !== undefined)
            found.set(path, text);
    };
    paths.forEach(visit);
    return found;
}
/**
 * SOPS inputs decrypted into one private (0700) scratch folder, never into the workspace; `dispose`
 * removes it (and an interrupted run's signal handler does too).
 */
class DecryptedInputs {
    context;
    scratch;
    copies = 0;
    constructor(context) {
        this.context = context;
    }
    folder() {
        this.scratch ??= (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .scratchFolder */ .$B)('gitops-sync-sops-');
        return this.scratch;
    }
    /**
     * The folder to render from: `root` itself when nothing in `scope` is SOPS-encrypted, else a copy of
     * `root` (without .git) with those files decrypted in place, so relative references (a kustomize
     * base in ../base, a values file, a jsonnet import) still resolve.
     */
    async renderRoot(root, scope) {
        const encrypted = sopsFilesUnder(scope.map((path) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root, path)));
        if (encrypted.size === 0)
            return root;
        const realRoot = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(root);
        for (const path of encrypted.keys()) {
            if (!(0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .isInside */ .FK)(path, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root)))
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${path} is SOPS-encrypted and outside ${root}; keep SOPS-encrypted inputs inside the config's folder.`);
            // The copy keeps links verbatim: its decrypted file would be written wherever such a link points (the workspace, even).
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path) !== (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(realRoot, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, path))) {
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, path)} is SOPS-encrypted and reached through a symbolic link; render from the folder itself, not a link to it, so its decrypted copy stays in the private temporary folder.`);
            }
        }
        const copy = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.folder(), 'root');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.cpSync)(root, copy, { recursive: true, verbatimSymlinks: true, filter: (source) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(source) !== '.git' });
        const realCopy = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(copy);
        for (const [path, text] of encrypted) {
            const label = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, path);
            const target = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(copy, label);
            if (!(0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .isInside */ .FK)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(target)), (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(target)), realCopy))
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${label} would be decrypted outside the private temporary folder (through a symbolic link); nothing was decrypted.`);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(target, { force: true });
            // wx: a link swapped in at the last moment is not followed.
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(target, await decryptSopsText(text, path, label, this.context), { mode: 0o600, flag: 'wx' });
        }
        return copy;
    }
    /** The path to give the tool for one input file: a decrypted copy when it is SOPS-encrypted, else the file itself. */
    async file(path, label) {
        const text = sopsText(path);
        if (text === undefined)
            return path;
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.folder(), 'files', String(this.copies++));
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true, mode: 0o700 });
        // The same name, so a tool that reads the format from it (terraform's .tfvars.json) still does.
        const copy = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path));
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(copy, await decryptSopsText(text, path, label, this.context), { mode: 0o600 });
        return copy;
    }
    dispose() {
        if (this.scratch)
            (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .removeScratchFolder */ .pq)(this.scratch);
        this.scratch = undefined;
    }
}
/** Runs `use` with the decrypted inputs available, and removes them whatever happens. */
async function withDecryptedInputs(context, use) {
    const inputs = new DecryptedInputs(context);
    try {
        return await use(inputs);
    }
    finally {
        inputs.dispose();
    }
}
/** Finds a decrypted value of 4 characters or more in a text, in any form findsSecrets knows (base64, JSON-escaped \u2026); undefined when there is none. */
function findsDecrypted(decrypted) {
    const values = new Set([...decrypted].filter((value) => value.length >= 4));
    return values.size ? (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .findsSecrets */ .Cc)(values, 4) : undefined;
}
/**
 * A decrypted value a report would show (a ConfigMap rendered from a SOPS env file, a non-sensitive
 * Terraform variable read from a SOPS var file) is masked like a sensitive one: any field whose value
 * holds one, also encoded (Terraform's base64encode), is `(sensitive)`.
 */
function maskDecryptedValues(entries, decrypted) {
    const holdsDecrypted = findsDecrypted(decrypted);
    if (!holdsDecrypted)
        return;
    const leaks = (value) => typeof value === 'string' ? holdsDecrypted(value) : typeof value === 'object' && value !== null && Object.values(value).some(leaks);
    for (const entry of entries) {
        if (leaks(entry.before))
            Object.assign(entry, { before: _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .SENSITIVE */ .N, sensitive: true });
        if (leaks(entry.after))
            Object.assign(entry, { after: _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .SENSITIVE */ .N, sensitive: true });
    }
}
/**
 * Fields are masked, but a change can carry a decrypted value elsewhere: a kustomization (a pull
 * request's, even) can make a secret an object's name or a label. Such a report is never written.
 */
function refuseDecryptedValueInReport(report, decrypted, environment) {
    const holdsDecrypted = findsDecrypted(decrypted);
    if (holdsDecrypted?.(JSON.stringify(report))) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`The drift report of ${environment} would show a value decrypted from a SOPS file outside a field value (in an object's name, label or address); nothing is reported: keep decrypted values in Secret data or other fields only.`);
    }
}


/***/ })

};
