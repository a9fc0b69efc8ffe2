import { performance } from 'node:perf_hooks';
import { renderJsonChunks, parseConfig, SeverityEngine, buildReport } from '@gitops-sync/core';
import { savedResultSource, writeFileAtomic, rulesFor } from '@gitops-sync/engine';
const path = process.argv[2];
const source = savedResultSource('ansible-check');
const config = parseConfig('environments: {}\n', 'bench');
const t = { read: [], judge: [], build: [], render: [], write: [] };
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1].toFixed(2);
for (let i = 0; i < 40; i++) {
  let s = performance.now();
  const changes = await source.changes(path, { label: path, environment: 'bench', config });
  let e = performance.now(); t.read.push(e - s); s = e;
  const judged = new SeverityEngine(rulesFor(config)).judgeAll(changes);
  e = performance.now(); t.judge.push(e - s); s = e;
  const report = buildReport({ environment: 'bench', sources: ['ansible-check'], rules: rulesFor(config), generatedAt: 'x', changes: judged });
  e = performance.now(); t.build.push(e - s); s = e;
  const chunks = [...renderJsonChunks(report)];
  e = performance.now(); t.render.push(e - s); s = e;
  writeFileAtomic('/tmp/zz-report.json', chunks);
  e = performance.now(); t.write.push(e - s); s = e;
}
console.log(Object.entries(t).map(([k, v]) => `${k} ${med(v)}`).join('  '));
