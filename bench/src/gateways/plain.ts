// Child-process entry: a plain @apollo/gateway + @apollo/server (startStandaloneServer) over
// SUPERGRAPH_PATH with SUBGRAPH_URLS overrides, forwarding the authorization header — the
// reference point our gateway is compared with. Prints `READY <url>`; stops on SIGTERM.
import { startPlainGateway } from '../../../gateway/src/execution/testing/plain-gateway.js';
import { countGc } from './gc-stats.js';

const gcReport = process.env.BENCH_GC_STATS ? countGc('plain') : undefined;

const urlOverrides = Object.fromEntries(
  (process.env.SUBGRAPH_URLS ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);
const server = await startPlainGateway(process.env.SUPERGRAPH_PATH ?? '', {
  urlOverrides,
  forwardAuthorization: true,
  // Apollo's default level: its warnings and errors explain a failing run.
  logger: { debug() {}, info() {}, warn: console.warn, error: console.error },
});
process.stdout.write(`READY ${server.url}\n`);
process.once('SIGTERM', () => {
  gcReport?.();
  void server.stop().finally(() => process.exit(0));
});
