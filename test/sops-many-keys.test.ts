import { beforeAll, describe, expect, test } from '@jest/globals';
import { parseSopsFile } from '@gitops-sync/core';
import { ageKeyPair, sopsEncrypt } from './support/sops.js';
import { expectUserError } from './support/user-error.js';

/*
 * A SOPS-encrypted YAML file is read with duplicate keys refused. The yaml library's own check compares each
 * key with every key before it (20,000 keys: seconds; 200,000: minutes); gitops-sync checks with a Set instead,
 * and a key twice is still a file that does not parse.
 */

let recipient: string;
beforeAll(async () => {
  recipient = (await ageKeyPair()).recipient;
});

const encryptedWith = (count: number) => sopsEncrypt(Object.fromEntries(Array.from({ length: count }, (_, index) => [`KEY_${index}`, `value-${index}`])), { format: 'yaml', age: [recipient] });

describe('SOPS YAML files with many keys', () => {
  test('20,000 keys are read in time that grows linearly', async () => {
    const small = await encryptedWith(2_000);
    const large = await encryptedWith(20_000);
    const timed = (text: string) => {
      const started = performance.now();
      parseSopsFile(text, 'yaml', 'secrets.enc.yaml');
      return performance.now() - started;
    };
    timed(small);
    const smallMs = timed(small);
    const largeMs = timed(large);
    // Ten times the keys: 4-5 times the time here (the small file's fixed costs); comparing each key with all before it made it 25-45.
    expect(largeMs / smallMs).toBeLessThan(15);
  }, 120_000);

  test.each([
    ['a key twice', 'A'],
    ['a quoted and a plain spelling of one key', '"A"'],
  ])('a file with %s does not parse', async (_name, second) => {
    const text = (await encryptedWith(3)).replace(/^KEY_1:/m, 'A:').replace(/^KEY_2:/m, `${second}:`);
    expectUserError(() => parseSopsFile(text, 'yaml', 'secrets.enc.yaml'), /^secrets\.enc\.yaml is not a valid SOPS file: it does not parse as YAML; restore it from a trusted commit or re-encrypt it with sops\.$/);
  });
});
