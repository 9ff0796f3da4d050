import { describe, expect, it } from 'vitest';
import {
  blockedRange,
  checkWebhookTarget,
  type HostResolver,
  parseWebhookUrl,
  pinnedLookup,
  WEBHOOK_URL_MAX,
  WebhookTargetError,
} from './webhook-target.js';

/** A DNS stand-in: host → addresses; unknown hosts fail like NXDOMAIN. */
function fakeDns(table: Record<string, string[]>): HostResolver {
  return async (host) => {
    const answers = table[host];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const strict = (table: Record<string, string[]> = {}) => ({ allowPrivate: false, resolve: fakeDns(table) });

describe('blockedRange', () => {
  // Each range from the IANA IPv4/IPv6 special-purpose registries (RFC 6890 and updates), probed
  // at its first address, somewhere inside, and its last address; then the neighbours just outside.
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['10.0.0.0', 'private'],
    ['10.20.30.40', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.0', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.192', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['192.168.0.1', 'private'],
    ['192.168.255.255', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['168.63.129.16', 'cloud metadata'],
  ])('IPv4 %s is %s', (ip, range) => {
    expect(blockedRange(ip)).toBe(range);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255', // just below 10/8
    '11.0.0.0', // just above 10/8
    '100.63.255.255', // just below 100.64/10
    '100.128.0.0', // just above
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255', // just below 172.16/12
    '172.32.0.0', // just above
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255', // just below multicast
    '168.63.129.17',
  ])('IPv4 %s is public', (ip) => {
    expect(blockedRange(ip)).toBeNull();
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::7f00:1', 'IPv4-compatible'],
    ['100::1', 'reserved'],
    ['64:ff9b:1::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['3fff::1', 'reserved'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['fe80::1', 'link-local'],
    ['FE80::ABCD', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
  ])('IPv6 %s is %s', (ip, range) => {
    expect(blockedRange(ip)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:10.1.2.3', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped link-local'],
    ['::ffff:100.64.0.1', 'IPv4-mapped carrier-grade NAT'],
    ['::ffff:0.0.0.0', 'IPv4-mapped unspecified'],
    ['::ffff:0:192.168.1.1', 'IPv4-mapped private'], // IPv4-translated (SIIT)
    ['64:ff9b::127.0.0.1', 'IPv4-mapped loopback'], // NAT64
    ['64:ff9b::a00:1', 'IPv4-mapped private'],
    ['2002:7f00:1::', 'IPv4-mapped loopback'], // 6to4 of 127.0.0.1
    ['2002:c0a8:101::1', 'IPv4-mapped private'], // 6to4 of 192.168.1.1
  ])('IPv6 %s carrying a blocked IPv4 is %s', (ip, range) => {
    expect(blockedRange(ip)).toBe(range);
  });

  it.each([
    '2606:4700:4700::1111',
    '2a00:1450:4001:82b::200e',
    '2001:200::1', // just above 2001::/23
    '::ffff:8.8.8.8', // mapped public
    '64:ff9b::808:808', // NAT64 of 8.8.8.8
    '2002:808:808::1', // 6to4 of 8.8.8.8
    'fbff:ffff::1', // just below fc00::/7
    'fe00::1', // between fc00::/7 and fe80::/10
  ])('IPv6 %s is public', (ip) => {
    expect(blockedRange(ip)).toBeNull();
  });

  it('anything that is not an IP address is refused', () => {
    expect(blockedRange('example.com')).toBe('invalid');
    expect(blockedRange('')).toBe('invalid');
  });
});

describe('parseWebhookUrl', () => {
  it('accepts http and https', () => {
    expect(parseWebhookUrl('https://hooks.example.com/a?b=c').hostname).toBe('hooks.example.com');
    expect(parseWebhookUrl('http://hooks.example.com:8080/x').port).toBe('8080');
  });

  it.each([
    ['ftp://example.com/x', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['gopher://example.com/', 'http or https'],
    ['javascript:alert(1)', 'http or https'],
    ['not a url', 'not a valid absolute URL'],
    ['/relative/path', 'not a valid absolute URL'],
    ['https://user:secret@example.com/', 'credentials'],
    ['https://user@example.com/', 'credentials'],
    ['https://:secret@example.com/', 'credentials'],
  ])('refuses %s', (url, message) => {
    expect(() => parseWebhookUrl(url)).toThrow(WebhookTargetError);
    expect(() => parseWebhookUrl(url)).toThrow(message);
  });

  it(`refuses a URL longer than ${WEBHOOK_URL_MAX} characters, not one at the limit`, () => {
    const base = 'https://example.com/';
    expect(parseWebhookUrl(base + 'a'.repeat(WEBHOOK_URL_MAX - base.length)).href).toHaveLength(
      WEBHOOK_URL_MAX,
    );
    expect(() => parseWebhookUrl(base + 'a'.repeat(WEBHOOK_URL_MAX - base.length + 1))).toThrow(
      'at most 2048',
    );
  });
});

describe('checkWebhookTarget', () => {
  it('resolves a public host and returns the addresses to connect to', async () => {
    const target = await checkWebhookTarget(
      'https://hooks.example.com/in',
      strict({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] }),
    );
    expect(target.addresses).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
  });

  it.each([
    ['http://127.0.0.1:8080/', 'loopback'],
    ['http://localhost/', 'loopback'], // via the resolver below
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fd00:ec2::254]/', 'private'],
    ['http://0x7f.1/', 'loopback'], // the URL parser normalises hex and short forms to 127.0.0.1
    ['http://2130706433/', 'loopback'], // 127.0.0.1 as one number
    ['http://0/', 'unspecified'],
    ['http://10.0.0.5/', 'private'],
  ])('refuses %s (%s)', async (url, range) => {
    const policy = strict({ localhost: ['127.0.0.1', '::1'] });
    await expect(checkWebhookTarget(url, policy)).rejects.toThrow(`a ${range} address`);
  });

  it('refuses a host name that resolves to a private address', async () => {
    const policy = strict({ 'internal.example.com': ['10.1.2.3'], 'rebind.example.com': ['192.168.1.10'] });
    await expect(checkWebhookTarget('https://internal.example.com/', policy)).rejects.toThrow(
      'resolves to 10.1.2.3, a private address',
    );
    await expect(checkWebhookTarget('https://rebind.example.com/', policy)).rejects.toThrow('private');
  });

  it('refuses a host with any private address among public ones (the connection could use either)', async () => {
    const policy = strict({ 'mixed.example.com': ['93.184.216.34', '127.0.0.1'] });
    await expect(checkWebhookTarget('https://mixed.example.com/', policy)).rejects.toThrow('loopback');
  });

  it('refuses a host whose AAAA answer is IPv4-mapped private', async () => {
    const policy = strict({ 'v6.example.com': ['::ffff:10.0.0.1'] });
    await expect(checkWebhookTarget('https://v6.example.com/', policy)).rejects.toThrow(
      'IPv4-mapped private',
    );
  });

  it('refuses a host that does not resolve, or resolves to nothing', async () => {
    await expect(checkWebhookTarget('https://nowhere.example.com/', strict())).rejects.toThrow(
      'could not be resolved',
    );
    await expect(
      checkWebhookTarget('https://empty.example.com/', strict({ 'empty.example.com': [] })),
    ).rejects.toThrow('has no address');
  });

  it('allowPrivate lets loopback and private targets through, still checking the URL itself', async () => {
    const policy = { allowPrivate: true, resolve: fakeDns({ localhost: ['127.0.0.1'] }) };
    await expect(checkWebhookTarget('http://localhost:9999/hook', policy)).resolves.toMatchObject({
      addresses: [{ address: '127.0.0.1', family: 4 }],
    });
    await expect(checkWebhookTarget('http://user:pw@localhost/', policy)).rejects.toThrow('credentials');
    await expect(checkWebhookTarget('ftp://localhost/', policy)).rejects.toThrow('http or https');
  });
});

describe('pinnedLookup', () => {
  const addresses = [
    { address: '93.184.216.34', family: 4 as const },
    { address: '2606:2800:220:1::1', family: 6 as const },
  ];

  function ask(options: { family?: number; all?: boolean }) {
    return new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) => {
      pinnedLookup(addresses)('ignored.example.com', options, (error, address, family) =>
        resolve({ error, address, ...(family === undefined ? {} : { family }) }),
      );
    });
  }

  it('answers only with the checked addresses, whatever host is asked', async () => {
    expect(await ask({})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect(await ask({ family: 6 })).toEqual({ error: null, address: '2606:2800:220:1::1', family: 6 });
    expect(await ask({ all: true })).toEqual({ error: null, address: addresses });
  });

  it('fails when no checked address has the family asked for', async () => {
    const only4 = new Promise<Error | null>((resolve) =>
      pinnedLookup([{ address: '93.184.216.34', family: 4 }])('x', { family: 6 }, (error) => resolve(error)),
    );
    expect((await only4)?.message).toContain('no checked address');
  });
});
