// Child-process entry: our standalone gateway (gateway/src/main.ts) with GATEWAY_WORKERS > 1, the
// operator's option of several processes on one port. The cluster's workers run this file too and
// go straight to main.ts. Prints `READY <url>` once every worker listens — from the cluster's own
// events, so the gateway's logs can stay off as ours' do. Stops (drains) on SIGTERM.
import cluster from 'node:cluster';

if (cluster.isPrimary) {
  const workers = Number(process.env.GATEWAY_WORKERS ?? 1);
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workers) process.stdout.write(`READY http://127.0.0.1:${address.port}/graphql\n`);
  });
}
await import('../../../gateway/src/main.js');
