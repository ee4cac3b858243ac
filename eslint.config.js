// Lint rules, including the ones that guard the architecture (see docs/ and DESIGN.md):
// src/domain stays isomorphic and pure, the PWA and the service worker never reach the server code.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const nodeImports = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-in modules are not available here.' })),
  patterns: [{ group: ['node:*'], message: 'Node built-in modules are not available here.' }],
};

/** Relative import of a top-level source folder, e.g. `../app/db` or `../../server/main`. */
const folder = (name) => `^(\\.\\./)+(src/)?${name}(/|$)`;

const domainImports = {
  paths: nodeImports.paths,
  patterns: [
    ...nodeImports.patterns,
    { group: ['dexie', 'dexie/*', 'dexie-*'], message: 'src/domain is pure: no IndexedDB. Put storage in src/app/db.' },
    { group: ['preact', 'preact/*', 'preact-*', '@preact/*'], message: 'src/domain is pure: no UI. Put components in src/app.' },
    { group: ['hono', 'hono/*', '@hono/*', 'better-sqlite3', 'pg', 'postgres'], message: 'src/domain is pure: no server code. Put it in src/server.' },
    { regex: folder('app'), message: 'src/domain is shared by app and server: it may not import from src/app.' },
    { regex: folder('server'), message: 'src/domain is shared by app and server: it may not import from src/server.' },
  ],
};

const browserGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'indexedDB', 'navigator', 'location', 'self', 'fetch', 'XMLHttpRequest'];
const nodeGlobals = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global'];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'test-results/', 'dev-dist/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Plain JavaScript runs in Node: build scripts, configs.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', domainImports],
      'no-restricted-globals': [
        'error',
        ...[...browserGlobals, ...nodeGlobals].map((name) => ({
          name,
          message: 'src/domain runs in the browser, the service worker and Node: take what you need as a parameter.',
        })),
      ],
    },
  },
  {
    files: ['src/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeImports.paths,
          patterns: [
            ...nodeImports.patterns,
            { regex: folder('server'), message: 'The PWA talks to the server over HTTP only (src/app/sync): no import from src/server.' },
          ],
        },
      ],
    },
  },
  {
    files: ['sw/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: folder('server'), message: 'The service worker may not import from src/server.' }] },
      ],
    },
  },
);
