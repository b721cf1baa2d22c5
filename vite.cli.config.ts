// The `keyhold` command as bundled JavaScript (out/cli/keyhold.js): starting it costs one parse
// instead of Node stripping types from ~280 modules. The vault (SQLite, Argon2) and age code
// stay behind dynamic imports, so commands served by the agent never load them. Native and
// heavy dependencies stay external and load from node_modules.
// `keyhold get NAME` through the agent has an entry of its own, out/cli/agent-get.cjs
// (bin/keyhold.js tries it first), built separately once this build closes: in a shared build
// it would share chunks with the rest of the CLI (and their module evaluation), and
// every byte of that file is loaded on every `get`.
import { build, defineConfig, type InlineConfig, type SSROptions } from 'vite';

const ssr: SSROptions = { target: 'node', noExternal: ['zod', 'valibot'], external: ['better-sqlite3', '@node-rs/argon2', 'age-encryption'] };

const fastGetEntry: InlineConfig = {
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: false,
    target: 'node22',
    minify: false,
    copyPublicDir: false,
    rollupOptions: {
      input: { 'agent-get': 'electron/cli/agent-get.ts' },
      // CommonJS, like bin/keyhold.js that requires it: no ES module loader on this path.
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/agent-get-[name]-[hash].cjs' },
    },
  },
  ssr,
};

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
      input: { keyhold: 'electron/cli/main.ts', 'scan-worker': 'electron/scan/worker.ts' },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // vault/api.ts is types and one constant, but Rolldown would place it with the agent
        // protocol (whose schemas it then builds whenever the vault loads): a chunk of its own.
        codeSplitting: { groups: [{ name: 'vault-api', test: /electron[\\/]vault[\\/]api\.ts$/ }] },
      },
      // Rolldown would move modules shared by several commands into the entry chunk, so every
      // command (even `--version`) would load them: commands load lazily (commands/index.ts)
      // and must stay that way in the bundle.
      experimental: { chunkOptimization: { mergeCommonChunks: false } },
    },
  },
  plugins: [{ name: 'keyhold-fast-get-entry', apply: 'build', async closeBundle() { await build(fastGetEntry); } }],
  ssr,
});
