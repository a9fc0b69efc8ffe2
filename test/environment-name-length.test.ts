/**
 * An environment's name goes into PagerDuty's dedup_key (at most 255 characters, as `gitops-sync/<name>`),
 * report file names, rollback branch names and deployment environments: a name of more than 100
 * characters is refused when the config loads and on the command line, in one sentence.
 */
import { expect, test } from '@jest/globals';
import { checkEnvironmentName, parseConfig, UserError } from '@gitops-sync/core';

const named = (name: string) => `environments:\n  ${name}:\n    terraform: { dir: infra }\n`;

test('a name of 100 characters is kept; one of 101 is refused when the config loads', () => {
  const longest = `p${'x'.repeat(99)}`;
  expect(Object.keys(parseConfig(named(longest), 'gitops-sync.yaml').environments)).toEqual([longest]);
  expect(() => parseConfig(named(`${longest}x`), 'gitops-sync.yaml')).toThrow(UserError);
  expect(() => parseConfig(named(`${longest}x`), 'gitops-sync.yaml')).toThrow(/at most 100 characters/);
});

test('the command line refuses a name of 101 characters in one sentence', () => {
  expect(() => checkEnvironmentName('e'.repeat(101))).toThrow(/^Environment name "e+" is not allowed; use letters, digits, "\.", "_" and "-", starting with a letter or digit, at most 100 characters\.$/);
  expect(checkEnvironmentName('e'.repeat(100))).toBe('e'.repeat(100));
});
