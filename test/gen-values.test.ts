/** imports/linkerd-values is what `npm run gen:values` makes from ../shared today. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { RELEASE_LINE_NAMES } from '../lib/linkerd/catalog';
import {
  generateLineFiles,
  generateValuesFiles,
  indexFromFolders,
  CERT_MANAGER_VALUES_OUTPUT_DIR,
  JAEGER_VALUES_OUTPUT_DIR,
  sharedLines,
  VALUES_OUTPUT_DIR,
} from '../scripts/gen-values';
import { HELM_CHART_FACTS, IDENTITY_FACTS } from '../scripts/release-lines/line-facts';
import { commentText, renderKeys, renderType } from '../scripts/values-types/render';
import type { Shape } from '../scripts/values-types/shape';
import { lineHelmCharts } from './support/line-helm-charts';
import { describeWithShared, SHARED_DIR } from './support/shared';

const PROJECT_DIR = resolve(__dirname, '..');

function committedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? committedFiles(join(dir, entry.name))
      : [relative(PROJECT_DIR, join(dir, entry.name)).split('\\').join('/')],
  );
}

/** What gen:values makes from ../shared, made once for the file ('are the same on every run' makes it again). */
let generatedOnce: ReturnType<typeof generateValuesFiles> | undefined;
const generatedFromShared = () => (generatedOnce ??= generateValuesFiles(SHARED_DIR));

