// The `keyhold` command as bundled JavaScript (out/cli/keyhold.js): starting it costs one parse
// instead of Node stripping types from ~280 modules. The vault (SQLite, Argon2) and age code
// stay behind dynamic imports, so commands served by the agent never load them. Native and
// heavy dependencies stay external and load from node_modules.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    copyPublicDir: false,
    rollupOptions: {
      // The scan's worker thread is its own entry: a worker loads a file, not a chunk of this one.
      // `get` through the agent has its own small entry (bin/keyhold.js tries it first).
      input: { keyhold: 'electron/cli/main.ts', 'agent-get': 'electron/cli/agent-get.ts', 'scan-worker': 'electron/scan/worker.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  ssr: { target: 'node', noExternal: ['zod'], external: ['better-sqlite3', '@node-rs/argon2', 'age-encryption'] },
});
