/** How an address range moved, for rules that care: `opened` to any address (0.0.0.0/0, ::/0), or `widened` to addresses the other side does not admit. */
export type CidrChange = 'opened' | 'widened';

interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4(text: string): bigint | undefined {
  const octets = IPV4.exec(text)?.slice(1).map(Number);
  if (!octets || octets.some((octet) => octet > 255)) return undefined;
  return octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  // An embedded IPv4 tail (::ffff:10.0.0.1) is two groups.
  const last = groups[groups.length - 1];
  const tail = last.length ? ipv4(last[last.length - 1]) : undefined;
  if (tail !== undefined) last.splice(-1, 1, (tail >> 16n).toString(16), (tail & 0xffffn).toString(16));
  const count = groups.reduce((sum, half) => sum + half.length, 0);
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = halves.length === 1 ? groups[0] : [...groups[0], ...Array<string>(8 - count).fill('0'), ...groups[1]];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128); undefined for anything else (a security group id, a tag). */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const family = address.includes(':') ? 6 : 4;
  const value = family === 4 ? ipv4(address) : ipv6(address);
  const bits = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (value === undefined || !(prefix >= 0 && prefix <= bits)) return undefined;
  const hostBits = BigInt(bits - prefix);
  return { family, network: (value >> hostBits) << hostBits, prefix };
}

/**
 * Ranges by family and prefix length, so whether a range lies inside one of them takes one lookup
 * per prefix length present, not one comparison per range (a security group may list thousands).
 */
function rangeIndex(ranges: readonly Cidr[]): (inner: Cidr) => boolean {
  const byPrefix = new Map<string, Set<bigint>>();
  for (const { family, network, prefix } of ranges) {
    const key = `${family}/${prefix}`;
    let networks = byPrefix.get(key);
    if (!networks) byPrefix.set(key, (networks = new Set()));
    networks.add(network);
  }
  const prefixes = [...byPrefix.keys()].map((key) => key.split('/').map(Number) as [4 | 6, number]);
  return (inner) =>
    prefixes.some(([family, prefix]) => {
      if (family !== inner.family || prefix > inner.prefix) return false;
      const hostBits = BigInt((family === 4 ? 32 : 128) - prefix);
      return byPrefix.get(`${family}/${prefix}`)!.has((inner.network >> hostBits) << hostBits);
    });
}

/**
 * The ranges in a value: the items of a list (a field may hold the whole list), and of a string the
 * comma- or space-separated ranges in it (`service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8,0.0.0.0/0"`).
 */
const rangesIn = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]).flatMap((item) => (typeof item === 'string' ? item.split(/[\s,]+/) : [item]));

/**
 * Whether `to` admits addresses none of the `from` ranges does: `opened` when it admits any address,
 * `widened` otherwise; undefined when it admits nothing new or holds no address range. A range
 * inside another one of `from` is not wider, so a set that only narrows or reorders is undefined.
 * Parses `from` once, for judging many values against the same ranges.
 */
export function cidrClassifier(from: readonly unknown[]): (to: unknown) => CidrChange | undefined {
  const isKnown = rangeIndex(from.flatMap(rangesIn).map(parseCidr).filter((cidr): cidr is Cidr => cidr !== undefined));
  return (to) => {
    let result: CidrChange | undefined;
    for (const text of rangesIn(to)) {
      const cidr = parseCidr(text);
      if (!cidr || isKnown(cidr)) continue;
      if (cidr.prefix === 0) return 'opened';
      result = 'widened';
    }
    return result;
  };
}

export const classifyCidrChange = (from: readonly unknown[], to: unknown) => cidrClassifier(from)(to);
