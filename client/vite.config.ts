import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `pnpm -C client build` writes client/dist, which the server serves at `/`.
 * `pnpm -C client dev` proxies the API and the sync socket to a server on 8787.
 */
const server = process.env.CONCORD_SERVER ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react()],
  // One copy of each, or Yjs and ProseMirror break in subtle ways ("Yjs was already imported").
  resolve: { dedupe: ['yjs', 'lib0', 'y-protocols', '@tiptap/core', '@tiptap/pm', '@tiptap/y-tiptap', 'react', 'react-dom'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/sync': { target: server, ws: true, changeOrigin: false },
      '/healthz': { target: server },
    },
  },
});
