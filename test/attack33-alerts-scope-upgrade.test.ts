/**
 * The PagerDuty dedup_key now ends with the repository (`@owner/repo`). An incident opened before that
 * change has the plain key (`gitops-sync/production/critical`), and the README promises a resolve closes
 * every key the environment's alert may have had, "the plain gitops-sync/<environment> of earlier versions
 * too". A resolve after the upgrade scoped every one of those keys, so the incident opened before it stayed
 * open for good. A resolve (and an escalation's resolves) now closes the plain keys too, the scoped own key last.
 */
import { describe, expect, test } from '@jest/globals';
import type { AlertEvent } from '@gitops-sync/core';
import { pagerDutyEvents } from '../packages/platforms/src/notify/pagerduty.js';

const keys = ['gitops-sync/production', 'gitops-sync/production/warning', 'gitops-sync/production/high', 'gitops-sync/production/critical'];
const resolve = { kind: 'resolve', environment: 'production', dedupKey: 'gitops-sync/production', resolves: keys } as unknown as AlertEvent;

describe('PagerDuty: an incident opened before the key named the repository', () => {
  test('a resolve after the upgrade closes it, the scoped own key last', () => {
    const sent = pagerDutyEvents(resolve, 'r', 'gitops-sync', 'acme/infra') as { event_action: string; dedup_key: string }[];
    expect(sent.every((event) => event.event_action === 'resolve')).toBe(true);
    const closed = sent.map((event) => event.dedup_key);
    // The incident of the earlier version, with the plain key.
    expect(closed).toContain('gitops-sync/production/critical');
    expect(closed).toContain('gitops-sync/production');
    for (const key of keys) expect(closed).toContain(`${key}@acme/infra`);
    expect(closed.at(-1)).toBe('gitops-sync/production/critical@acme/infra');
  });

  test('without a repository, the plain keys once each', () => {
    const sent = pagerDutyEvents(resolve, 'r', 'gitops-sync') as { dedup_key: string }[];
    expect(sent.map((event) => event.dedup_key)).toEqual(keys);
  });
});
