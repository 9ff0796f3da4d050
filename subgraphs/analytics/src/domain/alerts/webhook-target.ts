import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard of alert webhooks. A rule's owner chooses the URL, and the analytics instance
 * sends to it from inside the platform's network: without this, a rule could reach the cloud
 * metadata service, a database or an admin port on localhost. The URL is checked when the rule
 * is created and again before every delivery (the DNS answer may have changed since), and the
 * connection goes to the very addresses that were checked (`pinnedLookup`), so a DNS answer that
 * changes between the check and the connect (rebinding) cannot slip a private address in.
 */

export const WEBHOOK_URL_MAX = 2048;

/** How long a host name may take to resolve before the target is refused. */
const RESOLVE_TIMEOUT_MS = 5000;
/** Addresses kept from one DNS answer (all of them are checked first). */
const MAX_ADDRESSES = 16;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to; injected by tests. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Why a webhook target is refused; the message is safe to show the rule's owner. */
export class WebhookTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

export interface TargetPolicy {
  /** Loopback and private ranges allowed (development, tests): ANALYTICS_WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  resolve?: HostResolver | undefined;
}

/** A checked target: connect only to `addresses`. */
export interface WebhookTarget {
  url: URL;
  addresses: ResolvedAddress[];
}

type RangeName =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade NAT'
  | 'link-local'
  | 'multicast'
  | 'reserved'
  | 'cloud metadata'
  | 'IPv4-compatible';

// IANA special-purpose registries (RFC 6890 and updates): everything not globally reachable.
const V4_RANGES: ReadonlyArray<[RangeName, string, number]> = [
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['carrier-grade NAT', '100.64.0.0', 10], // also Alibaba's metadata service, 100.100.100.200
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16], // AWS, GCP, Azure metadata: 169.254.169.254
  ['private', '172.16.0.0', 12],
  ['reserved', '192.0.0.0', 24], // IETF assignments; Oracle's metadata service, 192.0.0.192
  ['reserved', '192.0.2.0', 24],
  ['reserved', '192.88.99.0', 24],
  ['private', '192.168.0.0', 16],
  ['reserved', '198.18.0.0', 15],
  ['reserved', '198.51.100.0', 24],
  ['reserved', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4], // includes the broadcast address
  ['cloud metadata', '168.63.129.16', 32], // Azure's wire server: public-looking, host-local
];

const V6_RANGES: ReadonlyArray<[RangeName, string, number]> = [
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['IPv4-compatible', '::', 96],
  ['reserved', '100::', 64], // discard-only
  ['reserved', '64:ff9b:1::', 48], // local-use NAT64
  ['reserved', '2001::', 23], // IETF assignments, Teredo
  ['reserved', '2001:db8::', 32], // documentation
  ['reserved', '3fff::', 20], // documentation
  ['private', 'fc00::', 7], // unique local; AWS's IPv6 metadata service is fd00:ec2::254
  ['link-local', 'fe80::', 10],
  ['private', 'fec0::', 10], // site-local (deprecated)
  ['multicast', 'ff00::', 8],
];

function blockList(ranges: ReadonlyArray<[RangeName, string, number]>, family: 'ipv4' | 'ipv6') {
  const byName = new Map<RangeName, BlockList>();
  for (const [name, address, prefix] of ranges) {
    let list = byName.get(name);
    if (!list) {
      list = new BlockList();
      byName.set(name, list);
    }
    list.addSubnet(address, prefix, family);
  }
  return [...byName];
}

const V4_LISTS = blockList(V4_RANGES, 'ipv4');
const V6_LISTS = blockList(V6_RANGES, 'ipv6');

/** The 8 16-bit groups of a valid IPv6 address (zone removed), with a trailing dotted quad expanded. */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function ipv4Of(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/**
 * The IPv4 address an IPv6 address carries and a host would reach through it: IPv4-mapped
 * (`::ffff:a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`), well-known NAT64 (`64:ff9b::/96`)
 * and 6to4 (`2002:AABB:CCDD::/48`).
 */
function embeddedIpv4(groups: number[]): string | null {
  const g = (i: number) => groups[i] ?? 0;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g(5) === 0xffff) return ipv4Of(g(6), g(7));
  if (zeros(0, 4) && g(4) === 0xffff && g(5) === 0) return ipv4Of(g(6), g(7));
  if (g(0) === 0x64 && g(1) === 0xff9b && zeros(2, 6)) return ipv4Of(g(6), g(7));
  if (g(0) === 0x2002) return ipv4Of(g(1), g(2));
  return null;
}

/**
 * Why `ip` must not be a webhook's destination (the range's name), or null for a public address.
 * Anything that is not an IP address is refused too.
 */
export function blockedRange(ip: string): string | null {
  const address = ip.split('%')[0] ?? '';
  const version = isIP(address);
  if (version === 4) {
    for (const [name, list] of V4_LISTS) if (list.check(address, 'ipv4')) return name;
    return null;
  }
  if (version !== 6) return 'invalid';
  const groups = ipv6Groups(address.toLowerCase());
  const inner = embeddedIpv4(groups);
  if (inner !== null) {
    const range = blockedRange(inner);
    if (range !== null) return `IPv4-mapped ${range}`;
  }
  for (const [name, list] of V6_LISTS) if (list.check(address, 'ipv6')) return name;
  return null;
}

/** The URL, if it is one a webhook may have (scheme, size, no credentials); else WebhookTargetError. */
export function parseWebhookUrl(raw: string): URL {
  if (raw.length > WEBHOOK_URL_MAX) {
    throw new WebhookTargetError(`The webhook URL must be at most ${WEBHOOK_URL_MAX} characters.`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError('The webhook URL is not a valid absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookTargetError('The webhook URL must be http or https.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new WebhookTargetError('The webhook URL must not contain credentials.');
  }
  if (url.hostname === '') throw new WebhookTargetError('The webhook URL has no host.');
  return url;
}

async function resolveHost(host: string, resolve: HostResolver): Promise<ResolvedAddress[]> {
  const literal = isIP(host);
  if (literal !== 0) return [{ address: host, family: literal === 6 ? 6 : 4 }];
  let timer: NodeJS.Timeout | undefined;
  try {
    const answers = await Promise.race([
      resolve(host),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), RESOLVE_TIMEOUT_MS);
      }),
    ]);
    return answers.slice(0, MAX_ADDRESSES);
  } catch {
    throw new WebhookTargetError(`The webhook host ${host} could not be resolved.`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks a webhook URL and resolves its host: every address must be public (unless the policy
 * allows private ones) — one private address among public ones is refused, since the connection
 * could go to any of them.
 */
export async function checkWebhookTarget(raw: string, policy: TargetPolicy): Promise<WebhookTarget> {
  const url = parseWebhookUrl(raw);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const addresses = await resolveHost(host, policy.resolve ?? systemResolver);
  if (addresses.length === 0) throw new WebhookTargetError(`The webhook host ${host} has no address.`);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const range = blockedRange(address);
      if (range !== null) {
        throw new WebhookTargetError(
          `The webhook host ${host} resolves to ${address}, a ${range} address: webhooks may only go to public addresses.`,
        );
      }
    }
  }
  return { url, addresses };
}

/** A `lookup` for node's http(s) request that answers only with the checked addresses. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : null;
    const usable = addresses.filter((a) => wanted === null || a.family === wanted);
    if (usable.length === 0) {
      const error: NodeJS.ErrnoException = new Error('no checked address of the requested family');
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, usable[0]?.address ?? '', usable[0]?.family ?? 4);
  };
}
