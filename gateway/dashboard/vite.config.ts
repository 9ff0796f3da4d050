import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The operations live with every other client operation, so codegen puts them in the trusted
// documents manifest and the page sends exactly what the gateway trusts.
const operations = fileURLToPath(new URL('../../schema/operations/dashboard.graphql', import.meta.url));

export default defineConfig({
  base: '/dashboard/',
  // A pattern, not a key: the `?raw` suffix must survive the rewrite.
  resolve: { alias: [{ find: /^@ukp\/dashboard-operations/, replacement: operations }] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything as files: the page's CSP allows no inline script, style or data: URL.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
