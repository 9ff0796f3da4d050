import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  // The workspace's packages resolve to their TypeScript sources: the example builds without
  // building @ukp/client first. An app outside the repo gets the package's dist/.
  resolve: { conditions: ['ukp-source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    // `pnpm dev` here and `pnpm start` at the root: the page calls the gateway through this proxy,
    // so the browser sees one origin (no CORS set-up for a demo).
    proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } },
  },
});
