/**
 * One jest run for everything; `npm test` compiles the policy data first (pretest). Type checking is `tsc -b`
 * (npm run build), so ts-jest only transpiles (isolated modules), in CommonJS for jest.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "<rootDir>/tests/tsconfig.jest.json" }],
  },
  testTimeout: 60000,
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
};
