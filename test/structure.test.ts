/**
 * The import graph points one way: main.ts → charts/ → lib/constructs, lib/output → lib/plan → lib/config,
 * lib/linkerd → imports/. No module imports from a folder above its own, and nothing in lib/ imports charts/
 * or main.ts, so a module can be read knowing only what lies below it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PROJECT_DIR } from './support/synth';

function sources(folder: string): string[] {
  return readdirSync(join(PROJECT_DIR, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file, resolved to a path relative to the project. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(PROJECT_DIR, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]);
  return specifiers.map((specifier) => relative(PROJECT_DIR, resolve(PROJECT_DIR, dirname(file), specifier)));
}

const modules = ['main.ts', ...sources('charts'), ...sources('lib')];

test.each(modules)('%s imports nothing from a folder above its own', (file) => {
  const ancestors = new Set<string>();
  for (let folder = dirname(file); folder !== '.'; folder = dirname(folder)) ancestors.add(dirname(folder));
  const upward = relativeImports(file).filter((target) => ancestors.has(dirname(target)) || target === 'main');
  expect(upward).toEqual([]);
});

test.each(sources('lib'))('%s does not import charts/ or main.ts', (file) => {
  const backwards = relativeImports(file).filter((target) => target.startsWith(`charts${sep}`) || target === 'main');
  expect(backwards).toEqual([]);
});

test('lib/ has no module at its top level: every module lives in the folder of its concern', () => {
  const topLevel = readdirSync(join(PROJECT_DIR, 'lib'), { withFileTypes: true }).filter((entry) => entry.isFile());
  expect(topLevel.map((entry) => entry.name)).toEqual([]);
});
