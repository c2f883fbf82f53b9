/** The types of test-tier.js (plain JavaScript, for jest.config.js). */
export type TestTier = 'fast' | 'render' | 'ops' | 'property';

export const TIERS: Readonly<
  Record<
    TestTier,
    { readonly testMatch: readonly string[]; readonly testPathIgnorePatterns: readonly string[]; readonly what: string }
  >
>;

/** The tier of this run: TEST_TIER, or fast when it is unset or empty; any other value is refused. */
export function testTier(env?: NodeJS.ProcessEnv): TestTier;
