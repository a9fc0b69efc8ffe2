#!/usr/bin/env node
// Writes a large, deterministic `terraform show -json` plan for `npm run bench`.
//
//   node scripts/bench-plan-generator.mjs [--out FILE] [--changes N] [--seed N] [--state-coverage F]
//
// The shapes follow real Terraform 1.11 output (compact JSON, key order as Terraform writes it):
// planned_values, resource_drift, resource_changes, output_changes, prior_state, configuration,
// relevant_attributes. Every resource is generated from its own seeded PRNG, so the three places a
// resource appears (resource_changes, planned_values, prior_state) agree and only a small index of
// module/resource blocks is kept in memory; the JSON itself is written out in ~1 MiB chunks.
//
// --state-coverage is the share of resources that also appear in planned_values/prior_state (a real
// plan lists every resource there, so 1 is realistic: resource_changes come to ~45% of the bytes).
// Sizes at coverage 1 with this generator's (deliberately lean) attribute sets: ~1.46 kB per
// resource, so 34,000 changes make ~50 MB and 100,000 changes ~146 MB. resource_changes alone take
// ~645 bytes per change, which is why 100,000 changes cannot fit in a ~50 MB plan.
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hex, int, mix, mulberry32, pick } from './bench-random.mjs';

export const DEFAULTS = {
  out: 'bench-out/plan.json',
  changes: 100_000,
  seed: 20250611,
  stateCoverage: 1,
};

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64 = (r, n) => Array.from({ length: n }, () => B64[Math.floor(r() * 64)]).join('');
const uuid = (r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

// ---------------------------------------------------------------------------------------------
// Resource types: each makes a full (known) state and knows how to change it in place or in a way
// that forces replacement. `computed` attributes are unknown until apply on create/replace;
// `sensitive` marks (a tree with `true` leaves) are the provider's sensitive attributes.

const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-2', 'sa-east-1'];
const ENVS = ['prod', 'staging', 'dev'];
const TEAMS = ['payments', 'search', 'identity', 'platform', 'data', 'growth', 'mobile', 'risk'];
const SERVICE_WORDS = ['api', 'web', 'auth', 'cart', 'pay', 'feed', 'mail', 'cdn', 'ml', 'etl'];
const PROVIDERS = {
  aws: 'registry.terraform.io/hashicorp/aws',
  google: 'registry.terraform.io/hashicorp/google',
  azurerm: 'registry.terraform.io/hashicorp/azurerm',
  kubernetes: 'registry.terraform.io/hashicorp/kubernetes',
  random: 'registry.terraform.io/hashicorp/random',
  terraform: 'terraform.io/builtin/terraform',
};

const VERSION_CONSTRAINTS = { aws: '~> 5.80', google: '>= 6.0', azurerm: '~> 4.10', kubernetes: '~> 2.35', random: '~> 3.6' };

const TYPES = {
  aws_instance: {
    provider: 'aws',
    computed: ['id'],
    make: (r, ctx) => ({
      ami: `ami-0${hex(r, 6)}`,
      id: `i-0${hex(r, 8)}`,
      instance_type: pick(r, ['t3.micro', 't3.small', 'm6i.large', 'c6i.xlarge']),
      root_block_device: [{ volume_size: pick(r, [20, 50, 100]) }],
      tags: { Name: ctx.label },
    }),
    update: (r, v) => {
      const u = r();
      if (u < 0.4) v.instance_type = pick(r, ['t3.medium', 'm6i.xlarge', 'c6i.2xlarge']);
      else if (u < 0.8) v.tags = { ...v.tags, team: pick(r, TEAMS) };
      else v.root_block_device[0].volume_size += 50;
      return undefined;
    },
    replace: (r, v) => {
      v.ami = `ami-0${hex(r, 8)}`;
      return [['ami']];
    },
  },
  aws_iam_role: {
    provider: 'aws',
    computed: ['id'],
    make: (r, ctx) => ({
      assume_role_policy: JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: pick(r, ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com']) } }] }),
      id: ctx.label,
      name: ctx.label,
    }),
    update: (r, v) => {
      if (r() < 0.5) v.max_session_duration = pick(r, [7200, 14400, 43200]);
      else v.tags = { owner: pick(r, TEAMS) };
      return undefined;
    },
    replace: (r, v) => {
      v.name = `${v.name}-${hex(r, 4)}`;
      return [['name']];
    },
  },
  aws_security_group: {
    provider: 'aws',
    computed: ['id'],
    make: (r, ctx) => ({
      id: `sg-0${hex(r, 8)}`,
      ingress: Array.from({ length: r() < 0.8 ? 1 : 2 }, () => {
        const port = pick(r, [22, 80, 443, 5432, 6379, 8080]);
        return { cidr_blocks: [`10.${int(r, 0, 255)}.0.0/16`], from_port: port, to_port: port };
      }),
      name: ctx.label,
    }),
    update: (r, v) => {
      if (r() < 0.6) {
        const port = pick(r, [3000, 9090, 9443]);
        v.ingress.push({ cidr_blocks: [`172.16.${int(r, 0, 255)}.0/24`], from_port: port, to_port: port });
      } else v.ingress[0].cidr_blocks = ['0.0.0.0/0'];
      return undefined;
    },
    replace: (r, v) => {
      v.name = `${v.name}-v2`;
      return [['name']];
    },
  },
  aws_s3_bucket: {
    provider: 'aws',
    computed: ['id'],
    make: (r, ctx) => {
      const bucket = `${ctx.label}-${hex(r, 4)}`;
      return { bucket, id: bucket, versioning: [{ enabled: true }] };
    },
    update: (r, v) => {
      if (r() < 0.5) v.force_destroy = true;
      else v.tags = { data_class: pick(r, ['public', 'internal', 'confidential']) };
      return undefined;
    },
    replace: (r, v) => {
      v.bucket = `${v.bucket}-new`;
      return [['bucket']];
    },
  },
  aws_db_instance: {
    provider: 'aws',
    computed: ['id'],
    sensitive: { password: true },
    make: (r, ctx) => ({
      allocated_storage: pick(r, [20, 100, 500]),
      id: `db-${hex(r, 8)}`,
      identifier: ctx.label,
      instance_class: pick(r, ['db.t4g.medium', 'db.r6g.large']),
      password: b64(r, 16),
    }),
    update: (r, v) => {
      const u = r();
      if (u < 0.4) v.instance_class = pick(r, ['db.r6g.xlarge', 'db.r6g.2xlarge']);
      else if (u < 0.7) v.allocated_storage *= 2;
      else v.password = b64(r, 16);
      return undefined;
    },
    replace: (r, v) => {
      v.identifier = `${v.identifier}-restored`;
      return [['identifier']];
    },
  },
  google_compute_instance: {
    provider: 'google',
    computed: ['instance_id'],
    make: (r, ctx) => ({
      boot_disk: [{ initialize_params: [{ image: pick(r, ['debian-12', 'cos-stable']) }] }],
      instance_id: String(int(r, 1e9, 9e9)),
      labels: { env: ctx.env },
      machine_type: pick(r, ['e2-small', 'e2-medium', 'n2-standard-2']),
    }),
    update: (r, v) => {
      if (r() < 0.5) v.machine_type = pick(r, ['n2-standard-4', 'c3-standard-4']);
      else v.labels = { ...v.labels, cost_center: String(int(r, 1000, 9999)) };
      return undefined;
    },
    replace: (r, v) => {
      v.boot_disk[0].initialize_params[0].image = 'debian-13';
      return [['boot_disk', 0, 'initialize_params', 0, 'image']];
    },
  },
  azurerm_role_assignment: {
    provider: 'azurerm',
    computed: ['id'],
    make: (r) => ({
      id: uuid(r),
      principal_id: uuid(r),
      role_definition_name: pick(r, ['Reader', 'Contributor', 'Key Vault Secrets User']),
    }),
    update: (r, v) => {
      v.principal_id = uuid(r);
      return undefined;
    },
    replace: (r, v) => {
      v.role_definition_name = 'Owner';
      return [['role_definition_name']];
    },
  },
  kubernetes_deployment: {
    provider: 'kubernetes',
    computed: ['id'],
    sensitive: { spec: [{ template: [{ container: [{ env: [{ value: true }] }] }] }] },
    make: (r, ctx) => ({
      id: `${ctx.env}/${ctx.label}`,
      metadata: [{ labels: { app: ctx.label } }],
      spec: [
        {
          replicas: String(int(r, 1, 6)),
          template: [{ container: [{ env: [{ name: 'DB_PASS', value: b64(r, 10) }], image: `app:1.${int(r, 0, 40)}` }] }],
        },
      ],
    }),
    update: (r, v) => {
      const spec = v.spec[0];
      const container = spec.template[0].container[0];
      const u = r();
      if (u < 0.6) container.image = container.image.replace(/:.*$/, `:2.${int(r, 0, 40)}`);
      else if (u < 0.85) spec.replicas = String(Number(spec.replicas) + 2);
      else container.env[0].value = b64(r, 12);
      return undefined;
    },
    replace: (r, v) => {
      v.metadata[0].namespace = 'migrated';
      return [['metadata', 0, 'namespace']];
    },
  },
  terraform_data: {
    provider: 'terraform',
    computed: ['id', 'output'],
    make: (r) => {
      const input = hex(r, 8);
      return { id: hex(r, 8), input, output: input };
    },
    update: (r, v) => {
      v.input = hex(r, 8);
      delete v.output;
      return { output: true };
    },
    replace: (r, v) => {
      v.triggers_replace = hex(r, 8);
      return [['triggers_replace']];
    },
  },
  random_id: {
    provider: 'random',
    computed: ['hex', 'id'],
    make: (r) => ({ byte_length: 4, hex: hex(r, 8), id: b64(r, 6) }),
    update: (r, v) => {
      v.prefix = 'x-';
      return undefined;
    },
    replace: (r, v) => {
      v.keepers = { rotation: hex(r, 8) };
      return [['keepers']];
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Masks: Terraform mirrors a value's containers and marks leaves. Lists get `false` for plain
// items, objects leave plain attributes out; `true` marks a sensitive or unknown subtree.

function maskOf(value, marks) {
  if (marks === true) return true;
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const mark = Array.isArray(marks) ? marks[Math.min(i, marks.length - 1)] : undefined;
      if (mark === true) return true;
      return item !== null && typeof item === 'object' ? maskOf(item, mark) : false;
    });
  }
  if (value === null || typeof value !== 'object') return marks === true;
  const mask = {};
  const keys = new Set(Object.keys(value));
  if (marks && typeof marks === 'object') for (const key of Object.keys(marks)) if (marks[key] === true) keys.add(key);
  for (const key of [...keys].sort()) {
    const mark = marks && typeof marks === 'object' ? marks[key] : undefined;
    if (mark === true) mask[key] = true;
    else if (value[key] !== null && typeof value[key] === 'object') mask[key] = maskOf(value[key], mark);
  }
  return mask;
}

const sorted = (value) => {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted(value[key])]));
};

