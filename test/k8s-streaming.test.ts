/**
 * Kubernetes manifests and exports read as a stream of documents: whatever the chunk boundaries,
 * the objects, line numbers and messages are those of parsing the whole file as one string.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseManifests, readManifestStream, type ByteSource, type K8sObject, type ManifestStreamOptions } from '@gitops-sync/core';
import { readManifests } from '@gitops-sync/engine';
import { REPO_ROOT, SHARED_FIXTURES } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';
import { expectUserError } from './support/user-error.js';

/** The bytes handed out `size` at a time. */
function chunked(bytes: Uint8Array, size: number): ByteSource {
  let at = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    const chunk = bytes.subarray(at, at + size);
    at += size;
    return chunk;
  };
}

/** Every List document is split into items (listSplitBytes 0), unless the options say otherwise. */
const streamed = (text: string | Uint8Array, label: string, size: number, options: ManifestStreamOptions = { listSplitBytes: 0 }) => {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return readManifestStream((consume) => consume(chunked(bytes, size)), label, options);
};

/** What parsing gives, or the one sentence it refuses the input with. */
const outcome = (parse: () => K8sObject[]): K8sObject[] | string => {
  try {
    return parse();
  } catch (error) {
    return expectUserError(() => {
      throw error;
    });
  }
};

const CHUNK_SIZES = [1, 2, 7, 64, 1 << 20];

/** The stream, in chunks of every size, against the whole-string parse. */
function expectSameAsWhole(text: string, label = 'm.yaml', options?: ManifestStreamOptions) {
  const whole = outcome(() => parseManifests(text, label));
  for (const size of CHUNK_SIZES) expect([size, outcome(() => streamed(text, label, size, options))]).toEqual([size, whole]);
  return whole;
}

const configMap = (name: string, data = 'a: "1"') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  ${data}\n`;

describe('documents in a stream', () => {
  test('documents split across chunk boundaries are read whole, in order', () => {
    const text = ['', configMap('one'), configMap('two'), configMap('three')].join('---\n');
    const objects = expectSameAsWhole(text) as K8sObject[];
    expect(objects.map((o) => o.metadata?.name)).toEqual(['one', 'two', 'three']);
  });

  test('--- inside a block scalar, a quoted string or a plain value is not a document boundary', () => {
    const text =
      configMap('script', 'run.sh: |\n    echo start\n    ---\n    --- not a marker\n    echo end') +
      '---\n' +
      configMap('quoted', 'sep: "a --- b"\n  dashes: ---\n  folded: "x\n    --- y"');
    const objects = expectSameAsWhole(text) as K8sObject[];
    expect(objects.map((o) => o.data)).toEqual([
      { 'run.sh': 'echo start\n---\n--- not a marker\necho end\n' },
      { sep: 'a --- b', dashes: '---', folded: 'x --- y' },
    ]);
  });

  test('... ends a document, and a document may follow it without ---', () => {
    const text = `${configMap('one')}...\n# between documents\n${configMap('two')}...\n`;
    expect((expectSameAsWhole(text) as K8sObject[]).map((o) => o.metadata?.name)).toEqual(['one', 'two']);
  });

  test('comments, directives and empty documents around the objects', () => {
    expectSameAsWhole(`# header\n%YAML 1.2\n---\n${configMap('one')}---\n---\n# nothing\n--- # two\n${configMap('two')}`);
  });

  test('CRLF line ends and a byte order mark', () => {
    const text = `\ufeff${['', configMap('one'), configMap('two')].join('---\n')}`.replace(/\n/g, '\r\n');
    expect((expectSameAsWhole(text) as K8sObject[]).map((o) => o.metadata?.name)).toEqual(['one', 'two']);
    const list = `\ufeff{"apiVersion": "v1", "kind": "List", "items": [${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' } })}]}`;
    expect((expectSameAsWhole(list, 'live.json') as K8sObject[]).map((o) => o.metadata?.name)).toEqual(['j']);
  });
});

