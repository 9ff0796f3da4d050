import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Probe } from '../scan.js';

/**
 * Opens a connection and sends a request's headers one byte at a time, never finishing them: the
 * server must close the connection by itself within `slowHeadersMaxMs`.
 */
export const slowlorisProbes: Probe[] = [
  {
    name: 'slowloris: headers sent byte by byte are cut off',
    group: 'transport',
    slow: true,
    run({ url, slowHeadersMaxMs }) {
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      const socket =
        url.protocol === 'https:'
          ? tlsConnect({ host: url.hostname, port, servername: url.hostname })
          : connect({ host: url.hostname, port });
      const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n`;
      const trickle = `X-Slow-${Math.random().toString(36).slice(2)}: ${'a'.repeat(10_000)}`;
      return new Promise<string[]>((resolve) => {
        let sent = 0;
        let settled = false;
        const finish = (findings: string[]) => {
          if (settled) return;
          settled = true;
          clearInterval(timer);
          clearTimeout(deadline);
          socket.destroy();
          resolve(findings);
        };
        const timer = setInterval(() => {
          if (socket.writable && sent < trickle.length) socket.write(trickle[sent++] ?? 'a');
        }, 100);
        const deadline = setTimeout(
          () => finish([`the connection was still open after ${slowHeadersMaxMs} ms of trickled headers`]),
          slowHeadersMaxMs,
        );
        let connected = false;
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          connected = true;
          socket.write(head);
        });
        // The server answering (408) and closing, or just closing, both end the attack.
        socket.on('data', () => {});
        socket.once('close', () => finish([]));
        socket.once('error', (error) => {
          // Reset by the server mid-trickle is a cut too; not reaching it at all proves nothing.
          finish(connected ? [] : [`could not connect: ${error.message}`]);
        });
      });
    },
  },
];
