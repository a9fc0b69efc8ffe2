import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { AuditCheckpoint, MerkleTree, createCheckpoint, merkleRoot, signCheckpoint, verifyCheckpointSignature } from '@gitops-sync/core';
import { auditLog } from './support/audit-events.js';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 6962 §2.1 MTH, written from the RFC's text: the reference the streaming tree must agree with. */
function referenceTreeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return sha256(Buffer.from([0]), leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.from([1]), referenceTreeHash(leaves.slice(0, k)), referenceTreeHash(leaves.slice(k)));
}

// The Certificate Transparency reference leaves and the tree heads for sizes 0 … 8
// (certificate-transparency-go merkletree tests, used by many RFC 6962 implementations).
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('the audit Merkle tree (RFC 6962)', () => {
  it('gives the reference tree heads for the Certificate Transparency test leaves, sizes 0 to 8', () => {
    for (let size = 0; size <= CT_LEAVES.length; size += 1) expect(merkleRoot(CT_LEAVES.slice(0, size))).toBe(CT_ROOTS[size]);
  });

  it('agrees with the RFC definition over event hashes for every size up to 70', () => {
    const hashes = auditLog(70).map((event) => event.hash);
    const tree = new MerkleTree();
    for (let size = 1; size <= hashes.length; size += 1) {
      tree.append(hashes[size - 1]);
      const expected = referenceTreeHash(hashes.slice(0, size).map((hash) => Buffer.from(hash, 'hex'))).toString('hex');
      expect([size, tree.root()]).toEqual([size, expected]);
    }
  });

  it('changes its root when any event hash changes or two swap places', () => {
    const hashes = auditLog(9).map((event) => event.hash);
    const swapped = [...hashes];
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    expect(merkleRoot(swapped)).not.toBe(merkleRoot(hashes));
  });
});

describe('audit checkpoints (gitops-sync/audit-checkpoint@1)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const events = auditLog(5);

  it('records the size, the Merkle root, the last hash and seq, and validates against its schema', () => {
    const checkpoint = createCheckpoint(events, { time: '2026-01-02T03:04:05Z' });
    expect(AuditCheckpoint.parse(checkpoint)).toEqual({
      schema: 'gitops-sync/audit-checkpoint@1',
      size: 5,
      root_hash: merkleRoot(events.map((event) => event.hash)),
      last_hash: events[4].hash,
      last_seq: 5,
      time: '2026-01-02T03:04:05Z',
    });
  });

  it('of an empty log is the empty tree hash at size 0', () => {
    expect(createCheckpoint([], { time: '2026-01-02T03:04:05Z' })).toMatchObject({ size: 0, last_seq: 0, root_hash: CT_ROOTS[0], last_hash: '0'.repeat(64) });
  });

  it('is signed with Ed25519 and names the key by the sha256 of the raw public key', () => {
    const checkpoint = createCheckpoint(events, { time: '2026-01-02T03:04:05Z', signingKeyPem: privatePem });
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    expect(checkpoint.signature).toMatchObject({ algorithm: 'ed25519', key_id: createHash('sha256').update(raw).digest('hex') });
    expect(verifyCheckpointSignature(checkpoint, publicPem)).toEqual({ valid: true, key_id: checkpoint.signature!.key_id });
  });

  it('does not verify once its content changed after signing', () => {
    const checkpoint = createCheckpoint(events, { time: '2026-01-02T03:04:05Z', signingKeyPem: privatePem });
    expect(verifyCheckpointSignature({ ...checkpoint, size: 4 }, publicPem)).toMatchObject({ valid: false, problem: 'invalid' });
  });

  it('does not verify with another key, nor unsigned', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const checkpoint = signCheckpoint(createCheckpoint(events, { time: '2026-01-02T03:04:05Z' }), privatePem);
    expect(verifyCheckpointSignature(checkpoint, other)).toMatchObject({ valid: false, problem: 'other-key' });
    expect(verifyCheckpointSignature(createCheckpoint(events, { time: '2026-01-02T03:04:05Z' }), publicPem)).toMatchObject({ valid: false, problem: 'unsigned' });
  });

  it('refuses a signing key that is not Ed25519, in one sentence without the key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => createCheckpoint(events, { time: '2026-01-02T03:04:05Z', signingKeyPem: rsa })).toThrow('the audit checkpoint private key is an rsa key, not Ed25519; give an Ed25519 key (openssl genpkey -algorithm ed25519)');
    expect(() => createCheckpoint(events, { time: '2026-01-02T03:04:05Z', signingKeyPem: 'not a key' })).toThrow(/^the audit checkpoint private key is not a PEM private key/);
  });
});
