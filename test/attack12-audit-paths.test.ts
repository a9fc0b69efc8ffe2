// Adversarial review of issue 12: approve-safe and gate open the trail the PR checkout's config names, so
// audit.file and audit.artifact_dir must not make a run write outside the config file's folder.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { GitopsSyncConfig } from '@gitops-sync/core';
import { openAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { tempDir } from './support/temp-dir.js';

async function write(dir: string, audit: Record<string, unknown>) {
  const config = GitopsSyncConfig.parse({ audit });
  const trail = openAuditTrail({ config, configPath: join(dir, 'repo', 'gitops-sync.yaml'), env: {} });
  await trail.record(gateDraft(1));
  return trail.close();
}

describe('audit paths from the config', () => {
  for (const [key, store, value] of [
    ['file', 'file', '../outside.jsonl'],
    ['file', 'file', '/OUTSIDE/outside.jsonl'],
    ['artifact_dir', 'artifact', '../outside'],
    ['artifact_dir', 'artifact', '/OUTSIDE'],
  ] as const) {
    it(`refuses audit.${key}: ${value} in one sentence, writing nothing`, async () => {
      const dir = tempDir('attack12-paths-');
      mkdirSync(join(dir, 'repo'));
      const path = value.replace('/OUTSIDE', join(dir, 'abs'));
      await expect(write(dir, { store, [key]: path })).rejects.toThrow(new RegExp(`audit\\.${key} .* outside the folder of the config file`));
      expect(existsSync(join(dir, 'outside.jsonl')) || existsSync(join(dir, 'outside')) || existsSync(join(dir, 'abs'))).toBe(false);
    });
  }

  it('refuses a log that is a symlink (to a file outside the repository)', async () => {
    const dir = tempDir('attack12-paths-');
    mkdirSync(join(dir, 'repo', '.gitops-sync', 'audit'), { recursive: true });
    writeFileSync(join(dir, 'victim'), 'untouched\n');
    symlinkSync(join(dir, 'victim'), join(dir, 'repo', '.gitops-sync', 'audit', 'events.jsonl'));
    await expect(write(dir, { store: 'file' })).rejects.toThrow(/symbolic link/);
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('untouched\n');
  });

  it('refuses a folder on the way that is a symlink', async () => {
    const dir = tempDir('attack12-paths-');
    mkdirSync(join(dir, 'repo'));
    mkdirSync(join(dir, 'elsewhere'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'repo', '.gitops-sync'));
    await expect(write(dir, { store: 'file' })).rejects.toThrow(/symbolic link/);
    expect(existsSync(join(dir, 'elsewhere', 'audit'))).toBe(false);
  });

  it('still writes the default log inside the folder', async () => {
    const dir = tempDir('attack12-paths-');
    mkdirSync(join(dir, 'repo'));
    await write(dir, { store: 'file', file: 'logs/./events.jsonl' });
    expect(existsSync(join(dir, 'repo', 'logs', 'events.jsonl'))).toBe(true);
  });
});

describe('files beside the log from the checkout', () => {
  for (const name of ['events.jsonl.checkpoints.jsonl', 'events.jsonl.lock']) {
    it(`refuses ${name} as a symbolic link`, async () => {
      const dir = tempDir('attack12-paths-');
      mkdirSync(join(dir, 'repo', '.gitops-sync', 'audit'), { recursive: true });
      writeFileSync(join(dir, 'victim'), '');
      symlinkSync(join(dir, 'victim'), join(dir, 'repo', '.gitops-sync', 'audit', name));
      await expect(write(dir, { store: 'file' })).rejects.toThrow(/symbolic link/);
      expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('');
    });
  }
});
