import { randomBytes } from 'node:crypto';
import { type HttpAnswer, postGraphql } from '../http.js';
import { type Probe, Skip } from '../scan.js';
import { ProbeSocket } from '../ws.js';

/**
 * X-Forwarded-For as a client behind one appending load balancer sends it: left-most entries of
 * its own choosing, then the address the balancer saw (a constant here). Whatever the gateway's
 * trusted-proxy setting, the left-most entries must never pick the bucket that is charged.
 */
const spoofed = (real: string) =>
  `198.51.100.${1 + (randomBytes(1)[0]! % 250)}, 203.0.113.${1 + (randomBytes(1)[0]! % 250)}, ${real}`;

const header = (answer: HttpAnswer, name: string) => {
  const value = answer.headers[name];
  return typeof value === 'string' && value !== '' ? Number(value) : undefined;
};

const codeOf = (answer: HttpAnswer): unknown => {
  try {
    return (JSON.parse(answer.text) as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors?.[0]
      ?.extensions?.code;
  } catch {
    return undefined;
  }
};

export const clientAddressProbes: Probe[] = [
  {
    name: 'X-Forwarded-For: spoofed left-most entries share one rate-limit bucket',
    group: 'rate limits',
    async run(target) {
      const remaining: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const answer = await postGraphql(
          target.url,
          { query: '{ __typename }' },
          {
            'x-forwarded-for': spoofed('192.0.2.1'),
          },
        );
        const left = header(answer, 'ratelimit-remaining');
        if (left === undefined) throw new Skip(`no RateLimit-Remaining header (HTTP ${answer.status})`);
        remaining.push(left);
      }
      // A shared bucket only goes down (or starts over once, at a window's end); a fresh bucket per
      // spoofed address reports the same full allowance every time.
      return new Set(remaining).size === 1
        ? [`every request with different spoofed entries started a fresh bucket (remaining ${remaining[0]})`]
        : [];
    },
  },
  {
    name: 'X-Forwarded-For: sign-in failures with spoofed entries still meet the limit',
    group: 'rate limits',
    async run(target) {
      const email = `scan-${randomBytes(6).toString('hex')}@scan.invalid`;
      const attempt = () =>
        postGraphql(
          target.url,
          {
            query: 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
            variables: { input: { email, password: `wrong-${randomBytes(6).toString('hex')}` } },
          },
          { 'x-forwarded-for': spoofed('192.0.2.2') },
        );
      const first = await attempt();
      const limit = header(first, 'ratelimit-limit');
      if (codeOf(first) !== 'INVALID_CREDENTIALS' || limit === undefined)
        throw new Skip(`a failed sign-in answered ${String(codeOf(first))} without a usable RateLimit-Limit`);
      if (limit > 20) throw new Skip(`the tightest sign-in limit is ${limit}: too many attempts for a scan`);
      const codes: unknown[] = [codeOf(first)];
      for (let i = 1; i <= limit && codes.at(-1) !== 'RATE_LIMITED'; i += 1)
        codes.push(codeOf(await attempt()));
      return codes.includes('RATE_LIMITED')
        ? []
        : [
            `${codes.length} failed sign-ins, each from a different spoofed address, never met the limit of ${limit}`,
          ];
    },
  },
  {
    name: 'ws: sockets beyond the per-address cap refused before acknowledgement',
    group: 'websocket',
    async run(target) {
      const cap = target.wsSocketCap;
      if (cap === undefined) throw new Skip('SCAN_WS_SOCKET_CAP not given');
      const sockets: ProbeSocket[] = [];
      try {
        for (let i = 0; i <= cap; i += 1) {
          let socket: ProbeSocket;
          try {
            // Fresh spoofed entries each time: they must not make each socket a new address.
            socket = await ProbeSocket.open(target.url, 'graphql-transport-ws', {
              'x-forwarded-for': spoofed('192.0.2.3'),
            });
          } catch (error) {
            const message = (error as Error).message;
            // Refused at the upgrade, as it must be: with 429 (or 503 when the server is full).
            if (/HTTP (429|503)/.test(message)) return [];
            return [`socket ${i + 1}: the upgrade failed with "${message}", expected HTTP 429`];
          }
          sockets.push(socket);
          if (!(await socket.init())) return [`socket ${i + 1}: refused after the upgrade, not before it`];
        }
        return [`${cap + 1} sockets from one address were all acknowledged (cap ${cap})`];
      } finally {
        for (const socket of sockets) socket.close();
      }
    },
  },
];
