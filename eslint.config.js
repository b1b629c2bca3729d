// ESLint 9 flat config: the recommended JavaScript and typescript-eslint rules, tuned to stay quiet where the
// house style is deliberate (`_`-prefixed unused names, `void expr` to mark a value as intentionally unused).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
    'setImmediate', 'AbortController', 'AbortSignal', 'fetch', 'structuredClone', 'performance', 'TextEncoder', 'TextDecoder']
    .map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['**/dist/', '**/node_modules/', 'data/', '**/coverage/', 'bench/results/', '**/*.tsbuildinfo'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Node's globals for the plain .js/.mjs files (bin, bench); TypeScript checks its own files.
      globals: nodeGlobals,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // The web app runs in the browser; hooks must follow React's rules (a broken one fails only at run time).
    files: ['packages/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly', EventSource: 'readonly' } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Tests build deliberately malformed input and reach into internals.
    files: ['**/*.test.ts', '**/test-support/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
