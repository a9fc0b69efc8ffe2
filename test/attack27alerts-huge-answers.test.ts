/**
 * Attack on the alert channels and the Pushgateway push from the server's side: a webhook receiver (or
 * a proxy in front of Slack, PagerDuty or the Pushgateway) answers with a body that never ends, at
 * loopback speed. Read whole, it grows the run's memory by gigabytes until the attempt's timeout, and
 * the alert counts as delivered only then. Real fetch against a loopback server.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, expect, test } from '@jest/globals';
import type { AlertEvent } from '@gitops-sync/core';
import { pushMetrics, WebhookNotifier } from '@gitops-sync/platforms';
import { httpServer, type HostileServer } from './support/hostile-servers.js';

const ONCE = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
const TIMEOUT_MS = 3000;
const MB = 1024 * 1024;

const trigger: AlertEvent = {
  kind: 'trigger',
  environment: 'production',
  dedupKey: 'gitops-sync/production',
  summary: 'production: 1 critical change(s); 1 critical change(s), more than 0',
  reasons: ['1 critical change(s), more than 0'],
  counts: { critical: 1, high: 0, medium: 0, low: 0 },
  totalChanges: 1,
  driftAgeSeconds: 0,
  topChanges: [{ address: 'aws_iam_role.deploy', severity: 'critical', action: 'update', origin: 'outside', rule: 'iam.policy' }],
  at: '2026-11-25T12:00:00.000Z',
};

const servers: HostileServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Answers `status` with an endless body; `sent()` is how many bytes it got onto the wire. */
async function endlessAnswer(status: number) {
  let written = 0;
  const chunk = Buffer.alloc(MB, 'x');
  const pump = (res: ServerResponse) => {
    while (!res.destroyed && res.write(chunk)) written += chunk.length;
  };
  const server = await httpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.on('drain', () => pump(res));
      res.on('error', () => undefined);
      pump(res);
    });
  });
  servers.push(server);
  return { url: server.url, sent: () => written };
}

test('a webhook answering 200 with an endless body is delivered at once, without reading the body', async () => {
  const receiver = await endlessAnswer(200);
  const started = Date.now();
  await new WebhookNotifier({ url: `${receiver.url}/hook`, secret: 'webhook-secret', retry: ONCE, timeoutMs: TIMEOUT_MS }).send(trigger);
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2);
  expect(receiver.sent()).toBeLessThan(64 * MB);
});

test('a webhook answering 500 with an endless body fails at once with its one sentence', async () => {
  const receiver = await endlessAnswer(500);
  const started = Date.now();
  const error = await new WebhookNotifier({ url: `${receiver.url}/hook`, secret: 'webhook-secret', retry: ONCE, timeoutMs: TIMEOUT_MS }).send(trigger).catch((caught: Error) => caught);
  expect((error as Error).message).toBe('The webhook did not take the alert (HTTP 500); check its settings in monitoring.notifications and that the service is reachable.');
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2);
  expect(receiver.sent()).toBeLessThan(64 * MB);
});

test('a Pushgateway answering with an endless body is not read to the end', async () => {
  const gateway = await endlessAnswer(400);
  const started = Date.now();
  const error = await pushMetrics(gateway.url, { job: 'gitops-sync', groupingLabels: { environment: 'production' } }, 'gitops_drift_age_seconds{environment="production"} 0\n', { retry: ONCE, timeoutMs: TIMEOUT_MS }).catch((caught: Error) => caught);
  expect((error as Error).message).toMatch(/^Could not push metrics for job "gitops-sync", environment "production" to the Pushgateway at http:\/\/127\.0\.0\.1:\d+ \(HTTP 400: x{200}\); the gateway rejected the metrics/);
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2);
  expect(gateway.sent()).toBeLessThan(64 * MB);
});
