import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { stringify } from 'yaml';
import { defaultRules, diffManifests, parseFluxDiff, parseKubectlDiff, reportFromChanges, SENSITIVE, type UnjudgedChange } from '@gitops-sync/core';
import { tempDir } from './support/temp-dir.js';

type Obj = Record<string, any>;

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-attack27k8s-cm-');
});

/** The text `kubectl diff` prints for one object: GNU `diff -u -N` over LIVE and MERGED files as kubectl writes them (keys sorted). */
function kubectlDiff(fileName: string, live: Obj, merged: Obj): string {
  const [liveDir, mergedDir] = [join(dir, 'LIVE-2786513449'), join(dir, 'MERGED-1409934175')];
  mkdirSync(liveDir);
  mkdirSync(mergedDir);
  writeFileSync(join(liveDir, fileName), stringify(live, { sortMapEntries: true, indentSeq: false }));
  writeFileSync(join(mergedDir, fileName), stringify(merged, { sortMapEntries: true, indentSeq: false }));
  return spawnSync('diff', ['-u', '-N', liveDir, mergedDir], { encoding: 'utf8' }).stdout;
}

const judge = (changes: UnjudgedChange[], source: string) =>
  reportFromChanges(changes, { environment: 'prod', sources: [source], rules: defaultRules(), generatedAt: '2026-12-06T00:00:00Z' }).changes;

const SECRET = 'Sup3rS3cretPassw0rd';
const configMap = (data: Record<string, string>): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data });

/** The same change read from kubectl diff and from manifests against a live export: judged alike, the password printed by neither. */
function bothWays(data: (password: string) => Record<string, string>) {
  const [live, git] = [configMap(data('old-password-1')), configMap(data(SECRET))];
  const fromDiff = judge(parseKubectlDiff(kubectlDiff('v1.ConfigMap.default.app', live, git), { label: 'kubectl-diff.txt' }), 'kubectl-diff');
  const fromManifests = judge(diffManifests([git], [live], { desiredLabel: 'k8s/', liveLabel: 'live.yaml', defaultNamespace: 'default' }), 'k8s-manifests');
  return { fromDiff, fromManifests };
}

describe('kubectl diff: a password in a file of a ConfigMap is masked and critical, as from manifests', () => {
  test('a one-line properties file (a | block whose one line the hunk shows under its key)', () => {
    const { fromDiff, fromManifests } = bothWays((password) => ({ a: '1', 'app.properties': `db.password=${password}\n`, 'z.txt': 'x' }));
    expect(fromManifests.map((c) => [c.severity, c.rule])).toEqual([['critical', 'k8s.secrets.config-map']]);
    expect(fromDiff.map((c) => [c.severity, c.rule])).toEqual([['critical', 'k8s.secrets.config-map']]);
    expect(fromDiff[0].fields).toEqual([{ path: '/data/app.properties', before: SENSITIVE, after: SENSITIVE, sensitive: true }]);
    expect(JSON.stringify(fromDiff)).not.toContain(SECRET);
  });

  test('a line deep in a YAML file, sorted like keys: the hunk shows neither data nor the file, and it is not a label', () => {
    const file = (password: string) => `a: 1\nb: 2\nc: 3\nd: 4\npassword: ${password}\nport: 5432\nuser: app\nzone: x\n`;
    const { fromDiff, fromManifests } = bothWays((password) => ({ 'application.yaml': file(password), 'z.txt': 'x' }));
    expect(fromManifests.map((c) => [c.severity, c.rule])).toEqual([['critical', 'k8s.secrets.config-map']]);
    expect(fromDiff.map((c) => [c.severity, c.rule])).toEqual([['critical', 'k8s.secrets.config-map']]);
    expect(fromDiff[0].fields.map((f) => [f.path, f.before, f.after])).toEqual([['/…/password', SENSITIVE, SENSITIVE]]);
    expect(JSON.stringify(fromDiff)).not.toContain(SECRET);
  });

  test('a nested key of a YAML file whose enclosing keys the hunk does not show', () => {
    const file = (password: string) => `server:\n  port: 8080\n  host: a\n  x: 1\n  y: 2\n  z: 3\ndb:\n  user: app\n  password: ${password}\n`;
    const { fromDiff } = bothWays((password) => ({ 'application.yaml': file(password) }));
    expect(fromDiff.map((c) => [c.severity, c.rule])).toEqual([['critical', 'k8s.secrets.config-map']]);
    expect(JSON.stringify(fromDiff)).not.toContain(SECRET);
  });

  test('a ConfigMap without secrets keeps its values; a key whose enclosing keys are not shown stays under …, as a Secret’s', () => {
    const { fromDiff } = bothWays((password) => ({ a: '1', b: '2', c: '3', d: '4', level: password.startsWith('old') ? 'info' : 'debug', z: 'x' }));
    expect(fromDiff.map((c) => [c.severity, c.fields])).toEqual([['medium', [{ path: '/…/level', before: 'info', after: 'debug', sensitive: false }]]]);
  });
});

describe('flux diff: a password in a file of a ConfigMap is masked and critical', () => {
  /** dyff's report of a changed line of a multi-line value: only the removed and the inserted lines. */
  const fluxDiff = (path: string, before: string, after: string) =>
    ['► ConfigMap/default/app drifted', '', path, '  ± value change in multiline text (one insert, one deletion)', `    - ${before}`, `    + ${after}`, ''].join('\n');

  test.each([
    ['a properties file', 'data.app.properties', 'db.password='],
    ['a YAML file', 'data.application.yaml', '  password: '],
  ])('the changed line of %s', (_, path, line) => {
    const changes = judge(parseFluxDiff(fluxDiff(path, `${line}old-password-1`, `${line}${SECRET}`), { label: 'flux-diff.txt' }), 'flux-diff');
    expect(changes.map((c) => [c.severity, c.rule])).toEqual([['critical', 'k8s.secrets.config-map']]);
    expect(JSON.stringify(changes)).not.toContain(SECRET);
  });
});
