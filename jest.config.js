import { availableParallelism } from 'node:os';

/** Jest runs TypeScript as ESM through ts-jest; `.js` in relative imports maps back to the `.ts` source. */
export default {
  // One worker per CPU: Jest's default (CPUs − 1) runs a 2-CPU CI runner on one worker, at twice the time.
  maxWorkers: availableParallelism(),
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/packages/*/test/**/*.test.ts'],
  testTimeout: 120000,
  // Every program a test runs must be here: a missing one fails the run naming `npm run setup`, never a silent skip;
  // the run gets its own temp dir, and the teardown fails the run when a test leaves a folder in it.
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/temp-guard-teardown.js',
};
