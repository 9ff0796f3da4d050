// Child-process entry: our gateway (createGateway, every protection on) over SUPERGRAPH_PATH with
// SUBGRAPH_URLS overrides. Its own process so /proc CPU time is the gateway's alone.
// Prints `READY <url>` once listening; stops on SIGTERM.
import { createGateway } from '@ukp/gateway';
import { silentLogger } from '@ukp/kit';
import { platformConfig } from '@ukp/platform';
import { sampleAllocations } from './alloc-profile.js';
import { countGc } from './gc-stats.js';

// platformConfig fills the development JWT secret from DATA_DIR, so tokens the platform issued
// (same DATA_DIR) verify here too.
const config = platformConfig(process.env);
const name = process.env.BENCH_CHILD_NAME ?? 'ours';
const gcReport = process.env.BENCH_GC_STATS ? countGc(name) : undefined;
const allocations = process.env.BENCH_ALLOC_PROFILE
  ? sampleAllocations(process.env.BENCH_ALLOC_PROFILE, name)
  : undefined;
const gateway = await createGateway({ env: config.gateway, logger: silentLogger(), port: 0 });
process.stdout.write(`READY ${gateway.url}\n`);
process.once('SIGTERM', () => {
  gcReport?.();
  allocations?.();
  void gateway.stop().finally(() => process.exit(0));
});
