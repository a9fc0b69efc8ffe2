import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tofuFixture } from './paths.js';

/** One request a fake vendor received, and the problems its validation found (empty when valid). */
export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
  problems: string[];
}

/** A scripted answer for the next request(s): status, body, headers; `hang` never answers. */
export interface Scripted {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  hang?: boolean;
}

export interface VendorServer {
  url: string;
  received: Received[];
  /** Answers to give, in order, before the vendor's normal one. */
  script: Scripted[];
  close(): Promise<void>;
}

type Validate = (json: unknown, request: { headers: IncomingMessage['headers']; body: string }) => string[];

async function vendor(validate: Validate, ok: (json: unknown) => Scripted, invalid: (problems: string[]) => Scripted): Promise<VendorServer> {
  const state = { received: [] as Received[], script: [] as Scripted[] };
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const problems = json === undefined ? ['body is not JSON'] : validate(json, { headers: req.headers, body });
      state.received.push({ path: req.url ?? '', headers: req.headers, body, json, problems });
      const answer = state.script.shift() ?? (problems.length ? invalid(problems) : ok(json));
      if (answer.hang) {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status ?? 200, answer.headers ?? {}).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ...state,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Block Kit as Slack documents it: known block types, text objects, the length limits. */
function slackProblems(json: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(json)) return ['not an object'];
  if (typeof json.text !== 'string') problems.push('text fallback missing');
  const blocks = json.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return [...problems, 'blocks must be 1-50'];
  const text = (object: unknown, types: string[], limit: number, where: string) => {
    if (!isObject(object) || !types.includes(String(object.type)) || typeof object.text !== 'string' || object.text.length === 0 || object.text.length > limit) problems.push(`${where}: bad text object`);
  };
  for (const [i, block] of blocks.entries()) {
    if (!isObject(block)) {
      problems.push(`block ${i} not an object`);
      continue;
    }
    if (block.type === 'header') text(block.text, ['plain_text'], 150, `header ${i}`);
    else if (block.type === 'section') {
      if (block.text === undefined && !Array.isArray(block.fields)) problems.push(`section ${i} needs text or fields`);
      if (block.text !== undefined) text(block.text, ['plain_text', 'mrkdwn'], 3000, `section ${i}`);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10) problems.push(`section ${i}: more than 10 fields`);
        block.fields.forEach((field, j) => text(field, ['plain_text', 'mrkdwn'], 2000, `section ${i} field ${j}`));
      }
    } else if (block.type === 'context') {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10) problems.push(`context ${i}: 1-10 elements`);
    } else if (block.type === 'actions') {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25) problems.push(`actions ${i}: 1-25 elements`);
      for (const element of Array.isArray(block.elements) ? block.elements : []) {
        if (!isObject(element) || element.type !== 'button') problems.push(`actions ${i}: unexpected element`);
        else text(element.text, ['plain_text'], 75, `button in actions ${i}`);
      }
    } else problems.push(`block ${i}: unknown type ${String(block.type)}`);
  }
  return problems;
}

/** An incoming webhook: 200 "ok", or 400 "invalid_blocks" as Slack answers malformed blocks. */
export const slackServer = () =>
  vendor(
    slackProblems,
    () => ({ status: 200, body: 'ok', headers: { 'content-type': 'text/html' } }),
    () => ({ status: 400, body: 'invalid_blocks', headers: { 'content-type': 'text/html' } }),
  );

const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'];

/** PagerDuty refuses an event of 512 KB or more (https://developer.pagerduty.com/docs/events-api-v2-overview#api-limits). */
const PD_EVENT_LIMIT = 512 * 1024;

/** Events API v2 as PagerDuty documents it (required fields, enums, lengths). */
function pagerDutyProblems(json: unknown, { body }: { body: string }): string[] {
  if (!isObject(json)) return ['not an object'];
  const problems: string[] = [];
  if (Buffer.byteLength(body) >= PD_EVENT_LIMIT) problems.push('the event must be smaller than 512 KB');
  if (typeof json.routing_key !== 'string' || json.routing_key.length !== 32) problems.push('routing_key must be the 32-character integration key');
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(json.event_action))) problems.push('event_action invalid');
  if (json.dedup_key !== undefined && (typeof json.dedup_key !== 'string' || json.dedup_key.length > 255)) problems.push('dedup_key invalid');
  if (json.event_action !== 'trigger' && typeof json.dedup_key !== 'string') problems.push('dedup_key required to acknowledge or resolve');
  if (json.event_action === 'trigger') {
    const payload = json.payload;
    if (!isObject(payload)) return [...problems, 'payload required'];
    if (typeof payload.summary !== 'string' || payload.summary.length === 0 || payload.summary.length > 1024) problems.push('payload.summary must be 1-1024 characters');
    if (typeof payload.source !== 'string' || payload.source.length === 0) problems.push('payload.source required');
    if (!PD_SEVERITIES.includes(String(payload.severity))) problems.push('payload.severity invalid');
    if (payload.timestamp !== undefined && Number.isNaN(Date.parse(String(payload.timestamp)))) problems.push('payload.timestamp invalid');
  }
  return problems;
}

export const pagerDutyServer = () =>
  vendor(
    pagerDutyProblems,
    (json) => ({ status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (json as { dedup_key?: string }).dedup_key }), headers: { 'content-type': 'application/json' } }),
    (problems) => ({ status: 400, body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: problems }), headers: { 'content-type': 'application/json' } }),
  );

/** A receiver that checks X-GitOps-Sync-Signature with the shared secret over the exact body. */
export const webhookServer = (secret: string) =>
  vendor(
    (_json, { headers, body }) => {
      const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      return headers['x-gitops-sync-signature'] === expected ? [] : ['signature does not match'];
    },
    () => ({ status: 204 }),
    () => ({ status: 401, body: 'bad signature' }),
  );

/**
 * A folder a scheduled `drift-detect --notify` runs in: gitops-sync.yaml alerting to Slack and PagerDuty (their
 * URLs from SLACK_WEBHOOK_URL / PAGERDUTY_ROUTING_KEY) over `highPriorityChanges` high changes or an hour of
 * drift, with the drift issue as memory; `drift.json` (3 high changes) and `in-sync.json` (none).
 */
export function monitoredFolder(folder: string, highPriorityChanges = 2): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'gitops-sync.yaml'),
    `monitoring:
  alert_thresholds: { critical_changes: 0, high_priority_changes: ${highPriorityChanges}, drift_age_hours: 1 }
  notifications:
    slack: { webhook_url_env: SLACK_WEBHOOK_URL }
    pagerduty: { routing_key_env: PAGERDUTY_ROUTING_KEY }
  drift_issue: { enabled: true }
`,
  );
  copyFileSync(tofuFixture('drift'), join(folder, 'drift.json'));
  writeFileSync(join(folder, 'in-sync.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} }));
  return folder;
}
