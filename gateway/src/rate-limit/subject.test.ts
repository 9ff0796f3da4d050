import { describe, expect, it } from 'vitest';
import { addressKey, emailKey, subjectKey } from './subject.js';

describe('rate-limit subjects', () => {
  it('charges signed-in callers by user and anonymous ones by address', () => {
    const viewer = { userId: 'u1', roles: [], sessionId: 's1' };
    expect(subjectKey({ viewer, ip: '10.0.0.1' })).toBe('user:u1');
    expect(subjectKey({ viewer: null, ip: '10.0.0.1' })).toBe('ip:10.0.0.1');
    expect(subjectKey({ viewer: null, ip: null })).toBe('ip:unknown');
  });

  it('puts a whole IPv6 /64 in one bucket', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:0db8:0000:0001::1%eth0')).toBe('2001:db8:0:1::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('counts IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  });

  it('hashes emails, ignoring case and surrounding spaces', () => {
    expect(emailKey(' Ada@Example.com ')).toBe(emailKey('ada@example.com'));
    expect(emailKey('ada@example.com')).not.toContain('ada');
    expect(emailKey('ada@example.com')).not.toBe(emailKey('bob@example.com'));
  });
});
