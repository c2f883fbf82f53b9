/**
 * Which tier of the tests a jest run is, from one variable: `TEST_TIER=fast|render|ops|property` (unset:
 * fast). jest.config.js picks each tier's test files here, and a suite that runs more or less by tier asks
 * `testTier()`. The npm scripts set it: `npm test` (fast, beside the type-check), `npm run test:render`,
 * `npm run test:ops`, `npm run test:property`; CI runs all four (.ci/run).
 * Plain JavaScript: jest.config.js loads it untransformed.
 */

/** Each tier's test files (jest's testMatch) and what it runs. */
const TIERS = {
  fast: {
    // Tests sit beside their feature (features/) or construct (lib/), or in test/ for what spans the project.
    testMatch: [
      '<rootDir>/main.test.ts',
      '<rootDir>/test/**/*.test.ts',
      '<rootDir>/features/**/*.test.ts',
      '<rootDir>/lib/**/*.test.ts',
    ],
    // The Makefile's end-to-end tests take tens of seconds: the ops tier's alone.
    testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/make.test.ts'],
    what: 'every suite but the make targets, 40 generated configs; the type-check beside it (npm test)',
  },
  render: {
    testMatch: ['<rootDir>/test/render/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    what: 'the render suites, with every value we set rendered without it (one helm run per value)',
  },
  ops: {
    // The make targets, and a home-ops repository followed step by step (the part that runs npm in a copy).
    testMatch: ['<rootDir>/test/make.test.ts', '<rootDir>/test/flux-repository.test.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    what: 'the make targets for real, against fake kubectl/flux/linkerd on temporary project copies',
  },
  property: {
    testMatch: ['<rootDir>/test/property/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    what: '10,000 generated configs in memory and 1,000 on disk',
  },
};

/** The tier of this run: TEST_TIER, or fast when it is unset or empty; any other value is refused. */
function testTier(env = process.env) {
  const tier = env.TEST_TIER || 'fast';
  if (!Object.hasOwn(TIERS, tier)) {
    throw new Error(`TEST_TIER="${tier}" is not a test tier; the tiers: ${Object.keys(TIERS).join(', ')}`);
  }
  return tier;
}

module.exports = { TIERS, testTier };
