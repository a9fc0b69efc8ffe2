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
  expect(caught).toBeInstanceOf(UserError);
  const message = (caught as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(/\.$/);
  for (const pattern of patterns) expect(message).toMatch(pattern);
  return message;
}
