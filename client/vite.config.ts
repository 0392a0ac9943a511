import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `pnpm -C client build` writes client/dist, which the server serves at `/`.
 * `pnpm -C client dev` proxies the API and the sync socket to a server on 8787.
 */
const server = process.env.CONCORD_SERVER ?? 'http://127.0.0.1:8787';

/**
 * Writes dist/asset-manifest.json: every script and stylesheet of the build.
 * index.html names only the entry chunk; the service worker (public/sw.js)
 * reads this list to keep the lazily loaded chunks (editor, export, …) too,
 * so an offline reload can open any page.
 */
function assetManifest(): Plugin {
  return {
    name: 'concord-asset-manifest',
    apply: 'build',
    // After Vite's own CSS plugin, which drops the empty JavaScript files of
    // CSS-only chunks from the bundle: listed, they would be fetched and cached
    // as whatever the server answers for a file that does not exist.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((file) => /\.(js|css)$/.test(file))
        .sort()
        .map((file) => `/${file}`);
      this.emitFile({ type: 'asset', fileName: 'asset-manifest.json', source: JSON.stringify({ assets }, null, 2) });
    },
  };
}

export default defineConfig({
  plugins: [react(), assetManifest()],
  // One copy of each, or Yjs and ProseMirror break in subtle ways ("Yjs was already imported").
  resolve: { dedupe: ['yjs', 'lib0', 'y-protocols', '@tiptap/core', '@tiptap/pm', '@tiptap/y-tiptap', 'react', 'react-dom'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/sync': { target: server, ws: true, changeOrigin: false },
      '/healthz': { target: server },
    },
  },
});
