/** Appends one reference token to an RFC 6901 JSON pointer (`~` → `~0`, `/` → `~1`). */
export function appendPointer(pointer: string, token: string | number): string {
  const text = String(token);
  if (!text.includes('~') && !text.includes('/')) return `${pointer}/${text}`;
  return `${pointer}/${text.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** Turns a Terraform path such as `["tags", "Name"]` or `["rule", 0, "port"]` into a JSON pointer. */
export function pointerFromSteps(steps: readonly (string | number)[]): string {
  return steps.reduce<string>((pointer, step) => appendPointer(pointer, step), '');
}

/** The reference tokens of an RFC 6901 JSON pointer: `/a~1b/c` → `a/b`, `c`. */
export function stepsFromPointer(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}
