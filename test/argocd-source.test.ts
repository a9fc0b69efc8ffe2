import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { isUserError, parseArgoCdManagedResources, UserError, type UnjudgedChange } from '@gitops-sync/core';
import { fetchManagedResources } from '@gitops-sync/engine';
import { GITOPS_ENGINE_PAIRS } from './support/gitops-engine-pairs.js';
import { SHARED_FIXTURES } from './support/paths.js';

const ENGINE = resolve(SHARED_FIXTURES, 'kubernetes', 'gitops-engine');
type Obj = Record<string, any>;

const fixture = (base: string, side: string): Obj => {
  const file = readdirSync(ENGINE).find((name) => name === `${base}-${side}.json` || name === `${base}-${side}.yaml`);
  if (!file) throw new Error(`no ${base}-${side} fixture`);
  const text = readFileSync(resolve(ENGINE, file), 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
};
const clone = <T>(value: T): T => structuredClone(value);
const CLUSTER_SCOPED = new Set(['ClusterRole', 'MutatingWebhookConfiguration']);

/**
 * One ResourceDiff the way Argo CD serialises it (pkg/apis/application/v1alpha1/types.go): group
 * omitted for the core group, namespace omitted when cluster-scoped, no version, every *State a JSON
 * text ("null" for no object); predictedLiveState left out unless given (Argo CD before server-side diff).
 */
function item(spec: { target?: Obj; live?: Obj; normalized?: Obj; predicted?: Obj | null; namespace?: string; hook?: boolean }): Obj {
  const object = (spec.target ?? spec.live)!;
  const slash = String(object.apiVersion).lastIndexOf('/');
  const group = slash < 0 ? '' : String(object.apiVersion).slice(0, slash);
  const namespace = CLUSTER_SCOPED.has(object.kind) ? '' : (spec.live?.metadata?.namespace ?? spec.target?.metadata?.namespace ?? spec.namespace ?? 'default');
  const state = (value: Obj | null | undefined) => (value ? JSON.stringify(value) : 'null');
  const result: Obj = {
    ...(group ? { group } : {}),
    kind: object.kind,
    ...(namespace ? { namespace } : {}),
    name: object.metadata.name,
    targetState: state(spec.target),
    liveState: state(spec.live),
    normalizedLiveState: state(spec.normalized ?? spec.live),
    modified: true,
  };
  if (spec.predicted !== undefined) result.predictedLiveState = state(spec.predicted);
  if (spec.hook) result.hook = true;
  if (spec.live?.metadata?.resourceVersion) result.resourceVersion = spec.live.metadata.resourceVersion;
  return result;
}
const body = (...items: Obj[]) => JSON.stringify({ items });
const LABEL = 'managed-resources.json';
const parse = (json: string) => parseArgoCdManagedResources(json, { label: LABEL });
const summary = (changes: UnjudgedChange[]) => changes.map((c) => [c.origin, c.action, c.address, c.fields.map((f) => f.path)]);

function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('parseArgoCdManagedResources: gitops-engine pairs as Argo CD serves them', () => {
  // Same expectations as k8s-manifests for the same pairs: the argocd source must agree with it.
  // The pairs served without a predictedLiveState; the others are tested with their predicted-live files below.
  const legacy = GITOPS_ENGINE_PAIRS.filter(([base]) => !base.startsWith('ssd-') && base !== 'smd-deploy2');
  test.each(legacy)('%s (targetState vs liveState/normalizedLiveState)', (base, namespace, expected) => {
    const changes = parse(body(item({ target: fixture(base, 'config'), live: fixture(base, 'live'), namespace })));
    expect(summary(changes)).toEqual(expected);
    for (const change of changes) expect(change.source).toBe('argocd');
  });

  test('deployment pair: live with every server field, webhook env entry and status is no change', () => {
    const live = fixture('deployment', 'live');
    expect(live.metadata.managedFields ?? live.metadata.resourceVersion).toBeDefined();
    expect(parse(body(item({ target: fixture('deployment', 'config'), live, predicted: live })))).toEqual([]);
  });

  const ports = '/spec/template/spec/containers/0/ports';
  const serverSide: [string, string, unknown[]][] = [
    ['ssd-deploy-nested', 'live', [['planned', 'update', 'apps/v1/Deployment/default/nested-test-deployment', [`${ports}/1/containerPort`, `${ports}/1/name`, '/spec/template/spec/containers/0/env/1/name', '/spec/template/spec/containers/0/env/1/value']]]],
    ['ssd-deploy-composite-key', 'live', [['planned', 'update', 'apps/v1/Deployment/default/test-container-ports', [`${ports}/2/containerPort`, `${ports}/2/name`]]]],
    ['ssd-deploy-with-manual-apply', 'live', [['planned', 'update', 'apps/v1/Deployment/default/manual-apply-test-deployment', [`${ports}/1/containerPort`, `${ports}/1/name`]]]],
    ['ssd-service', 'live', []],
    ['smd-deploy2', 'live', []],
  ];
  test.each(serverSide)('%s (server-side diff: predictedLiveState from the fixture)', (base, liveSide, expected) => {
    const changes = parse(body(item({ target: fixture(base, 'config'), live: fixture(base, liveSide), predicted: fixture(base, 'predicted-live') })));
    expect(summary(changes)).toEqual(expected);
  });

  test('ssd-deploy-nested: the added port and env entry, before = live, after = Git', () => {
    const [change] = parse(body(item({ target: fixture('ssd-deploy-nested', 'config'), live: fixture('ssd-deploy-nested', 'live'), predicted: fixture('ssd-deploy-nested', 'predicted-live') })));
    expect(change).toEqual({
      address: 'apps/v1/Deployment/default/nested-test-deployment',
      kind: 'Deployment',
      source: 'argocd',
      action: 'update',
      origin: 'planned',
      fields: [
        { path: `${ports}/1/containerPort`, before: null, after: 443, sensitive: false },
        { path: `${ports}/1/name`, before: null, after: 'https', sensitive: false },
        { path: '/spec/template/spec/containers/0/env/1/name', before: null, after: 'ENV_VAR2', sensitive: false },
        { path: '/spec/template/spec/containers/0/env/1/value', before: null, after: 'value2', sensitive: false },
      ],
    });
  });

  test('ssd-svc-no-label: a label live but not in Git is not drift (only what Git sets is compared)', () => {
    const target = fixture('ssd-svc-no-label', 'config');
    const live = fixture('ssd-svc-label', 'live');
    expect(live.metadata.labels).not.toEqual(target.metadata.labels);
    const changes = parse(body(item({ target, live, predicted: fixture('ssd-svc-no-label', 'predicted-live') })));
    expect(summary(changes).flatMap(([, , , paths]) => paths as string[]).filter((path) => path.startsWith('/metadata/labels'))).toEqual([]);
  });

  test('predictedLiveState settles what the server normalises; real drift stays', () => {
    const target = fixture('deployment', 'config');
    target.spec.template.spec.containers[0].resources = { limits: { cpu: '1000m' } };
    target.spec.progressDeadlineSeconds = 300;
    const live = fixture('deployment', 'live');
    live.spec.template.spec.containers[0].resources = { limits: { cpu: '1' } };
    live.spec.progressDeadlineSeconds = 600;
    live.spec.replicas = 5;
    const predicted = clone(live);
    predicted.spec.replicas = target.spec.replicas;
    // Without a prediction (older Argo CD), a field the sync would keep (Argo CD ignores it) looks like drift;
    // the quantity spelling (1000m and 1) never does. Replicas differ from the last-applied configuration: changed outside Git.
    expect(summary(parse(body(item({ target, live, predicted: null }))))).toEqual([
      ['outside', 'update', 'apps/v1/Deployment/default/guestbook-ui', ['/spec/replicas']],
      ['planned', 'update', 'apps/v1/Deployment/default/guestbook-ui', ['/spec/progressDeadlineSeconds']],
    ]);
    const [change] = parse(body(item({ target, live, predicted })));
    expect(change!.fields).toEqual([{ path: '/spec/replicas', before: 5, after: target.spec.replicas, sensitive: false }]);
  });

  test('security fields set live only are drift from outside Git, even when the sync would keep them', () => {
    const target = fixture('deployment', 'config');
    const live = fixture('deployment', 'live');
    live.spec.template.spec.hostNetwork = true;
    const changes = parse(body(item({ target, live, predicted: clone(live) })));
    expect(changes).toEqual([
      { address: 'apps/v1/Deployment/default/guestbook-ui', kind: 'Deployment', source: 'argocd', action: 'update', origin: 'outside', fields: [{ path: '/spec/template/spec/hostNetwork', before: true, after: null, sensitive: false }] },
    ]);
  });

  test('prune and create items, addresses for the core group and cluster-scoped kinds', () => {
    const sa = fixture('spinnaker-sa', 'live');
    const role = fixture('aggr-clusterrole', 'config');
    const changes = parse(
      body(
        // Argo CD for a prune: targetState "null", normalizedLiveState the live object, predictedLiveState "null".
        item({ live: sa, predicted: null }),
        // and for a create: liveState and normalizedLiveState "null", predictedLiveState the target.
        item({ target: role, predicted: role }),
      ),
    );
    expect(summary(changes)).toEqual([
      ['planned', 'delete', `v1/ServiceAccount/spinnaker/${sa.metadata.name}`, ['/apiVersion', '/kind', '/metadata', '/secrets']],
      ['planned', 'create', `rbac.authorization.k8s.io/v1/ClusterRole//${role.metadata.name}`, expect.arrayContaining(['/aggregationRule/clusterRoleSelectors', '/metadata/name'])],
    ]);
    const [prune, create] = changes;
    expect(prune!.fields.every((f) => f.after === null && f.before !== null)).toBe(true);
    // (a list Git sets on a new object reads as replacing an empty one: before [])
    expect(create!.fields.every((f) => (f.before === null || (Array.isArray(f.before) && f.before.length === 0)) && f.after !== null)).toBe(true);
    expect(JSON.stringify(changes)).not.toMatch(/managedFields|resourceVersion|creationTimestamp/);
  });

  test('a Secret with Argo CD placeholders: the key and that it changed, never a value', () => {
    const target = fixture('wordpress', 'config');
    const live = fixture('wordpress', 'live');
    live.data['wordpress-password'] = Buffer.from('changed-live').toString('base64');
    live.data['api-key'] = Buffer.from('added-live').toString('base64');
    const secretValues = [target.data['wordpress-password'], live.data['wordpress-password'], live.data['api-key']];
    // gitops-engine's HideSecretData: equal values share a placeholder, different ones differ in length.
    let length = 8;
    for (const key of new Set([...Object.keys(target.data), ...Object.keys(live.data)])) {
      const [t, l] = [target.data[key], live.data[key]];
      if (t !== undefined && t !== null && t !== '') target.data[key] = '+'.repeat(length++);
      if (l !== undefined && l !== null && l !== '') live.data[key] = t === l ? target.data[key] : '+'.repeat(length++);
    }
    const json = body(item({ target, live, namespace: 'argocd' }));
    for (const value of secretValues) expect(json).not.toContain(value);
    const changes = parse(json);
    expect(changes).toEqual([
      {
        address: `v1/Secret/argocd/${target.metadata.name}`,
        kind: 'Secret',
        source: 'argocd',
        action: 'update',
        // changed live: not the value last applied
        origin: 'outside',
        fields: [{ path: '/data/wordpress-password', before: '(sensitive)', after: '(sensitive)', sensitive: true }],
      },
    ]);
    expect(JSON.stringify(changes)).not.toContain('++');
  });

  test('hooks are left out; an empty application ({} — Argo CD omits empty items) has no changes', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'db-migrate', namespace: 'default', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } }, spec: {} };
    expect(parse(body(item({ target: job, hook: true })))).toEqual([]);
    expect(parse('{}')).toEqual([]);
    expect(parse('{"items":[]}')).toEqual([]);
  });

  test('HPA-scaled replicas are not drift', () => {
    const target = fixture('deployment', 'config');
    const live = fixture('deployment', 'live');
    live.spec.replicas = 7;
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: { scaleTargetRef: { kind: 'Deployment', name: target.metadata.name } } };
    expect(parse(body(item({ target, live }), item({ target: hpa, live: hpa })))).toEqual([]);
  });

  test('bad input: one sentence naming the input and the item', () => {
    expect(userError(() => parse('{"items": [')).message).toBe('managed-resources.json is not valid JSON (truncated or not JSON at all); pass the unchanged body of GET /api/v1/applications/{name}/managed-resources.');
    expect(userError(() => parse('[]')).message).toContain('managed-resources.json is not an Argo CD managed-resources response');
    expect(userError(() => parse('{"items": {"kind": "Deployment"}}')).message).toBe(
      'managed-resources.json: items is not an array; pass the unchanged body of GET /api/v1/applications/{name}/managed-resources.',
    );
    const broken = { ...item({ target: fixture('deployment', 'config'), live: fixture('deployment', 'live') }), liveState: '{"apiVersion": "apps/v1", "kind": ' };
    expect(userError(() => parse(body(broken))).message).toMatch(/^managed-resources\.json: item 0 \(Deployment default\/guestbook-ui\) has a liveState that is not valid JSON; pass/);
    const object = { ...item({ target: fixture('deployment', 'config') }), targetState: { kind: 'Deployment' } };
    expect(userError(() => parse(body(object))).message).toContain('item 0 (Deployment default/guestbook-ui) has a targetState that is not a JSON string');
    const scalar = { ...item({ target: fixture('deployment', 'config') }), predictedLiveState: '42' };
    expect(userError(() => parse(body(scalar))).message).toContain('has a predictedLiveState that is not a Kubernetes object');
    expect(userError(() => parse(body('not an item' as unknown as Obj))).message).toContain('item 0 is not an object');
  });

  test('another document is refused, not read as an application with nothing to sync (it said "No drift", exit 0)', () => {
    // A Terraform plan, and `argocd app get -o json`'s Application showing OutOfSync.
    expect(userError(() => parse('{"format_version": "1.2", "resource_changes": []}')).message).toBe(
      'managed-resources.json is not an Argo CD managed-resources response, a JSON object with only items (it has "format_version", which that response never has); pass the unchanged body of GET /api/v1/applications/{name}/managed-resources.',
    );
    const application = { metadata: { name: 'web' }, status: { sync: { status: 'OutOfSync' }, resources: [{ kind: 'Deployment', name: 'web', status: 'OutOfSync' }] } };
    expect(userError(() => parse(JSON.stringify(application))).message).toContain('(it has "metadata", which that response never has)');
    expect(userError(() => parse('{"items": [{}]}')).message).toBe('managed-resources.json: item 0 names no kind or name; pass the unchanged body of GET /api/v1/applications/{name}/managed-resources.');
    for (const states of ['', ', "targetState": "null", "liveState": "null"', ', "targetState": "", "liveState": ""']) {
      expect(userError(() => parse(`{"items": [{"kind": "Deployment", "name": "web"${states}}]}`)).message).toBe(
        'managed-resources.json: item 0 (Deployment web) has neither a targetState nor a liveState; pass the unchanged body of GET /api/v1/applications/{name}/managed-resources.',
      );
    }
    // An application without resources: Argo CD's JSON leaves the empty list out.
    expect(parse('{}')).toEqual([]);
  });
});

