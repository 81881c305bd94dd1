// Build of the staff web UI. Output goes to dist/admin, which apps/server serves at /.
// Vite 8 transforms TSX with oxc; no React plugin needed (no fast refresh in `vite dev`, which we do not rely on).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  resolve: {
    alias: { '@werkbank/contracts': here('../../libs/contracts/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/admin'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    // Raw size of the entry chunk (react-dom, router, query, i18n): ~410 kB, ~130 kB gzip. The budget is 300 kB gzip.
    chunkSizeWarningLimit: 450,
    rolldownOptions: {
      // react-query marks its modules "use client" (for RSC); irrelevant in a client-only SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite --config apps/admin/vite.config.ts` during development, against `npm run start:dev`.
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
