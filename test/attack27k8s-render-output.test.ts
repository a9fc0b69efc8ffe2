/** What a renderer prints is input like a manifest file: bounded, and refused in one sentence past the bound. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { UserError, type KubernetesEnvironment } from '@gitops-sync/core';
import { nodeExec, renderDesired, silentProgress } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

let saved: string | undefined;
beforeEach(() => {
  saved = process.env.GITOPS_SYNC_MAX_INPUT_MB;
  process.env.GITOPS_SYNC_MAX_INPUT_MB = '1';
});
afterEach(() => {
  if (saved === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
  else process.env.GITOPS_SYNC_MAX_INPUT_MB = saved;
});

/** A Jsonnet file of a few lines that evaluates to `count` ConfigMaps of 1 kB each. */
function jsonnetEnvironment(count: number): { k8s: KubernetesEnvironment; dir: string } {
  const dir = tempDir('gitops-sync-attack27k8s-render-');
  writeFileSync(
    join(dir, 'app.jsonnet'),
    `local pad = std.join('', std.makeArray(1000, function(i) 'x'));\n[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' + i }, data: { pad: pad } } for i in std.range(1, ${count})]\n`,
  );
  const k8s = { jsonnet: { file: 'app.jsonnet', ext_str: {}, tla_str: {} }, live: { kubectl: true }, namespace: 'shop', ignore_differences: [] } as KubernetesEnvironment;
  return { k8s, dir };
}

describe('a renderer that prints more than GITOPS_SYNC_MAX_INPUT_MB', () => {
  test('jsonnet printing 3 MB is stopped with one sentence, as a 3 MB manifest file is refused', async () => {
    const { k8s, dir } = jsonnetEnvironment(3000);
    const render = renderDesired(k8s, { exec: nodeExec, progress: silentProgress, baseDir: dir });
    await expect(render).rejects.toThrow(UserError);
    expect(await render.catch((error: Error) => error.message)).toBe('jsonnet app.jsonnet printed more than 1 MB and was stopped; check fewer objects per environment or raise GITOPS_SYNC_MAX_INPUT_MB.');
  });

  test('below the bound it renders as before', async () => {
    const { k8s, dir } = jsonnetEnvironment(100);
    expect(await renderDesired(k8s, { exec: nodeExec, progress: silentProgress, baseDir: dir })).toHaveLength(100);
  });
});
