// Adversarial review of issues 12/16: the audit event's actor never pairs one person's id with another's login.
import { describe, expect, it } from '@jest/globals';
import { runIdentity } from '@gitops-sync/platforms';

const github = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/infra', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '2' };

describe('runIdentity on a GitHub re-run', () => {
  it('does not pair the first actor\'s id with the re-runner\'s login', () => {
    const { actor } = runIdentity({ ...github, GITHUB_ACTOR: 'alice', GITHUB_ACTOR_ID: '1001', GITHUB_TRIGGERING_ACTOR: 'mallory' });
    expect(actor.login).toBe('mallory');
    expect(actor.id).not.toBe('1001');
    expect(actor.id).toBeNull();
  });

  it('keeps the id when the re-runner is the first actor (logins compare without case)', () => {
    const { actor } = runIdentity({ ...github, GITHUB_ACTOR: 'Alice', GITHUB_ACTOR_ID: '1001', GITHUB_TRIGGERING_ACTOR: 'alice' });
    expect(actor).toEqual({ id: '1001', login: 'alice', token: null });
  });

  it('keeps id and login of a first run', () => {
    const { actor } = runIdentity({ ...github, GITHUB_ACTOR: 'alice', GITHUB_ACTOR_ID: '1001' });
    expect(actor).toEqual({ id: '1001', login: 'alice', token: null });
  });
});
