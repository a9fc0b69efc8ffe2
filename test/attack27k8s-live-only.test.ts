/**
 * Fields only the live object has are compared only where they open something up (structural-diff's
 * security fields): a change made on the cluster to what Git leaves out must not vanish from the report.
 */
import { describe, expect, test } from '@jest/globals';
import { defaultRules, diffManifests, parseArgoCdManagedResources, parseManifests, reportFromChanges, type UnjudgedChange } from '@gitops-sync/core';

const diff = (desired: string, live: string) =>
  diffManifests(parseManifests(desired, 'git.yaml'), parseManifests(live, 'live.yaml'), { desiredLabel: 'git.yaml', liveLabel: 'live.yaml', defaultNamespace: 'shop' });
const judged = (changes: UnjudgedChange[], source = 'k8s-manifests') =>
  reportFromChanges(changes, { environment: 'prod', sources: [source], rules: defaultRules(), generatedAt: '2026-12-06T00:00:00Z' }).changes.map((c) => [c.origin, c.severity, c.rule, c.fields.map((f) => f.path)]);

/** A deny-all policy in Git: policyTypes names the direction, no rule admits anything. */
const denyAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
  policyTypes: [Ingress, Egress]
`;

describe('a NetworkPolicy opened on the cluster where Git has no rules', () => {
  test.each([
    ['ingress from anywhere', 'ingress', '  ingress:\n    - {}\n'],
    ['egress to 0.0.0.0/0', 'egress', '  egress:\n    - to: [{ ipBlock: { cidr: 0.0.0.0/0 } }]\n'],
  ])('%s is critical drift made outside Git', (_, key, rules) => {
    expect(judged(diff(denyAll, denyAll + rules))).toEqual([['outside', 'critical', 'k8s.network-policy', [`/spec/${key}`]]]);
  });

  test('from Argo CD too', () => {
    const [target, live] = [parseManifests(denyAll, 'git.yaml')[0], parseManifests(`${denyAll}  ingress:\n    - {}\n`, 'live.yaml')[0]];
    const body = JSON.stringify({ items: [{ group: 'networking.k8s.io', kind: 'NetworkPolicy', namespace: 'shop', name: 'db', targetState: JSON.stringify(target), liveState: JSON.stringify(live) }] });
    expect(judged(parseArgoCdManagedResources(body, { label: 'argocd.json' }), 'argocd')).toEqual([['outside', 'critical', 'k8s.network-policy', ['/spec/ingress']]]);
  });

  test('what the API server fills in is not drift: an empty rule list, a port’s default protocol', () => {
    const withPort = `${denyAll}  ingress:\n    - ports: [{ port: 5432 }]\n`;
    expect(diff(denyAll, `${denyAll}  ingress: []\n`)).toEqual([]);
    expect(diff(withPort, withPort.replace('{ port: 5432 }', '{ port: 5432, protocol: TCP }'))).toEqual([]);
  });
});

const deployment = (podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:${podSpec}
      containers:
        - name: web
          image: registry.example.com/web:1.0
`;

describe('a workload switched on the cluster to another service account where Git names none', () => {
  test('is critical drift made outside Git', () => {
    const live = deployment('\n      serviceAccount: ops-admin\n      serviceAccountName: ops-admin');
    expect(judged(diff(deployment(), live))).toEqual([['outside', 'critical', 'k8s.service-account-token', ['/spec/template/spec/serviceAccountName']]]);
  });

  test('what the API server writes is not drift: the default service account, the deprecated field beside the one Git names', () => {
    const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:${spec}\n  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n`;
    expect(diff(pod(''), pod('\n  serviceAccount: default\n  serviceAccountName: default'))).toEqual([]);
    expect(diff(deployment('\n      serviceAccountName: web'), deployment('\n      serviceAccount: web\n      serviceAccountName: web'))).toEqual([]);
  });
});
