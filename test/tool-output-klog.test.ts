/**
 * kubectl without a reachable cluster logs klog lines (`E1207 … memcache.go:265] "Unhandled Error" …`)
 * before its own `error:` line: a failure's sentence quoted hundreds of characters of them (the demo's
 * `sync demo --dry-run`, helper-117). They are left out when the tool said anything else.
 */
import { expect, test } from '@jest/globals';
import { lastLines } from '../packages/engine/src/tool-output.js';

const KLOG = [
  'E1207 08:58:46.843088   17244 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080: connect: connection refused"',
  'W1207 08:58:46.844999   17244 loader.go:223] Config not found: /root/.kube/config',
];
const ERROR = 'error: unable to recognize "desired.json": Get "http://localhost:8080/api?timeout=32s": dial tcp 127.0.0.1:8080: connect: connection refused';

test("kubectl's klog lines are left out: its error line is the message", () => {
  expect(lastLines(`${KLOG.join('\n')}\n${ERROR}\n`)).toEqual([ERROR]);
});

test('when the tool printed only klog lines, they are the message', () => {
  expect(lastLines(`${KLOG.join('\n')}\n`)).toEqual(KLOG);
});

test("terraform's boxed diagnostics still lose their box, and the last three lines are kept", () => {
  expect(lastLines('╷\n│ Error: Invalid block definition\n│\n│   on main.tf line 3\n╵\n')).toEqual(['Error: Invalid block definition', 'on main.tf line 3']);
  expect(lastLines('a\nb\nc\nd\n')).toEqual(['b', 'c', 'd']);
});
