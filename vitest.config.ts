import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two files at a time even on 2 cores (vitest's default there is one): most
    // of a file's time is waiting on Chromium, git, pre-commit or npm, in
    // processes of their own.
    maxWorkers: 2,
    // The JSON report lets CI print a plain "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "test-output/vitest.json" }]],
  },
});
