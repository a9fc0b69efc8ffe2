/**
 * Config mistakes a newcomer makes (helper-117's walk through the README) get a sentence that names the
 * cause, not the validation library's wording: a misspelt key beside the one missing, settings not
 * indented under their key, a required key left out.
 */
import { expect, test } from '@jest/globals';
import { parseConfig, UserError } from '@gitops-sync/core';

const HINT = '; see the configuration reference in the README.';

test.each([
  [
    'a key written as another (directory: for dir:) names the unknown key and the missing one it likely is',
    'environments:\n  production:\n    terraform:\n      directory: infra\n',
    'gitops-sync.yaml:4: environments.production.terraform: unknown key "directory" (did you mean "dir"?)',
  ],
  [
    'settings not indented under their key say so, naming the keys left at its level',
    'environments:\n  production:\n    terraform:\n    dir: infra\n',
    'gitops-sync.yaml:3: environments.production.terraform: nothing is set under it; indent its settings below it ("dir" is at its level)',
  ],
  ['a key with nothing under it', 'environments:\n  production:\n    terraform:\n', 'gitops-sync.yaml:3: environments.production.terraform: nothing is set under it; indent its settings below it'],
  ['a required key left out is named', 'environments:\n  production:\n    terraform: {}\n', 'gitops-sync.yaml:3: environments.production.terraform: the key "dir" is missing (expected string)'],
  ['an unknown key with nothing missing beside it stays as it was', 'environments:\n  production:\n    terraform:\n      dir: infra\n      workspce: prod\n', 'gitops-sync.yaml:5: environments.production.terraform: unknown key "workspce"'],
])('%s', (_name, text, message) => {
  expect(() => parseConfig(text, 'gitops-sync.yaml')).toThrow(new UserError(`${message}${HINT}`));
});
