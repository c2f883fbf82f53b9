/**
 * The docs stay true to the code: docs/configuration.md documents every config field with its real default,
 * and docs/development.md's "Layout" names every folder. (README.md is the front page; the rest is in docs/.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadClusterConfig } from '../lib/plan/config-load';

const CONFIGURATION = readFileSync(resolve(__dirname, '../docs/configuration.md'), 'utf8');
const DEVELOPMENT = readFileSync(resolve(__dirname, '../docs/development.md'), 'utf8');

test('the defaults docs/configuration.md states are the defaults', () => {
  const config = loadClusterConfig('{}', 'clusters/x.yaml');
  expect(config.releaseLine).toBe('edge-26.8.3');
  expect(config.identity.trustAnchor).toEqual({ duration: '87600h', renewBefore: '8760h' });
  expect(config.flux.interval).toBe('10m');
  expect(config.budget).toEqual({ cpu: '2', memory: '2.5Gi' });
  for (const row of [
    '| `releaseLine` | "edge-26.8.3"',
    '| `identity.trustAnchor.duration` | string | `87600h` |',
    '| `identity.trustAnchor.renewBefore` | string | `8760h` |',
    '| `flux.interval` | string | `10m` |',
    '| `budget.cpu` | string | `2` |',
  ]) {
    expect(CONFIGURATION).toContain(row);
  }
});

test('docs/development.md "Layout" has a line for every folder of the tree, and names nothing that is not there', () => {
  expect(DEVELOPMENT).toContain('\n## Layout\n');
  const section = DEVELOPMENT.slice(DEVELOPMENT.indexOf('\n## Layout\n'));
  const block = section.slice(section.indexOf('```\n') + 4, section.indexOf('\n```', section.indexOf('```\n') + 4));
  // Each entry starts a line: a folder (`lib/plan/`, `dist/<cluster>/`) or a file; continuation lines are indented.
  const entries = block
    .split('\n')
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s+/)[0]);
  const root = resolve(__dirname, '..');
  const missing = entries.filter((entry) => !existsSync(resolve(root, entry.replace(/<[^>]+>.*$/, ''))));
  expect(missing).toEqual([]);
  // The folders a newcomer looks for: every folder of lib/, scripts/ and test/ (and the top-level ones we commit).
  const folders = (parent: string) =>
    readdirSync(resolve(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}/`);
  const expected = [
    'charts/',
    'clusters/',
    'imports/',
    'scripts/',
    'test/',
    ...folders('lib'),
    ...folders('scripts'),
    ...folders('test'),
  ];
  expect(expected.filter((folder) => !entries.includes(folder))).toEqual([]);
});
