/**
 * A severity rule's `source` glob must match a source some change carries, or the rule silently
 * judges nothing. The check read a `{a,b}` glob as a whole: `{kubectl-diff,flux}` matches
 * kubectl-diff, so it loaded, and the rule never judged a flux-diff change — the Secret it was to
 * make critical kept a lower severity, and the gate asked for no critical-change team. Each
 * alternative is now held to the same check as a glob of its own.
 */
import { expect, test } from '@jest/globals';
import { CHANGE_SOURCES, parseConfig } from '@gitops-sync/core';

const config = (source: string) => `severity:
  rules:
    - id: acme.secrets
      severity: critical
      match: { source: '${source}', kind: Secret }
`;

test('an alternative that matches no source is refused, naming it and the sources', () => {
  expect(() => parseConfig(config('{kubectl-diff,flux}'), 'gitops-sync.yaml')).toThrow(
    `gitops-sync.yaml:5: severity.rules.0.match.source: "flux" (an alternative of "{kubectl-diff,flux}") matches no source, so that alternative would never apply; a change's source is one of ${CHANGE_SOURCES.join(', ')}; see the configuration reference in the README.`,
  );
});

test("an alternative naming a report's source is refused pointing at the one its changes carry", () => {
  expect(() => parseConfig(config('{terraform-plan,terraform-cloud}'), 'gitops-sync.yaml')).toThrow(
    `"terraform-cloud" (an alternative of "{terraform-plan,terraform-cloud}") names a report's source, not a change's: its changes carry source terraform-plan, so write terraform-plan`,
  );
});

test.each(['{kubectl-diff,flux-diff}', 'k8s-{manifests,dirs}', '{aws,azure}-{config,policy}', '{k8s-*,argocd}'])('source %s, every alternative a source, loads', (source) => {
  expect(parseConfig(config(source), 'gitops-sync.yaml').severity.rules).toHaveLength(1);
});