describe('Lists read item by item', () => {
  const items = ['one', 'two', 'three'].map((name) => configMap(name).replace(/^(?=.)/gm, '  ').replace(/^ {2}/, '- ')).join('');
  const yamlList = `apiVersion: v1\nitems:\n${items}kind: List\nmetadata:\n  resourceVersion: ""\n`;

  test('a YAML List split across chunks gives its items, however its sequence is indented', () => {
    expect((expectSameAsWhole(yamlList) as K8sObject[]).map((o) => o.metadata?.name)).toEqual(['one', 'two', 'three']);
    expectSameAsWhole(yamlList.replace(/^(- | {2})/gm, '  $1'));
    expectSameAsWhole(`---\n${yamlList}---\n${configMap('after')}`);
    expectSameAsWhole(`apiVersion: v1\nkind: List\nitems:\n${items}`);
    expectSameAsWhole(`apiVersion: v1\nkind: List\nitems:\n\n# the items\n${items}\n...\n`);
  });

  test('a JSON List split across chunks gives its items', () => {
    const object = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { text: '"},{"address": ---' } });
    const list = JSON.stringify({ apiVersion: 'v1', items: ['a', 'b', 'c'].map(object), kind: 'List', metadata: { resourceVersion: '' } }, null, 4);
    expect((expectSameAsWhole(list, 'live.json') as K8sObject[]).map((o) => o.metadata?.name)).toEqual(['a', 'b', 'c']);
    // JSON that is not one List object is read whole, as before.
    expectSameAsWhole(JSON.stringify(object('single')), 'one.json');
    expectSameAsWhole(JSON.stringify([object('x'), object('y')]), 'array.json');
    expectSameAsWhole('{"apiVersion": "v1", "kind": "List"}', 'live.json');
    expectSameAsWhole('{"apiVersion": "v1", "kind": "List", "items": {}}', 'live.json');
    expectSameAsWhole('{"apiVersion": "v1", "kind": "List", "items": [', 'live.json');
  });

  test('a List below the split size is parsed whole: anchors may cross its items', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- &base\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: { name: a }\n- <<: *base\n  metadata: { name: b }\n`;
    const whole = parseManifests(text, 'm.yaml');
    expect(whole.map((o) => o.metadata?.name)).toEqual(['a', 'b']);
    expect(streamed(text, 'm.yaml', 7, {})).toEqual(whole);
  });
});

describe('errors keep their line numbers and sentences', () => {
  test('invalid YAML in a later document names its line in the file', () => {
    const text = `${configMap('one')}---\n${configMap('two')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n`;
    expect(expectSameAsWhole(text)).toMatch(/^m\.yaml:19: invalid YAML \(/);
  });

  test('an object without a name, in a document and in a List item split from its List', () => {
    expect(expectSameAsWhole(`${configMap('one')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n`)).toBe(
      'm.yaml:7: a ConfigMap has no metadata.name; every manifest needs apiVersion, kind and metadata.name.',
    );
    expect(expectSameAsWhole(`# export\napiVersion: v1\nitems:\n- kind: Secret\n  metadata: {}\nkind: List\n`)).toBe(
      'm.yaml:2: a Secret has no metadata.name; every manifest needs apiVersion, kind and metadata.name.',
    );
    expect(expectSameAsWhole(`apiVersion: v1\nitems:\n- kind: Secret\n  metadata:\n    name: [x\nkind: List\n`)).toMatch(/^m\.yaml:6: invalid YAML/);
  });

  test('aliases past the limit are refused, not expanded', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 6 }, (_, n) => `${String.fromCharCode(98 + n)}: &${String.fromCharCode(98 + n)} [${Array(10).fill(`*${String.fromCharCode(97 + n)}`).join(', ')}]`)];
    const text = `${configMap('one')}---\n${laughs.join('\n')}\n`;
    expect(expectSameAsWhole(text)).toBe('m.yaml:7: the document expands YAML aliases past the limit of 100; fix the manifest (quote values that start with * or &).');
  });

  test('a binary file is refused as such, even when a document before its first NUL byte is invalid', () => {
    const text = Buffer.concat([Buffer.from(`${configMap('one')}---\nkind: [\n`), Buffer.alloc(4096, 0x20), Buffer.from([0, 1, 2])]);
    for (const size of CHUNK_SIZES) {
      expect(expectUserError(() => streamed(text, 'image.yaml', size))).toBe('image.yaml is a binary file, not YAML or JSON manifests; pass Kubernetes manifests.');
    }
  });
});

/** Manifest files under a folder. */
const manifestFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return manifestFiles(path);
    return /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });

describe('the fixtures', () => {
  const files = [...manifestFiles(resolve(REPO_ROOT, 'test/fixtures')), ...manifestFiles(SHARED_FIXTURES)].filter((file) => !/terraform|plan/i.test(file));

  test('every Kubernetes fixture streams to what its whole text parses to', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const whole = outcome(() => parseManifests(text, file));
      for (const size of [3, 4096]) expect([file, size, outcome(() => streamed(text, file, size))]).toEqual([file, size, whole]);
    }
  });
});

describe('no fixed ceiling', () => {
  test('an export over the former 64 MB limit is read with the defaults; GITOPS_SYNC_MAX_INPUT_MB still sets the limit', () => {
    const dir = tempDir('gitops-sync-k8s-stream-');
    const file = join(dir, 'live.json');
    const padding = 'x'.repeat(1024 * 1024);
    const items = Array.from({ length: 70 }, (_, n) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${n}` }, data: { padding } }));
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    expect(statSync(file).size).toBeGreaterThan(70 * 1024 * 1024);
    const saved = process.env.GITOPS_SYNC_MAX_INPUT_MB;
    try {
      delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
      expect(readManifests([file], 'a live export').map((o) => o.metadata?.name)).toEqual(items.map((item) => item.metadata.name));
      process.env.GITOPS_SYNC_MAX_INPUT_MB = '64';
      expect(expectUserError(() => readManifests([file], 'a live export'))).toMatch(/live\.json is 70\.\d MB, over the 64 MB limit for a live export; split the input or raise GITOPS_SYNC_MAX_INPUT_MB\./);
    } finally {
      if (saved === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
      else process.env.GITOPS_SYNC_MAX_INPUT_MB = saved;
    }
  });
});
