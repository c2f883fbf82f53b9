/**
 * The fast YAML writer must write exactly what `yaml`'s `stringify(value, { lineWidth: 0 })` writes:
 * dist/ is compared byte for byte in Git, so one differing quote is a change to review.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { fastYaml, toYaml } from '../lib/output/yaml-writer';
import { synthesizeConfig, synthesizeProject } from './support/synth';

const reference = (value: unknown) => stringify(value, { lineWidth: 0 });

const PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBjTCCATOgAwIBAgIRAK',
  'q1w2e3r4==',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

/** Strings whose quoting `yaml` decides by their content: each is tried as a value, a key and an item. */
const TRICKY_STRINGS = [
  '',
  ' ',
  '  leading',
  'trailing ',
  'true',
  'True',
  'TRUE',
  'false',
  'null',
  'Null',
  'NULL',
  '~',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '1',
  '1.0',
  '0755',
  '0o755',
  '0x1F',
  '1e3',
  '-1',
  '+1',
  '.5',
  '.inf',
  '-.inf',
  '.nan',
  'NaN',
  'Infinity',
  '1_000',
  '12:30',
  '100m',
  '128Mi',
  '2.5Gi',
  'a: b',
  'a:b',
  'a:',
  ':a',
  'a #b',
  'a#b',
  '#a',
  'a - b',
  '- a',
  '-a',
  '-',
  '?',
  '? a',
  '?a',
  '*a',
  '&a',
  '!a',
  '|',
  '>',
  '%a',
  '@a',
  '`a',
  "'a'",
  '"a"',
  "it's",
  '[a]',
  'a[b]',
  '{a}',
  'a{b}',
  'a,b',
  ',a',
  'a\\b',
  'a\tb',
  '\ta',
  'a\u0007b',
  'é',
  'ünïcødé',
  '日本語',
  '🙂',
  'a\u00a0b',
  '\ufeffa',
  '---',
  '--- a',
  '...',
  'a---',
  'a...',
  './dist/studio',
  '^(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?$',
  'x'.repeat(1100),
  "status.?conditions.orValue([]).exists(e, e.type == 'Synced' && e.status == 'True')",
  PEM,
  'one\ntwo',
  'one\n',
  '\n',
  'trailing space \nline',
];

describe('the fast writer matches yaml', () => {
  test.each(TRICKY_STRINGS.map((value) => [JSON.stringify(value), value]))(
    'string %s as value, key and item',
    (_name, value) => {
      for (const document of [
        { value },
        { [value]: 'v' },
        { list: [value] },
        [value],
        { nested: { [value]: [value, { [value]: value }] } },
      ]) {
        expect(toYaml(document)).toBe(reference(document));
      }
    },
  );

  test.each([
    [
      'numbers',
      {
        int: 1,
        zero: 0,
        negativeZero: -0,
        negative: -12,
        float: 1.5,
        small: 1e-7,
        big: 1e21,
        max: Number.MAX_SAFE_INTEGER,
      },
    ],
    ['non-finite numbers', { nan: NaN, inf: Infinity, negative: -Infinity }],
    ['booleans and null', { yes: true, no: false, nothing: null }],
    ['empty collections', { map: {}, list: [], inList: [{}, [], null], deep: { a: { b: {} } } }],
    ['nested sequences', { list: [[1, 2], [[3]], [{ a: 1, b: [] }], []] }],
    ['mappings in sequences', [{ a: 1, b: { c: [1, { d: 2 }] } }, { e: null }]],
    ['top-level empty mapping', {}],
    ['top-level empty sequence', []],
    ['undefined values', { a: undefined, b: 1, list: [undefined] }],
    // biome-ignore lint/suspicious/noSparseArray: a sparse array on purpose
    ['a hole in a list', { list: [1, , 3] }], // a sparse array on purpose
    ['integer-like keys', { '10': 'a', '2': 'b', z: 'c' }],
    ['a Date', { when: new Date(0) }],
    ['a Map', { map: new Map([['a', 1]]) }],
  ] as Array<[string, unknown]>)('%s', (_name, document) => {
    expect(toYaml(document)).toBe(reference(document));
  });

  test('a shared object is written with an anchor by yaml, so the fast writer hands it over', () => {
    const shared = { cpu: '100m' };
    const document = { a: shared, b: shared };
    expect(fastYaml(document)).toBeUndefined();
    expect(toYaml(document)).toBe(reference(document));
  });

  test('every object the project synthesizes', () => {
    const { objects } = synthesizeProject();
    expect(objects.length).toBeGreaterThan(10);
    for (const { object } of objects) expect(toYaml(object)).toBe(reference(object));
  });

  const fixtures = resolve(__dirname, 'fixtures/clusters');
  const fixtureNames = existsSync(fixtures) ? readdirSync(fixtures).filter((file) => file.endsWith('.yaml')) : [];
  test.each(fixtureNames)('every object of the example config %s', (file) => {
    const { objects } = synthesizeConfig(readFileSync(resolve(fixtures, file), 'utf8'), file.replace(/\.yaml$/, ''));
    for (const { object } of objects) expect(toYaml(object)).toBe(reference(object));
  });

  test('every object of a config that sets many options, PEM text included', () => {
    const pem = resolve(__dirname, 'fixtures/trust-anchor-old.pem');
    const anchors = existsSync(pem) ? [readFileSync(pem, 'utf8')] : [];
    const { objects } = synthesizeConfig(
      [
        `identity: {previousTrustAnchors: ${JSON.stringify(anchors)}}`,
        'meshedNamespaces: [apps, {name: ingress, inject: ingress}, "0755"]',
        'highAvailability: true',
        'budget: {cpu: 100, memory: 100Gi}',
        'certManager: {install: false}',
        'gatewayApi: {install: false}',
        'resources: {proxy: {cpu: {request: 1, limit: 2}}, controlPlane: {destination: {memory: {request: 1Gi, limit: 2Gi}}}}',
        'flux: {path: infrastructure/linkerd, interval: 1h}',
      ].join('\n'),
    );
    for (const { object } of objects) expect(toYaml(object)).toBe(reference(object));
  });

  test('the fast path really is taken for ordinary objects', () => {
    const { objects } = synthesizeProject();
    const fast = objects.filter(({ object }) => fastYaml(object) !== undefined);
    expect(fast.length).toBe(objects.length);
  });
});
