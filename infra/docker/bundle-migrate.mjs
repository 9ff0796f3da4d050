// Bundles scripts/migrate.ts (`pnpm db:migrate`) into platform/dist/migrate.js for the image's
// `migrate` command: production has no tsx. Packages stay external, so it runs on the built
// @ukp/kit and @ukp/platform (the platform resolves its own name through its `exports`).
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
// esbuild comes with tsx (a devDependency of the root); no extra dependency for one build step.
// From tsx's real folder: pnpm links it, and its own dependencies sit beside the real one.
const require = createRequire(realpathSync(`${root}node_modules/tsx/package.json`));
const { build } = require('esbuild');

await build({
  entryPoints: [`${root}scripts/migrate.ts`],
  outfile: `${root}platform/dist/migrate.js`,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
