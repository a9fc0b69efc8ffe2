import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isOnPath } from '@gitops-sync/engine';

/** The real Pushgateway (Debian package `prometheus-pushgateway`), or undefined when it is not on PATH. */
export const PUSHGATEWAY = ['prometheus-pushgateway', 'pushgateway'].find((name) => isOnPath(name));

export interface RunningPushgateway {
  /** `http://<host>:<port>` as reached from here (loopback). */
  base: string;
  port: number;
  /** Basic auth for a gateway started with users, for the test's own reads. */
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the Pushgateway on `host` (127.0.0.1, or 0.0.0.0 for every interface) at a free port, with no
 * persistence file, and waits until it is ready. With `user` (a name and its password's bcrypt hash,
 * written to a web config in `dir`), it asks every request for that basic auth, as `--web.config.file` does.
 */
export async function startPushgateway(options: { host?: string; user?: { name: string; password: string; bcrypt: string }; dir?: string } = {}): Promise<RunningPushgateway> {
  if (!PUSHGATEWAY) throw new Error('prometheus-pushgateway is not on PATH (Debian package `prometheus-pushgateway`); install it with apt-get install -y prometheus-pushgateway.');
  const host = options.host ?? '127.0.0.1';
  const port = await freePort(host);
  const base = `http://127.0.0.1:${port}`;
  const args = [`--web.listen-address=${host}:${port}`, '--persistence.file=', '--log.level=warn'];
  const headers: Record<string, string> = {};
  if (options.user) {
    const config = join(options.dir!, 'pushgateway-web.yml');
    writeFileSync(config, `basic_auth_users:\n  ${options.user.name}: ${JSON.stringify(options.user.bcrypt)}\n`);
    args.push(`--web.config.file=${config}`);
    headers.authorization = `Basic ${Buffer.from(`${options.user.name}:${options.user.password}`).toString('base64')}`;
  }
  // `--persistence.file=` (empty): Debian's default keeps a file under /var/lib; this one lives in memory only.
  const gateway = spawn(PUSHGATEWAY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  gateway.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  gateway.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<never>((_, reject) => gateway.once('exit', (code) => reject(new Error(`the Pushgateway exited (${code}) before it was ready: ${log}`))));
  const ready = (async () => {
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const answer = await fetch(`${base}/-/ready`, { headers }).catch(() => undefined);
      if (answer?.ok) return;
    }
    throw new Error(`the Pushgateway did not become ready on ${base} within 15 s: ${log}`);
  })();
  await Promise.race([ready, exited]);
  return {
    base,
    port,
    headers,
    stop: async () => {
      if (gateway.exitCode !== null) return;
      const stopped = new Promise((resolve) => gateway.once('exit', resolve));
      gateway.kill('SIGTERM');
      await stopped;
    },
  };
}
