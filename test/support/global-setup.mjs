// Jest globalSetup: puts the pinned helm and kubectl first on PATH (the test workers inherit it) and fails
// the whole run, naming every missing program and `npm run setup`, rather than let a test skip.
// Then gives the run a temp dir of its own, which test/support/temp-guard-teardown.js checks at the end.
import { pathWithTools, toolProblem } from '../../scripts/test-tools.mjs';
import isolateTempDir from './temp-guard-setup.js';

export default function globalSetup() {
  process.env.PATH = pathWithTools();
  const problem = toolProblem();
  if (problem) {
    const error = new Error(problem);
    error.stack = problem; // the sentence is the whole story; Jest would print our stack after it
    throw error;
  }
  isolateTempDir();
}
