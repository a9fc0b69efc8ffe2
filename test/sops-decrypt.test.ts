/**
 * Decrypting SOPS files in memory: every format SOPS writes, age identities and a GPG key (real gpg),
 * the MAC checked, and each bad input refused in one sentence that never holds a decrypted value.
 * The fixtures come from test/support/sops.ts (SOPS's algorithm; the sops binary is not available here).
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { UserError } from '@gitops-sync/core';
import { decryptSopsText, nodeExec } from '@gitops-sync/engine';
import { ageKeyPair, gpgKeyPair, sopsEncrypt, type SopsEncryptOptions } from './support/sops.js';

const PASSWORD = 'pa55-sops-hunter2-never-printed';
const TOKEN = 'tok-7f3a9c1e-sops-never-printed';

let age: { identity: string; recipient: string };
let other: { identity: string; recipient: string };
beforeAll(async () => {
  age = await ageKeyPair();
  other = await ageKeyPair();
});

const decrypt = async (text: string, path: string, env: NodeJS.ProcessEnv, secrets?: { age_identity_env: string; gpg_key_env: string }) => {
  const seen: string[] = [];
  const plain = await decryptSopsText(text, path, path, { exec: nodeExec, env, secrets: secrets as never, onSecret: (value) => seen.push(value) });
  return { plain, seen };
};

/** The UserError a decryption throws; fails the test when it resolves. */
const refusal = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  for (const secret of [PASSWORD, TOKEN, age.identity]) expect(message).not.toContain(secret);
  return message;
};

const secretManifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password: PASSWORD, port: 5432, tls: true, ratio: 1.5, hosts: ['a.example', 'b.example'] } };

describe('every format SOPS writes, with an age identity', () => {
  test('YAML with encrypted_regex: values under stringData decrypt, the rest stayed plain, and each value reaches the redaction set first', async () => {
    const text = await sopsEncrypt(secretManifest, { format: 'yaml', age: [age.recipient], encryptedRegex: '^(data|stringData)$' });
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('name: db');
    const { plain, seen } = await decrypt(text, 'secret.yaml', { SOPS_AGE_KEY: age.identity });
    expect(parseYaml(plain)).toEqual(secretManifest);
    expect(plain).not.toMatch(/^sops:/m);
    expect(seen).toEqual(expect.arrayContaining([PASSWORD, '5432', 'a.example']));
  });

  test('JSON, dotenv and INI (with unencrypted_suffix), and a binary file (.tfvars) stored whole', async () => {
    const json = await sopsEncrypt({ db: { password: PASSWORD, replicas: 3 } }, { format: 'json', age: [age.recipient] });
    expect(JSON.parse((await decrypt(json, 'vars.tfvars.json', { SOPS_AGE_KEY: age.identity })).plain)).toEqual({ db: { password: PASSWORD, replicas: 3 } });

    const dotenv = await sopsEncrypt({ API_TOKEN: TOKEN, REGION_unencrypted: 'eu-west-1', MULTI: 'line one\nline two' }, { format: 'dotenv', age: [age.recipient], unencryptedSuffix: '_unencrypted' });
    expect(dotenv).toContain('REGION_unencrypted=eu-west-1');
    expect((await decrypt(dotenv, 'app.env', { SOPS_AGE_KEY: age.identity })).plain).toBe(`API_TOKEN=${TOKEN}\nREGION_unencrypted=eu-west-1\nMULTI=line one\\nline two\n`);

    const ini = await sopsEncrypt({ database: { password: PASSWORD, host: 'db.internal' } }, { format: 'ini', age: [age.recipient] });
    expect((await decrypt(ini, 'app.ini', { SOPS_AGE_KEY: age.identity })).plain).toBe(`[database]\npassword = ${PASSWORD}\nhost = db.internal\n`);

    const tfvars = `db_password = "${PASSWORD}"\n`;
    const binary = await sopsEncrypt({ data: tfvars }, { format: 'json', age: [age.recipient] });
    expect((await decrypt(binary, 'prod.tfvars', { SOPS_AGE_KEY: age.identity })).plain).toBe(tfvars);
  });

  test('mac_only_encrypted files verify too', async () => {
    const text = await sopsEncrypt({ public: 'yes', secret_token: TOKEN }, { format: 'yaml', age: [age.recipient], encryptedRegex: '^secret_', macOnlyEncrypted: true });
    expect(parseYaml((await decrypt(text, 'a.yaml', { SOPS_AGE_KEY: age.identity })).plain)).toEqual({ public: 'yes', secret_token: TOKEN });
  });

  test('several identities, one per line with age-keygen comments, in the variable the config names', async () => {
    const text = await sopsEncrypt({ token: TOKEN }, { format: 'yaml', age: [age.recipient] });
    const keyFile = `# created: 2026-01-01T00:00:00Z\n# public key: ${other.recipient}\n${other.identity}\n\n# public key: ${age.recipient}\n${age.identity}\n`;
    const { plain, seen } = await decrypt(text, 'a.yaml', { CI_AGE_KEYS: keyFile }, { age_identity_env: 'CI_AGE_KEYS', gpg_key_env: 'UNSET_GPG' });
    expect(parseYaml(plain)).toEqual({ token: TOKEN });
    expect(seen).toEqual(expect.arrayContaining([age.identity, other.identity, TOKEN]));
  });
});

