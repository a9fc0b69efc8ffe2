/**
 * Adversarial review of the plan fingerprint fed by the analysis (readTopLevel's tee, the pieces the
 * worker thread is handed, its second pass checked against them): a plan author must not be able to
 * make the fingerprint differ from planFingerprint of the plan the report shows, nor make the run
 * hang, crawl or run out of memory where the analysis alone would not.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig, planFingerprint } from '@gitops-sync/core';
import { readTopLevel, wholeBytes, type ByteSource } from '@gitops-sync/core/json/top-level-reader';
import { FINGERPRINT_INPUT_KEYS } from '@gitops-sync/core/plan/plan-fingerprinter';
import { SideFingerprint } from '@gitops-sync/core/plan/side-fingerprint';
import { parseTerraformPlan } from '@gitops-sync/core/sources/terraform-plan';
import { analyzePlanFile, nodeExec, usePlanFingerprintWorker } from '@gitops-sync/engine';
import { commitUnderReview } from '../packages/engine/src/drift/drift-detect.js';
import { checkedTeeReader } from '../packages/engine/src/drift/plan-fingerprint-thread.js';
import { COPY_FIRST_PLAN } from './support/fingerprint-worker.js';
import { git } from './support/git-repo.js';
import { REPO_ROOT } from './support/paths.js';
import { seeded } from './support/seeded.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-sync-attack20-');
const config = parseConfig('environments:\n  prod:\n    terraform:\n      dir: .\n      workspace: blue\n      var_files: [prod.tfvars]\n', 'gitops-sync.yaml');
const settings = { workspace: 'blue', varFiles: ['prod.tfvars'] };

/** COPY_FIRST_PLAN (its fingerprint needs the second pass) with `"resource_drift":0` repeated `times` before its other members: two tee pieces each. */
const repeatedMembers = (times: number) => COPY_FIRST_PLAN.replace('{', `{${'"resource_drift":0,'.repeat(times)}`);

describe('a member repeated a hundred thousand times (no Terraform writes one; a plan author may)', () => {
  const text = repeatedMembers(100_000);
  const bytes = Buffer.from(text);

  test('reaches the tee in a few large pieces, not two per member (each a message to the worker in a 5 MB buffer: 17 s and 300 MB for a 19 MB plan)', () => {
    const pieces: Buffer[] = [];
    readTopLevel(wholeBytes(bytes), { values: [], arrays: [], onItem: () => {}, tee: { keys: FINGERPRINT_INPUT_KEYS, sink: (piece) => void pieces.push(Buffer.from(piece)) } });
    expect(JSON.parse(Buffer.concat(pieces).toString('utf8'))).toEqual({
      resource_drift: 0,
      resource_changes: JSON.parse(COPY_FIRST_PLAN).resource_changes,
      output_changes: JSON.parse(COPY_FIRST_PLAN).output_changes,
    });
    expect(pieces.length).toBeLessThan(bytes.length / 16_384);
  });

  test("the worker's second pass holds it in a few pieces, not one per member (one ArrayBuffer each: 1.2 GB for a 19 MB plan)", () => {
    const path = join(dir, 'repeated.json');
    writeFileSync(path, bytes);
    const handedOver = createHash('sha256');
    readTopLevel(wholeBytes(bytes), { values: [], arrays: [], onItem: () => {}, tee: { keys: FINGERPRINT_INPUT_KEYS, sink: (piece) => void handedOver.update(piece) } });
    let pieces = 0;
    const read = checkedTeeReader({ path, what: 'a plan', label: path }, handedOver.digest('hex'))((source) => {
      while (source()) pieces++;
      return pieces;
    });
    expect(read).toBeLessThan(bytes.length / 16_384);
  });

  test('analyzePlanFile with the worker: the fingerprint planFingerprint gives, in about the time of the analysis alone', async () => {
    usePlanFingerprintWorker(pathToFileURL(join(REPO_ROOT, 'dist/cli/index.js')).href);
    const path = join(dir, 'repeated-200k.json');
    // Without an entry that makes the worker read the plan again: that pass is the worker bundle's, timed above through the source.
    const { resource_changes: changes } = JSON.parse(COPY_FIRST_PLAN) as { resource_changes: unknown[] };
    const text = `{${'"resource_drift":0,'.repeat(200_000)}"format_version":"1.2","resource_changes":${JSON.stringify(changes.slice(2))}}`;
    writeFileSync(path, text);
    const timed = async (fingerprint: boolean) => {
      const started = performance.now();
      const report = await analyzePlanFile({ planPath: path, environment: 'prod', config, fingerprint }, {});
      return { report, ms: performance.now() - started };
    };
    const alone = await timed(false);
    const withWorker = await timed(true);
    expect(withWorker.report.plan_fingerprint).toBe(planFingerprint(Buffer.from(text), settings).fingerprint);
    // Generous (a shared machine; the worker takes a moment to start): it took 15 times the analysis alone.
    expect(withWorker.ms).toBeLessThan(4 * alone.ms + 1_000);
  }, 60_000);
});

