import { describe, expect, it } from 'vitest';
import { ConnectionCaps, type SocketRefusal } from './connection-caps.js';

const caps = { perAddress: 2, perUser: 1, newPerAddressPerMinute: 3, total: 3 };

function refusal(result: (() => void) | SocketRefusal): SocketRefusal {
  if (typeof result === 'function') throw new Error('expected a refusal');
  return result;
}

describe('socket caps', () => {
  it('caps open sockets per address (an IPv6 /64 is one address) and frees a slot on release', () => {
    const counted = new ConnectionCaps(caps);
    const first = counted.admit('2001:db8:1:2::1');
    expect(typeof first).toBe('function');
    expect(typeof counted.admit('2001:db8:1:2::ffff')).toBe('function');
    expect(refusal(counted.admit('2001:db8:1:2:aaaa::9'))).toMatchObject({
      reason: 'socketsPerAddress',
      status: 429,
    });
    (first as () => void)();
    // Released twice (socket close after a failed upgrade): counted once.
    (first as () => void)();
    expect(counted.sockets).toBe(1);
    expect(typeof counted.admit('2001:db8:1:2::1')).toBe('function');
  });

  it('caps new sockets per address per minute, then starts over', () => {
    let now = 0;
    const counted = new ConnectionCaps({ ...caps, perAddress: 10, total: 10 }, () => now);
    for (let i = 0; i < 3; i += 1) (counted.admit('192.0.2.1') as () => void)();
    now = 45_000;
    expect(refusal(counted.admit('192.0.2.1'))).toMatchObject({
      reason: 'newSocketsPerAddress',
      retryAfterSeconds: 15,
    });
    now = 60_000;
    expect(typeof counted.admit('192.0.2.1')).toBe('function');
  });

  it('refuses with 503 when the instance is full, whoever asks', () => {
    const counted = new ConnectionCaps(caps);
    counted.admit('192.0.2.1');
    counted.admit('192.0.2.2');
    counted.admit('192.0.2.3');
    expect(refusal(counted.admit('192.0.2.4'))).toMatchObject({ reason: 'sockets', status: 503 });
  });

  it('counts users apart from addresses', () => {
    const counted = new ConnectionCaps(caps);
    expect(counted.admitUser('u1')).toBe(true);
    expect(counted.admitUser('u1')).toBe(false);
    expect(counted.admitUser('u2')).toBe(true);
    counted.releaseUser('u1');
    expect(counted.admitUser('u1')).toBe(true);
  });
});
