// Lint rules, including the process boundaries of the app:
//  - shared/        imports nothing outside itself (zod is the one library allowed)
//  - renderer/      imports no Node built-in, no Electron, nothing from electron/
//  - electron/vault, app, cli, share: plain Node, never `electron`
//  - electron/preload: only `electron` and shared/
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noElectron = { name: 'electron', message: 'This code must run in plain Node: keep Electron in electron/main.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Plain JavaScript entry scripts run in Node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The `keyhold` command is CommonJS (bin/package.json) so that it starts without the ES module loader.
    files: ['bin/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs on both sides: no Node built-ins.' }))],
        patterns: [{ regex: '^(?!\\./|zod$|zod/)', message: 'shared/ may import only its own files and zod.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through window.keyhold.' },
          ...nodeBuiltins.map((name) => ({ name, message: 'The renderer gets no Node APIs.' }))],
        patterns: [{ group: ['**/electron/**', '**/electron'], message: 'The renderer never imports main-process code.' }],
      }],
    },
  },
  {
    files: ['electron/vault/**/*.ts', 'electron/app/**/*.ts', 'electron/cli/**/*.ts', 'electron/share/**/*.ts', 'electron/refs/**/*.ts', 'electron/import/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/renderer/**', '**/main/**', '**/preload/**'], message: 'Core code never depends on the Electron adapter or the UI.' }],
      }],
    },
  },
  {
    files: ['electron/vault/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/renderer/**', '**/main/**', '**/preload/**', '**/app/**', '**/cli/**', '**/share/**'], message: 'The vault core depends on nothing above it.' }],
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'The sandboxed preload has no Node APIs.' })),
        patterns: [{ group: ['**/vault/**', '**/app/**', '**/cli/**', '**/share/**', '**/main/**', '**/renderer/**'], message: 'The preload only bridges the shared contract to ipcRenderer.' }],
      }],
    },
  },
);
