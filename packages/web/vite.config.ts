import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { chunkGroups } from './build/chunk-groups.ts';
import { compressAssets } from './build/compress.ts';
import { earlyRequests } from './build/early-requests.ts';

const apiTarget = process.env.CLOSELOOP_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  resolve: {
    // The web shares the server's contracts and vocabularies; it builds from core's sources.
    alias: { '@closeloop/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) },
    // npm hoists a second React (18, for antd-mobile's peer ranges) to the root; one copy or hooks break at run time.
    dedupe: ['react', 'react-dom'],
  },
  plugins: [
    react(),
    chunkGroups(),
    earlyRequests(),
    compressAssets(),
    VitePWA({
      registerType: 'autoUpdate',
      // Registered by the app once the first screen is up (src/boot/service-worker.ts), not by a script of its own.
      injectRegister: false,
      manifest: {
        name: 'Closeloop',
        short_name: 'Closeloop',
        description: 'Closeloop — leads, deals and pay that explain themselves',
        start_url: '/m',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1677ff',
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-maskable.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The API is never served from the cache: access is decided by the server on every read.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
