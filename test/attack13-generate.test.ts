import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Adversarial review of the generators: a repository URL pasted from CI (`git remote -v` in GitLab CI
 * prints the job token, masked in the log) must not be written into an Argo CD Application.
 */

const JOB_TOKEN = 'glcbt-64_9xWq2mZrTt8vKpLs';

function scene(): string {
  const dir = tempDir('gitops-attack13-generate-');
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, 'k8s', 'web.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\ndata: { a: b }\n');
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  dev:\n    kubernetes: { manifests: [k8s], live: { kubectl: true }, namespace: dev }\n');
  mkdirSync(join(dir, 'out'));
  return dir;
}

describe('attack: credentials in --repo', () => {
  test.each([
    [`https://gitlab-ci-token:${JOB_TOKEN}@gitlab.example.com/acme/shop.git`],
    [`https://${JOB_TOKEN}@gitlab.example.com/acme/shop.git`],
    [`HTTPS://oauth2:${JOB_TOKEN}@gitlab.example.com/acme/shop.git`],
  ])('generate argocd-app --repo %s is refused in one sentence, the token neither written nor printed', async (repo) => {
    const dir = scene();
    const run = await cli(['generate', 'argocd-app', '--repo', repo, '--output-dir', 'out'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: [^\n]*--repo[^\n]*credentials[^\n]*\.\n$/);
    expect(run.stdout + run.stderr).not.toContain(JOB_TOKEN);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });
});
