// ESLint for the whole workspace: `pnpm lint` (also run by `pnpm test`).
// Type-aware rules (typescript-eslint strict-type-checked) use each package's
// own tsconfig through the project service; formatting is Prettier's job
// (`pnpm format:check`), so eslint-config-prettier turns the style rules off.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores(['**/node_modules/', '**/dist/', 'data/', 'coverage/', '**/.tmp/', 'bench/results/']),

  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig.json of its package; the few
        // root config files belong to none and get a default program.
        projectService: { allowDefaultProject: ['*.js', '*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Numbers and booleans in template strings read fine in messages and logs.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Returning `setX(...)` from a void callback is how React handlers read.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // An async form handler on onSubmit/onClick is the React idiom; promises elsewhere are still checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Y.Text and Y.XmlFragment stringify to their content.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'YText', 'Text', 'YXmlFragment', 'XmlFragment'] }],
      // Not practical here: the store interfaces are async so that other
      // backends can be; the memory and SQLite ones implement them without await.
      '@typescript-eslint/require-await': 'off',
      // With strict null checks, `!` marks a fact the code established (a map
      // entry just set, a DOM node the page renders); an unnecessary one is
      // still reported by no-unnecessary-type-assertion.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  // Tests and benchmarks read untyped JSON from real servers and poke at
  // library internals; the no-unsafe-* family would demand a cast per line.
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', '**/*.test.ts', 'server/test/**/*.ts', 'shared/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  // The browser client: React's rules of hooks.
  {
    files: ['client/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },

  // Plain JavaScript (the service worker, bench pages, this file): no type information.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  { files: ['client/public/sw.js'], languageOptions: { globals: globals.serviceworker } },
  { files: ['bench/browser/**/*.js'], languageOptions: { globals: globals.browser } },
  { files: ['eslint.config.js'], languageOptions: { globals: globals.node } },

  prettier,
]);