describe('fetchManagedResources against a loopback server with documented responses', () => {
  const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.s3cr3t-signature';
  const APP = 'guestbook';
  const managed = body(item({ target: fixture('ssd-deploy-nested', 'config'), live: fixture('ssd-deploy-nested', 'live'), predicted: fixture('ssd-deploy-nested', 'predicted-live') }));
  const requests: { url: string; authorization?: string }[] = [];
  let server: Server;
  let base = '';

  const handler: RequestListener = (req: IncomingMessage, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const send = (status: number, text: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/redirect/')) {
      res.writeHead(307, { location: `http://127.0.0.1:1/api/v1/applications/${APP}/managed-resources` });
      return res.end();
    }
    const match = /^(\/argocd)?\/api\/v1\/applications\/([^/]+)\/managed-resources$/.exec(path);
    if (!match) return send(404, '<html>Not Found</html>', 'text/html');
    // Argo CD's gRPC-gateway errors: {"error", "code", "message"}; this one even quotes the token.
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, JSON.stringify({ error: `invalid session: ${req.headers.authorization}`, code: 16, message: `invalid session: token ${req.headers.authorization} has expired` }));
    const app = decodeURIComponent(match[2]!);
    if (app === 'slow') return; // never answers
    if (app === 'forbidden') return send(403, JSON.stringify({ error: 'permission denied', code: 7, message: 'permission denied' }));
    if (app === 'html') return send(200, '<!doctype html><title>Argo CD</title>', 'text/html');
    if (app === 'broken') return send(500, JSON.stringify({ error: 'rpc error', code: 13, message: 'error getting cached app managed resources: cache: key is missing' }));
    if (app !== APP) return send(404, JSON.stringify({ error: `applications.argoproj.io "${app}" not found`, code: 5, message: `applications.argoproj.io "${app}" not found` }));
    return send(200, managed);
  };

  beforeAll(async () => {
    server = createHttpServer(handler);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const failure = async (run: Promise<unknown>): Promise<UserError> => {
    const error = await run.then(
      () => {
        throw new Error('expected a UserError');
      },
      (e: unknown) => e,
    );
    expect(isUserError(error)).toBe(true);
    const message = (error as UserError).message;
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain('s3cr3t');
    expect(message.split('; ').length).toBeGreaterThanOrEqual(2);
    return error as UserError;
  };

  test('GETs the managed-resources path with the bearer token and returns the body the parser reads', async () => {
    requests.length = 0;
    const text = await fetchManagedResources({ server: `${base}/`, app: APP, token: TOKEN });
    expect(requests).toEqual([{ url: `/api/v1/applications/${APP}/managed-resources`, authorization: `Bearer ${TOKEN}` }]);
    expect(summary(parseArgoCdManagedResources(text, { label: `Argo CD application ${APP}` }))).toEqual([
      ['planned', 'update', 'apps/v1/Deployment/default/nested-test-deployment', [
        '/spec/template/spec/containers/0/ports/1/containerPort', '/spec/template/spec/containers/0/ports/1/name',
        '/spec/template/spec/containers/0/env/1/name', '/spec/template/spec/containers/0/env/1/value',
      ]],
    ]);
  });

  test('a root path, an app namespace and a name that needs encoding', async () => {
    requests.length = 0;
    await failure(fetchManagedResources({ server: `${base}/argocd`, app: 'team a/app', appNamespace: 'team-a', token: TOKEN }));
    expect(requests[0]!.url).toBe('/argocd/api/v1/applications/team%20a%2Fapp/managed-resources?appNamespace=team-a');
  });

  test('401: the token is refused, and the token never shows, not even when the server echoes it', async () => {
    const error = await failure(fetchManagedResources({ server: base, app: APP, token: `${TOKEN}-expired` }));
    expect(error.message).toMatch(/^Argo CD at http:\/\/127\.0\.0\.1:\d+ refused the token for application "guestbook" \(HTTP 401: invalid session: token Bearer \*\*\* has expired\); check ARGOCD_AUTH_TOKEN/);
  });

  test('403 and 404', async () => {
    expect((await failure(fetchManagedResources({ server: base, app: 'forbidden', token: TOKEN }))).message).toMatch(/denied access to application "forbidden" \(HTTP 403: permission denied\); check ARGOCD_AUTH_TOKEN/);
    expect((await failure(fetchManagedResources({ server: base, app: 'nope', token: TOKEN }))).message).toMatch(
      /^Argo CD at http:\/\/127\.0\.0\.1:\d+: application "nope" not found \(HTTP 404: applications\.argoproj\.io "nope" not found\); check the application name\.$/,
    );
  });

  test('a server error, a page that is not JSON, a redirect (not followed with the token)', async () => {
    expect((await failure(fetchManagedResources({ server: base, app: 'broken', token: TOKEN }))).message).toContain('answered HTTP 500 for application "broken" (error getting cached app managed resources');
    expect((await failure(fetchManagedResources({ server: base, app: 'html', token: TOKEN }))).message).toContain('did not answer JSON for application "html" (HTTP 200); check that ARGOCD_SERVER points at the Argo CD API server');
    expect((await failure(fetchManagedResources({ server: `${base}/redirect`, app: APP, token: TOKEN }))).message).toMatch(/redirected the request to http:\/\/127\.0\.0\.1:1 \(HTTP 307\); set ARGOCD_SERVER/);
  });

  test('a server that does not answer in time', async () => {
    const error = await failure(fetchManagedResources({ server: base, app: 'slow', token: TOKEN, timeoutMs: 100 }));
    expect(error.message).toMatch(/^Argo CD at http:\/\/127\.0\.0\.1:\d+ did not answer within 100 ms; check ARGOCD_SERVER/);
  });

  test('nothing listening, a bad server URL, a missing or malformed token', async () => {
    const closed = createHttpServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    expect((await failure(fetchManagedResources({ server: `http://127.0.0.1:${port}`, app: APP, token: TOKEN }))).message).toMatch(/could not be reached \(.*ECONNREFUSED.*\); check ARGOCD_SERVER/);
    expect((await failure(fetchManagedResources({ server: 'argocd.example.com:443', app: APP, token: TOKEN }))).message).toBe(
      'ARGOCD_SERVER "argocd.example.com:443" is not an http(s) URL; write it like https://argocd.example.com.',
    );
    expect((await failure(fetchManagedResources({ server: `http://admin:${TOKEN}@127.0.0.1:${port}`, app: APP, token: TOKEN }))).message).toContain('carries credentials in the URL');
    expect((await failure(fetchManagedResources({ server: base, app: APP, token: '' }))).message).toContain('set ARGOCD_AUTH_TOKEN');
    expect((await failure(fetchManagedResources({ server: base, app: APP, token: `${TOKEN}\n` }))).message).toContain('contains a line break or control character; check ARGOCD_AUTH_TOKEN');
  });

  test('a self-signed certificate: refused by default, accepted with insecure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'argocd-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      const tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, handler);
      await new Promise<void>((done) => tls.listen(0, '127.0.0.1', done));
      try {
        const server = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
        expect((await failure(fetchManagedResources({ server, app: APP, token: TOKEN }))).message).toMatch(/could not be reached over TLS \(.*self[- ]signed.*\); trust its certificate/i);
        expect(await fetchManagedResources({ server, app: APP, token: TOKEN, insecure: true })).toBe(managed);
        expect((await failure(fetchManagedResources({ server, app: 'nope', token: TOKEN, insecure: true }))).message).toContain('application "nope" not found (HTTP 404');
      } finally {
        tls.closeAllConnections();
        await new Promise((done) => tls.close(done));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
