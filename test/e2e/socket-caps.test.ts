import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { adminToken, startTestPlatform, type TestPlatform, userWithRoles } from '../testkit/platform.js';

/**
 * graphql-ws socket caps through the gateway, with real `ws` clients. One load balancer is trusted in
 * front (TRUST_PROXY_HOPS=1), so each socket comes from the address its X-Forwarded-For ends with.
 */
const caps = {
  TRUST_PROXY_HOPS: '1',
  WS_MAX_SOCKETS_PER_ADDRESS: '3',
  WS_MAX_SOCKETS_PER_USER: '2',
  WS_MAX_NEW_SOCKETS_PER_ADDRESS_PER_MINUTE: '6',
};

type Opened =
  | { kind: 'open'; socket: WebSocket; closed: Promise<{ code: number; reason: string }> }
  | { kind: 'refused'; status: number; headers: Record<string, unknown>; body: string };

/** Upgrades from `ip`: the open socket, or the HTTP answer that refused the upgrade. */
function open(url: string, ip: string): Promise<Opened> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', {
    headers: { 'x-forwarded-for': `203.0.113.250, ${ip}` },
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ kind: 'open', socket, closed }));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          kind: 'refused',
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    socket.once('error', reject);
  });
}

/** Sends connection_init and resolves with the first answer: ack, or the close that refused it. */
function init(socket: WebSocket, closed: Promise<{ code: number; reason: string }>, token?: string) {
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }),
  );
  return Promise.race([
    new Promise<string>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()).type as string)),
    ),
    closed.then((c) => `closed ${c.code} ${c.reason}`),
  ]);
}

async function close(opened: Opened): Promise<void> {
  if (opened.kind !== 'open') return;
  opened.socket.close();
  await opened.closed;
}

describe('socket caps', () => {
  let t: TestPlatform;
  const leftovers: Opened[] = [];

  beforeAll(async () => {
    t = await startTestPlatform(caps);
  });
  afterAll(async () => {
    await Promise.all(leftovers.map(close));
    await t?.stop();
  });

  const keep = async (ip: string) => {
    const opened = await open(t.url, ip);
    leftovers.push(opened);
    return opened;
  };

  it('refuses the next socket from one address with 429 before the upgrade; other addresses still connect', async () => {
    const held = [await keep('192.0.2.1'), await keep('192.0.2.1'), await keep('192.0.2.1')];
    expect(held.map((o) => o.kind)).toEqual(['open', 'open', 'open']);
    const refused = await keep('192.0.2.1');
    if (refused.kind !== 'refused') throw new Error('expected the upgrade to be refused');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toMatchObject({
      errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'socketsPerAddress' } }],
    });
    expect((await keep('192.0.2.2')).kind).toBe('open');

    // Closing one frees its slot.
    await close(held[0]!);
    const again = await keep('192.0.2.1');
    expect(again.kind).toBe('open');
    if (again.kind === 'open') expect(await init(again.socket, again.closed)).toBe('connection_ack');
  });

  it('caps the sockets of one user at connection_init, from whatever address', async () => {
    const user = await userWithRoles(t, await adminToken(t), ['VIEWER']);
    const answers: string[] = [];
    for (const ip of ['192.0.2.10', '192.0.2.11', '192.0.2.12']) {
      const opened = await keep(ip);
      if (opened.kind !== 'open') throw new Error('expected an open socket');
      answers.push(await init(opened.socket, opened.closed, user.token));
    }
    expect(answers).toEqual([
      'connection_ack',
      'connection_ack',
      'closed 4429 Too many open sockets for this user',
    ]);
    // Anonymous sockets from the same address are not the user's.
    const anonymous = await keep('192.0.2.12');
    if (anonymous.kind !== 'open') throw new Error('expected an open socket');
    expect(await init(anonymous.socket, anonymous.closed)).toBe('connection_ack');
  });

  it('caps new sockets per address per minute, even when each closes at once', async () => {
    for (let i = 0; i < 6; i += 1) {
      const opened = await open(t.url, '192.0.2.20');
      expect(opened.kind).toBe('open');
      await close(opened);
    }
    const refused = await keep('192.0.2.20');
    if (refused.kind !== 'refused') throw new Error('expected the upgrade to be refused');
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({
      errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'newSocketsPerAddress' } }],
    });
  });

  it('counts refusals by reason and open sockets in the metrics', async () => {
    const metrics = await (await fetch(t.url.replace(/\/graphql$/, '/metrics'))).text();
    const value = (line: RegExp) =>
      Number(
        metrics
          .split('\n')
          .find((l) => line.test(l))
          ?.split(' ')
          .pop(),
      );
    expect(
      value(/^ukp_gateway_ws_sockets_refused_total\{reason="socketsPerAddress"\}/),
    ).toBeGreaterThanOrEqual(1);
    expect(value(/^ukp_gateway_ws_sockets_refused_total\{reason="socketsPerUser"\}/)).toBe(1);
    expect(value(/^ukp_gateway_ws_sockets_refused_total\{reason="newSocketsPerAddress"\}/)).toBe(1);
    expect(value(/^ukp_gateway_ws_sockets_open /)).toBe(t.platform.gateway.subscriptionStats().sockets);
    expect(value(/^ukp_gateway_ws_sockets_open /)).toBeGreaterThan(0);
  });
});
