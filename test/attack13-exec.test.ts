import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeExec } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

/*
 * Adversarial review of the Exec timeout: a cloud CLI that starts helpers of its own (az is a shell
 * script running Python) must not leave them running after gitops-sync has given up on it.
 */

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 40 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return !alive(pid);
}

describe('held: a timed-out tool is stopped with everything it started', () => {
  it('a grandchild in the background is stopped with the tool', async () => {
    const dir = tempDir('gitops-attack13-exec-');
    const pidFile = join(dir, 'pid');
    const run = nodeExec.run('sh', ['-c', `sleep 300 & echo $! > ${pidFile}; sleep 300`], { timeout: { ms: 500, hint: 'raise timeout_seconds', what: 'sh' } });
    await expect(run).rejects.toThrow(/sh did not answer within 0\.5 s and was stopped; raise timeout_seconds\./);
    expect(await gone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  it('a tool that exits at once but leaves a helper holding its output is stopped at the timeout, helper and all', async () => {
    const dir = tempDir('gitops-attack13-exec-');
    const pidFile = join(dir, 'pid');
    const started = Date.now();
    const run = nodeExec.run('sh', ['-c', `sleep 300 & echo $! > ${pidFile}; echo '{}'`], { timeout: { ms: 500, hint: 'raise timeout_seconds', what: 'sh' } });
    await expect(run).rejects.toThrow(/did not answer within 0\.5 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await gone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });
});
