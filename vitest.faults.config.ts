import { defineConfig } from 'vitest/config';

/** Fault tests: slower, they start processes, kill them and stop databases. `npm run test:faults`. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/setup/embedded-servers.ts'],
    fileParallelism: false,
  },
});
