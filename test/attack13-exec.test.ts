import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeExec } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';
import { alive, waitFor } from './support/processes.js';

/*
 * Adversarial review of the Exec timeout: a cloud CLI that starts helpers of its own (az is a shell
 * script running Python) must not leave them running after gitops-sync has given up on it.
 */



describe('held: a timed-out tool is stopped with everything it started', () => {
  it('a grandchild in the background is stopped with the tool', async () => {
    const dir = tempDir('gitops-attack13-exec-');
    const pidFile = join(dir, 'pid');
    const run = nodeExec.run('sh', ['-c', `sleep 300 & echo $! > ${pidFile}; sleep 300`], { timeout: { ms: 500, hint: 'raise timeout_seconds', what: 'sh' } });
    await expect(run).rejects.toThrow(/sh did not answer within 0\.5 s and was stopped; raise timeout_seconds\./);
    expect(await waitFor(() => !alive(Number(readFileSync(pidFile, 'utf8'))), 2_000)).toBe(true);
  });

  it('a tool that exits at once but leaves a helper holding its output is stopped at the timeout, helper and all', async () => {
    const dir = tempDir('gitops-attack13-exec-');
    const pidFile = join(dir, 'pid');
    const started = Date.now();
    const run = nodeExec.run('sh', ['-c', `sleep 300 & echo $! > ${pidFile}; echo '{}'`], { timeout: { ms: 500, hint: 'raise timeout_seconds', what: 'sh' } });
    await expect(run).rejects.toThrow(/did not answer within 0\.5 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await waitFor(() => !alive(Number(readFileSync(pidFile, 'utf8'))), 2_000)).toBe(true);
  });
});

describe('attack: a cloud CLI whose output never ends', () => {
  it.each([['stdout'], ['stderr']])('az printing to %s without end is stopped at the input limit, in one sentence, long before its timeout', async (stream) => {
    const { chmodSync, writeFileSync } = await import('node:fs');
    const { cli } = await import('./support/cli.js');
    const bin = tempDir('gitops-attack13-endless-az-');
    // 64 KiB every 10 ms: a CLI stuck in a loop, slow enough not to hurt the machine if nothing stops it.
    writeFileSync(join(bin, 'az'), `#!${process.execPath}\nconst chunk = '['.repeat(65536);\nsetInterval(() => process.${stream}.write(chunk), 10);\n`);
    chmodSync(join(bin, 'az'), 0o755);
    const dir = tempDir('gitops-attack13-endless-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    azure_policy: { timeout_seconds: 60 }\n');
    const started = Date.now();
    const run = await cli(['drift', 'production'], { cwd: dir, env: { PATH: `${bin}:/usr/bin:/bin`, GITOPS_SYNC_MAX_INPUT_MB: '1' } });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: az policy state list printed more than 1 MB.*GITOPS_SYNC_MAX_INPUT_MB.*\.$/);
  }, 90_000);
});
