/**
 * Checks a detached OpenPGP signature (binary, like HashiCorp's SHA256SUMS.sig, or armored) over a
 * downloaded file against the keys a tool's publisher signs its releases with.
 */
import type { Key, Signature } from 'openpgp';

/** Undefined when one of `armoredKeys` made `signature` over `data`; otherwise why not, as a clause for a message. */
export async function signatureProblem(data: Uint8Array, signature: Uint8Array, armoredKeys: readonly string[]): Promise<string | undefined> {
  // Loaded when needed: openpgp takes ~0.13 s to load, which every command not installing a tool would pay.
  const { createMessage, readKeys, readSignature, verify } = await import('openpgp');
  let parsed: Signature;
  try {
    const text = Buffer.from(signature).toString('latin1');
    parsed = text.trimStart().startsWith('-----BEGIN PGP SIGNATURE-----')
      ? await readSignature({ armoredSignature: text })
      : await readSignature({ binarySignature: signature });
  } catch {
    return 'it is not an OpenPGP signature';
  }
  const keys: Key[] = (await Promise.all(armoredKeys.map((armoredKeys) => readKeys({ armoredKeys })))).flat();
  const result = await verify({ message: await createMessage({ binary: data }), signature: parsed, verificationKeys: keys, format: 'binary' });
  if (result.signatures.length === 0) return 'it holds no signature';
  const reasons: string[] = [];
  for (const { verified, keyID } of result.signatures) {
    try {
      if (await verified) return undefined;
    } catch (error) {
      const message = (error as Error).message;
      const key = keyID.toHex().toUpperCase();
      reasons.push(message.startsWith('Could not find signing key') ? `it was made by key ${key}, which is not trusted` : `the signature by key ${key} does not verify: ${message}`);
    }
  }
  return reasons.join('; ');
}
