// `pnpm db:migrate`: applies every subgraph's migrations to DATABASE_URL (or the embedded database).
import { createDatabase, createLogger, databaseEnv, parseEnv, processEnv, runMigrations } from '@ukp/kit';
import { MIGRATIONS } from '@ukp/platform';

const env = parseEnv(databaseEnv, processEnv());
const logger = createLogger({ service: 'migrate' });
const database = await createDatabase({
  url: env.DATABASE_URL,
  dataDir: env.DATA_DIR,
  prepare: env.DATABASE_PREPARE,
  logger,
});
try {
  for (const { schema, folder } of MIGRATIONS) {
    const { applied } = await runMigrations(database.db, { schema, folder, logger });
    console.log(`${schema}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
