/// <reference types="vitest/config" />
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { precompress } from './scripts/precompress';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig(({ command }) => ({
  // Built app only: tests and the server keep zod's compiled parsers (no CSP there).
  resolve: command === 'build' ? { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/app/zod-jitless.ts', import.meta.url)) }] } : {},
  plugins: [
    preact(),
    precompress(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // Registration and updates are owned by src/app/pwa/sw-bridge.ts (workbox-window).
      injectRegister: false,
      manifest: {
        name: 'Tournée',
        short_name: 'Tournée',
        description: 'Relais Petite Enfance itinérants et Baby Bus : annuaire, familles, tournées, hors ligne.',
        lang: 'fr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1d5c63',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The map (MapLibre and its worker, ~420 KB gzipped) is precached too: it is loaded only
        // when a map is shown, but must then work with no network, even if never opened online.
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,webmanifest}'],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // What the first screen needs in one file rather than a dozen small shared ones: each
        // request costs a round trip on a slow network and a service-worker fetch offline.
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/{domain,server,app,sync}/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['tests/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
}));
