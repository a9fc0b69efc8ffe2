/**
 * Imported first by every action's entry, before anything that loads @actions/github: that library parses
 * GITHUB_EVENT_PATH as it is loaded, before any error handling runs, so a payload it cannot read (not JSON,
 * a folder) ended the step in Node's trace — whose text quotes the payload, a line of which the runner would
 * take as a workflow command. A missing file is left to the library, which only says so.
 */
import { readFileSync } from 'node:fs';
import { githubLogText } from '@gitops-sync/core/errors';

const path = process.env.GITHUB_EVENT_PATH;
if (path) {
  let problem: string | undefined;
  try {
    JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problem = code ? `it could not be read: ${code}` : 'it is not JSON';
  }
  if (problem !== undefined) {
    // The message names the file (JSON-quoted: one line whatever its name), never its content.
    process.stdout.write(`::error::${githubLogText(`The event payload GITHUB_EVENT_PATH=${JSON.stringify(path)} is not the runner's event: ${problem}; run the action on a GitHub Actions runner, or point GITHUB_EVENT_PATH at the event's JSON.`)}\n`);
    process.exit(1);
  }
}
