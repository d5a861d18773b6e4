import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // Whole-app tests on two shared cores can take tens of seconds under load; a hang still fails.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Two cores: a few files at a time; each integration file gets its own database and Redis prefix.
    maxWorkers: 3,
    pool: "forks",
  },
});
