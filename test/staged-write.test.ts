/**
 * scripts/release-lines/staged-write.ts, with injected failures: whichever write or rename fails, the
 * project is exactly as it was (files, folders, no staging or backup left behind); without one, every
 * file is in place and nothing else is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAllOrNothing } from '../scripts/release-lines/staged-write';
import { fileTree } from './support/files';

// The module object itself (not an import's copy of it), so a spy replaces what staged-write.ts calls.
const fs: typeof import('node:fs') = require('node:fs');

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
afterEach(() => jest.restoreAllMocks());

/** A project with an index file and an older cache entry, and the write release-line:add would do. */
function setUp() {
  const projectDir = mkdtempSync(join(tmpdir(), 'staged-write-'));
  roots.push(projectDir);
  fs.mkdirSync(join(projectDir, 'imports', 'values', 'old-line'), { recursive: true });
  fs.writeFileSync(join(projectDir, 'imports', 'values', 'index.ts'), 'old index');
  fs.writeFileSync(join(projectDir, 'imports', 'values', 'old-line', 'a.ts'), 'old line');
  const files = new Map<string, string>([
    ['imports/values/new-line/a.ts', 'a'],
    ['imports/values/new-line/b.ts', 'b'],
    ['imports/values/index.ts', 'new index'],
    ['.cache/charts/new-line/chart-1.0.0.tgz', 'package'],
    ['.cache/charts/new-line/other-1.0.0.tgz', 'package 2'],
  ]);
  return { projectDir, files, newFolders: ['imports/values/new-line'] };
}

/** Makes the `nth` call of `fs[name]` throw (from the start of the write). */
function failCall(name: 'renameSync' | 'writeFileSync' | 'mkdirSync', nth: number) {
  const real = fs[name] as (...args: unknown[]) => unknown;
  let calls = 0;
  jest.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
    if (++calls === nth) throw Object.assign(new Error(`injected ${name} failure #${nth}`), { code: 'EIO' });
    return real(...args);
  }) as never);
}

test('without a failure every file is in place, the new folder whole, and no staging or backup is left', () => {
  const write = setUp();
  writeAllOrNothing(write);
  const after = fileTree(write.projectDir, { folders: true });
  for (const [path, content] of write.files) expect(after[path]).toBe(content);
  expect(Object.keys(after).filter((path) => /staging|backup/.test(path))).toEqual([]);
  expect(after['imports/values/old-line/a.ts']).toBe('old line');
});

// 1 folder rename + 3 file renames, each with one more for the index's backup: 5 renames in all.
test.each([1, 2, 3, 4, 5])('a failing rename (#%i) leaves the project as it was', (nth) => {
  const write = setUp();
  const before = fileTree(write.projectDir, { folders: true });
  failCall('renameSync', nth);
  expect(() => writeAllOrNothing(write)).toThrow(`injected renameSync failure #${nth}`);
  jest.restoreAllMocks();
  expect(fileTree(write.projectDir, { folders: true })).toEqual(before);
});

test.each([1, 2, 3, 4, 5])('a failing write while staging (#%i) leaves the project as it was', (nth) => {
  const write = setUp();
  const before = fileTree(write.projectDir, { folders: true });
  failCall('writeFileSync', nth);
  expect(() => writeAllOrNothing(write)).toThrow(`injected writeFileSync failure #${nth}`);
  jest.restoreAllMocks();
  expect(fileTree(write.projectDir, { folders: true })).toEqual(before);
});

test.each([1, 2, 3])('a failing mkdir (#%i) leaves the project as it was', (nth) => {
  const write = setUp();
  const before = fileTree(write.projectDir, { folders: true });
  failCall('mkdirSync', nth);
  expect(() => writeAllOrNothing(write)).toThrow(`injected mkdirSync failure #${nth}`);
  jest.restoreAllMocks();
  expect(fileTree(write.projectDir, { folders: true })).toEqual(before);
});

test('a new folder that exists already is refused before anything is written', () => {
  const write = { ...setUp(), newFolders: ['imports/values/old-line'] };
  const before = fileTree(write.projectDir, { folders: true });
  expect(() => writeAllOrNothing(write)).toThrow(/imports\/values\/old-line exists already/);
  expect(fileTree(write.projectDir, { folders: true })).toEqual(before);
});
