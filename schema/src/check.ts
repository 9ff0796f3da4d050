// CLI of `pnpm schema:check`; exits 1 on a breaking change or an invalid client operation.
import { runSchemaCheck } from './schema-check.js';
import { CompositionFailed } from './supergraph.js';

try {
  const result = await runSchemaCheck();
  process.stdout.write(`${result.report}\n`);
  if (!result.ok) process.exit(1);
} catch (error) {
  if (!(error instanceof CompositionFailed)) throw error;
  console.error(error.message);
  process.exit(1);
}
