/**
 * Attack on the e-mail and webhook alerts through resource names: a name is someone else's choice, at
 * any length, and only PagerDuty's event clipped the top changes' names. Ten 600 KB names made a 12 MB
 * e-mail, which a relay with Postfix's default 10 MB limit refuses (552), and a 6 MB webhook body,
 * which a receiver with express.json()'s default 100 KB limit refuses (413): the critical drift beside
 * them reached neither. Now the alert itself carries each name clipped to 1,024 characters. A real
 * SMTP server (smtp-server) enforcing SIZE, and a loopback receiver with that body limit.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { advanceDriftState, AlertThresholds, type AlertEvent, type Severity } from '@gitops-sync/core';
import { EmailNotifier, WebhookNotifier } from '@gitops-sync/platforms';
import { driftReportOf } from './support/drift-reports.js';

const POSTFIX_DEFAULT_LIMIT = 10_240_000;
const EXPRESS_JSON_DEFAULT_LIMIT = 100 * 1024;
const names: [string, Severity][] = [
  ['aws_iam_role.deploy', 'critical'],
  ...Array.from({ length: 9 }, (_, i): [string, Severity] => [`v1/ConfigMap/default/${String(i).repeat(600 * 1024)}`, 'medium']),
];

let smtp: SMTPServer;
let smtpPort = 0;
const mails: number[] = [];
let receiver: Server;
let receiverUrl = '';
const bodies: number[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: POSTFIX_DEFAULT_LIMIT,
    onData: (stream, _session, done) => {
      let size = 0;
      stream.on('data', (chunk: Buffer) => (size += chunk.length));
      stream.on('end', () => {
        // smtp-server leaves the refusal to the application, as its documentation shows.
        if (stream.sizeExceeded) return done(Object.assign(new Error('Message size exceeds fixed maximum message size'), { responseCode: 552 }));
        mails.push(size);
        done();
      });
    },
  });
  await new Promise<void>((ready) => smtp.listen(0, '127.0.0.1', ready));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = createServer((request, response) => {
    let size = 0;
    request.on('data', (chunk: Buffer) => (size += chunk.length));
    request.on('end', () => {
      if (size > EXPRESS_JSON_DEFAULT_LIMIT) return void response.writeHead(413).end('request entity too large');
      bodies.push(size);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise<void>((done) => smtp.close(() => done()));
  await new Promise((done) => receiver.close(done));
});

test('nine 600 KB names beside a critical change: the e-mail and the webhook still go out, each name clipped', async () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const event = advanceDriftState(undefined, driftReportOf(names, now), AlertThresholds.parse({}), now).event as AlertEvent;
  const retry = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
  const failed = (error: Error) => error.message;
  const sent = await Promise.all([
    new EmailNotifier({ host: '127.0.0.1', port: smtpPort, secure: false, from: 'drift@acme.test', to: ['sre@acme.test'], retry }).send(event).catch(failed),
    new WebhookNotifier({ url: receiverUrl, secret: 'webhook-secret', retry }).send(event).catch(failed),
  ]);
  expect(sent).toEqual([undefined, undefined]);
  expect({ mails: mails.length, bodies: bodies.length }).toEqual({ mails: 1, bodies: 1 });
  expect(event.topChanges.map((change) => change.address.length)).toEqual([19, ...Array.from({ length: 9 }, () => 1024)]);
  expect(event.topChanges[1].address).toMatch(/^v1\/ConfigMap\/default\/0+…$/);
});
