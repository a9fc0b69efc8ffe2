import { describe, expect, test } from '@jest/globals';
import {
  ANSIBLE_RESULT_SCHEMA,
  AnsibleTaskResult,
  UserError,
  ansibleAddress,
  changesFromAnsibleResults,
  parseAnsibleResults,
  saysSomething,
  type AnsibleResults,
} from '@gitops-sync/core';

/*
 * The Ansible results reader's fast paths: a hand check that spares the zod schema the lines that are
 * fine (it must refuse everything the schema refuses, and read what it accepts the same way), and
 * lines split from byte chunks and decoded whole (ASCII as latin1, anything else as UTF-8).
 */

const LABEL = 'results.jsonl';
const END = { schema: ANSIBLE_RESULT_SCHEMA, end: true, stats: {} };
const BASE = {
  schema: ANSIBLE_RESULT_SCHEMA,
  host: 'web1',
  task: 'write the config',
  module: 'ansible.builtin.copy',
  status: 'changed',
  changed: true,
  no_log: false,
  ignored: false,
  message: 'fine',
  args: { dest: '/etc/app.conf' },
  diff: [{ before: 'a\n', after: 'b\n', before_header: '/etc/app.conf', after_header: 'app.conf', prepared: 'text' }],
};

const ODD_VALUES: unknown[] = [undefined, null, '', 'x', 0, 1, -1.5, true, false, [], [1], ['x'], {}, { a: 1 }, [{}], [null], [{ before_header: 1 }]];
const DIFF_ODD_VALUES: unknown[] = [undefined, null, '', 'x', 0, true, [], {}, { a: [1] }];

/** Every field of a result set to every odd value (or removed), then the same for each field of a diff. */
function mutations(): { what: string; value: Record<string, unknown> }[] {
  const out: { what: string; value: Record<string, unknown> }[] = [];
  const keys = [...Object.keys(BASE).filter((key) => key !== 'schema'), 'extra', '__proto__', 'constructor'];
  for (const key of keys) {
    for (const odd of ODD_VALUES) {
      const value: Record<string, unknown> = JSON.parse(JSON.stringify(BASE));
      if (odd === undefined) delete value[key];
      else Object.defineProperty(value, key, { value: odd, enumerable: true, writable: true, configurable: true });
      out.push({ what: `${key} = ${JSON.stringify(odd)}`, value });
    }
  }
  for (const key of ['before', 'after', 'before_header', 'after_header', 'prepared', 'extra']) {
    for (const odd of DIFF_ODD_VALUES) {
      for (const asList of [true, false]) {
        const diff: Record<string, unknown> = { ...BASE.diff[0] };
        if (odd === undefined) delete diff[key];
        else diff[key] = odd;
        out.push({ what: `diff${asList ? '[0]' : ''}.${key} = ${JSON.stringify(odd)}`, value: { ...BASE, diff: asList ? [BASE.diff[0], diff] : diff } });
      }
    }
  }
  for (const status of ['ok', 'changed', 'failed', 'skipped', 'unreachable', 'OK', 'changed ', 'error']) out.push({ what: `status ${status}`, value: { ...BASE, status } });
  return out;
}

