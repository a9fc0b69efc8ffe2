/**
 * A loopback Terraform Cloud / Enterprise API for the health-assessment source, with its "archivist"
 * (the separate host the json-output link redirects to) on another port. Payloads as documented:
 * - Show workspace: https://developer.hashicorp.com/terraform/cloud-docs/api-docs/workspaces#show-workspace
 * - Assessment results: https://developer.hashicorp.com/terraform/cloud-docs/api-docs/assessment-results
 *   (its sample puts `id`/`type` beside `data`, as served here)
 * - Errors are JSON:API error objects: {"errors":[{"status":"404","title":"not found"}]}
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  host: 'api' | 'archivist';
  path: string;
  authorization?: string;
}

export interface FakeTfcState {
  token: string;
  organization: string;
  workspace: { id: string; name: string; assessmentsEnabled: boolean };
  /** The current assessment: drifted/clean succeed; failed has succeeded: false; none answers 404; null answers {"data": null}. */
  assessment: 'drifted' | 'clean' | 'failed' | 'none' | 'null';
  errorMessage: string;
  /** The json-output body the archivist serves. */
  plan: string | Buffer;
  /** This many answers of 429 (Retry-After: 1) before the API answers normally. */
  rateLimited: number;
  /** `cut`: the archivist closes the connection halfway through the plan; `plain-http`: json-output redirects to a plain-http host that is not loopback. */
  archive?: 'cut' | 'plain-http';
  /** Answers the archive request itself (a custom body, encoding or misbehaviour), instead of serving `plan`. */
  serveArchive?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface FakeTfc {
  /** The API's base URL (what terraform_cloud.hostname is set to). */
  url: string;
  archivistUrl: string;
  state: FakeTfcState;
  requests: SeenRequest[];
  close(): Promise<void>;
}

const ASSESSMENT_ID = 'asmtres-UG5rE9L1373hMYMA';

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/vnd.api+json', ...headers });
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

const error = (status: number, title: string) => ({ errors: [{ status: String(status), title }] });

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function fakeTfc(initial: Partial<FakeTfcState> & { plan: string | Buffer }): Promise<FakeTfc> {
  const state: FakeTfcState = {
    token: 'tfc-team-token-7f3a9c2e1b.atlasv1.q8Zr2mW5',
    organization: 'acme',
    workspace: { id: 'ws-SihZTyXKfNXUWuUa', name: 'networking-prod', assessmentsEnabled: true },
    assessment: 'drifted',
    errorMessage: 'Error: error configuring Terraform AWS Provider: no valid credential sources found',
    rateLimited: 0,
    ...initial,
  };
  const requests: SeenRequest[] = [];
  const archive = `/v1/object/dmF1bHQ6djE6assessment-plan?signature=opaque`;

  const archivist = await listen((req, res) => {
    requests.push({ host: 'archivist', path: req.url ?? '', authorization: req.headers.authorization });
    if (req.url === archive && state.serveArchive) return state.serveArchive(req, res);
    if (req.url === archive && state.archive === 'cut') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(state.plan)) });
      res.write(Buffer.from(state.plan).subarray(0, Math.floor(Buffer.byteLength(state.plan) / 2)));
      return void setTimeout(() => res.destroy(), 50);
    }
    if (req.url === archive) return send(res, 200, state.plan, { 'content-type': 'application/json' });
    send(res, 404, 'Not Found', { 'content-type': 'text/plain' });
  });

  const api = await listen((req, res) => {
    const path = req.url ?? '';
    requests.push({ host: 'api', path, authorization: req.headers.authorization });
    if (state.rateLimited > 0) {
      state.rateLimited--;
      return send(res, 429, error(429, 'too many requests'), { 'retry-after': '1' });
    }
    if (req.headers.authorization !== `Bearer ${state.token}`) return send(res, 401, error(401, 'unauthorized'));
    const { workspace } = state;
    if (path === `/api/v2/organizations/${state.organization}/workspaces/${workspace.name}`) {
      return send(res, 200, {
        data: {
          id: workspace.id,
          type: 'workspaces',
          attributes: { name: workspace.name, 'assessments-enabled': workspace.assessmentsEnabled, 'auto-apply': false, 'execution-mode': 'remote', 'terraform-version': '1.9.8' },
          relationships: { organization: { data: { id: state.organization, type: 'organizations' } } },
          links: { self: `/api/v2/organizations/${state.organization}/workspaces/${workspace.name}` },
        },
      });
    }
    if (path === `/api/v2/workspaces/${workspace.id}/current-assessment-result`) {
      if (state.assessment === 'none') return send(res, 404, error(404, 'not found'));
      if (state.assessment === 'null') return send(res, 200, { data: null });
      const links = Object.fromEntries(['json-output', 'json-schema', 'log-output'].map((name) => [name, `/api/v2/assessment-results/${ASSESSMENT_ID}/${name}`]));
      return send(res, 200, {
        id: ASSESSMENT_ID,
        type: 'assessment-results',
        data: {
          attributes: {
            drifted: state.assessment === 'drifted',
            succeeded: state.assessment !== 'failed',
            'error-msg': state.assessment === 'failed' ? state.errorMessage : null,
            'created-at': '2026-12-05T03:00:00+00:00',
          },
          links: { self: `/api/v2/assessment-results/${ASSESSMENT_ID}/`, ...links },
        },
      });
    }
    if (path === `/api/v2/assessment-results/${ASSESSMENT_ID}/json-output`) {
      const location = state.archive === 'plain-http' ? `http://archivist.example.com${archive}` : `${archivist.url}${archive}`;
      return send(res, 307, '', { location });
    }
    send(res, 404, error(404, 'not found'));
  });

  return {
    url: api.url,
    archivistUrl: archivist.url,
    state,
    requests,
    close: async () => {
      for (const { server } of [api, archivist]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
