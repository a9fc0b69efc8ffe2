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

export const BUG_NOTE = 'this is a bug in gitops-sync, please report it with the command you ran';

/**
 * Text for a terminal or CI log: control characters other than line breaks (escape sequences a
 * server, a cloud account or a tool put in a name or message) shown as `?`.
 */
export const terminalText = (text: string): string => text.replace(/[^\P{Cc}\n]/gu, '?');

/** The one sentence a user sees for a failure: theirs to fix, or ours. Never a stack trace, never an escape sequence. */
export function describeFailure(error: unknown): string {
  if (isUserError(error)) return terminalText(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return terminalText(`${message.replace(/[.\s]+$/, '')} (${BUG_NOTE}).`);
}
