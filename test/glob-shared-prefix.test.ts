/**
 * A list of severity-rule globs compiles to one RegExp that matches the pieces the globs start with
 * alike only once (`^shared(?:rest1|rest2)$`): it must match exactly the strings one of the globs does.
 */
import { describe, expect, test } from '@jest/globals';
import { defaultRules } from '@gitops-sync/core';
import { globsToRegExp, globToRegExp } from '@gitops-sync/core/severity/glob';

const anyOf = (globs: string[], text: string) => globs.some((glob) => globToRegExp(glob).test(text));

describe('a list of globs', () => {
  test.each([
    [['*/*[/etc/sudoers*]', '*/*[/etc/{passwd,shadow}]', '*/*[**/.ssh*]'], ['web/ansible.builtin.copy[/etc/sudoers.d/x]', 'web/m[/etc/shadow]', 'web/m[/etc/shadowx]', 'a/b[/root/.ssh/keys]', 'a/b/c[/etc/sudoers]', 'web/m[/srv/app]', '']],
    [['aws_*', 'aws_iam_*', 'aws_s3_bucket'], ['aws_', 'aws_iam_role', 'aws_s3_bucket', 'aws_s3_bucketx', 'azurerm_x', 'aws/x']],
    [['a', 'ab', 'abc'], ['a', 'ab', 'abc', 'abcd', '', 'b']],
    [['/spec/**', '/spec/template/**/image', '/metadata/labels/*'], ['/spec/x', '/spec/template/a/b/image', '/metadata/labels/app', '/metadata/labels/a/b', '/status']],
    [['{a,b}x', '{a,b}y', '?z'], ['ax', 'by', 'cz', '/z', 'axy', 'x']],
    [['x.y', 'x.y*'], ['x.y', 'xzy', 'x.yz', 'x.y/z']],
  ])('%j matches exactly what one of its globs matches', (globs, texts) => {
    const combined = globsToRegExp(globs)!;
    for (const text of texts) expect([text, combined.test(text)]).toEqual([text, anyOf(globs, text)]);
  });

  test('every glob list of the default rules: the combined RegExp agrees with its globs on addresses, kinds and paths they name', () => {
    const lists = defaultRules().rules.flatMap((rule) => Object.values(rule.match).filter((value): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string')));
    expect(lists.length).toBeGreaterThan(50);
    // Probe texts: each glob with its wildcards filled in, and cut short, so both matches and near misses are tried.
    const probes = lists.flat().flatMap((glob) => {
      const filled = glob.replaceAll('**', 'a/b').replaceAll('*', 'xy').replaceAll('?', 'q').replace(/\{([^,}]*)[^}]*\}/g, '$1');
      return [filled, filled.slice(0, -1), `${filled}z`, `host/${filled}`];
    });
    let matched = 0;
    for (const globs of lists) {
      const combined = globsToRegExp(globs)!;
      for (const probe of probes) {
        const expected = anyOf(globs, probe);
        if (combined.test(probe) !== expected) throw new Error(`${JSON.stringify(globs)} on ${probe}: combined ${!expected}, globs ${expected}`);
        if (expected) matched++;
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
});
