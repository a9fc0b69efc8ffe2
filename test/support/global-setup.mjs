// Jest globalSetup: puts the pinned helm and kubectl first on PATH (the test workers inherit it) and fails
// the whole run, naming every missing program and `npm run setup`, rather than let a test skip.
// Then gives the run a temp dir of its own, which test/support/temp-guard-teardown.js checks at the end.
// The CI runner's own variables are removed: run by this project's CI on a pull request, the code under
// test would otherwise take the runner's event (GITHUB_EVENT_NAME=pull_request, a merge request pipeline)
// for its own and, for one, check the test repositories' secrets at rest as a pull request's.
import { pathWithTools, toolProblem } from '../../scripts/test-tools.mjs';
import isolateTempDir from './temp-guard-setup.js';

/** What a GitHub Actions runner or a GitLab job sets about itself and its event; tests set what they need. */
const RUNNER_VARIABLE = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|CI_|GITLAB_)/;

export default function globalSetup() {
  for (const name of Object.keys(process.env)) if (RUNNER_VARIABLE.test(name)) delete process.env[name];
  process.env.PATH = pathWithTools();
  const problem = toolProblem();
  if (problem) {
    const error = new Error(problem);
    error.stack = problem; // the sentence is the whole story; Jest would print our stack after it
    throw error;
  }
  isolateTempDir();
}
