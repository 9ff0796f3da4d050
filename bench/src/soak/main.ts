// `pnpm bench:soak`: SOAK_MINUTES (default 10) of mixed traffic against users, knowledge and the
// gateway as separate processes on PostgreSQL (TEST_DATABASE_URL's server, a fresh database) and
// Redis (TEST_REDIS_URL, a fresh key prefix). Prints the figures, writes bench-results/soak.md,
// and exits 1 when memory grew 10% or more after warm-up, a count leaked, or an operation failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { soakReport } from './report.js';
import { runSoak } from './run.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const result = await runSoak({
  minutes,
  ...(process.env.SOAK_CONCURRENCY ? { concurrency: Number(process.env.SOAK_CONCURRENCY) } : {}),
  log: (line) => console.log(`[soak] ${line}`),
});
const report = soakReport(result);
console.log(`\n${report}`);
const dir = fileURLToPath(new URL('../../../bench-results', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/soak.md`, `# Soak, ${minutes} min\n\n${report}\n`);
const failed = Object.values(result.ops).reduce((n, c) => n + c.failed, 0);
process.exit(result.ok && failed === 0 ? 0 : 1);
