/**
 * A rule's `path` globs match a field's JSON pointer, which always starts with `/`. A glob written
 * without it (`tags/env`, `spec/replicas`) could never match: the rule silently judged nothing, so
 * what it was to make critical stayed at the severity of the shipped rules. It is refused when the
 * config loads.
 */
import { expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';

const config = (path: string) => `severity:
  rules:
    - id: acme.env-tag
      severity: critical
      match: { source: terraform-plan, path: ${path} }
`;

test.each([
  ["'tags/env'", 'tags/env'],
  ["['/tags/owner', 'tags/env']", 'tags/env'],
  ["'?tags/env'", '?tags/env'],
  ["'{tags,labels}/env'", '{tags,labels}/env'],
])('path %s is refused in one sentence', (path, glob) => {
  expect(() => parseConfig(config(path), 'gitops-sync.yaml')).toThrow(
    `gitops-sync.yaml:5: severity.rules.0.match.path: "${glob}" can never match: a field's path is a JSON pointer, which starts with / (write /${glob}, or **/ before it for any depth); see the configuration reference in the README.`,
  );
});

test.each(["'/tags/env'", "'**/password'", "'*'", "'{/data,/binaryData}/**'", "'{/tags,**/labels}/env'"])('path %s loads', (path) => {
  expect(parseConfig(config(path), 'gitops-sync.yaml').severity.rules).toHaveLength(1);
});
