// Jest globalSetup: puts the pinned helm and kubectl first on PATH (the test workers inherit it) and fails
// the whole run, naming every missing program and `npm run setup`, rather than let a test skip.
import { pathWithTools, toolProblem } from '../../scripts/test-tools.mjs';

export default function checkTools() {
  process.env.PATH = pathWithTools();
  const problem = toolProblem();
  if (problem) {
    const error = new Error(problem);
    error.stack = problem; // the sentence is the whole story; Jest would print our stack after it
    throw error;
  }
}