function read(line: string): { results?: AnsibleResults; error?: string } {
  try {
    return { results: parseAnsibleResults(`${line}\n${JSON.stringify(END)}\n`, LABEL) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { error: error.message };
  }
}

describe('the hand check before the schema', () => {
  const cases = mutations();

  test('there are lines the schema accepts and lines it refuses among the cases', () => {
    const accepted = cases.filter(({ value }) => AnsibleTaskResult.safeParse(value).success).length;
    expect(accepted).toBeGreaterThan(20);
    expect(cases.length - accepted).toBeGreaterThan(100);
  });

  test.each(cases.map(({ what, value }) => [what, value] as const))('%s: the reader accepts it exactly when the schema does, and reads it the same', (_what, value) => {
    const line = JSON.stringify(value);
    // The schema sees what the reader sees: the line as JSON.parse reads it (a "__proto__" key is an own key there).
    const schema = AnsibleTaskResult.safeParse(JSON.parse(line));
    const { results, error } = read(line);
    if (schema.success) {
      expect(error).toBeUndefined();
      // Results that did not change (nor fail) are counted, not kept.
      expect(results!.results).toEqual(saysSomething(schema.data) ? [schema.data] : []);
      expect(results!.count).toBe(1);
    } else {
      expect(error).toMatch(/^results\.jsonl: line 1 is a malformed task result \(.+\); pass the file gitops-sync's Ansible callback wrote/);
    }
  });

  test('no_log defaults to false on the fast path as in the schema', () => {
    const { no_log: _noLog, ...value } = BASE;
    expect(read(JSON.stringify(value)).results!.results[0]!.no_log).toBe(false);
  });
});

describe('lines read from byte chunks', () => {
  const result = (host: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ...BASE, host, ...extra });
  const text = [result('web1'), '', result('wéb2', { message: 'naïve – ✓ 𝄞' }), result('web3'), JSON.stringify(END)].join('\n') + '\n';
  const bytes = Buffer.from(text);

  const inChunks = (sizes: number[]) => {
    const pieces: Uint8Array[] = [];
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length]!;
      pieces.push(bytes.subarray(at, at + size));
      at += size;
    }
    return () => pieces.shift();
  };

  test.each([[[1]], [[2, 3]], [[7]], [[64]], [[bytes.length]], [[bytes.length + 10]]])('chunks of %p bytes read as the whole text does', (sizes) => {
    const whole = parseAnsibleResults(text, LABEL);
    expect(whole.results.map((r) => r.host)).toEqual(['web1', 'wéb2', 'web3']);
    expect(whole.results[1]!.message).toBe('naïve – ✓ 𝄞');
    expect(parseAnsibleResults(inChunks(sizes), LABEL)).toEqual(whole);
  });

  test('a line longer than a chunk, with no newline in the chunks between, is read whole', () => {
    const long = result('web9', { message: 'ü'.repeat(5000) });
    const longText = `${long}\n${JSON.stringify(END)}\n`;
    const longBytes = Buffer.from(longText);
    const pieces = Array.from({ length: Math.ceil(longBytes.length / 997) }, (_, i) => longBytes.subarray(i * 997, (i + 1) * 997));
    expect(parseAnsibleResults(() => pieces.shift(), LABEL)).toEqual(parseAnsibleResults(longText, LABEL));
  });

  test('bytes that are not UTF-8 read as replacement characters, as a UTF-8 decoder reads them', () => {
    const bad = Buffer.concat([Buffer.from(`${result('web1').slice(0, -1)},"message":"a`), Buffer.from([0xff, 0xc3]), Buffer.from(`b"}\n${JSON.stringify(END)}\n`)]);
    const pieces = Array.from(bad, (_, i) => bad.subarray(i, i + 1));
    const { results } = parseAnsibleResults(() => pieces.shift(), LABEL);
    expect(results[0]!.message).toBe('a\ufffd\ufffdb');
  });

  test('a last line cut off inside a chunk is refused as cut off, and line numbers count blank lines', () => {
    const cut = Buffer.from(`${result('web1')}\n\n${JSON.stringify(END).slice(0, 25)}`);
    const pieces = [cut.subarray(0, 10), cut.subarray(10, cut.length - 3), cut.subarray(cut.length - 3)];
    expect(() => parseAnsibleResults(() => pieces.shift(), LABEL)).toThrow(/^results\.jsonl: line 3 is cut off \(the file ends inside a result\)/);
    const twoBad = Buffer.from(`${result('web1')}\n\n{"schema": 1}\n`);
    const once = [twoBad];
    expect(() => parseAnsibleResults(() => once.shift(), LABEL)).toThrow(/line 3 is not a gitops-sync Ansible result/);
  });

  test('text given in string chunks split anywhere reads as the whole text', () => {
    const pieces = [...text];
    expect(parseAnsibleResults(pieces, LABEL)).toEqual(parseAnsibleResults(text, LABEL));
  });
});

describe('module names that are names of Object properties', () => {
  test.each(['constructor', 'ansible.builtin.__proto__', 'community.x.toString', 'hasOwnProperty'])('%s is named by the default identifying arguments, not crashed on', (module) => {
    const short = module.slice(module.lastIndexOf('.') + 1);
    expect(ansibleAddress({ host: 'web1', module, args: { name: 'thing' } })).toBe(`web1/${short}[thing]`);
    const changes = changesFromAnsibleResults(
      [{ schema: ANSIBLE_RESULT_SCHEMA, host: 'web1', task: 't', module, status: 'changed', changed: true, no_log: false, args: { path: '/etc/x' } }],
      { label: LABEL },
    );
    expect(changes.map((change) => change.address)).toEqual([`web1/${short}[/etc/x]`]);
  });
});
