import { leaksIn } from '../http.js';
import { forgedClaims, hs256, unsigned } from '../jwt.js';
import type { Probe } from '../scan.js';
import { ProbeSocket, type WsMessage } from '../ws.js';
import { COMPLEX_DOCUMENTS } from './graphql.js';

/** Opens a graphql-transport-ws socket, runs `body`, and always closes it. */
async function withSocket<T>(
  url: URL,
  body: (socket: ProbeSocket) => Promise<T>,
  protocols?: string | string[],
): Promise<T> {
  const socket = await ProbeSocket.open(url, protocols);
  try {
    return await body(socket);
  } finally {
    socket.close();
  }
}

function closedWith(socket: ProbeSocket, codes: number[], what: string): string[] {
  if (!socket.closed) return [`${what}: the socket stayed open`];
  if (!codes.includes(socket.closed.code)) {
    return [
      `${what}: closed with ${socket.closed.code} "${socket.closed.reason}", expected ${codes.join(' or ')}`,
    ];
  }
  return [];
}

interface ErrorLike {
  message?: unknown;
  extensions?: { code?: unknown };
}

/** The errors of an `error` message, or of a `next` that carries errors. */
function errorsOf(message: WsMessage | undefined): ErrorLike[] {
  if (!message) return [];
  if (message.type === 'error' && Array.isArray(message.payload)) return message.payload as ErrorLike[];
  const payload = message.payload as { errors?: ErrorLike[] } | undefined;
  return message.type === 'next' && Array.isArray(payload?.errors) ? payload.errors : [];
}

function dataIn(message: WsMessage | undefined): unknown {
  return message?.type === 'next' ? (message.payload as { data?: unknown } | undefined)?.data : undefined;
}

/** Sends one operation and checks it is refused with `code` (or any code), nothing executed. */
async function refusedOverSocket(
  socket: ProbeSocket,
  id: string,
  query: string,
  code?: string,
): Promise<string[]> {
  socket.send({ id, type: 'subscribe', payload: { query } });
  const answered = await socket.until(
    () => socket.closed !== undefined || socket.messages.some((m) => m.id === id && m.type !== 'complete'),
    10_000,
  );
  if (!answered) return [`${id}: no answer within 10 s`];
  if (socket.closed)
    return [`${id}: the socket closed (${socket.closed.code}) instead of refusing the operation`];
  const message = socket.messages.find((m) => m.id === id && m.type !== 'complete');
  const findings: string[] = [];
  const data = dataIn(message);
  if (data !== undefined && data !== null) findings.push(`${id}: executed and returned data`);
  const errors = errorsOf(message);
  if (errors.length === 0) findings.push(`${id}: not refused (${message?.type})`);
  if (errors.some((e) => typeof e.extensions?.code !== 'string'))
    findings.push(`${id}: an error without a code`);
  if (code && !errors.some((e) => e.extensions?.code === code)) {
    findings.push(`${id}: codes ${errors.map((e) => e.extensions?.code).join(', ')}, expected ${code}`);
  }
  findings.push(...leaksIn(JSON.stringify(message)).map((f) => `${id}: ${f}`));
  return findings;
}

