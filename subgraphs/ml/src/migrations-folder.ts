import { fileURLToPath } from 'node:url';

/** drizzle-kit's output for this service (`pnpm --filter @ukp/ml db:generate`). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));
