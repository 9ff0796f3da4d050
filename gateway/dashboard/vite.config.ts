import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  base: '/dashboard/',
  // The typed client and its documents from source (packages/client/src), as the tests run them.
  resolve: { conditions: ['ukp-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything as files: the page's CSP allows no inline script, style or data: URL.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
