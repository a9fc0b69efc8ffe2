/**
 * A loopback Argo CD with state: one Application whose source is a real Git repository, answering
 * GET/PATCH /api/v1/applications/{name} and POST …/rollback as the API server does — including its
 * refusal of a rollback while automated sync is on — and a self-heal stand-in that syncs the
 * branch's head whenever automated sync with selfHeal is on (what the application controller does).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { git } from './git-repo.js';
import { listenLoopback } from './fake-github.js';

export interface ArgoCdApp {
  name: string;
  /** The source repository (a bare repository) and the branch the application follows. */
  repo: string;
  branch: string;
  path: string;
  automated?: Record<string, unknown>;
  /** Deploys the manifests of a revision into the cluster (the stand-in's sync). */
  deploy: (revision: string) => void;
}

export interface FakeArgoCd {
  url: string;
  token: string;
  /** The Application as GET answers it. */
  application(): Record<string, unknown>;
  /** Every request: `PATCH /api/v1/applications/guestbook {"spec":{"syncPolicy":{"automated":null}}}`. */
  requests: string[];
  /** The controller's self-heal: with automated sync and selfHeal on, sync the branch's head. */
  selfHeal(): void;
  /** Answer PATCH with this HTTP status from the n-th PATCH on (1-based). */
  failPatchFrom?: number;
  close(): Promise<void>;
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

export async function fakeArgoCd(app: ArgoCdApp, initialHistory: string[]): Promise<FakeArgoCd> {
  const token = 'argocd-token-5d2e7a';
  let spec: Record<string, unknown> = {
    project: 'default',
    source: { repoURL: app.repo, path: app.path, targetRevision: app.branch },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    syncPolicy: app.automated ? { automated: app.automated } : {},
  };
  const history: { id: number; revision: string; deployedAt: string }[] = [];
  const deploy = (revision: string) => {
    app.deploy(revision);
    history.push({ id: (history.at(-1)?.id ?? 0) + 1, revision, deployedAt: new Date(Date.UTC(2026, 0, history.length + 1)).toISOString() });
  };
  for (const revision of initialHistory) deploy(revision);
  const application = () => ({
    metadata: { name: app.name, namespace: 'argocd' },
    spec,
    status: {
      sync: { status: 'Synced', revision: history.at(-1)?.revision },
      health: { status: 'Healthy' },
      history,
      operationState: { phase: 'Succeeded', message: 'successfully synced (all tasks run)', syncResult: { revision: history.at(-1)?.revision } },
    },
  });
  const automated = () => (spec.syncPolicy as { automated?: Record<string, unknown> } | undefined)?.automated;
  const requests: string[] = [];
  let patches = 0;
  const fake: FakeArgoCd = {
    url: '',
    token,
    application,
    requests,
    selfHeal() {
      if (!automated()?.selfHeal) return;
      const head = git(app.repo, 'rev-parse', app.branch);
      deploy(head);
    },
    close: async () => {},
  };
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, code: number, message: string) => reply(res, status, { error: message, code, message });
  const server = await listenLoopback(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0];
    requests.push(`${req.method} ${path}${text ? ` ${text}` : ''}`);
    if (req.headers.authorization !== `Bearer ${token}`) return error(res, 401, 16, 'invalid session: token is invalid');
    const match = /^\/api\/v1\/applications\/([^/]+)(\/rollback)?$/.exec(path);
    if (!match) return error(res, 404, 5, 'Not Found');
    const name = decodeURIComponent(match[1]);
    // Argo CD answers so for an application that does not exist (to a token that may see it).
    if (name !== app.name) return error(res, 404, 5, `applications.argoproj.io "${name}" not found`);
    if (req.method === 'GET' && !match[2]) return reply(res, 200, application());
    if (req.method === 'PATCH' && !match[2]) {
      patches++;
      if (fake.failPatchFrom !== undefined && patches >= fake.failPatchFrom) return error(res, 403, 7, 'permission denied: applications, update, default/' + name);
      const body = JSON.parse(text) as { name: string; patch: string; patchType: string };
      if (body.patchType !== 'merge') return error(res, 400, 3, `unsupported patch type ${body.patchType}`);
      spec = (mergePatch({ spec }, JSON.parse(body.patch)) as { spec: Record<string, unknown> }).spec;
      return reply(res, 200, application());
    }
    if (req.method === 'POST' && match[2]) {
      // server/application/application.go: FailedPrecondition, which the gateway answers as 400.
      if (automated()) return error(res, 400, 9, 'rollback cannot be initiated when auto-sync is enabled');
      const body = JSON.parse(text) as { id: number };
      const entry = history.find((item) => item.id === body.id);
      if (!entry) return error(res, 400, 3, `application ${name} does not have deployment with id ${body.id}`);
      deploy(entry.revision);
      return reply(res, 200, application());
    }
    return error(res, 405, 12, 'Method Not Allowed');
  });
  fake.url = server.url;
  fake.close = server.close;
  return fake;
}
