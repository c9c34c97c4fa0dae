// Build of the dashboard's single-page app: Preact through Vite's own JSX transform (oxc, no
// Babel), hashed files under <repo>/dist/web, served by the gateway at /dashboard/.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Everything goes in files: CSP forbids inline script and style, and the data: URIs Vite
    // would inline for small assets are only needed for images.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
