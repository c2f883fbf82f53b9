/**
 * `releaseLine` written as a Linkerd version: YAML reads `2.20` as the number 2.2, and a version names a major,
 * not a line. Each is taken as the newest catalog line of its major, with a warning that says so; anything
 * else is refused with the lines, the versions and how to add a line.
 */
import { loadClusterConfig, loadClusterConfigWithWarnings } from '../../lib/plan/config-load';
import { parseClusterConfig } from '../../lib/plan/config-load';
import { RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';
import { planClustersWithWarnings } from '../../lib/plan/plan-clusters';
import { newestLineOfMajor } from './release-line';

const FILE = 'clusters/home.yaml';
const read = (text: string) => loadClusterConfigWithWarnings(text, FILE);
const refusal = (text: string): string => {
  try {
    loadClusterConfig(text, FILE);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} was accepted`);
};

test('each version is taken as the newest line of its major in the catalog', () => {
  expect(['2.20', '2.19', '2.18', '2.14'].map(newestLineOfMajor)).toEqual([
    'edge-26.8.3',
    'edge-25.10.7',
    'edge-25.9.4',
    'stable-2.14.10',
  ]);
  // Newest: the first of the catalog's lines of that major (it lists newest first).
  for (const name of RELEASE_LINE_NAMES) {
    const newest = newestLineOfMajor(releaseLine(name).major!)!;
    expect(RELEASE_LINE_NAMES.indexOf(newest)).toBeLessThanOrEqual(RELEASE_LINE_NAMES.indexOf(name));
  }
});

test('releaseLine: 2.20 (the number 2.2 to YAML) is taken as the newest 2.20 line, with a warning', () => {
  const { config, warnings } = read('releaseLine: 2.20\n');
  expect(config.releaseLine).toBe('edge-26.8.3');
  expect(warnings).toEqual([
    `warning: ${FILE}: releaseLine: 2.2 (YAML reads 2.20 as a number): taken as edge-26.8.3 (Linkerd 2.20); write it in quotes or as the line name`,
  ]);
  // Given in code as the number 2.2, the same.
  expect(parseClusterConfig({ releaseLine: 2.2 }, FILE).releaseLine).toBe('edge-26.8.3');
});

test.each([
  [
    'releaseLine: 2.19',
    'edge-25.10.7',
    '2.19 (a number, read as Linkerd 2.19): taken as edge-25.10.7, the newest 2.19 line here; write the line name to pin it',
  ],
  [
    'releaseLine: 2.18',
    'edge-25.9.4',
    '2.18 (a number, read as Linkerd 2.18): taken as edge-25.9.4, the newest 2.18 line here; write the line name to pin it',
  ],
  [
    'releaseLine: 2.14',
    'stable-2.14.10',
    '2.14 (a number, read as Linkerd 2.14): taken as stable-2.14.10, the newest 2.14 line here; write the line name to pin it',
  ],
  [
    'releaseLine: "2.20"',
    'edge-26.8.3',
    '"2.20" (Linkerd 2.20): taken as edge-26.8.3, the newest 2.20 line here; write the line name to pin it (a newer 2.20 line added with npm run release-line:add would be taken instead)',
  ],
  [
    "releaseLine: '2.19'",
    'edge-25.10.7',
    '"2.19" (Linkerd 2.19): taken as edge-25.10.7, the newest 2.19 line here; write the line name to pin it (a newer 2.19 line added with npm run release-line:add would be taken instead)',
  ],
])('%s is taken as %s, with a warning', (text, line, note) => {
  const { config, warnings } = read(text);
  expect(config.releaseLine).toBe(line);
  expect(warnings).toEqual([`warning: ${FILE}: releaseLine: ${note}`]);
});

test('a line name, or no releaseLine, is read without a word', () => {
  for (const name of RELEASE_LINE_NAMES)
    expect(read(`releaseLine: ${name}`)).toEqual({ config: expect.anything(), warnings: [] });
  expect(read('{}').warnings).toEqual([]);
});

test('npm run synth prints the warning and plans the line it was taken as', () => {
  const { plans, warnings } = planClustersWithWarnings([{ path: FILE, text: 'releaseLine: 2.20\n' }]);
  expect(plans[0].line.name).toBe('edge-26.8.3');
  expect(warnings).toContain(
    `warning: ${FILE}: releaseLine: 2.2 (YAML reads 2.20 as a number): taken as edge-26.8.3 (Linkerd 2.20); write it in quotes or as the line name`,
  );
});

const LINES = RELEASE_LINE_NAMES.map((name) => `${name} (Linkerd ${releaseLine(name).major})`).join(', ');
const TAIL = `lines: ${LINES}; a Linkerd version (2.20, 2.19, 2.18, 2.14) is taken as its newest line; npm run release-line:add -- <release> adds newer lines (docs/upgrading.md)`;

test.each([
  [
    'releaseLine: 2.17',
    `${FILE}: releaseLine: number 2.17 is Linkerd 2.17, which no release line here belongs to; ${TAIL}`,
  ],
  [
    'releaseLine: "2.21"',
    `${FILE}: releaseLine: "2.21" is Linkerd 2.21, which no release line here belongs to; ${TAIL}`,
  ],
  [
    'releaseLine: 2.10',
    `${FILE}: releaseLine: number 2.1 is Linkerd 2.1 (or 2.10, which YAML reads as 2.1), which no release line here belongs to; ${TAIL}`,
  ],
  ['releaseLine: edge-99.1.1', `${FILE}: releaseLine: "edge-99.1.1" is not a release line here; ${TAIL}`],
  ['releaseLine: true', `${FILE}: releaseLine: boolean true is not a release line: write a line name; ${TAIL}`],
])('%s is refused with the lines and how to add one', (text, message) => {
  expect(refusal(text)).toBe(message);
});
