import { describe, expect, test } from '@jest/globals';
import { defaultRules, k8sChange, SeverityEngine } from '@gitops-sync/core';

/*
 * The live side counts: what runs now, riskier than Git, makes a change made outside Git critical.
 * These are the disguises a drifted cluster can wear: a digest that is not Git's under a tag that
 * reads like one, and address ranges written as one comma-separated annotation instead of a list.
 */

const engine = new SeverityEngine(defaultRules());
const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER_DIGEST = `sha256:${'b'.repeat(64)}`;
const judge = (kind: string, origin: 'outside' | 'planned', path: string, live: unknown, git: unknown) =>
  engine.judge(k8sChange({ group: kind === 'Deployment' ? 'apps' : kind === 'Ingress' ? 'networking.k8s.io' : '', version: 'v1', kind, namespace: 'shop', name: 'web' }, 'k8s-manifests', 'update', origin, [{ path, before: live, after: git, sensitive: false }]));

describe('an image on another digest than Git pins', () => {
  const image = '/spec/template/spec/containers/0/image';
  test.each([
    ['a tag beside another digest', `registry.example.com/shop/web:1.4.2@${OTHER_DIGEST}`],
    ['another digest alone', `registry.example.com/shop/web@${OTHER_DIGEST}`],
  ])('running %s is critical by live.k8s.image.unpinned', (_what, live) => {
    expect(judge('Deployment', 'outside', image, live, `registry.example.com/shop/web@${DIGEST}`)).toEqual({ severity: 'critical', rule: 'live.k8s.image.unpinned' });
  });

  test('the same digest with a tag written beside it is no move off the pin', () => {
    expect(judge('Deployment', 'outside', image, `registry.example.com/shop/web:1.4.2@${DIGEST}`, `registry.example.com/shop/web@${DIGEST}`).rule).not.toMatch(/^live\./);
  });

  test('a digest bump planned in Git is judged as before, not as a move off the pin', () => {
    expect(judge('Deployment', 'planned', image, `registry.example.com/shop/web@${DIGEST}`, `registry.example.com/shop/web@${OTHER_DIGEST}`)).toEqual({ severity: 'high', rule: 'k8s.image' });
  });
});

describe('address ranges written as one comma-separated annotation', () => {
  test.each([
    ['a Service', 'Service', '/metadata/annotations/service.beta.kubernetes.io~1load-balancer-source-ranges', '10.0.0.0/8,0.0.0.0/0', '10.0.0.0/8'],
    ['an ingress-nginx Ingress', 'Ingress', '/metadata/annotations/nginx.ingress.kubernetes.io~1whitelist-source-range', '10.0.0.0/8, 192.168.0.0/16', '10.0.0.0/8'],
    ['an ingress-nginx Ingress (allowlist)', 'Ingress', '/metadata/annotations/nginx.ingress.kubernetes.io~1allowlist-source-range', '::/0', '10.0.0.0/8,2001:db8::/32'],
  ])('%s admitting more live than Git lists is critical by live.k8s.network.widened', (_what, kind, path, live, git) => {
    expect(judge(kind, 'outside', path, live, git)).toEqual({ severity: 'critical', rule: 'live.k8s.network.widened' });
  });

  test('the same ranges in another order, or fewer, are no widening', () => {
    const path = '/metadata/annotations/service.beta.kubernetes.io~1load-balancer-source-ranges';
    expect(judge('Service', 'outside', path, '192.168.0.0/16, 10.0.0.0/8', '10.0.0.0/8,192.168.0.0/16').rule).not.toMatch(/^live\./);
    expect(judge('Service', 'outside', path, '10.1.0.0/16', '10.0.0.0/8,192.168.0.0/16').rule).not.toMatch(/^live\./);
  });
});
