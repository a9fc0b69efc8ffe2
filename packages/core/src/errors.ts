/**
 * A mistake the user can fix: bad input, a missing tool, a refused gate.
 * Its message is one sentence that says what, where and how to fix; it is printed without a stack.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
