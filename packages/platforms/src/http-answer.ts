/** More than any vendor's answer we read (Slack's `ok`, PagerDuty's JSON, a Pushgateway error line). */
const ANSWER_LIMIT = 64 * 1024;

/**
 * The start of an answer's body as text, at most `limit` bytes; the rest is never read, so a server
 * streaming gigabytes costs nothing. A body that breaks off (or outlasts the timeout) gives what came.
 */
export async function answerText(response: Response, limit = ANSWER_LIMIT): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // What came before the break is the answer.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
