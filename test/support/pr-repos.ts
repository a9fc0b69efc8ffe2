import { rmSync } from 'node:fs';
import { afterEach } from '@jest/globals';
import { pullRequestRepo, type PullRequestRepo } from './git-repo.js';

/** pullRequestRepo for a test file, each one removed after its test (not in git-repo.ts: the demo loads that outside jest). */
export function usePullRequestRepos(): typeof pullRequestRepo {
  const made: PullRequestRepo[] = [];
  afterEach(() => {
    for (const repo of made.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
  });
  return (...args) => {
    const repo = pullRequestRepo(...args);
    made.push(repo);
    return repo;
  };
}