// ---------------------------------------------------------------------------------------------
// Layout: module calls with for_each/count instances, each holding resource blocks. Only this
// index is kept in memory; resources are produced from (seed, global index) when written.

function quoteKey(key) {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

function buildLayout(total) {
  const appBlocks = [
    { type: 'aws_instance', name: 'web', keys: [0, 1, 2] },
    { type: 'aws_security_group', name: 'web' },
    { type: 'aws_iam_role', name: 'task' },
    { type: 'aws_s3_bucket', name: 'assets' },
    { type: 'aws_db_instance', name: 'main' },
    { type: 'kubernetes_deployment', name: 'this' },
    { type: 'random_id', name: 'suffix' },
    { type: 'terraform_data', name: 'release' },
  ];
  const gcpBlocks = [
    { type: 'google_compute_instance', name: 'vm', keys: [0, 1, 2, 3] },
    { type: 'random_id', name: 'vm_name', keys: [0, 1, 2, 3] },
  ];
  const tiers = ['web', 'app', 'db', 'cache', 'lb', 'ssh', 'mon', 'batch'];
  const networkBlocks = [{ type: 'aws_security_group', name: 'tier', keys: tiers }];
  const roles = ['reader', 'writer', 'kv', 'acr', 'monitor', 'admin'];
  const rbacBlocks = [{ type: 'azurerm_role_assignment', name: 'this', keys: roles }];
  const sizeOf = (blocks) => blocks.reduce((sum, block) => sum + (block.keys?.length ?? 1), 0);

  const dataBlocks = [
    { type: 'aws_caller_identity', name: 'current', mode: 'data' },
    { type: 'aws_region', name: 'current', mode: 'data' },
  ];
  const apps = Math.floor((total * 0.6) / sizeOf(appBlocks));
  const gcps = Math.floor((total * 0.12) / sizeOf(gcpBlocks));
  const networks = Math.floor((total * 0.1) / sizeOf(networkBlocks));
  const teams = Math.floor((total * 0.12) / sizeOf(rbacBlocks));
  const rest = total - dataBlocks.length - apps * sizeOf(appBlocks) - gcps * sizeOf(gcpBlocks) - networks * sizeOf(networkBlocks) - teams * sizeOf(rbacBlocks);
  if (rest < 3) throw new Error(`--changes ${total} is too small`);
  const third = Math.floor(rest / 3);
  const rootBlocks = [
    ...dataBlocks,
    { type: 'aws_iam_role', name: 'ci', keys: Array.from({ length: third }, (_, i) => i) },
    { type: 'aws_s3_bucket', name: 'logs', keys: Array.from({ length: third }, (_, i) => i) },
    { type: 'terraform_data', name: 'bootstrap', keys: Array.from({ length: rest - 2 * third }, (_, i) => i) },
  ];

  const services = Array.from({ length: apps }, (_, i) => `${SERVICE_WORDS[i % SERVICE_WORDS.length]}${Math.floor(i / SERVICE_WORDS.length)}`);
  const projects = Array.from({ length: gcps }, (_, i) => `p${i}`);
  const vpcs = Array.from({ length: networks }, (_, i) => `${REGIONS[i % REGIONS.length]}-${Math.floor(i / REGIONS.length)}`);
  const teamKeys = Array.from({ length: teams }, (_, i) => `${TEAMS[i % TEAMS.length]}${Math.floor(i / TEAMS.length)}`);

  // A module node: { address, blocks, children }.
  const node = (parent, call, key, blocks, children = []) => ({
    address: `${parent ? `${parent}.` : ''}module.${call}${key === undefined ? '' : quoteKey(key)}`,
    blocks,
    children,
  });
  const platform = node('', 'platform', undefined, [], []);
  platform.children = [
    ...vpcs.map((key) => node(platform.address, 'network', key, networkBlocks)),
    ...teamKeys.map((key) => node(platform.address, 'rbac', key, rbacBlocks)),
  ];
  const root = {
    address: '',
    blocks: rootBlocks,
    children: [...services.map((key) => node('', 'app', key, appBlocks)), ...projects.map((key) => node('', 'gcp', key, gcpBlocks)), platform],
  };
  return { root, services, projects, vpcs, teamKeys, appBlocks, gcpBlocks, networkBlocks, rbacBlocks, rootBlocks };
}

/** Calls `visit(resourceIdentity)` for every resource instance in Terraform's order. */
function* walkResources(node, counter = { i: 0 }) {
  for (const block of node.blocks) {
    for (const key of block.keys ?? [undefined]) {
      yield { i: counter.i++, module: node.address, block, key };
    }
  }
  for (const child of node.children) yield* walkResources(child, counter);
}

// ---------------------------------------------------------------------------------------------
// One resource instance, reproducible from (seed, index).

function contextFor(id, r) {
  const moduleKey = /\["([^"]+)"\]$/.exec(id.module)?.[1] ?? 'root';
  const keyPart = id.key === undefined ? '' : `-${id.key}`;
  return {
    label: `${moduleKey}-${id.block.name}${keyPart}`.replace(/_/g, '-').toLowerCase(),
    env: pick(r, ENVS),
  };
}

