import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Real outputs of public projects, laid beside the checkout (see shared/fixtures/README.md). */
export const SHARED_FIXTURES = resolve(REPO_ROOT, '..', 'shared', 'fixtures');
export const TOFU_FIXTURES = resolve(SHARED_FIXTURES, 'terraform', 'opentofu-show-json');
export const tofuFixture = (name: string) => resolve(TOFU_FIXTURES, `${name}.json`);
