/**
 * Checks an age X25519 recipient (`age1…`, bech32 of a 32-byte key) without the age library, so the
 * config can refuse a mistyped key at load time. Bech32 as in BIP 173:
 * https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki#checksum
 */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit++) if ((top >>> bit) & 1) checksum ^= GENERATOR[bit];
  }
  return checksum >>> 0;
}

/** `age1` followed by 58 bech32 characters (52 of key, 6 of checksum) with a valid checksum. */
export function isAgeX25519Recipient(value: string): boolean {
  if (!/^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/.test(value)) return false;
  const data = [...value.slice(4)].map((char) => CHARSET.indexOf(char));
  const prefix = [...'age'].map((char) => char.charCodeAt(0));
  const expanded = [...prefix.map((code) => code >> 5), 0, ...prefix.map((code) => code & 31)];
  return polymod([...expanded, ...data]) === 1;
}
