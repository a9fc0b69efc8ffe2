import { expect } from '@jest/globals';
import { UserError } from '@gitops-sync/core';

/** The UserError `run` throws, checked to be one sentence ending in a full stop and to match `patterns`. */
export function expectUserError(run: () => unknown, ...patterns: RegExp[]): string {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  return checkUserError(caught, patterns).message;
}

/** The UserError (or subclass, e.g. SyncFailure) `promise` rejects with, checked the same way. */
export async function expectRejection<T extends UserError = UserError>(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<T> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  return checkUserError(caught, patterns) as T;
}

function checkUserError(caught: unknown, patterns: RegExp[]): UserError {
  expect(caught).toBeInstanceOf(UserError);
  const message = (caught as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(/\.$/);
  for (const pattern of patterns) expect(message).toMatch(pattern);
  return caught as UserError;
}
