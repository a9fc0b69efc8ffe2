import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, jest } from '@jest/globals';

export interface ReleaseServer {
  /** Scratch folder for the whole file. */
  root: string;
  /** `http://127.0.0.1:<port>/<prefix>` */
  baseUrl: string;
  /** URL path → body; empty before each test. Anything else answers 404. */
  routes: Map<string, string | Buffer>;
  /** Paths requested during the current test. */
  requests: string[];
}

const ENV_KEYS = ['PATH', 'RUNNER_TOOL_CACHE', 'RUNNER_TEMP', 'GITHUB_PATH'] as const;

/**
 * A loopback release server and a fresh tool cache per test, for the tool-cache installers.
 * tool-cache 4 reads RUNNER_TOOL_CACHE / RUNNER_TEMP on every call (not at import), so per-test
 * folders work. Registers its own jest hooks; call it at the top of a test file.
 */
export function useReleaseServer(prefix: string): ReleaseServer {
  const state = { root: '', baseUrl: '', routes: new Map(), requests: [] } as ReleaseServer;
  const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  let server: Server;
  let stdoutSpy: ReturnType<typeof jest.spyOn>;

  beforeAll(async () => {
    state.root = mkdtempSync(join(tmpdir(), `${prefix}-install-`));
    server = createServer((req, res) => {
      state.requests.push(req.url ?? '');
      const body = state.routes.get(req.url ?? '');
      res.writeHead(body === undefined ? 404 : 200).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${prefix}`;
    // Never wait 10-20 s between download retries (5xx / network errors) should one happen.
    Object.assign(globalThis, { TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS: 0, TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS: 0 });
    // @actions/core writes ::debug:: / ::add-path:: workflow commands straight to stdout.
    stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterAll(async () => {
    stdoutSpy.mockRestore();
    await new Promise((resolve) => server.close(resolve));
    rmSync(state.root, { recursive: true, force: true });
  });

  beforeEach(() => {
    const run = mkdtempSync(join(state.root, 'run-'));
    process.env.RUNNER_TOOL_CACHE = join(run, 'cache');
    process.env.RUNNER_TEMP = join(run, 'temp');
    mkdirSync(process.env.RUNNER_TEMP);
    delete process.env.GITHUB_PATH;
    state.requests = [];
    state.routes = new Map();
  });

  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });
  return state;
}