describe('a GPG key through real gpg', () => {
  test('the armored private key from the CI secret unwraps the data key; its GNUPGHOME is removed afterwards', async () => {
    const gpg = gpgKeyPair();
    const text = await sopsEncrypt(secretManifest, { format: 'yaml', pgp: [gpg], age: [other.recipient], encryptedRegex: '^stringData$' });
    // This process's GNUPGHOMEs (named by its id): another Jest worker may be decrypting meanwhile.
    const ours = (name: string) => name.startsWith(`gitops-sync-sops-gpg-${process.pid}-`);
    const before = readdirSync(tmpdir()).filter(ours);
    const { plain } = await decrypt(text, 'secret.yaml', { GITOPS_SYNC_SOPS_GPG_KEY: gpg.armoredPrivateKey });
    expect(parseYaml(plain)).toEqual(secretManifest);
    expect(readdirSync(tmpdir()).filter((name) => ours(name) && !before.includes(name))).toEqual([]);
  });

  test('a GPG key that is not a recipient: unknown recipient, naming the variable and the file recipients', async () => {
    const [recipient, stranger] = [gpgKeyPair('Recipient'), gpgKeyPair('Stranger')];
    const text = await sopsEncrypt({ token: TOKEN }, { format: 'yaml', pgp: [recipient] });
    const message = await refusal(decrypt(text, 'a.yaml', { GITOPS_SYNC_SOPS_GPG_KEY: stranger.armoredPrivateKey }));
    expect(message).toBe(
      `None of the keys in GITOPS_SYNC_SOPS_GPG_KEY is a recipient of a.yaml (its recipients: PGP ${recipient.fingerprint}); set the key of one of them, or add the runner's key to the file with sops updatekeys.`,
    );
  });
});

describe('bad inputs: one sentence, no plaintext', () => {
  const encrypted = (options: Partial<SopsEncryptOptions> = {}) => sopsEncrypt({ db: { password: PASSWORD, user: 'app' } }, { format: 'yaml', age: [age.recipient], ...options });

  test('no key configured: names the variable to set', async () => {
    const message = await refusal(decrypt(await encrypted(), 'secrets/db.yaml', {}));
    expect(message).toBe(
      `secrets/db.yaml is SOPS-encrypted and no key to decrypt it is set; set SOPS_AGE_KEY (an age identity, AGE-SECRET-KEY-1…) as a masked CI secret for one of its recipients (age ${age.recipient}).`,
    );
  });

  test('an age identity that is not a recipient: unknown recipient', async () => {
    const message = await refusal(decrypt(await encrypted(), 'db.yaml', { SOPS_AGE_KEY: other.identity }));
    expect(message).toMatch(/^None of the keys in SOPS_AGE_KEY is a recipient of db\.yaml \(its recipients: age age1/);
  });

  test('a corrupt SOPS file: not YAML, or metadata without its MAC', async () => {
    const text = await encrypted();
    expect(await refusal(decrypt(`${text}\n  : [unclosed`, 'db.yaml', { SOPS_AGE_KEY: age.identity }))).toBe(
      'db.yaml is not a valid SOPS file: it does not parse as YAML; restore it from a trusted commit or re-encrypt it with sops.',
    );
    expect(await refusal(decrypt(text.replace(/\n {4}mac: .*\n/, '\n'), 'db.yaml', { SOPS_AGE_KEY: age.identity }))).toBe(
      'db.yaml is not a valid SOPS file: its sops metadata has no mac; restore it from a trusted commit or re-encrypt it with sops.',
    );
  });

  test('a tampered value, a value swapped between keys, a changed plain value, a replaced MAC: each refused', async () => {
    const text = await encrypted({ unencryptedSuffix: '_plain' });
    const key = { SOPS_AGE_KEY: age.identity };
    const values = [...text.matchAll(/(password|user): (ENC\[.*\])/g)].map((m) => m[2]!);
    // A flipped ciphertext byte fails the value's GCM tag.
    const flipped = values[0]!.replace(/data:(.)/, (_, c: string) => `data:${c === 'A' ? 'B' : 'A'}`);
    expect(await refusal(decrypt(text.replace(values[0]!, flipped), 'db.yaml', key))).toMatch(/^db\.yaml fails its SOPS integrity check \(the value at db:password does not verify/);
    // A value moved to another key fails too: the path is the additional data.
    expect(await refusal(decrypt(text.replace(values[0]!, values[1]!), 'db.yaml', key))).toMatch(/the value at db:password does not verify/);
    // A plaintext value where the rules say encrypted.
    expect(await refusal(decrypt(text.replace(values[1]!, 'intruder'), 'db.yaml', key))).toMatch(/the value at db:user is not an ENC\[AES256_GCM,…\] value/);
    // The MAC of another file encrypted with another data key.
    const otherMac = /mac: (ENC\[.*\])/.exec(await encrypted())![1]!;
    expect(await refusal(decrypt(text.replace(/mac: ENC\[.*\]/, `mac: ${otherMac}`), 'db.yaml', key))).toMatch(/its MAC does not verify/);
    // Deleting a value leaves the MAC unmatched.
    expect(await refusal(decrypt(text.replace(/\n\s+user: ENC\[.*\]/, ''), 'db.yaml', key))).toMatch(/the MAC does not match its values/);
  });

  test('a changed unencrypted value (under unencrypted_suffix) fails the MAC', async () => {
    const text = await sopsEncrypt({ host_plain: 'db.internal', password: PASSWORD }, { format: 'yaml', age: [age.recipient], unencryptedSuffix: '_plain' });
    expect(await refusal(decrypt(text.replace('db.internal', 'evil.example'), 'db.yaml', { SOPS_AGE_KEY: age.identity }))).toBe(
      "db.yaml fails its SOPS integrity check (the MAC does not match its values): it was changed without its key; restore it from a trusted commit or re-encrypt it with sops.",
    );
  });
});