export const websocketProbes: Probe[] = [
  {
    name: 'ws: wrong or missing subprotocol refused',
    group: 'websocket',
    async run({ url }) {
      const findings: string[] = [];
      for (const protocol of ['graphql-ws', 'chat', undefined]) {
        const label = protocol ?? 'none';
        let socket: ProbeSocket;
        try {
          // Sent as a plain header: the ws client would itself abort a handshake that selects no
          // subprotocol, and the point is what the server does with the socket.
          socket = await ProbeSocket.open(url, [], protocol ? { 'sec-websocket-protocol': protocol } : {});
        } catch (error) {
          if (/handshake refused/.test((error as Error).message)) continue; // refused by HTTP: fine
          throw error;
        }
        try {
          const acked = await socket.init({}, 3000);
          if (acked) findings.push(`subprotocol ${label}: connection acknowledged`);
          else findings.push(...closedWith(socket, [4406, 1002], `subprotocol ${label}`));
        } finally {
          socket.close();
        }
      }
      return findings;
    },
  },
  {
    name: 'ws: no connection_init within the limit closes with 4408',
    group: 'websocket',
    slow: true,
    run({ url, wsInitMaxMs }) {
      return withSocket(url, async (socket) => {
        await socket.waitClose(wsInitMaxMs);
        return closedWith(socket, [4408], 'idle socket');
      });
    },
  },
  {
    name: 'ws: invalid token closes with 4403',
    group: 'websocket',
    async run({ url, token }) {
      const claims = forgedClaims(token);
      const findings: string[] = [];
      for (const [label, authorization] of Object.entries({
        'alg none': `Bearer ${unsigned({ alg: 'none' }, claims)}`,
        'wrong key': `Bearer ${hs256({}, claims, 'not-the-key')}`,
        garbage: 'Bearer garbage',
        'not a string': { token: 'x' },
      })) {
        await withSocket(url, async (socket) => {
          const acked = await socket.init({ authorization }, 5000);
          if (acked) findings.push(`${label}: connection acknowledged`);
          await socket.waitClose(5000);
          findings.push(...closedWith(socket, [4403], label));
        });
      }
      return findings;
    },
  },
  {
    name: 'ws: subscribe before connection_init closes the socket',
    group: 'websocket',
    run({ url, subscription }) {
      return withSocket(url, async (socket) => {
        socket.send({ id: 'early', type: 'subscribe', payload: { query: subscription } });
        await socket.waitClose(5000);
        const findings = closedWith(socket, [4401], 'subscribe before init');
        if (socket.messages.some((m) => m.type === 'next')) findings.push('the operation ran before init');
        return findings;
      });
    },
  },
  {
    name: 'ws: invalid frames close the socket (4400)',
    group: 'websocket',
    async run({ url }) {
      const findings: string[] = [];
      for (const [label, frame] of Object.entries({
        'not JSON': '{"type": "subscribe", ',
        'unknown type': JSON.stringify({ type: 'gimme_data' }),
        'subscribe without id': JSON.stringify({ type: 'subscribe', payload: { query: '{ __typename }' } }),
        'binary garbage': Buffer.from([0xff, 0x00, 0xfe, 0x01]),
      })) {
        await withSocket(url, async (socket) => {
          if (!(await socket.init())) {
            findings.push(`${label}: anonymous connection_init not acknowledged (cannot test)`);
            return;
          }
          socket.send(frame);
          await socket.waitClose(5000);
          findings.push(...closedWith(socket, [4400, 1003, 1007], label));
        });
      }
      return findings;
    },
  },
  {
    name: 'ws: message over 1 MB closes the socket',
    group: 'websocket',
    run({ url }) {
      return withSocket(url, async (socket) => {
        if (!(await socket.init())) return ['anonymous connection_init not acknowledged (cannot test)'];
        socket.send({
          id: 'big',
          type: 'subscribe',
          payload: { query: '{ __typename }', variables: { padding: 'x'.repeat(1_100_000) } },
        });
        await socket.waitClose(10_000);
        const findings = closedWith(socket, [1009], 'oversized message');
        if (socket.messages.some((m) => m.type === 'next')) findings.push('the oversized operation ran');
        return findings;
      });
    },
  },
  {
    name: 'ws: more subscriptions than one socket may hold',
    group: 'websocket',
    run({ url, subscription, subscriptionFlood }) {
      return withSocket(url, async (socket) => {
        if (!(await socket.init())) return ['anonymous connection_init not acknowledged (cannot test)'];
        for (let i = 0; i < subscriptionFlood; i += 1) {
          socket.send({ id: `s${i}`, type: 'subscribe', payload: { query: subscription } });
        }
        const refused = () => socket.messages.filter((m) => m.type === 'error' || errorsOf(m).length > 0);
        await socket.until(() => socket.closed !== undefined || refused().length > 0, 10_000);
        if (socket.closed)
          return [`the socket closed (${socket.closed.code}) instead of refusing subscriptions`];
        const findings: string[] = [];
        if (refused().length === 0)
          findings.push(`all ${subscriptionFlood} subscriptions on one socket were accepted`);
        for (const message of refused().slice(0, 3)) {
          if (errorsOf(message).some((e) => typeof e.extensions?.code !== 'string')) {
            findings.push(`a refusal without a code: ${JSON.stringify(message).slice(0, 200)}`);
          }
          findings.push(...leaksIn(JSON.stringify(message)));
        }
        return findings;
      });
    },
  },
  {
    name: 'ws: queries over the socket obey the same limits',
    group: 'websocket',
    run({ url }) {
      return withSocket(url, async (socket) => {
        if (!(await socket.init())) return ['anonymous connection_init not acknowledged (cannot test)'];
        const findings: string[] = [];
        const documents: Array<[string, string, string | undefined]> = [
          ['alias-bomb', COMPLEX_DOCUMENTS['alias bomb (1,000 aliases)'] ?? '', 'QUERY_TOO_COMPLEX'],
          ['deep', COMPLEX_DOCUMENTS['deep (150 levels)'] ?? '', 'QUERY_TOO_COMPLEX'],
          [
            'directive-bomb',
            COMPLEX_DOCUMENTS['directive bomb (1,000 directives)'] ?? '',
            'QUERY_TOO_COMPLEX',
          ],
          ['token-bomb-subscription', `subscription { ${'__typename '.repeat(5000)}}`, 'QUERY_TOO_COMPLEX'],
          ['introspection', '{ __schema { types { name } } }', undefined],
          ['suggestions', '{ mee { id } documnt { id } }', undefined],
        ];
        for (const [id, query, code] of documents)
          findings.push(...(await refusedOverSocket(socket, id, query, code)));
        return findings;
      });
    },
  },
];
