import { ConfigError, exitOnSignals, processEnv, silentLogger } from '@ukp/kit';
import { startPlatform } from './platform.js';

const started = Date.now();
try {
  const platform = await startPlatform(processEnv());
  const { config } = platform;
  const lines = [
    '',
    `  UKP is up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  GraphQL API + ${config.production ? 'no Sandbox (production)' : 'Apollo Sandbox'}: http://localhost:${platform.port}/graphql`,
    `  Database: ${config.users.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}/pglite`}`,
    `  Event bus: ${config.users.REDIS_URL ? 'Redis (REDIS_URL)' : 'in-process'}`,
  ];
  if (platform.demoAccounts.length > 0) {
    lines.push('', '  Demo accounts (development only; passwords are kept in DATA_DIR/demo-accounts.json):');
    for (const a of platform.demoAccounts)
      lines.push(`    ${a.roles.join(',').padEnd(8)} ${a.email.padEnd(20)} ${a.password}`);
  }
  lines.push('', '  Stop with Ctrl-C.', '');
  console.log(lines.join('\n'));
  exitOnSignals(platform.stop, silentLogger());
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('UKP failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
