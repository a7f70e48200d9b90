/** Three tiers, each its own Jest project: unit (no I/O), integration (real Neo4j), e2e (HTTP). */
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  reporters: ["default", "<rootDir>/test/support/summaryReporter.js"],
  projects: [
    { displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"], transform, testEnvironment: "node" },
    {
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.int.test.ts"],
      transform,
      testEnvironment: "node",
      globalSetup: "<rootDir>/test/support/globalSetup.ts",
      globalTeardown: "<rootDir>/test/support/globalTeardown.ts",
    },
    {
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.e2e.test.ts"],
      transform,
      testEnvironment: "node",
      globalSetup: "<rootDir>/test/support/globalSetup.ts",
      globalTeardown: "<rootDir>/test/support/globalTeardown.ts",
    },
  ],
};
