/**
 * Attack on the e-mail channel from the server's side: an SMTP relay (compromised, or a tarpit a
 * sloppy config points at) greets, then answers EHLO with continuation lines (`250-…`), one every
 * half second, never the last one. nodemailer's socket timeout only measures silence, so the alert —
 * and the drift run waiting for it — hung until the CI job's own timeout (six hours on GitHub).
 * A real TCP server on loopback speaking just enough SMTP.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { AlertEvent } from '@gitops-sync/core';
import { EmailNotifier } from '@gitops-sync/platforms';

const resolved: AlertEvent = {
  kind: 'resolve',
  environment: 'production',
  dedupKey: 'gitops-sync/production',
  summary: 'production: drift resolved',
  reasons: [],
  counts: { critical: 0, high: 0, medium: 0, low: 0 },
  totalChanges: 0,
  driftAgeSeconds: 0,
  topChanges: [],
  at: '2026-11-25T12:00:00.000Z',
};

let server: Server;
let port = 0;
const open = new Set<Socket>();
beforeAll(async () => {
  server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    socket.write('220 relay.acme.test ESMTP\r\n');
    socket.once('data', () => {
      const trickle = setInterval(() => socket.write('250-relay.acme.test is still thinking\r\n'), 500);
      socket.on('close', () => clearInterval(trickle));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const socket of open) socket.destroy();
  await new Promise((done) => server.close(done));
});

test('a relay that trickles its answer is given up on within the timeout, and its connection is closed', async () => {
  const started = Date.now();
  const notifier = new EmailNotifier({ host: '127.0.0.1', port, secure: false, from: 'gitops-sync@acme.test', to: ['sre@acme.test'], timeoutMs: 1500, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 } });
  const error = await notifier.send(resolved).catch((caught: Error) => caught);
  expect((error as Error).message).toBe(`E-mail did not go out through 127.0.0.1:${port} (ETIMEDOUT, after 2 attempts); check monitoring.notifications.email and that the server is reachable.`);
  expect(Date.now() - started).toBeLessThan(2 * 1500 + 1000);
  await new Promise((done) => setTimeout(done, 200));
  expect(open.size).toBe(0);
}, 10_000);
