import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const gateway = process.env.RELAIS_GATEWAY_URL ?? 'http://localhost:3000';

// Built into the gateway's static folder (dist/dashboard at the repository root), which serves it at `/`.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // Only the contracts' browser-safe modules are imported (events, live-events, run-state): not the index,
      // which pulls class-validator and the flow contracts in.
      '@contracts': fileURLToPath(new URL('../../libs/contracts/src', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or data: URLs for modules: the gateway's CSP allows scripts from its own origin only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev --prefix apps/dashboard`: the API and socket.io go to a running gateway.
    proxy: {
      '/api': gateway,
      '/admin': gateway,
      '/socket.io': { target: gateway, ws: true },
    },
  },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
