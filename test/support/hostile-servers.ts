/**
 * Loopback servers that misbehave on the wire, for the API clients' timeouts and messages: one that
 * accepts and never answers, one that resets every connection, one that sends headers and then
 * stalls the body, and a port nobody listens on.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface HostileServer {
  url: string;
  /** Connections accepted (or requests seen, for HTTP servers). */
  hits: number;
  close(): Promise<void>;
}

async function listen(server: Server, sockets: Set<Socket>): Promise<HostileServer> {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hostile: HostileServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return hostile;
}

/** Accepts every connection, reads the request, never answers. */
export async function silentServer(): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    hostile.hits++;
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
  });
  const hostile = await listen(server, sockets);
  return hostile;
}

/** Resets every connection (TCP RST) as soon as the request arrives. */
export async function resettingServer(): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    hostile.hits++;
    socket.on('error', () => undefined);
    socket.once('data', () => socket.resetAndDestroy());
  });
  const hostile = await listen(server, sockets);
  return hostile;
}

/** An HTTP server answering with `handle`; `hits` counts requests. */
export async function httpServer(handle: (req: IncomingMessage, res: ServerResponse, url: string) => void): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    hostile.hits++;
    handle(req, res, hostile.url);
  });
  const hostile = await listen(server, sockets);
  return hostile;
}

/** Sends 200 and the start of a JSON body, then nothing more. */
export const stallingBodyServer = (): Promise<HostileServer> =>
  httpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '1000' });
    res.write('[');
  });

/** The URL of a loopback port that was just closed: connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
