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

/**
 * A GitHub Actions log line as text: the runner runs a line that starts with `::` as a workflow command,
 * and still runs its legacy `##[command]` anywhere in a line; messages carry names a cloud account, a
 * server or a tool chose.
 */
export const githubLogText = (text: string): string => terminalText(text).replace(/^(\s*)::/gm, '$1: :').replace(/##\[/g, '# #[');

/** A name someone else chose, on one line of a message: line breaks, other control characters and Unicode line separators become a space. */
export const oneLine = (text: string): string => text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

/** `text` in at most `limit` characters, an ellipsis marking a cut. */
export const clip = (text: string, limit: number): string => (text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

/** Whether `error` is JavaScript running out of stack: input nested thousands of levels deep, where code follows it by recursion. */
/** How V8 words running out of stack ("Maximum call stack size exceeded"), also inside other libraries' messages. */
const CALL_STACK = /call stack/i;
export const isStackOverflow = (error: unknown): boolean => error instanceof RangeError && CALL_STACK.test(error.message);

/** What a stack overflow means to the user, for a source that knows which input did it. */
export const tooDeeplyNested = (label: string) =>
  `${label} nests values thousands of levels deep, more than gitops-sync can follow; no tool it reads writes such input, so check where it came from and produce it again.`;

/** What a YAML parser's error says, the stack it ran out of (deep nesting) worded as such: not a JavaScript error's text. */
export const yamlErrorText = (message: string): string =>
  CALL_STACK.test(message) ? 'values nested thousands of levels deep, more than gitops-sync can follow' : message.split('\n')[0]!;

/** The one sentence a user sees for a failure: theirs to fix, or ours. Never a stack trace, never an escape sequence. */
export function describeFailure(error: unknown): string {
  if (isUserError(error)) return terminalText(error.message);
  // Not told apart from a recursion of our own that never ends: the sentence says both.
  if (isStackOverflow(error)) return `The input nests values thousands of levels deep, more than gitops-sync can follow (no tool it reads writes such input: check where it came from), or gitops-sync ran out of stack on its own (${BUG_NOTE}).`;
  const message = error instanceof Error ? error.message : String(error);
  return terminalText(`${message.replace(/[.\s]+$/, '')} (${BUG_NOTE}).`);
}