function pickActions(u) {
  if (u < 0.52) return ['update'];
  if (u < 0.66) return ['create'];
  if (u < 0.72) return ['delete'];
  if (u < 0.79) return ['delete', 'create'];
  if (u < 0.82) return ['create', 'delete'];
  if (u < 0.995) return ['no-op'];
  return ['forget'];
}

function dataResource(id, seed) {
  const r = mulberry32(mix(seed, id.i));
  const values = id.block.type === 'aws_caller_identity'
    ? { account_id: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/terraform`, id: ACCOUNT, user_id: `AIDA${hex(r, 17).toUpperCase()}` }
    : { description: 'Europe (Ireland)', endpoint: 'ec2.eu-west-1.amazonaws.com', id: 'eu-west-1', name: 'eu-west-1' };
  return {
    ...identity(id, 'data', PROVIDERS.aws),
    actions: ['read'],
    before: null,
    after: values,
    beforeSensitive: false,
    afterSensitive: {},
    afterUnknown: {},
    actionReason: 'read_because_dependency_pending',
    priorValues: values,
  };
}

function identity(id, mode, providerName) {
  const prefix = mode === 'data' ? 'data.' : '';
  const address = `${id.module ? `${id.module}.` : ''}${prefix}${id.block.type}.${id.block.name}${id.key === undefined ? '' : quoteKey(id.key)}`;
  return { address, module: id.module, mode, type: id.block.type, name: id.block.name, key: id.key, providerName };
}

function makeResource(id, seed) {
  if (id.block.mode === 'data') return dataResource(id, seed);
  const r = mulberry32(mix(seed, id.i));
  const type = TYPES[id.block.type];
  const ctx = contextFor(id, r);
  const actions = pickActions(r());
  const kind = actions.length === 2 ? 'replace' : actions[0];
  const full = sorted(type.make(r, ctx));
  const sensitive = type.sensitive;
  const result = { ...identity(id, 'managed', PROVIDERS[type.provider]), actions };

  const withoutComputed = (value) => {
    const copy = clone(value);
    for (const key of type.computed) delete copy[key];
    return copy;
  };
  const computedMarks = Object.fromEntries(type.computed.map((key) => [key, true]));

  let before = full;
  let after;
  let unknownMarks;
  if (kind === 'create') {
    before = null;
    after = withoutComputed(full);
    unknownMarks = computedMarks;
  } else if (kind === 'delete' || kind === 'forget') {
    after = null;
  } else if (kind === 'no-op') {
    after = clone(full);
    const u = r();
    if (u < 0.02) result.importing = { id: full.id ?? hex(r, 12) };
    else if (u < 0.04) result.previousAddress = result.address.replace(`.${id.block.name}`, `.${id.block.name}_old`);
  } else if (kind === 'update') {
    after = clone(full);
    unknownMarks = type.update(r, after);
    after = sorted(after);
    if (r() < 0.02) result.previousAddress = result.address.replace(`.${id.block.name}`, `.${id.block.name}_old`);
  } else {
    after = clone(full);
    result.replacePaths = type.replace(r, after);
    after = sorted(withoutComputed(after));
    unknownMarks = computedMarks;
    result.actionReason = 'replace_because_cannot_update';
  }
  result.before = before;
  result.after = after;
  result.beforeSensitive = before === null ? false : maskOf(before, sensitive);
  result.afterSensitive = after === null ? false : maskOf(after, sensitive);
  result.afterUnknown = after === null ? {} : maskOf(after, unknownMarks);
  result.priorValues = before;

  // About 5% of resources changed outside Terraform since the last apply.
  const d = r();
  if (before && d < 0.05) {
    const recorded = clone(before);
    type.update(r, recorded);
    const stale = sorted(recorded);
    for (const key of type.computed) if (stale[key] === undefined && before[key] !== undefined) stale[key] = before[key];
    result.drift = { actions: ['update'], before: stale, after: before, beforeSensitive: maskOf(stale, sensitive), afterSensitive: maskOf(before, sensitive) };
  } else if (!before && d < 0.05) {
    result.drift = { actions: ['delete'], before: full, after: null, beforeSensitive: maskOf(full, sensitive), afterSensitive: false };
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// JSON fragments

const json = JSON.stringify;

function head(res) {
  let text = `{"address":${json(res.address)}`;
  if (res.module) text += `,"module_address":${json(res.module)}`;
  text += `,"mode":"${res.mode}","type":${json(res.type)},"name":${json(res.name)}`;
  if (res.key !== undefined) text += `,"index":${json(res.key)}`;
  return text;
}

function resourceChangeJson(res) {
  let text = head(res);
  if (res.previousAddress) text += `,"previous_address":${json(res.previousAddress)}`;
  text += `,"provider_name":${json(res.providerName)}`;
  text += `,"change":{"actions":${json(res.actions)},"before":${json(res.before)},"after":${json(res.after)}`;
  text += `,"after_unknown":${json(res.afterUnknown)},"before_sensitive":${json(res.beforeSensitive)},"after_sensitive":${json(res.afterSensitive)}`;
  if (res.replacePaths) text += `,"replace_paths":${json(res.replacePaths)}`;
  if (res.importing) text += `,"importing":${json(res.importing)}`;
  text += '}';
  if (res.actionReason) text += `,"action_reason":${json(res.actionReason)}`;
  return `${text}}`;
}

function driftJson(res) {
  const d = res.drift;
  let text = head(res);
  text += `,"provider_name":${json(res.providerName)}`;
  text += `,"change":{"actions":${json(d.actions)},"before":${json(d.before)},"after":${json(d.after)}`;
  text += `,"after_unknown":{},"before_sensitive":${json(d.beforeSensitive)},"after_sensitive":${json(d.afterSensitive)}}}`;
  return text;
}

function stateResourceJson(res, values, sensitiveValues) {
  let text = head(res);
  text += `,"provider_name":${json(res.providerName)},"schema_version":${res.type === 'aws_instance' ? 1 : 0}`;
  text += `,"values":${json(values)},"sensitive_values":${json(sensitiveValues)}}`;
  return text;
}

function plannedValues(res) {
  if (res.after === null) return undefined;
  if (res.mode === 'data') return undefined;
  return stateResourceJson(res, res.after, res.afterSensitive);
}

function priorValues(res) {
  if (!res.priorValues) return undefined;
  return stateResourceJson(res, res.priorValues, res.beforeSensitive === false ? {} : res.beforeSensitive);
}

// ---------------------------------------------------------------------------------------------
// Outputs

function makeOutputs(count, seed) {
  const outputs = [];
  for (let i = 0; i < count; i++) {
    const r = mulberry32(mix(seed ^ 0x5eed, i));
    const name = `${pick(r, ['app', 'db', 'vpc', 'cluster', 'bucket'])}_${String(i).padStart(3, '0')}_${pick(r, ['url', 'id', 'arn', 'endpoint', 'password'])}`;
    const sensitive = name.endsWith('password') || r() < 0.05;
    const actions = pickActions(r());
    const kind = actions.length === 2 ? 'update' : actions[0];
    const value = name.endsWith('url') ? `https://${hex(r, 8)}.example.com` : name.endsWith('password') ? b64(r, 24) : `${name}-${hex(r, 10)}`;
    const list = r() < 0.1;
    const before = kind === 'create' ? null : list ? [value, `${value}-b`] : value;
    let after = kind === 'delete' || kind === 'forget' ? null : kind === 'update' ? (list ? [value, `${value}-c`] : `${value}-v2`) : before ?? value;
    let afterUnknown = false;
    if ((kind === 'create' || kind === 'update') && r() < 0.25) {
      after = null;
      afterUnknown = true;
    }
    outputs.push({
      name,
      change: { actions: kind === 'forget' ? ['delete'] : actions, before, after, after_unknown: afterUnknown, before_sensitive: sensitive, after_sensitive: sensitive },
      planned: after === null && !afterUnknown ? undefined : { sensitive, ...(afterUnknown ? {} : { type: list ? ['tuple', ['string', 'string']] : 'string', value: after }) },
      prior: before === null ? undefined : { sensitive, type: list ? ['tuple', ['string', 'string']] : 'string', value: before },
    });
  }
  return outputs;
}

