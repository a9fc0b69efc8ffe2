// Adversarial review of issue 12: `audit export` judges the log by its checkpoints too, so events cut off the
// end (the gate that denied, the sync by the author) do not leave the log controls passing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fileAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { exportLogOnly } from './support/audit-population.js';
import { tempDir } from './support/temp-dir.js';

async function exportWith(cut: number) {
  const dir = tempDir('attack12-export-log-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    terraform: { dir: terraform }\n');
  const log = join(dir, '.gitops-sync/audit/events.jsonl');
  const trail = fileAuditTrail(log);
  for (let n = 1; n <= 3; n += 1) await trail.record(gateDraft(n));
  await trail.close();
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  writeFileSync(log, lines.slice(0, lines.length - cut).map((line) => `${line}\n`).join(''));
  return exportLogOnly(dir, 'sox');
}

describe('audit export on a truncated log', () => {
  it('reports the log as not intact when its checkpoint records more events', async () => {
    const report = await exportWith(1);
    expect(report.log).toMatchObject({ intact: false });
    expect(report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check))).toContain('audit-log-not-intact');
  });

  it('still reports the untouched log as intact', async () => {
    expect((await exportWith(0)).log).toMatchObject({ intact: true, size: 3 });
  });
});
