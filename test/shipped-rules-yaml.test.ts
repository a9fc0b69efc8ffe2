import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { parse } from 'yaml';
import { describe, expect, test } from '@jest/globals';
import { REPO_ROOT } from './support/paths.js';

/*
 * The shipped rule files are read with js-yaml (the secret rules at start-up, the severity rules by the
 * build, into default-rules.validated.json); the config and user rule files with the `yaml` package. The shipped files must mean the same to both, so an edit that only one of them
 * reads as intended (an anchor, a flow collection, a tagged or implicit-typed scalar) fails here.
 */
describe('the shipped rule files read the same under js-yaml and yaml', () => {
  test.each(['packages/core/src/severity/default-rules.yaml', 'packages/core/src/secrets/default-secret-rules.yaml'])('%s', (path) => {
    const text = readFileSync(`${REPO_ROOT}/${path}`, 'utf8');
    const read = load(text) as { rules: unknown[] };
    expect(read.rules.length).toBeGreaterThan(10);
    expect(read).toEqual(parse(text));
  });
});
