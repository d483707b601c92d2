// ts-jest in ESM mode: @actions/core 3 and @actions/github 9 ship ESM only.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // Unit tests run src/ in-process: a recording @actions/core, so no workflow command reaches the log.
    '^@actions/core$': '<rootDir>/test-support/core-stub.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 60000,
  // Most e2e time is spent waiting on spawned runs and loopback fakes, not on the CPU: three workers on
  // two cores halve the suite (jest's default is cores - 1, one worker here).
  maxWorkers: 3,
};
