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
      // `void promise` marks a deliberate fire-and-forget.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
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
