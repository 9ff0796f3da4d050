import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Viewer } from '@ukp/kit';

/** Who a request is charged to: the signed-in user, or the address of an anonymous caller. */
export interface RateLimitSubject {
  viewer: Viewer | null;
  ip: string | null;
}

export function subjectKey(subject: RateLimitSubject): string {
  return subject.viewer ? `user:${subject.viewer.userId}` : `ip:${addressKey(subject.ip)}`;
}

/**
 * The bucket key for an address. One IPv6 client usually holds a whole /64 and can rotate through
 * it freely, so IPv6 addresses share a bucket per /64; IPv4-mapped addresses count as IPv4.
 */
export function addressKey(ip: string | null): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  return `${hextets(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` expanded and zeros trimmed (`2001:db8:0:0:…`). */
function hextets(ip: string): string[] {
  const [address = ''] = ip.split('%');
  const groups = (part: string | undefined) =>
    part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : [];
  const [head, tail] = address.split('::');
  const left = groups(head);
  const right = groups(tail);
  const gap = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...gap, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}

/** Emails are hashed so that Redis keys hold no addresses; case and spaces do not make new buckets. */
export function emailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 32);
}