describe('the worker flow (tee, pieces, second pass checked against them) on plans of any top-level shape', () => {
  const SECRETS = ['hunter22-db', 'tok-3141-secret', 'pw-xyzzy-42'];

  /** A plan whose top level is shuffled, repeated, escaped, spaced and typed every way readTopLevel accepts. */
  function shapedPlan(seed: number): string {
    const { next, below, pick } = seeded(seed);
    const space = () => pick(['', '', ' ', '\n  ', '\r\n', '\t', ' '.repeat(below(300))]);
    const key = (name: string) => (next() < 0.2 ? `"${name.replace('_', '\\u005f')}"` : next() < 0.1 ? `"${name.replace('r', '\\u0072')}"` : JSON.stringify(name));
    const text = () => (next() < 0.5 ? pick(SECRETS) : pick(['x', 'a"b', 'é', '\\', '"address"', `plain-${below(100)}`]));
    const entry = () => {
      const mask = next() < 0.4 ? { input: { password: true } } : {};
      const before = { input: { password: text(), other: text() }, output: text() };
      const after = next() < 0.5 ? before : { input: { password: text(), other: text() }, output: text() };
      const n = below(20);
      return { address: `terraform_data.r${n}`, mode: 'managed', type: 'terraform_data', name: `r${n}`, change: { actions: [pick(['update', 'no-op', 'create'])], before, after, after_unknown: {}, before_sensitive: mask, after_sensitive: mask } };
    };
    const entries = (count: number) => `[${space()}${Array.from({ length: count }, () => JSON.stringify(entry(), null, next() < 0.3 ? 2 : undefined)).join(`${space()},${space()}`)}${space()}]`;
    const output = () => ({ actions: ['update'], before: text(), after: text(), before_sensitive: next() < 0.5, after_sensitive: next() < 0.5, after_unknown: false });
    const outputs = () => (next() < 0.2 ? 'null' : JSON.stringify(Object.fromEntries(Array.from({ length: below(3) }, (_, n) => [`o${n}`, output()]))));
    const members = [`"format_version":${space()}"1.2"`, '"planned_values":{}'];
    for (let n = below(7); n >= 0; n--) {
      members.push(
        pick([
          () => `${key('resource_changes')}:${space()}${next() < 0.85 ? entries(below(5)) : pick(['null', '{}', '"x"', '12', 'true'])}`,
          () => `${key('resource_drift')}:${space()}${next() < 0.85 ? entries(below(3)) : pick(['null', '{}', '"x"', '0'])}`,
          () => `${key('output_changes')}:${space()}${outputs()}`,
          () => `"prior_state":${JSON.stringify({ values: { x: pick(SECRETS) } })}`,
          () => '"resource_changes_x":[1,2]',
        ])(),
      );
    }
    for (let n = members.length - 1; n > 0; n--) {
      const other = below(n + 1);
      [members[n], members[other]] = [members[other]!, members[n]!];
    }
    const plan = `${space()}{${space()}${members.join(`${space()},${space()}`)}${space()}}${space()}`;
    return next() < 0.1 ? `\ufeff${plan}` : plan;
  }

  /** `bytes` in chunks of 1 to 200 bytes (the first at least 3, as a file's is) through two reused buffers. */
  function inSmallChunks(bytes: Buffer, seed: number): ByteSource {
    const { next, below } = seeded(seed);
    const turns = [Buffer.alloc(bytes.length + 1), Buffer.alloc(bytes.length + 1)];
    let at = 0;
    let handed = 0;
    return () => {
      if (at >= bytes.length) return undefined;
      const length = Math.min(Math.max(1 + below(next() < 0.5 ? 8 : 200), at === 0 ? 3 : 1), bytes.length - at);
      const chunk = turns[handed++ % 2]!;
      bytes.copy(chunk, 0, at, at + length);
      at += length;
      return chunk.subarray(0, length);
    };
  }

  const teeOf = (source: ByteSource, read: (source: ByteSource, sink: (piece: Uint8Array) => void) => void) => {
    const pieces: Buffer[] = [];
    read(source, (piece) => void pieces.push(Buffer.from(piece)));
    return pieces;
  };
  const sha256 = (pieces: Buffer[]) => createHash('sha256').update(Buffer.concat(pieces)).digest('hex');

  test('400 seeds: the fingerprint planFingerprint gives, the second pass taken and passed where it must be', () => {
    let compared = 0;
    let secondPasses = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const bytes = Buffer.from(shapedPlan(seed));
      let expected: string;
      try {
        expected = planFingerprint(bytes, settings).fingerprint;
      } catch {
        continue;
      }
      compared++;
      const secrets = new Set<string>();
      const handedOver = teeOf(inSmallChunks(bytes, seed), (source, sink) =>
        parseTerraformPlan(source, { label: 'plan', onSecret: (secret) => void secrets.add(secret), tee: { keys: FINGERPRINT_INPUT_KEYS, sink } }),
      );
      const side = new SideFingerprint({ ...settings, planBytes: bytes.length });
      let next = 0;
      side.observe(() => handedOver[next++]);
      const fingerprint = side.finish(secrets, (consume) => {
        secondPasses++;
        const again = teeOf(inSmallChunks(bytes, -seed), (source, sink) => readTopLevel(source, { values: [], arrays: [], onItem: () => {}, tee: { keys: FINGERPRINT_INPUT_KEYS, sink } }));
        expect(sha256(again)).toBe(sha256(handedOver));
        let read = 0;
        return consume(() => again[read++]);
      });
      expect({ seed, fingerprint }).toEqual({ seed, fingerprint: expected });
    }
    expect(compared).toBeGreaterThan(300);
    expect(secondPasses).toBeGreaterThan(20);
  });
});

