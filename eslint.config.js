// Lint: the process boundaries (a rule that knows packages) and the rules of React hooks.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { processBoundaries } from './tools/eslint/process-boundaries.js';

/** Packages that run in a browser: the only ones the window and shared/ may load. */
export const BROWSER_PACKAGES = ['react', 'react-dom', 'zustand', 'zod', 'libpg-query', '@codemirror/*', '@lezer/*', '@tanstack/*'];

const boundaries = { plugins: { seren: { rules: { 'process-boundaries': processBoundaries } } } };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**'] },
  {
    files: ['**/*.{ts,tsx,cts,mts,js}'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'no-control-regex': 'error' },
  },
  {
    ...boundaries,
    files: ['electron/core/**'],
    rules: {
      'seren/process-boundaries': ['error', {
        process: 'Core (plain Node)', nodeBuiltins: true, forbiddenPackages: ['electron'],
        folders: ['electron/core', 'shared'],
      }],
    },
  },
  {
    ...boundaries,
    files: ['renderer/src/**'],
    rules: {
      'seren/process-boundaries': ['error', {
        process: 'Renderer', nodeBuiltins: false, packages: BROWSER_PACKAGES, folders: ['renderer/src', 'shared'],
      }],
    },
  },
  {
    ...boundaries,
    files: ['shared/**'],
    rules: {
      'seren/process-boundaries': ['error', {
        process: 'Shared', nodeBuiltins: false, packages: BROWSER_PACKAGES.filter((p) => !p.startsWith('@') && !p.startsWith('react')), folders: ['shared'],
      }],
    },
  },
  {
    files: ['renderer/src/**/*.tsx', 'renderer/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
