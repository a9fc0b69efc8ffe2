/**
 * What an environment loads is never safe; its folders become globs with their own `*`, `?` and `{`
 * escaped as `{*}`, `{?}`, `{{}`. With `{a,b}` alternatives read as globs, the escape must still
 * mean the character itself: a folder named `a*b` is not every folder `a…b`.
 */
import { describe, expect, test } from '@jest/globals';
import { assessSafety, environmentInputs, type ChangedFile, type ChangeRequest, type Person } from '@gitops-sync/core';

const author: Person = { id: 1, login: 'alice', bot: false };
const request = (files: number): ChangeRequest => ({ number: 7, author, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), draft: false, open: true, merged: false, fromFork: false, baseRef: 'main', changedFiles: files });
const file = (path: string): ChangedFile => ({ path, status: 'modified', oldMode: '100644', newMode: '100644' });

describe('an environment folder whose name has glob characters', () => {
  const config = { environments: { prod: { terraform: { dir: 'infra/a*b?{c}', var_files: [], backend_config: [], binary: 'terraform' as const } } } };
  const { inputs } = environmentInputs(config, 'gitops-sync.yaml');
  const policy = { safePaths: ['**/*.md'], extraControls: ['gitops-sync.yaml'], environmentInputs: inputs };

  test('a file in that very folder is loaded by the environment: not safe', () => {
    const result = assessSafety(request(1), [file('infra/a*b?{c}/README.md')], policy);
    expect(result.safe).toBe(false);
    expect(result.findings[0]!.reason).toContain('loaded by environment prod');
  });

  test('a file in another folder the name would match as a glob stays safe', () => {
    expect(assessSafety(request(1), [file('infra/aXYZbQ{c}/README.md')], policy)).toEqual({ safe: true, findings: [] });
  });
});
