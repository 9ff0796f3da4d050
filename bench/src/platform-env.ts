/**
 * The environment every benchmark runs the platform with: development mode (demo corpus and
 * accounts), free ports, silent logs, no rate limits (a benchmark is one client sending far more
 * than any limit allows), BENCH_DATABASE_URL when set instead of the embedded database, and
 * BENCH_RESPONSE_CACHE=false to measure execution rather than the gateway's response cache.
 */
export function benchPlatformEnv(dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ENABLED: 'false',
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    ...(process.env.BENCH_RESPONSE_CACHE ? { RESPONSE_CACHE_ENABLED: process.env.BENCH_RESPONSE_CACHE } : {}),
  };
}