// ---------------------------------------------------------------------------------------------
// Streaming writer

class ChunkWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.buffer = '';
    this.bytes = 0;
  }

  write(text) {
    this.buffer += text;
    if (this.buffer.length >= 1 << 20) this.flush();
  }

  flush() {
    if (!this.buffer) return;
    this.bytes += writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close() {
    this.flush();
    closeSync(this.fd);
  }
}

/** Writes `items` (strings, or undefined to skip) as the members of a JSON array. */
function writeList(w, items) {
  let first = true;
  for (const item of items) {
    if (item === undefined) continue;
    w.write(first ? item : `,${item}`);
    first = false;
  }
}

function* mapGen(iterable, fn) {
  for (const item of iterable) yield fn(item);
}

// ---------------------------------------------------------------------------------------------
// Sections

function writeModuleTree(w, root, seed, fragment, included) {
  // Index every node's first resource so that each subtree can be regenerated independently, and
  // note which nodes hold anything, since Terraform leaves empty module instances out.
  const starts = new Map();
  const filled = new Map();
  let next = 0;
  const index = (node) => {
    starts.set(node, next);
    let any = false;
    for (const block of node.blocks) {
      for (let n = 0; n < (block.keys?.length ?? 1); n++) any = included(next++) || any;
    }
    for (const child of node.children) any = index(child) || any;
    filled.set(node, any);
    return any;
  };
  index(root);
  const hasContent = (node) => filled.get(node);

  const resourcesOf = (node) => {
    const local = { ...node, children: [] };
    return mapGen(walkResources(local, { i: starts.get(node) }), (id) => (included(id.i) ? fragment(makeResource(id, seed)) : undefined));
  };
  const writeNode = (node, isRoot) => {
    w.write('{');
    let wrote = false;
    const resources = [...resourcesOf(node)].filter((item) => item !== undefined);
    if (resources.length) {
      w.write('"resources":[');
      writeList(w, resources);
      w.write(']');
      wrote = true;
    }
    if (!isRoot) {
      w.write(`${wrote ? ',' : ''}"address":${json(node.address)}`);
      wrote = true;
    }
    const children = node.children.filter(hasContent);
    if (children.length) {
      w.write(`${wrote ? ',' : ''}"child_modules":[`);
      children.forEach((child, n) => {
        if (n) w.write(',');
        writeNode(child, false);
      });
      w.write(']');
    }
    w.write('}');
  };
  writeNode(root, true);
}

