/** A Go client's log line (klog: `E1207 08:58:46.843088   17244 memcache.go:265] "Unhandled Error" …`); kubectl says the same in its `error:` line. */
export const KLOG_LINE = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [\w.-]+:\d+\] /;

/**
 * The last non-empty lines a tool printed, without the box drawing terraform puts around its
 * diagnostics, nor the klog lines kubectl and helm log before their own message (unless there is nothing else).
 */
export function lastLines(text: string, count = 3): string[] {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/^[│╷╵\s]+/, '').trim())
    .filter(Boolean);
  const said = lines.filter((line) => !KLOG_LINE.test(line));
  return (said.length ? said : lines).slice(-count);
}
