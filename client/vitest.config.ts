import { defineConfig } from 'vitest/config';

/**
 * Unit tests of the client's pure parts (save accounting, outline, routes):
 * `npx vitest run -c client/vitest.config.ts`. Browser behaviour is covered by
 * the e2e project in tests/e2e.
 */
export default defineConfig({
  test: { name: 'client', root: new URL('.', import.meta.url).pathname, include: ['src/**/*.test.ts'], environment: 'node' },
});
