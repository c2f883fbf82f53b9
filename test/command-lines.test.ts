/**
 * Every script's command line is read strictly (scripts/cli-args.ts, scripts/command-lines.ts): an unknown
 * flag, a missing or surplus value, an extra argument is refused by name with the usage line, exit status 2,
 * before the script does anything.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliUsageError, parseCli } from '../scripts/cli-args';
import { COMMAND_LINES, type ScriptName } from '../scripts/command-lines';

const ROOT = resolve(__dirname, '..');

/** Hostile command lines for every script: [script, argv, the problem named]. */
const REFUSED: ReadonlyArray<readonly [ScriptName, readonly string[], string]> = [
  ['release-line:add', ['edge-26.8.3', '--bogus'], 'unknown flag --bogus'],
  ['release-line:add', ['edge-26.8.3', '-r', 'x'], 'unknown flag -r'],
  ['release-line:add', ['edge-26.8.3', 'edge-26.8.4'], 'unexpected argument "edge-26.8.4"'],
  ['release-line:add', [], 'missing <line>'],
  ['release-line:add', ['edge-26.8.3', '--repo'], '--repo needs a value'],
  ['release-line:add', ['edge-26.8.3', '--timeout', 'soon'], '--timeout "soon": must be a positive number of seconds'],
  ['release-line:add', ['edge-26.8.3', '--timeout', '0'], '--timeout "0": must be a positive number of seconds'],
  ['fetch:test-data', ['--repo', 'http://127.0.0.1:9/repo'], 'unknown flag --repo'],
  ['fetch:test-data', ['--edge-repo', 'file:///tmp/repo'], '--edge-repo "file:///tmp/repo": must be an http(s) URL'],
  ['fetch:test-data', ['--raw-source'], '--raw-source needs a value'],
  ['fetch:test-data', ['edge-26.8.3'], 'unexpected argument "edge-26.8.3"'],
  ['gen:values', ['--shared', '../x'], 'unknown flag --shared'],
  ['gen:values', ['edge-26.8.3'], 'unexpected argument "edge-26.8.3"'],
  ['footprint', ['--all'], 'unknown flag --all'],
  ['bench:scan', ['--files', 'many'], '--files "many": must be a whole number, e.g. 3'],
  ['bench:scan', ['--run', '3'], 'unknown flag --run'],
  ['bench:scan', ['3000'], 'unexpected argument "3000"'],
  ['cluster-facts', [], 'missing <config>'],
  ['cluster-facts', ['clusters/studio.yaml', 'clusters/other.yaml'], 'unexpected argument "clusters/other.yaml"'],
  ['cluster-facts', ['clusters/studio.yaml', '--json'], 'unknown flag --json'],
  ['add-meshed-namespace', ['clusters/studio.yaml'], 'missing <namespace>'],
  ['add-meshed-namespace', ['clusters/studio.yaml', 'shop', 'enabled', 'extra'], 'unexpected argument "extra"'],
  [
    'add-meshed-namespace',
    ['clusters/studio.yaml', 'shop', 'disabled'],
    'inject "disabled" is not one of enabled, ingress',
  ],
  ['previous-trust-anchors', ['keep', 'clusters/studio.yaml'], 'keep needs the anchor.pem file'],
  [
    'previous-trust-anchors',
    ['print', 'clusters/studio.yaml', 'anchor.pem'],
    'print takes no anchor.pem (got "anchor.pem")',
  ],
  ['previous-trust-anchors', ['drop', 'clusters/studio.yaml'], '"drop" is not one of keep, print, remove'],
  ['previous-trust-anchors', ['keep', 'clusters/studio.yaml', 'a.pem', 'b.pem'], 'unexpected argument "b.pem"'],
];

/** Command lines each script takes. */
const ACCEPTED: ReadonlyArray<readonly [ScriptName, readonly string[]]> = [
  ['release-line:add', ['edge-26.8.3', '--repo', 'http://127.0.0.1:9/repo', '--timeout', '2.5']],
  ['release-line:add', ['--timeout=5', 'edge-26.8.3']],
  ['fetch:test-data', []],
  [
    'fetch:test-data',
    [
      '--edge-repo',
      'http://127.0.0.1:9/linkerd-edge',
      '--jetstack-repo',
      'http://127.0.0.1:9/jetstack',
      '--raw-source',
      'http://127.0.0.1:9/raw',
      '--timeout',
      '5',
    ],
  ],
  ['gen:values', []],
  ['footprint', []],
  ['footprint', ['studio', 'lab']],
  ['bench:scan', ['--files', '300', '--runs', '3']],
  ['cluster-facts', ['clusters/studio.yaml']],
  ['add-meshed-namespace', ['clusters/studio.yaml', 'shop']],
  ['add-meshed-namespace', ['clusters/studio.yaml', 'shop', 'ingress']],
  ['previous-trust-anchors', ['keep', 'clusters/studio.yaml', 'anchor.pem']],
  ['previous-trust-anchors', ['remove', 'clusters/studio.yaml']],
];

describe('command lines', () => {
  test.each(REFUSED.map(([script, argv, problem]) => [script, JSON.stringify(argv), problem]))(
    '%s %s is refused: %s',
    (script, argv, problem) => {
      const spec = COMMAND_LINES[script as ScriptName];
      let thrown: unknown;
      try {
        parseCli(JSON.parse(argv), spec);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CliUsageError);
      expect((thrown as CliUsageError).message).toBe(`${problem}\nusage: ${spec.usage}`);
    },
  );

  test.each(ACCEPTED.map(([script, argv]) => [script, JSON.stringify(argv)]))('%s %s is taken', (script, argv) => {
    expect(() => parseCli(JSON.parse(argv), COMMAND_LINES[script as ScriptName])).not.toThrow();
  });

  test('every script reads its command line strictly before it does anything', () => {
    // Scripts that are no command (libraries of the others), or that read their command line their own strict way.
    const own: Record<string, string> = {
      'cli-args.ts': 'the parser',
      'command-lines.ts': 'the table',
      'config-file.ts': 'a library',
      'yaml-edit.ts': 'a library',
      'test.js': 'hands its arguments to jest, which refuses unknown flags',
      'synth.js': "main.ts's run() reads synth's arguments",
      'bench.ts': 'refuses unknown arguments itself',
      'bench-test.ts': 'refuses unknown arguments itself',
    };
    const scripts = readdirSync(join(ROOT, 'scripts')).filter((name) => /\.(ts|js|sh)$/.test(name) && !(name in own));
    const unchecked = scripts.filter((name) => {
      const text = readFileSync(join(ROOT, 'scripts', name), 'utf8');
      if (name.endsWith('.sh')) return !/if \[ \$# -gt 0 \]; then/.test(text);
      return !/commandLine\(\s*'[^']+',\s*COMMAND_LINES/.test(text) || /process\.argv/.test(text);
    });
    expect(unchecked).toEqual([]);
  });

  test.each([
    [
      'release-line:add',
      ['--import', 'tsx', 'scripts/release-line-add.ts', 'edge-26.8.3', '--bogus'],
      'release-line:add: unknown flag --bogus\nusage: npm run release-line:add',
    ],
  ])('%s with a hostile command line exits with status 2 and the usage line', (_script, args, message) => {
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toContain(message);
    expect(result.status).toBe(2);
  });
});
