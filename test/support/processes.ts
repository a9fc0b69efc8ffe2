import { readFileSync } from 'node:fs';

/** Whether `pid` runs: a zombie no one has reaped yet (in a container without an init) counts as ended. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // No /proc: kill(0) answered.
    return true;
  }
}

/** Polls `check` every 50 ms until it holds (true) or `ms` have passed (false). */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((done) => setTimeout(done, 50))) if (check()) return true;
  return check();
}