function outputsObject(outputs, field) {
  const entries = outputs.filter((output) => output[field] !== undefined).map((output) => `${json(output.name)}:${json(output[field])}`);
  return `{${entries.join(',')}}`;
}

function configuration(layout, outputs) {
  const exprFor = (type) => {
    switch (type) {
      case 'aws_instance':
        return { ami: { references: ['data.aws_ami.base.id', 'data.aws_ami.base'] }, instance_type: { references: ['var.instance_type'] }, tags: { references: ['local.tags'] } };
      case 'aws_db_instance':
        return { engine: { constant_value: 'postgres' }, identifier: { references: ['var.name'] }, password: { references: ['random_password.db.result', 'random_password.db'] } };
      case 'random_id':
        return { byte_length: { constant_value: 8 } };
      case 'terraform_data':
        return { input: { references: ['var.revision'] } };
      case 'azurerm_role_assignment':
        return { principal_id: { references: ['each.value.principal_id', 'each.value'] }, role_definition_name: { references: ['each.key'] }, scope: { references: ['var.scope'] } };
      default:
        return { name: { references: ['var.name'] }, tags: { references: ['local.tags'] } };
    }
  };
  const providerKey = (type) => TYPES[type]?.provider ?? 'aws';
  const block = (b) => {
    const out = {
      address: `${b.mode === 'data' ? 'data.' : ''}${b.type}.${b.name}`,
      mode: b.mode ?? 'managed',
      type: b.type,
      name: b.name,
      provider_config_key: providerKey(b.type),
      expressions: b.mode === 'data' ? {} : exprFor(b.type),
      schema_version: 0,
    };
    if (Array.isArray(b.keys) && typeof b.keys[0] === 'number') out.count_expression = { constant_value: b.keys.length };
    else if (Array.isArray(b.keys)) out.for_each_expression = { references: ['local.keys'] };
    return out;
  };
  const variables = { name: { description: 'Name of the instance' }, env: { default: 'prod' }, revision: {}, scope: {} };
  const mod = (blocks) => ({ resources: blocks.map(block), variables, outputs: { id: { expression: { references: [`${blocks[0].type}.${blocks[0].name}`] } } } });
  return {
    provider_config: Object.fromEntries(
      Object.entries(PROVIDERS).filter(([key]) => key !== 'terraform').map(([key, fullName]) => [key, { name: key, full_name: fullName, version_constraint: VERSION_CONSTRAINTS[key], expressions: key === 'aws' ? { region: { references: ['var.region'] } } : {} }]),
    ),
    root_module: {
      outputs: Object.fromEntries(outputs.map((output) => [output.name, { expression: { references: [`module.app[${json(layout.services[0] ?? 'api0')}].${output.name}`] }, sensitive: output.change.after_sensitive || undefined }])),
      resources: layout.rootBlocks.map(block),
      module_calls: {
        app: { source: './modules/app', for_each_expression: { references: ['var.services'] }, module: mod(layout.appBlocks) },
        gcp: { source: './modules/gcp-vm', for_each_expression: { references: ['var.projects'] }, module: mod(layout.gcpBlocks) },
        platform: {
          source: 'git::https://git.example.com/platform.git//modules/platform?ref=v4.2.0',
          module: {
            module_calls: {
              network: { source: './network', for_each_expression: { references: ['var.vpcs'] }, module: mod(layout.networkBlocks) },
              rbac: { source: './rbac', for_each_expression: { references: ['var.teams'] }, module: mod(layout.rbacBlocks) },
            },
            variables: { vpcs: {}, teams: {} },
          },
        },
      },
      variables: { region: { default: 'eu-west-1' }, services: {}, projects: {}, instance_type: { default: 't3.micro' } },
    },
  };
}

