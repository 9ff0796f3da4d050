import { BlockList, isIP } from 'node:net';

/** A set of IPv4/IPv6 addresses and CIDR ranges (RATE_LIMIT_ALLOW_CIDRS, TRUSTED_PROXY_CIDRS, …). */
export interface AddressList {
  /** Whether `ip` is listed; an absent or malformed address is never listed. */
  has(ip: string | null | undefined): boolean;
  readonly size: number;
}

type Entry = { address: string; family: 'ipv4' | 'ipv6'; prefix: number | undefined };

function entries(spec: string): string[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseEntry(text: string): Entry | string {
  const [address = '', prefixText, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return `"${text}" is not an IP address or CIDR range`;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family, prefix: undefined };
  const max = version === 4 ? 32 : 128;
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) return `"${text}": the prefix length must be 0–${max}`;
  return { address, family, prefix };
}

/** What is wrong with a comma-separated list, for the env schema to report at start. */
export function addressListProblems(spec: string): string[] {
  return entries(spec)
    .map(parseEntry)
    .filter((entry): entry is string => typeof entry === 'string');
}

/**
 * Parses `10.0.0.0/8, 192.0.2.7, 2001:db8::/32` into a matcher backed by node's BlockList, which
 * also matches IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`) against IPv4 ranges: a dual-stack
 * listener reports IPv4 clients that way.
 */
export function parseAddressList(spec: string): AddressList {
  const list = new BlockList();
  const parsed = entries(spec).map(parseEntry);
  for (const entry of parsed) {
    if (typeof entry === 'string') throw new Error(entry);
    if (entry.prefix === undefined) list.addAddress(entry.address, entry.family);
    else list.addSubnet(entry.address, entry.prefix, entry.family);
  }
  return {
    size: parsed.length,
    has(ip) {
      if (!ip || parsed.length === 0) return false;
      const version = isIP(ip);
      return version !== 0 && list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
