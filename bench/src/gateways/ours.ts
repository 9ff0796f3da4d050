// Child-process entry: our gateway (createGateway, every protection on) over SUPERGRAPH_PATH with
// SUBGRAPH_URLS overrides. Its own process so /proc CPU time is the gateway's alone.
// Prints `READY <url>` once listening; stops on SIGTERM.
import { createGateway } from '@ukp/gateway';
import { silentLogger } from '@ukp/kit';
import { platformConfig } from '@ukp/platform';

// platformConfig fills the development JWT secret from DATA_DIR, so tokens the platform issued
// (same DATA_DIR) verify here too.
const config = platformConfig(process.env);
const gateway = await createGateway({ env: config.gateway, logger: silentLogger(), port: 0 });
process.stdout.write(`READY ${gateway.url}\n`);
process.once('SIGTERM', () => {
  void gateway.stop().finally(() => process.exit(0));
});
