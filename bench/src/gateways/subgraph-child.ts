// Child-process entry: one federation-benchmark subgraph (SUBGRAPH names it), as the public
// benchmark runs each subgraph as its own service. Prints `READY <url>`; GET /requests answers
// how many GraphQL requests it has served; stops on SIGTERM.
import { startFederationSubgraph } from './federation-subgraphs.js';

const subgraph = await startFederationSubgraph(process.env.SUBGRAPH ?? '');
process.stdout.write(`READY ${subgraph.url}\n`);
process.once('SIGTERM', () => {
  void subgraph.stop().finally(() => process.exit(0));
});