// ---------------------------------------------------------------------------------------------

export function generatePlan(options = {}) {
  const { out, changes, seed, stateCoverage } = { ...DEFAULTS, ...options };
  const started = Date.now();
  const layout = buildLayout(changes);
  const outputs = makeOutputs(Math.max(20, Math.round(changes / 500)), seed);
  const inState = (i) => mix(seed ^ 0xc0ffee, i) / 4294967296 < stateCoverage;
  const counts = { resource_changes: 0, resource_drift: 0 };
  const sections = {};

  mkdirSync(dirname(resolve(out)), { recursive: true });
  const partial = `${out}.partial`;
  const w = new ChunkWriter(partial);
  const mark = (name) => {
    w.flush();
    sections[name] = w.bytes;
  };
  w.write('{"format_version":"1.2","terraform_version":"1.11.4"');
  w.write(`,"variables":${json({ region: { value: 'eu-west-1' }, services: { value: layout.services }, projects: { value: layout.projects }, instance_type: { value: 't3.micro' } })}`);
  mark('start');

  w.write(',"planned_values":{');
  w.write(`"outputs":${outputsObject(outputs, 'planned')},"root_module":`);
  writeModuleTree(w, layout.root, seed, plannedValues, inState);
  w.write('}');
  mark('planned_values');

  const relevant = [];
  w.write(',"resource_drift":[');
  writeList(w, mapGen(walkResources(layout.root), (id) => {
    const res = makeResource(id, seed);
    if (!res.drift) return undefined;
    counts.resource_drift++;
    if (res.drift.actions[0] === 'update' && relevant.length < 2000) relevant.push({ resource: res.address, attribute: [Object.keys(res.before)[0]] });
    return driftJson(res);
  }));
  w.write(']');
  mark('resource_drift');

  w.write(',"resource_changes":[');
  writeList(w, mapGen(walkResources(layout.root), (id) => {
    counts.resource_changes++;
    return resourceChangeJson(makeResource(id, seed));
  }));
  w.write(']');
  mark('resource_changes');

  w.write(`,"output_changes":{${outputs.map((output) => `${json(output.name)}:${json(output.change)}`).join(',')}}`);
  mark('output_changes');

  w.write(',"prior_state":{"format_version":"1.0","terraform_version":"1.11.4","values":{');
  w.write(`"outputs":${outputsObject(outputs, 'prior')},"root_module":`);
  writeModuleTree(w, layout.root, seed, priorValues, inState);
  w.write('}}');
  mark('prior_state');

  w.write(`,"configuration":${json(configuration(layout, outputs))}`);
  mark('configuration');

  w.write(`,"relevant_attributes":${json(relevant)}`);
  w.write(',"timestamp":"2025-06-11T09:30:00Z","applyable":true,"complete":true,"errored":false}\n');
  mark('end');
  w.close();
  renameSync(partial, out);

  const sizes = {};
  let previous = 0;
  for (const [name, end] of Object.entries(sections)) {
    sizes[name] = end - previous;
    previous = end;
  }
  return { path: out, bytes: w.bytes, counts, outputs: outputs.length, sections: sizes, seconds: (Date.now() - started) / 1000 };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--out') options.out = value();
    else if (flag === '--changes') options.changes = Number(value());
    else if (flag === '--seed') options.seed = Number(value());
    else if (flag === '--state-coverage') options.stateCoverage = Number(value());
    else throw new Error(`unknown option ${argv[i]}; use --out FILE --changes N --seed N --state-coverage F`);
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = generatePlan(parseArgs(process.argv.slice(2)));
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  console.log(`wrote ${result.path}: ${mb(result.bytes)} MB, ${result.counts.resource_changes} resource_changes, ${result.counts.resource_drift} resource_drift, ${result.outputs} outputs in ${result.seconds.toFixed(1)}s`);
  console.log(`  sections: ${Object.entries(result.sections).map(([name, bytes]) => `${name} ${mb(bytes)} MB (${((100 * bytes) / result.bytes).toFixed(0)}%)`).join(', ')}`);
}
