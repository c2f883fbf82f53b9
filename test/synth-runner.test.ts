/**
 * scripts/synth.js, the runner behind `npm run synth`, on a project of its own (a two-file main.ts): the bundle's
 * V8 code cache is used only when its digest matches the bundle, a wrong or damaged cache is replaced and never
 * changes what runs, and a stack trace from inside the bundle names the .ts file and line.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = `import { boom } from './lib/boom';

export function run(argv: readonly string[]): number {
  if (argv[0] === 'boom') {
    try {
      boom();
    } catch (error) {
      console.error((error as Error).stack);
      return 1;
    }
  }
  console.log(\`ran \${argv.join(' ')}\`);
  return 0;
}
`;

const BOOM = `export function boom(): never {
  // Line 3 throws.
  throw new Error('boom from the bundle');
}
`;

let project: string;
const bundle = () => join(project, '.build', 'synth', 'main.js');
const cache = () => `${bundle()}.cache`;
const synth = (...args: string[]) => spawnSync(process.execPath, [join(project, 'scripts', 'synth.js'), ...args], { cwd: project, encoding: 'utf8' });
const digestOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest();

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'synth-runner-'));
  mkdirSync(join(project, 'scripts'));
  mkdirSync(join(project, 'lib'));
  writeFileSync(join(project, 'scripts', 'synth.js'), readFileSync(join(__dirname, '../scripts/synth.js')));
  writeFileSync(join(project, 'main.ts'), MAIN);
  writeFileSync(join(project, 'lib', 'boom.ts'), BOOM);
  writeFileSync(join(project, 'package-lock.json'), '{}\n');
  for (const entry of ['node_modules', 'tsconfig.json']) symlinkSync(join(__dirname, '..', entry), join(project, entry));
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

test('the first run builds the bundle and leaves a code cache that starts with the bundle digest', () => {
  const result = synth('a', 'b');
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('ran a b\n');
  expect(existsSync(cache())).toBe(true);
  const written = readFileSync(cache());
  expect(written.subarray(0, 32).equals(digestOf(bundle()))).toBe(true);
  expect(written.length).toBeGreaterThan(32);
  // The next run uses it and leaves it as it was.
  expect(synth('c').stdout).toBe('ran c\n');
  expect(readFileSync(cache()).equals(written)).toBe(true);
});

test.each([
  ['a digest of other bytes', () => Buffer.concat([Buffer.alloc(32, 7), readFileSync(cache()).subarray(32)])],
  ['the right digest with damaged V8 data', () => Buffer.concat([digestOf(bundle()), Buffer.from('not a V8 code cache at all')])],
  ['a file shorter than a digest', () => Buffer.from('short')],
])('a cache with %s changes nothing that runs and is replaced', (_case, damaged) => {
  synth();
  writeFileSync(cache(), damaged());
  const result = synth('again');
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('ran again\n');
  const replaced = readFileSync(cache());
  expect(replaced.subarray(0, 32).equals(digestOf(bundle()))).toBe(true);
  expect(replaced.length).toBeGreaterThan(100);
});

test('a stack trace from inside the bundle names the .ts file and line, not the bundle', () => {
  const result = synth('boom');
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^Error: boom from the bundle\n {4}at boom \(.*lib\/boom\.ts:3:\d+\)\n {4}at (?:Object\.)?run \(.*main\.ts:6:\d+\)/);
  expect(result.stderr).not.toContain('.build/synth/main.js');
});