describe('a plan rewritten in place while the analysis reads it (no second pass for the worker)', () => {
  test('the fingerprint is planFingerprint of the bytes read: the old plan up to where it was rewritten, the new one after', async () => {
    usePlanFingerprintWorker(pathToFileURL(join(REPO_ROOT, 'dist/cli/index.js')).href);
    const MB = 1024 * 1024;
    const entry = (name: string, before: unknown, after: unknown, marked = false) => ({
      address: `terraform_data.${name}`,
      mode: 'managed',
      type: 'terraform_data',
      name,
      change: { actions: ['update'], before, after, after_unknown: {}, before_sensitive: marked ? { input: true } : {}, after_sensitive: marked ? { input: true } : {} },
    });
    // The marked entry comes first, in the first 4 MB chunk: its secret reaches onSecret before the next chunk is read.
    const plan = (version: number, size: string) =>
      `{"format_version":"1.2","resource_changes":[${JSON.stringify(entry('early', { input: 'early-secret-1' }, { input: 'early-secret-1' }, true))},${JSON.stringify(entry('first', { v: 0 }, { v: version }))},${JSON.stringify(entry('filler', { input: 'x'.repeat(5 * MB) }, { input: 'x'.repeat(5 * MB) }))},${JSON.stringify(entry('db', { size: 'small' }, { size }))}]}`;
    const [read, rewritten] = [plan(1, 'large'), plan(2, 'huge')];
    const path = join(dir, 'rewritten-in-place.json');
    writeFileSync(path, read);
    let done = false;
    const onSecret = () => {
      if (!done) writeFileSync(path, rewritten);
      done = true;
    };
    const report = await analyzePlanFile({ planPath: path, environment: 'prod', config, fingerprint: true }, { onSecret });
    const shown = Buffer.concat([Buffer.from(read).subarray(0, 4 * MB), Buffer.from(rewritten).subarray(4 * MB)]);
    const after = (address: string) => report.changes.find((change) => change.address === address)?.fields[0]?.after;
    expect([after('terraform_data.first'), after('terraform_data.db')]).toEqual([1, 'huge']);
    expect(report.plan_fingerprint).toBe(planFingerprint(shown, settings).fingerprint);
  }, 30_000);
});

describe("drift-detect's commit under review, from one `git cat-file --batch`", () => {
  const ciSha = '1'.repeat(40);
  const githubEnv = (head: string) => {
    const event = join(dir, `event-${head}.json`);
    writeFileSync(event, JSON.stringify({ pull_request: { head: { sha: head } } }));
    return { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: event, GITHUB_SHA: ciSha };
  };

  test('a repository without commits: the CI run’s commit', async () => {
    const empty = tempDir('gitops-sync-attack20-empty-');
    git(empty, 'init', '-q');
    expect(await commitUnderReview({ GITHUB_ACTIONS: 'true', GITHUB_SHA: ciSha }, empty, nodeExec)).toBe(ciSha);
  });

  test("a shallow clone of the pull request's merge: the head, read from the merge's parent lines; a message that names the head as a parent does not count", async () => {
    const repo = tempDir('gitops-sync-attack20-repo-');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'base');
    git(repo, 'checkout', '-q', '-b', 'change');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'change');
    const head = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'moved on');
    git(repo, 'merge', '-q', '--no-ff', '-m', 'merge', head);
    const shallow = join(tempDir('gitops-sync-attack20-shallow-'), 'clone');
    git(dir, 'clone', '-q', '--depth', '1', pathToFileURL(repo).href, shallow);
    expect(() => git(shallow, 'rev-parse', '--verify', '-q', 'HEAD^2')).toThrow();
    expect(await commitUnderReview(githubEnv(head), shallow, nodeExec)).toBe(head);
    // A commit whose message forges a second parent line naming the head: the checkout is labelled with itself.
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', `not a merge\n\nparent ${head}`);
    expect(await commitUnderReview(githubEnv(head), repo, nodeExec)).toBe(git(repo, 'rev-parse', 'HEAD'));
  });
});
