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

const ONLY_APP_IMPORTS_HTTP = {
  group: ['./http/*', '../http/*', '../../http/*'],
  message: 'Only app.ts imports http/: services and the CLI never depend on the HTTP layer.',
};
const TRANSPORTS_USE_SERVICES = {
  group: ['../store/*', '../../store/*'],
  message: 'Transports call the services (docs/ARCHITECTURE.md, "Server layers"), never a store: the services check the rules and audit.',
};

export default defineConfig([
  globalIgnores(['**/node_modules/', '**/dist/', 'data/', 'coverage/', '**/.tmp/', 'bench/results/']),

  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig.json of its package; the few
        // root config files belong to none and get a default program.
        projectService: { allowDefaultProject: ['*.js', '*.ts'], defaultProject: 'tsconfig.base.json' },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Numbers and booleans in template strings read fine in messages and logs.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An async form handler on onSubmit/onClick is the React idiom; promises elsewhere are still checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Y.Text and Y.XmlFragment stringify to their content.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'YText', 'Text', 'YXmlFragment', 'XmlFragment'] },
      ],
      // Not practical here: the store interfaces are async so that other
      // backends can be; the memory and SQLite ones implement them without await.
      '@typescript-eslint/require-await': 'off',
      // With strict null checks, `!` marks a fact the code established (a map
      // entry just set, a DOM node the page renders); an unnecessary one is
      // still reported by no-unnecessary-type-assertion.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // tsconfig.base.json leaves noUncheckedIndexedAccess off, so an index
      // lookup (`arr[i]`, `record[key]`) looks never-undefined to these two
      // rules: they would flag the `?? fallback` and `!` that guard every such
      // lookup, and removing those would hide the checks the code relies on.
      // Turn both on together with noUncheckedIndexedAccess.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Comma sequences of setState calls in one-line handlers are deliberate.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Control characters in regular expressions are what the export and
      // fingerprint code strips on purpose.
      'no-control-regex': 'off',
      // `void x` marks a value left unused on purpose (compile-time checks, discarded results).
      '@typescript-eslint/no-meaningless-void-operator': 'off',
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
  // False positives: an object literal passed where `string | Options` is
  // expected (docx's TextRun, the test's mark helper) has its `bold`, `link`, …
  // resolved against String.prototype's deprecated HTML methods.
  {
    files: ['shared/src/fixtures/**/*.ts', 'shared/test/**/*.ts'],
    rules: { '@typescript-eslint/no-deprecated': 'off' },
  },

  // Layer boundaries (docs/ARCHITECTURE.md). server/test/architecture/boundaries.test.ts
  // checks the same on the whole import graph, plus import cycles, in `pnpm test`.
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      // shared/tsconfig.json has the DOM library (for the schema's parse-rule
      // types) and Node's types; the globals of either stay off limits here.
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'process', 'Buffer'].map((name) => ({
          name,
          message: 'shared/ is pure logic that runs in the browser and on the server: take what you need as a parameter.',
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure: no Node APIs (it runs in the browser too).' },
            {
              group: ['**/server/**', '**/client/**', '@concord/server', '@concord/server/*', '@concord/client', '@concord/client/*'],
              message: 'shared/ imports neither the server nor the client.',
            },
            {
              group: ['react', 'react-dom', '@tiptap/react', 'hono', 'hono/*', '@hono/*', 'better-sqlite3', 'postgres', 'ws'],
              message: 'shared/ holds pure logic: no UI or server framework.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/sync/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['hono', 'hono/*', '@hono/*', '../http/*'],
              message: 'sync/ knows bytes and Y.Doc, not HTTP: http/sync-endpoint.ts joins them.',
            },
            {
              group: [
                'better-sqlite3',
                'postgres',
                '../store/sqlite-*',
                '../store/memory-*',
                '../store/pg-*',
                '../store/open-stores*',
                '../store/open-pg-stores*',
              ],
              message: 'sync/ uses the store interfaces (store/types.ts), never an implementation.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/app.ts', 'server/src/http/**', 'server/src/sync/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ONLY_APP_IMPORTS_HTTP] }],
    },
  },
  // Transports (the HTTP routes, the socket endpoint, the CLI's commands) reach data
  // only through the services, which check the rules and write the audit entries:
  // no store module, not even for its types (a service re-exports the few a transport
  // needs, e.g. User, DocMeta). cli/run.ts and cli/cli-services.ts are the CLI's
  // composition root, as app.ts is the server's: they open the stores and build the services.
  {
    files: ['server/src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TRANSPORTS_USE_SERVICES] }],
    },
  },
  {
    files: ['server/src/cli/**/*.ts'],
    ignores: ['server/src/cli/run.ts', 'server/src/cli/cli-services.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ONLY_APP_IMPORTS_HTTP, TRANSPORTS_USE_SERVICES] }],
    },
  },

  // The browser client: React's rules of hooks. (The plugin's React Compiler
  // rules — set-state-in-effect, refs, purity — are for code prepared for the
  // compiler, which this client does not use.)
  {
    files: ['client/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // The browser types its API calls with the server's route type (api/http.ts); a
      // value import would put server code (SQLite, Node) into the bundle.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '@concord/server', '@concord/server/*'],
              allowTypeImports: true,
              message: 'The client imports only types from the server (import type).',
            },
          ],
        },
      ],
    },
    languageOptions: { globals: globals.browser },
  },

  // Plain JavaScript (the service worker, bench pages, this file): no type information.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  { files: ['client/public/sw.js'], languageOptions: { globals: globals.serviceworker } },
  { files: ['bench/browser/**/*.js'], languageOptions: { globals: globals.browser } },
  { files: ['eslint.config.js', 'bench/stalls/*.mjs'], languageOptions: { globals: globals.node } },

  prettier,
]);
