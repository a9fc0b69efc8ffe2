/**
 * A rule's `source` globs match the source a change carries. One that matches none (`terraform` for
 * `terraform-plan`, `kubernetes`, or `terraform-cloud`, whose changes carry `terraform-plan`) made the
 * rule silently judge nothing, so what it was to make critical kept a lower severity. It is refused
 * when the config loads, naming the sources.
 */
import { expect, test } from '@jest/globals';
import { CHANGE_SOURCES, parseConfig } from '@gitops-sync/core';

const config = (source: string) => `severity:
  rules:
    - id: acme.vault
      severity: critical
      match: { source: ${source}, kind: 'acme_vault_*' }
`;

test.each([
  ['terraform', 'terraform'],
  ['[kubectl-diff, kubernetes]', 'kubernetes'],
  ["'ansible'", 'ansible'],
  ["'{terraform,tf}'", '{terraform,tf}'],
])('source %s is refused in one sentence naming the sources', (source, glob) => {
  expect(() => parseConfig(config(source), 'gitops-sync.yaml')).toThrow(
    `gitops-sync.yaml:5: severity.rules.0.match.source: "${glob}" matches no source, so the rule would never apply; a change's source is one of ${CHANGE_SOURCES.join(', ')}; see the configuration reference in the README.`,
  );
});

test.each([
  ['terraform-cloud', 'terraform-plan'],
  ['awx-job-events', 'awx'],
])("source %s, a report's source, is refused pointing at the one its changes carry", (source, carried) => {
  expect(() => parseConfig(config(source), 'gitops-sync.yaml')).toThrow(`"${source}" names a report's source, not a change's: its changes carry source ${carried}, so write ${carried}`);
});

test.each(['terraform-plan', "'terraform-*'", "'*'", "'{kubectl-diff,argocd}'", '[awx, ansible-check]', 'platform-protection'])('source %s loads', (source) => {
  expect(parseConfig(config(source), 'gitops-sync.yaml').severity.rules).toHaveLength(1);
});
