/**
 * scripts/synth.js, the runner behind `npm run synth`, on a project of its own (a two-file main.ts): the bundle is
 * built once and again only when a source changes, and a stack trace from inside the bundle names the .ts file
 * and line.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
const synth = (...args: string[]) =>
  spawnSync(process.execPath, [join(project, 'scripts', 'synth.js'), ...args], { cwd: project, encoding: 'utf8' });
const digestOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest();

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'synth-runner-'));
  mkdirSync(join(project, 'scripts'));
  mkdirSync(join(project, 'lib'));
  writeFileSync(join(project, 'scripts', 'synth.js'), readFileSync(join(__dirname, '../scripts/synth.js')));
  writeFileSync(join(project, 'main.ts'), MAIN);
  writeFileSync(join(project, 'lib', 'boom.ts'), BOOM);
  writeFileSync(join(project, 'package-lock.json'), '{}\n');
  for (const entry of ['node_modules', 'tsconfig.json'])
    symlinkSync(join(__dirname, '..', entry), join(project, entry));
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

test('the first run builds the bundle and runs it; the next reuses it until a source changes', () => {
  const result = synth('a', 'b');
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('ran a b\n');
  const built = digestOf(bundle());
  const builtAt = statSync(bundle()).mtimeMs;
  expect(synth('c').stdout).toBe('ran c\n');
  expect(statSync(bundle()).mtimeMs).toBe(builtAt);
  writeFileSync(join(project, 'main.ts'), MAIN.replace('ran ', 'ran again '));
  expect(synth('d').stdout).toBe('ran again d\n');
  expect(digestOf(bundle()).equals(built)).toBe(false);
  writeFileSync(join(project, 'main.ts'), MAIN);
});

test('a stack trace from inside the bundle names the .ts file and line, not the bundle', () => {
  const result = synth('boom');
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(
    /^Error: boom from the bundle\n {4}at boom \(.*lib\/boom\.ts:3:\d+\)\n {4}at (?:Object\.)?run \(.*main\.ts:6:\d+\)/,
  );
  expect(result.stderr).not.toContain('.build/synth/main.js');
});
