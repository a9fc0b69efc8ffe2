/**
 * Attack on the drift-age memory by size: the oldest first-seen time was `Math.min(...times)`, one
 * argument per drifted resource, and past about 120,000 arguments V8 runs out of stack. A compliance
 * export or plan from a hostile or broken server with 200,000 drifted resources (or a large
 * enterprise's Azure Policy or AWS Config) ended every monitoring run in "Maximum call stack size
 * exceeded": no alert, ever. The monitor with a state file and a recording channel.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { Monitoring, type AlertEvent, type DriftState } from '@gitops-sync/core';
import { runMonitor } from '@gitops-sync/engine';
import { driftReportOf } from './support/drift-reports.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-many-resources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('200,000 drifted resources: the five-hour-old one still makes the age, and the alert goes out', async () => {
  const now = new Date();
  const fiveHoursAgo = new Date(now.getTime() - 5 * 3_600_000).toISOString();
  const addresses = Array.from({ length: 200_000 }, (_, i) => `azurerm_storage_account.a${i}`);
  const report = driftReportOf(addresses.map((address) => [address, 'low']), now);
  const stateFile = join(dir, 'state.json');
  const previous: DriftState = { schema: 'gitops-sync/drift-state@1', environment: 'production', alerting: false, alerted_severity: null, first_seen: { [addresses[0]]: fiveHoursAgo }, history: [] };
  writeFileSync(stateFile, JSON.stringify(previous));
  const sent: AlertEvent[] = [];
  const result = await runMonitor(
    { report, monitoring: Monitoring.parse({}), now, stateFile, durationSeconds: 60 },
    { notifiers: [{ name: 'recorder', send: async (event) => void sent.push(event) }], progress: { step: () => undefined } },
  );
  expect(result.failures).toEqual([]);
  expect(result.driftAgeSeconds).toBe(5 * 3600);
  expect(sent.map((event) => event.reasons)).toEqual([['drift for 5.0 h, longer than 1 h']]);
});
