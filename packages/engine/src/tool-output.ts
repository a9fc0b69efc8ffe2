/** The last non-empty lines a tool printed, without the box drawing terraform puts around its diagnostics. */
export function lastLines(text: string, count = 3): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^[│╷╵\s]+/, '').trim())
    .filter(Boolean)
    .slice(-count);
}
