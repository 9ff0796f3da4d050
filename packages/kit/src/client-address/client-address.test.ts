import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../address-list.js';
import { forwardedClientAddress, NO_PROXY } from './forwarded.js';
import { CLIENT_ADDRESS_HEADER, createClientAddressSigner, verifiedClientAddress } from './signed.js';

const SOCKET = '10.0.0.5';
const xff = (value: string | string[]) => ({ 'x-forwarded-for': value });

describe('the client address behind proxies', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(forwardedClientAddress(xff('198.51.100.1'), SOCKET, NO_PROXY)).toBe(SOCKET);
    expect(forwardedClientAddress({}, undefined, NO_PROXY)).toBeNull();
  });

  it('counts hops from the right: a spoofed left-most entry is never the client', () => {
    // The client wrote "198.51.100.77"; the load balancer appended the address it saw.
    const headers = xff('198.51.100.77, 203.0.113.9');
    expect(forwardedClientAddress(headers, SOCKET, { hops: 1 })).toBe('203.0.113.9');
    expect(forwardedClientAddress(headers, SOCKET, { hops: 2 })).toBe('198.51.100.77');
    // More hops than entries: the left-most is as far as the chain goes.
    expect(forwardedClientAddress(headers, SOCKET, { hops: 5 })).toBe('198.51.100.77');
    // A trusted hop that received no header: the socket is the client.
    expect(forwardedClientAddress({}, SOCKET, { hops: 1 })).toBe(SOCKET);
  });

  it('walks trusted proxy ranges from the right; the first untrusted address is the client', () => {
    const trust = { hops: 0, proxies: parseAddressList('10.0.0.0/8, 2001:db8:f::/48') };
    expect(forwardedClientAddress(xff('1.1.1.1, 192.0.2.4, 10.1.1.1, 10.2.2.2'), SOCKET, trust)).toBe(
      '192.0.2.4',
    );
    // A socket that is not a trusted proxy is the client, whatever it forwards.
    expect(forwardedClientAddress(xff('192.0.2.4'), '192.0.2.99', trust)).toBe('192.0.2.99');
    // Every hop trusted: the left-most entry.
    expect(forwardedClientAddress(xff('10.9.9.9, 10.1.1.1'), SOCKET, trust)).toBe('10.9.9.9');
    expect(forwardedClientAddress(xff('2001:db8::1'), '2001:db8:f::2', trust)).toBe('2001:db8::1');
  });

  it('reads repeated headers, ports and brackets, and stops at an entry that is not an address', () => {
    expect(forwardedClientAddress(xff(['1.1.1.1', '192.0.2.4:5123']), SOCKET, { hops: 1 })).toBe('192.0.2.4');
    expect(forwardedClientAddress(xff('[2001:db8::7]:443'), SOCKET, { hops: 1 })).toBe('2001:db8::7');
    // Garbage from the right-most proxy's client leaves us at that proxy, never at the garbage.
    expect(forwardedClientAddress(xff('192.0.2.1, unknown'), SOCKET, { hops: 2 })).toBe(SOCKET);
    expect(forwardedClientAddress(xff(''), SOCKET, { hops: 1 })).toBe(SOCKET);
  });
});

describe('the signed client-address header', () => {
  const secret = 'a-shared-secret-of-at-least-32-bytes!!';
  let clock = 1_700_000_000_000;
  const signer = createClientAddressSigner(secret, { now: () => clock });

  it('round-trips an address signed under the same secret', () => {
    const value = signer.sign('192.0.2.8');
    expect(value).toMatch(/^192\.0\.2\.8;1700000000;[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(value)).toBe('192.0.2.8');
    expect(signer.verify(signer.sign('2001:db8::1'))).toBe('2001:db8::1');
  });

  it('refuses another key, a changed address or time, and malformed values', () => {
    const value = signer.sign('192.0.2.8');
    const other = createClientAddressSigner('another-secret-of-at-least-32-bytes!!!', { now: () => clock });
    expect(other.verify(value)).toBeUndefined();
    const [, seconds, mac] = value.split(';');
    expect(signer.verify(`192.0.2.9;${seconds};${mac}`)).toBeUndefined();
    expect(signer.verify(`192.0.2.8;${Number(seconds) + 1};${mac}`)).toBeUndefined();
    for (const bad of ['', '192.0.2.8', `not-an-ip;${seconds};${mac}`, `${value};x`, `192.0.2.8;-1;${mac}`])
      expect(signer.verify(bad)).toBeUndefined();
  });

  it('still refuses a forged value right after its genuine twin was accepted', () => {
    const value = signer.sign('192.0.2.8');
    expect(signer.verify(value)).toBe('192.0.2.8');
    expect(signer.verify(value)).toBe('192.0.2.8');
    const [ip, seconds, mac] = value.split(';');
    const forgedMac = `${mac?.startsWith('A') ? 'B' : 'A'}${mac?.slice(1)}`;
    expect(signer.verify(`${ip};${seconds};${forgedMac}`)).toBeUndefined();
    expect(signer.verify(`192.0.2.9;${seconds};${mac}`)).toBeUndefined();
    expect(signer.verify(value)).toBe('192.0.2.8');
  });

  it('refuses a header older or newer than the allowed skew (replays age out)', () => {
    const value = signer.sign('192.0.2.8');
    clock += 60_000;
    expect(signer.verify(value)).toBe('192.0.2.8');
    clock += 1_000;
    expect(signer.verify(value)).toBeUndefined();
    clock -= 122_000;
    expect(signer.verify(value)).toBeUndefined();
  });

  it('gives subgraphs the vouched address, else the socket, never X-Forwarded-For', () => {
    const headers = { [CLIENT_ADDRESS_HEADER]: signer.sign('192.0.2.8'), 'x-forwarded-for': '198.51.100.1' };
    expect(verifiedClientAddress(headers, SOCKET, signer)).toBe('192.0.2.8');
    expect(verifiedClientAddress({ 'x-forwarded-for': '198.51.100.1' }, SOCKET, signer)).toBe(SOCKET);
    expect(verifiedClientAddress({ [CLIENT_ADDRESS_HEADER]: '198.51.100.1;1;AAAA' }, SOCKET, signer)).toBe(
      SOCKET,
    );
    expect(verifiedClientAddress(headers, SOCKET, undefined)).toBe(SOCKET);
  });
});
