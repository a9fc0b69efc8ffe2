// npm run setup, where terraform is not on PATH: installs the pinned release the tests use from
// releases.hashicorp.com with the same verification the actions use (SHA256SUMS signed by HashiCorp's
// key), and links it into the tests' tool folder. Debian has no terraform package (it is not free software).
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@gitops-sync/core';
import { installTerraform } from '@gitops-sync/platforms';
import { TOOLS_BIN } from './test-tools.mjs';

/** The release the tests and examples/demo/recorded-plan.json were made with. */
const TERRAFORM_VERSION = '1.11.4';

const cache = join(TOOLS_BIN, '..', 'tool-cache');
process.env.RUNNER_TOOL_CACHE = cache;
process.env.RUNNER_TEMP = join(cache, 'tmp');
try {
  const dir = await installTerraform({ version: TERRAFORM_VERSION });
  mkdirSync(TOOLS_BIN, { recursive: true });
  rmSync(join(TOOLS_BIN, 'terraform'), { force: true });
  symlinkSync(join(dir, 'terraform'), join(TOOLS_BIN, 'terraform'));
  console.log(`terraform ${TERRAFORM_VERSION} installed (checksum signed by HashiCorp verified) in ${dir}`);
} catch (error) {
  console.error(error instanceof UserError ? error.message : `terraform ${TERRAFORM_VERSION} could not be installed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(join(cache, 'tmp'), { recursive: true, force: true });
}
