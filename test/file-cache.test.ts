/**
 * The bounded cache folder every test cache uses (test/support/file-cache.ts): filled past its bound it
 * shrinks, least recently used first; an entry in use survives; nothing outside its folder (nor anything
 * in it that is not an entry) is touched; two processes using it at once neither throw nor break an entry.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import { FileCache } from './support/file-cache';

/** The project (not from support/synth, which would load cdk8s and the charts for nothing). */
const PROJECT_DIR = resolve(__dirname, '..');

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'file-cache-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const KIB = 1024;

/** Sets entry `name`'s last use `secondsAgo` seconds back. */
function usedAgo(cache: FileCache, name: string, secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(cache.path(name), when, when);
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

test('a write that takes the folder past its bound removes the least recently used entries until it is under', () => {
  const cache = new FileCache({ root, name: 'c', maxBytes: 10 * KIB, maxEntries: 1000 });
  for (let index = 0; index < 10; index++) {
    cache.write(`e${index}.txt`, 'x'.repeat(KIB));
    usedAgo(cache, `e${index}.txt`, 1000 - index); // e0 used longest ago
  }
  expect(folderBytes(cache.dir)).toBe(10 * KIB); // at the bound: nothing goes
  cache.write('new.txt', 'y'.repeat(3 * KIB));
  expect(readdirSync(cache.dir).sort()).toEqual([
    'e3.txt',
    'e4.txt',
    'e5.txt',
    'e6.txt',
    'e7.txt',
    'e8.txt',
    'e9.txt',
    'new.txt',
  ]);
  expect(folderBytes(cache.dir)).toBeLessThanOrEqual(10 * KIB);
});

test('a write past the bound of entries removes the least recently used ones, whatever their size', () => {
  const cache = new FileCache({ root, name: 'c', maxBytes: 1024 * KIB, maxEntries: 3 });
  for (const [index, name] of ['a.txt', 'b.txt', 'c.txt'].entries()) {
    cache.write(name, 'x');
    usedAgo(cache, name, 100 - index);
  }
  cache.read('a.txt');
  cache.write('d.txt', 'x');
  expect(readdirSync(cache.dir).sort()).toEqual(['a.txt', 'c.txt', 'd.txt']);
  expect(() => new FileCache({ root, name: 'c', maxBytes: KIB, maxEntries: 0 })).toThrow(
    'maxEntries 0 must be a whole number of entries, at least 1',
  );
});

test('an entry read (or written) lately survives a write past the bound; the oldest unused one goes', () => {
  const cache = new FileCache({ root, name: 'c', maxBytes: 4 * KIB, maxEntries: 1000 });
  for (const name of ['a.json', 'b.json', 'c.json', 'd.json']) {
    cache.write(name, 'x'.repeat(KIB));
    usedAgo(cache, name, 3600);
  }
  const reader = new FileCache({ root, name: 'c', maxBytes: 4 * KIB, maxEntries: 1000 }); // another process's view
  expect(reader.read('a.json')).toBe('x'.repeat(KIB)); // the oldest, used now
  reader.write('e.json', 'z'.repeat(2 * KIB));
  expect(readdirSync(reader.dir).sort()).toEqual(['a.json', 'd.json', 'e.json']);
  // An entry bigger than the bound on its own is still kept: the one just written never goes.
  reader.write('huge.json', 'h'.repeat(8 * KIB));
  expect(readdirSync(reader.dir)).toEqual(['huge.json']);
  expect(reader.read('huge.json')).toHaveLength(8 * KIB);
});

test('files outside its folder, and files in it that are not entries, are left alone', () => {
  const outside = join(root, 'outside.txt');
  writeFileSync(outside, 'keep me');
  const sibling = new FileCache({ root, name: 'sibling', maxBytes: 1, maxEntries: 1000 });
  sibling.write('s.txt', 'a sibling cache entry');
  const cache = new FileCache({ root, name: 'c', maxBytes: 1, maxEntries: 1000 });
  mkdirSync(join(cache.dir, 'sub'), { recursive: true });
  writeFileSync(join(cache.dir, 'sub', 'inner.txt'), 'in a folder');
  writeFileSync(join(cache.dir, '.hidden'), 'not an entry name');
  symlinkSync(outside, join(cache.dir, 'link.txt'));
  cache.write('one.txt', '1');
  cache.write('two.txt', '2');
  expect(readdirSync(cache.dir).sort()).toEqual(['.hidden', 'link.txt', 'sub', 'two.txt']);
  expect(readFileSync(outside, 'utf8')).toBe('keep me');
  expect(readFileSync(join(cache.dir, 'sub', 'inner.txt'), 'utf8')).toBe('in a folder');
  expect(readdirSync(sibling.dir)).toEqual(['s.txt']);
});

test('a folder or entry name that could point outside the folder is refused', () => {
  expect(() => new FileCache({ root, name: '..', maxBytes: 1, maxEntries: 1000 })).toThrow(
    'cache folder ".." is not a plain file name',
  );
  expect(() => new FileCache({ root, name: 'a/b', maxBytes: 1, maxEntries: 1000 })).toThrow(
    'cache folder "a/b" is not a plain file name',
  );
  const cache = new FileCache({ root, name: 'c', maxBytes: 1024, maxEntries: 1000 });
  for (const name of ['../outside.txt', '/etc/passwd', '.', '..', '.hidden', 'a/b.txt', 'a\\b.txt', 'x.tmp', '']) {
    expect(() => cache.write(name, 'x')).toThrow(`cache entry ${JSON.stringify(name)} is not a plain file name`);
    expect(() => cache.read(name)).toThrow('is not a plain file name');
  }
  expect(existsSync(join(root, 'outside.txt'))).toBe(false);
});

test('an entry that went between listing and reading is a miss; an abandoned temporary file goes, a fresh one stays', () => {
  const cache = new FileCache({ root, name: 'c', maxBytes: 2 * KIB, maxEntries: 1000 });
  expect(cache.read('absent.json')).toBeUndefined();
  cache.write('gone.json', '{}');
  rmSync(cache.path('gone.json'));
  expect(cache.read('gone.json')).toBeUndefined();
  expect(cache.touch('gone.json')).toBe(false);
  const abandoned = join(cache.dir, 'old.json.12345.0abc1234.tmp');
  const writing = join(cache.dir, 'new.json.12346.0def4567.tmp');
  writeFileSync(abandoned, 'half');
  writeFileSync(writing, 'half');
  const longAgo = new Date(Date.now() - 2 * 3600 * 1000);
  utimesSync(abandoned, longAgo, longAgo);
  cache.write('next.json', '{}');
  expect(readdirSync(cache.dir).sort()).toEqual(['new.json.12346.0def4567.tmp', 'next.json']);
});

test('two processes writing, reading and evicting one small cache at once neither throw nor see a partial entry', async () => {
  const dir = join(root, 'shared');
  // Each process writes 150 entries of 1-4 KiB into a 32 KiB cache (so each write evicts) and reads back
  // what is there: an entry read is whole (its text ends with its own name) or a miss.
  // The helper as plain JavaScript, so each process is a bare node (no TypeScript loader to start).
  const helper = join(root, 'file-cache.js');
  writeFileSync(
    helper,
    transformSync(readFileSync(join(PROJECT_DIR, 'test/support/file-cache.ts'), 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      platform: 'node',
    }).code,
  );
  const script = `
    const { FileCache } = require(${JSON.stringify(helper)});
    const cache = new FileCache({ root: ${JSON.stringify(root)}, name: 'shared', maxBytes: 32 * 1024, maxEntries: 1000 });
    for (let index = 0; index < 150; index++) {
      const name = 'p' + process.argv[1] + '-' + index + '.txt';
      cache.write(name, 'x'.repeat(1024 * (1 + (index % 4))) + name);
      for (let back = 0; back < 5; back++) {
        const other = 'p' + (back % 2) + '-' + Math.max(0, index - back) + '.txt';
        const text = cache.read(other);
        if (text !== undefined && !text.endsWith(other)) throw new Error('partial entry ' + other);
      }
    }`;
  const run = (id: number) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script, String(id)], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stderr }));
    });
  const results = await Promise.all([run(0), run(1)]);
  expect(results).toEqual([
    { code: 0, stderr: '' },
    { code: 0, stderr: '' },
  ]);
  const left = readdirSync(dir);
  expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  // Two writers may each keep their own newest entry past the other's eviction: at most one entry over.
  expect(folderBytes(dir)).toBeLessThanOrEqual(32 * 1024 + 5 * 1024);
});

test('a cache that cannot be written (its root is a file) computes again instead of failing', () => {
  writeFileSync(join(root, 'not-a-folder'), 'x');
  const cache = new FileCache({ root: join(root, 'not-a-folder'), name: 'c', maxBytes: KIB, maxEntries: 1000 });
  expect(() => cache.write('a.json', '{}')).not.toThrow();
  expect(cache.read('a.json')).toBeUndefined();
  expect(readdirSync(root)).toEqual(['not-a-folder']);
});
