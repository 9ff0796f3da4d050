/**
 * Black-box security scan of a GraphQL gateway: `pnpm scan -- <url>` (or SCAN_URL). Knows only
 * the URL and what the SCAN_* variables tell it; exits 1 on any finding. See README.md.
 */
import { formatReport, probes, runScan, targetFrom } from './index.js';

// Only this CLI reads the environment: the probes get what it says through `targetFrom`.
const env: Record<string, string | undefined> = process.env;
const url = process.argv.slice(2).find((arg) => arg !== '--') ?? env.SCAN_URL;
if (!url) {
  console.error('usage: pnpm scan -- <gateway-url>   (or SCAN_URL=<gateway-url> pnpm scan)');
  process.exit(2);
}

let target: ReturnType<typeof targetFrom>;
try {
  target = targetFrom(url, env);
} catch {
  console.error(`not a URL: ${url}`);
  process.exit(2);
}
console.log(
  `Scanning ${target.url.href} with ${probes.length} probes${target.token ? ' (with a token)' : ''}…\n`,
);
const [baseline] = await runScan(probes.slice(0, 1), target);
if (baseline?.status !== 'PASS') {
  console.log(formatReport(baseline ? [baseline] : []));
  console.error('\nThe target does not answer a trivial GraphQL query: nothing else was probed.');
  process.exit(1);
}
const results = await runScan(probes, target, (r) => {
  if (process.stderr.isTTY) process.stderr.write(`  ${r.status.padEnd(7)} ${r.name}\n`);
});
console.log(formatReport(results));
process.exit(results.some((r) => r.status === 'FINDING') ? 1 : 0);
