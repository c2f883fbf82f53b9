/**
 * One way to choose a test tier (test/support/test-tier.js): TEST_TIER, read by jest.config.js and by the
 * suites that run more by tier, and set by the npm scripts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIERS, testTier } from './support/test-tier';

const ROOT = join(__dirname, '..');

test('unset or empty is the fast tier; a tier is taken as it is; anything else is refused with the tiers', () => {
  expect(testTier({})).toBe('fast');
  expect(testTier({ TEST_TIER: '' })).toBe('fast');
  expect(testTier({ TEST_TIER: 'render' })).toBe('render');
  expect(() => testTier({ TEST_TIER: 'heavy' })).toThrow(
    'TEST_TIER="heavy" is not a test tier; the tiers: fast, render, ops, property',
  );
  expect(() => testTier({ TEST_TIER: 'toString' })).toThrow('is not a test tier');
});

test('npm test runs the fast tier and each other tier has its npm script, through TEST_TIER only', () => {
  const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
  expect(scripts.test).toBe('node scripts/test.js');
  for (const tier of Object.keys(TIERS).filter((name) => name !== 'fast')) {
    expect(scripts[`test:${tier}`]).toBe(`TEST_TIER=${tier} jest`);
  }
  const ours = Object.entries(scripts).filter(([name]) => name.startsWith('test'));
  expect(ours.filter(([, command]) => /\b[A-Z_]+=/.test(command) && !/^TEST_TIER=/.test(command))).toEqual([]);
});

test("jest.config.js runs the tier's test files", () => {
  const configFor = (tier: string) => {
    const saved = process.env.TEST_TIER;
    process.env.TEST_TIER = tier;
    try {
      let config: { testMatch: string[]; testPathIgnorePatterns: string[] } | undefined;
      jest.isolateModules(() => {
        config = require('../jest.config.js');
      });
      return config!;
    } finally {
      if (saved === undefined) delete process.env.TEST_TIER;
      else process.env.TEST_TIER = saved;
    }
  };
  expect(configFor('ops').testMatch).toEqual(['<rootDir>/test/make.test.ts', '<rootDir>/test/flux-repository.test.ts']);
  expect(configFor('fast').testPathIgnorePatterns).toContain('<rootDir>/test/make.test.ts');
  expect(configFor('render').testMatch).toEqual(['<rootDir>/test/render/**/*.test.ts']);
  expect(configFor('property').testMatch).toEqual(['<rootDir>/test/property/**/*.test.ts']);
});
