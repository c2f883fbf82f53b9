/** imports/linkerd-values is what `npm run gen:values` makes from ../shared today. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { RELEASE_LINE_NAMES } from '../lib/linkerd/catalog';
import { generateLineFiles, generateValuesFiles, indexFromFolders, JAEGER_VALUES_OUTPUT_DIR, sharedLines, VALUES_OUTPUT_DIR } from '../scripts/gen-values';
import { lineCharts } from './support/line-charts';
import { describeWithShared, SHARED_DIR } from './support/shared';

const PROJECT_DIR = resolve(__dirname, '..');

function committedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? committedFiles(join(dir, entry.name)) : [relative(PROJECT_DIR, join(dir, entry.name)).split('\\').join('/')],
  );
}

describeWithShared('generated Helm values types', () => {
  const generated = generateValuesFiles(SHARED_DIR);

  test('are up to date with ../shared (run "npm run gen:values" if not)', () => {
    // Lines added with release-line:add are not in ../shared/linkerd-charts: each is what its own charts
    // generate (from the packages in ../shared/helm-repositories or release-line:add's .cache/; a line whose
    // packages are at hand nowhere is taken as committed), and index.ts lists every line folder.
    const expected = new Map(generated);
    const added = RELEASE_LINE_NAMES.filter((line) => !sharedLines(SHARED_DIR).includes(line));
    for (const line of added) {
      const found = lineCharts(line);
      const files = found ? generateLineFiles(line, found.charts) : new Map(committedFiles(join(PROJECT_DIR, VALUES_OUTPUT_DIR, line)).map((path) => [path, readFileSync(join(PROJECT_DIR, path), 'utf8')]));
      for (const [path, content] of files) expected.set(path, content);
    }
    expected.set(`${VALUES_OUTPUT_DIR}/index.ts`, indexFromFolders(PROJECT_DIR));
    const committed = [...committedFiles(join(PROJECT_DIR, VALUES_OUTPUT_DIR)), ...committedFiles(join(PROJECT_DIR, JAEGER_VALUES_OUTPUT_DIR))].sort();
    expect(committed).toEqual([...expected.keys()].sort());
    const stale = [...expected].filter(([path, content]) => readFileSync(join(PROJECT_DIR, path), 'utf8') !== content).map(([path]) => path);
    expect(stale).toEqual([]);
  });

  test("include the Jaeger chart's keys, and the resources its template reads though values.yaml only comments them", () => {
    const jaeger = generated.get(`${JAEGER_VALUES_OUTPUT_DIR}/jaeger.keys.ts`) ?? '';
    expect(jaeger).toContain('export const jaegerKeys: KeyTree = {');
    expect(jaeger).toMatch(/\n  jaeger: \{\n(    .*\n)*    resources: '\*',\n/);
    expect(jaeger).toMatch(/\n  userconfig: /);
  });

  test('are the same on every run', () => {
    expect(generateValuesFiles(SHARED_DIR)).toEqual(generated);
  });

  test('include keys values.yaml only documents in comments but values-ha.yaml sets', () => {
    const controlPlane = generated.get(`${VALUES_OUTPUT_DIR}/edge-25.9.4/linkerd-control-plane.ts`) ?? '';
    expect(controlPlane).toMatch(/\n  destinationResources\?: \{\n    cpu\?: \{\n      limit\?: number \| string;/);
  });

  test('copy key names and kinds only, never a default value', () => {
    const controlPlane = generated.get(`${VALUES_OUTPUT_DIR}/edge-25.9.4/linkerd-control-plane.ts`) ?? '';
    expect(controlPlane).toContain('export type LinkerdControlPlaneValues = {');
    for (const defaultValue of ['all-unauthenticated', 'cr.l5d.io', 'linkerdVersionValue', '4191']) {
      expect(controlPlane).not.toContain(defaultValue);
    }
  });
});
