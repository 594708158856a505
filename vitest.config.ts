import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql (its CommonJS build, as Pothos and yoga load it), or schemas from "another realm" are refused.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
