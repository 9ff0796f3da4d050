import { describe, expect, it } from 'vitest';
import { addressListProblems, parseAddressList } from './address-list.js';

describe('address lists', () => {
  const list = parseAddressList(' 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32, ::1 ');

  it('matches IPv4 ranges and single addresses', () => {
    expect(list.has('10.200.3.4')).toBe(true);
    expect(list.has('11.0.0.1')).toBe(false);
    expect(list.has('192.0.2.7')).toBe(true);
    expect(list.has('192.0.2.8')).toBe(false);
  });

  it('matches IPv6 ranges and single addresses', () => {
    expect(list.has('2001:db8:abcd::42')).toBe(true);
    expect(list.has('2001:db9::1')).toBe(false);
    expect(list.has('::1')).toBe(true);
  });

  it('matches IPv4-mapped IPv6 addresses against IPv4 entries', () => {
    expect(list.has('::ffff:10.1.2.3')).toBe(true);
    expect(list.has('::ffff:192.0.2.7')).toBe(true);
    expect(list.has('::ffff:11.1.2.3')).toBe(false);
  });

  it('never lists a missing or malformed address', () => {
    expect(list.has(null)).toBe(false);
    expect(list.has(undefined)).toBe(false);
    expect(list.has('not-an-ip')).toBe(false);
    expect(parseAddressList('').has('10.0.0.1')).toBe(false);
    expect(parseAddressList('').size).toBe(0);
  });

  it('reports every malformed entry, for the env check at start', () => {
    expect(addressListProblems('10.0.0.0/8, 2001:db8::/32')).toEqual([]);
    expect(addressListProblems('10.0.0.0/33, example.com, ::/129, 1.2.3.4/8/9, 10.0.0.0/x')).toHaveLength(5);
    expect(() => parseAddressList('10.0.0.0/33')).toThrow(/prefix length must be 0–32/);
  });
});
