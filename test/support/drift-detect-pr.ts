/**
 * drift-detect (the action's run, through RecordingIO) on pull request #7 of a real repository, as a
 * GitHub `pull_request` run sees it: `base` committed on main, `head` committed on a branch, then
 * `beside` written into the checkout (what steps before drift-detect wrote), and the event file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run as driftDetect } from '../../actions/drift-detect/main.js';
import { RecordingIO } from './action-io.js';
import { git } from './git-repo.js';
import { tempDir } from './temp-dir.js';

export async function driftDetectOnPullRequest(files: { base: Record<string, string>; head: Record<string, string>; beside?: Record<string, string> }, inputs: Record<string, string>): Promise<RecordingIO> {
  const dir = tempDir('gitops-sync-drift-detect-pr-');
  const write = (written: Record<string, string>) => {
    for (const [path, content] of Object.entries(written)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  git(dir, 'init', '-q', '-b', 'main');
  write(files.base);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'change');
  write(files.head);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  write({ ...files.beside, 'event.json': JSON.stringify({ pull_request: { number: 7, base: { sha: baseSha }, head: { sha: git(dir, 'rev-parse', 'HEAD') } } }) });
  const env = { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'event.json'), GITLAB_CI: '', CI_MERGE_REQUEST_IID: '' };
  const io = new RecordingIO(inputs, dir, env);
  await driftDetect(io);
  return io;
}