describeWithShared('generated Helm values types', () => {
  const generated = generatedFromShared();

  test('are up to date with ../shared (run "npm run gen:values" if not)', () => {
    // Lines added with release-line:add are not in ../shared/linkerd-charts: each is what its own Helm charts
    // generate (from the packages in ../shared/helm-repositories or release-line:add's .cache/; a line whose
    // packages are at hand nowhere is taken as committed), and index.ts lists every line folder.
    const expected = new Map(generated);
    const added = RELEASE_LINE_NAMES.filter((line) => !sharedLines(SHARED_DIR).includes(line));
    for (const line of added) {
      const found = lineHelmCharts(line);
      const files = found
        ? generateLineFiles(line, found.helmCharts)
        : new Map(
            committedFiles(join(PROJECT_DIR, VALUES_OUTPUT_DIR, line)).map((path) => [
              path,
              readFileSync(join(PROJECT_DIR, path), 'utf8'),
            ]),
          );
      for (const [path, content] of files) expected.set(path, content);
    }
    expected.set(`${VALUES_OUTPUT_DIR}/index.ts`, indexFromFolders(PROJECT_DIR));
    const committed = [
      ...committedFiles(join(PROJECT_DIR, VALUES_OUTPUT_DIR)),
      ...committedFiles(join(PROJECT_DIR, JAEGER_VALUES_OUTPUT_DIR)),
      ...committedFiles(join(PROJECT_DIR, CERT_MANAGER_VALUES_OUTPUT_DIR)),
    ].sort();
    expect(committed).toEqual([...expected.keys()].sort());
    const stale = [...expected]
      .filter(([path, content]) => readFileSync(join(PROJECT_DIR, path), 'utf8') !== content)
      .map(([path]) => path);
    expect(stale).toEqual([]);
  });

  test("include the Jaeger Helm chart's keys, and the resources its template reads though values.yaml only comments them", () => {
    const jaeger = generated.get(`${JAEGER_VALUES_OUTPUT_DIR}/jaeger.keys.ts`) ?? '';
    expect(jaeger).toContain('export const jaegerKeys: KeyTree = {');
    expect(jaeger).toMatch(/\n {2}jaeger: \{\n( {4}.*\n)* {4}resources: '\*',\n/);
    expect(jaeger).toMatch(/\n {2}userconfig: /);
  });

  test('are the same on every run', () => {
    expect(generateValuesFiles(SHARED_DIR)).toEqual(generated);
  });

  test('include keys values.yaml only documents in comments but values-ha.yaml sets', () => {
    const controlPlane = generated.get(`${VALUES_OUTPUT_DIR}/edge-25.9.4/linkerd-control-plane.ts`) ?? '';
    expect(controlPlane).toMatch(/\n {2}destinationResources\?: \{\n {4}cpu\?: \{\n {6}limit\?: number \| string;/);
  });

  test('copy key names and kinds only, never a default value', () => {
    const controlPlane = generated.get(`${VALUES_OUTPUT_DIR}/edge-25.9.4/linkerd-control-plane.ts`) ?? '';
    expect(controlPlane).toContain('export type LinkerdControlPlaneValues = {');
    for (const defaultValue of ['all-unauthenticated', 'cr.l5d.io', 'linkerdVersionValue', '4191']) {
      expect(controlPlane).not.toContain(defaultValue);
    }
  });
});

/**
 * What a Helm chart says reaches generated code only as data: keys through propertyName (checked by compiling
 * and evaluating what it writes), versions only after the SemVer check, comments only our own text.
 */
describe('generated code from hostile Helm chart data', () => {
  const HOSTILE_KEYS = [
    `*/ require('child_process').exec('touch /tmp/pwned') /*`,
    `'); require('fs'); ('`,
    `\\'; process.exit(1); '`,
    'line\nbreak',
    'carriage\rreturn',
    'separator\u2028and\u2029paragraph',
    '${injection}`',
    '"double"',
    'nul\u0000byte',
    'ünïcödé',
    'constructor',
    '',
  ];

  test.each(HOSTILE_KEYS.map((key) => [JSON.stringify(key), key]))(
    'a values key %s is written as data: the key tree evaluates to it, the type parses with it',
    (_shown, key) => {
      // Built by hand: inferShape would call a map with a key holding `/` or `.` free-form (no keys written).
      const shape: Shape = {
        kind: 'object',
        properties: new Map([
          [
            key,
            {
              kind: 'object',
              properties: new Map([['inner', { kind: 'scalar', types: new Set(['number' as const]) }]]),
            },
          ],
        ]),
      };
      const keys = renderKeys(shape);
      // The emitted expression, run as JavaScript, is an object with exactly that key: nothing else ran.
      const value = new Function(`return (${keys});`)() as Record<string, unknown>;
      expect(Object.keys(value)).toEqual([key]);
      expect(value[key]).toEqual({ inner: true });
      const source = `type T = ${renderType(shape)};`;
      const parsed = ts.createSourceFile('t.ts', source, ts.ScriptTarget.ES2022, true);
      expect((parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
      expect(parsed.statements).toHaveLength(1);
    },
  );

  test.each([
    ['a comment end', 'linkerd-viz 1.0.0*/x'],
    ['a line break', 'linkerd-viz 1.0.0\nx'],
    ['a non-ASCII line separator', 'linkerd-viz 1.0.0\u2028x'],
  ])('comment text with %s is refused', (_name, text) => {
    expect(() => commentText(text)).toThrow(
      `refusing to write ${JSON.stringify(text)} into a comment of generated code`,
    );
  });

  const helmCharts = (chartYaml: string, valuesYaml = 'a: 1\n') => ({
    'linkerd-crds': { chartYaml, valuesYaml },
    'linkerd-control-plane': { chartYaml, valuesYaml },
  });
  test.each([
    [
      'a version with a comment end',
      'stable-2.99.0',
      'version: "1.0.0*/ require(\'fs\') /*"\n',
      /linkerd-crds stable-2\.99\.0: Chart\.yaml's version "1\.0\.0\*\/ require\('fs'\) \/\*" is not a SemVer version, as Helm requires; refused/,
    ],
    [
      'a version with a line break',
      'stable-2.99.0',
      'version: "1.0.0\\nexport const x = 1"\n',
      /Chart\.yaml's version "1\.0\.0\\nexport const x = 1" is not a SemVer version/,
    ],
    [
      'an alias bomb in Chart.yaml',
      'stable-2.99.0',
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
      /Chart\.yaml expands its YAML aliases beyond 100/,
    ],
  ])('a line whose Chart.yaml has %s is refused', (_name, line, chartYaml, message) => {
    expect(() => generateLineFiles(line, helmCharts(chartYaml))).toThrow(message);
  });

  test('a values key "__proto__" is refused (an object literal would make it the prototype)', () => {
    expect(() =>
      generateLineFiles('stable-2.99.0', helmCharts('version: 1.0.0\n', 'proxy:\n  __proto__: {}\n')),
    ).toThrow('linkerd-crds stable-2.99.0 values.yaml has a key "__proto__" (proxy), which no chart value is; refused');
  });
});

describeWithShared('the generated release-line facts', () => {
  test('are every fact of HELM_CHART_FACTS and IDENTITY_FACTS, in the generated interface, with nothing else', () => {
    const data = generatedFromShared().get(`${VALUES_OUTPUT_DIR}/release-line-data.ts`) ?? '';
    const declared = [...data.matchAll(/^ {2}readonly (\w+):/gm)].map((match) => match[1]);
    expect(declared).toEqual([...Object.keys(IDENTITY_FACTS), ...Object.keys(HELM_CHART_FACTS)]);
  });
});
