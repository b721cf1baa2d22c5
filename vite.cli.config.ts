// The `keyhold` command as bundled JavaScript (out/cli/keyhold.js): starting it costs one parse
// instead of Node stripping types from ~280 modules. The vault (SQLite, Argon2) and age code
// stay behind dynamic imports, so commands served by the agent never load them. Native and
// heavy dependencies stay external and load from node_modules.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'electron/cli/main.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    copyPublicDir: false,
    rollupOptions: {
      output: { format: 'es', entryFileNames: 'keyhold.js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  ssr: { target: 'node', noExternal: ['zod'], external: ['better-sqlite3', '@node-rs/argon2', 'age-encryption'] },
});
