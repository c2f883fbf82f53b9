/**
 * Issue 37, the classes of messages:
 * 4. no message repeats a secret: redacted in one place (lib/common/message-text.ts) that the config loader's
 *    problems, synth's warnings and every script's output pass through;
 * 7. one problem is one line and said in our words: raw newlines from keys and file names escaped, nesting
 *    bounded with a clear message, zod's words and `.inf` said as ours, a duplicate key named, and
 *    10,000 problems bounded to the first few and a count.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { redactSecrets } from '../lib/common/message-text';
import { ConfigError, MAX_DEPTH, MAX_PROBLEMS_PER_FILE, parseClusterConfig } from '../lib/plan/config-load';
import { main } from '../main';
import { COMMAND_LINES } from '../scripts/command-lines';
import { configProblemsOf } from './support/config-problems';
import { captureConsole } from './support/console';
import { STRING_PATHS } from './support/generated-configs';

const FILE = 'clusters/home.yaml';
const problems = (text: string) => configProblemsOf(text, FILE);
const ROOT = resolve(__dirname, '..');
const SECRET = 'hunter2planted';

/** A secret in each shape a message may carry it: userinfo, a credential-like query parameter, a key body. */
const secretShapes = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('http', 'https', 'oci', 'git+ssh'),
      fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
      fc.constantFrom('', ':9090', ':4317'),
    )
    .map(([scheme, user, port]) => `${scheme}://${user}:${SECRET}@host.example${port}/path`),
  fc
    .tuple(
      fc.constantFrom('token', 'access_token', 'api-key', 'apikey', 'password', 'X-Amz-Signature', 'sig', 'secret'),
      fc.constantFrom('https://host.example/x?', 'tempo.monitoring:4317?', 'host/?a=1&', '?'),
    )
    .map(([name, before]) => `${before}${name}=${SECRET}`),
  fc.constantFrom(
    `otel:${SECRET}@tempo.monitoring:4317`,
    `-----BEGIN PRIVATE KEY-----\nMC4C${SECRET}\n-----END PRIVATE KEY-----`,
  ),
);

describe('4. no message repeats a secret', () => {
  test('redactSecrets: whatever text surrounds a secret, the secret is gone and the rest stays', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', 'cannot reach ', '"', '(', 'fetch failed: '),
        secretShapes,
        fc.constantFrom('', '"', ')', '/index.yaml: ENOTFOUND', '; check --repo'),
        (before, secret, after) => {
          const shown = redactSecrets(`${before}${secret}${after}`);
          expect(shown).not.toContain(SECRET);
          expect(shown).toContain('***');
          expect(shown.startsWith(before)).toBe(true);
        },
      ),
    );
    for (const plain of ['http://prometheus.monitoring:9090/?query=up', 'git@github.com:org/repo', 'a=b', 'x@y'])
      expect(redactSecrets(plain)).toBe(plain);
  });

  test('a secret in any string field is refused and the message does not repeat it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STRING_PATHS), secretShapes, (path, secret) => {
        const config: Record<string, unknown> = {};
        let node: Record<string, unknown> = config;
        path.slice(0, -1).forEach((key, index) => {
          const next: Record<string, unknown> | unknown[] = /^\d+$/.test(path[index + 1]) ? [] : {};
          node[key] = next;
          node = next as Record<string, unknown>;
        });
        node[path[path.length - 1]] = secret;
        const found = problems(stringify(config));
        expect(found.join('\n')).not.toContain(SECRET);
      }),
      { numRuns: 80 },
    );
  });

  test("tracing.otlpEndpoint: 'tempo.monitoring:4317?token=...' is refused as a credential, not quoted", () => {
    expect(problems(`tracing: {otlpEndpoint: "tempo.monitoring:4317?token=${SECRET}"}\n`)).toContain(
      `${FILE}: tracing.otlpEndpoint: holds a credential in a query string (token=); dist/ is committed to Git, so none may be written there: give the address without it and configure access on the server's side`,
    );
  });

  /** Every flag of every script that takes a URL (COMMAND_LINES), with credentials in it. */
  const URL_FLAGS = Object.entries(COMMAND_LINES).flatMap(([script, spec]) =>
    Object.entries((spec as { flags?: Record<string, { type: string }> }).flags ?? {})
      .filter(([flag]) => /repo|registry|source/.test(flag))
      .map(([flag]) => [script, flag] as const),
  );
  const SCRIPT_FILES: Record<string, string> = {
    'release-line:add': 'scripts/release-line-add.ts',
    outdated: 'scripts/outdated.ts',
    'fetch:test-data': 'scripts/fetch-test-data.ts',
  };

  test('the URL-taking flags are the ones tried below', () => {
    expect(URL_FLAGS.map(([script, flag]) => `${script} --${flag}`)).toEqual([
      'release-line:add --repo',
      'release-line:add --grafana-source',
      'fetch:test-data --edge-repo',
      'fetch:test-data --stable-repo',
      'fetch:test-data --jaeger-repo',
      'fetch:test-data --jetstack-repo',
      'fetch:test-data --raw-source',
      'outdated --edge-repo',
      'outdated --stable-repo',
      'outdated --jaeger-repo',
      'outdated --oci-registry',
    ]);
  });

  // Each script is run for real: its own text and the errors it passes on (a fetch error quotes the URL).
  // One shape per flag, in turn (each run starts a script: a few seconds).
  const URLS = [
    `http://user:${SECRET}@127.0.0.1:9/`,
    `http://127.0.0.1:9/charts?token=${SECRET}`,
    `ftp://user:${SECRET}@127.0.0.1/`, // refused by the flag's check where it has one: the usage message
  ];
  test.each(URL_FLAGS.map(([script, flag], index) => [script, flag, URLS[index % URLS.length]] as const))(
    '%s --%s: no output repeats the credentials given in it',
    (script, flag, url) => {
      const home = mkdtempSync(join(tmpdir(), 'redact-'));
      try {
        {
          const args = [
            '--import',
            'tsx',
            SCRIPT_FILES[script],
            ...(script === 'release-line:add' ? ['edge-26.11.2'] : []),
            `--${flag}`,
            url,
            '--timeout',
            '1',
          ];
          const run = spawnSync(process.execPath, args, {
            cwd: ROOT,
            encoding: 'utf8',
            timeout: 120_000,
            // Outside the project: no cache or data of ours is written (fetch:test-data fails before it would).
            env: { ...process.env, HOME: home, SHARED_DIR: join(home, 'shared'), HTTPS_PROXY: 'http://127.0.0.1:9' },
          });
          const output = `${run.stdout}${run.stderr}`;
          expect([script, flag, url, output.includes(SECRET)]).toEqual([script, flag, url, false]);
          expect(run.status).not.toBe(0);
        }
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  );
});

describe('7. one problem, one line, our words', () => {
  test('a newline (or another control character) in a key is escaped: one line per problem', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,5}$/),
        fc.constantFrom('\n', '\r\n', '\t', '\u001b[31m', '\u2028'),
        fc.stringMatching(/^[a-z]{1,5}$/),
        fc.constantFrom([], ['viz'], ['policy', 'allow'], ['monitoring', 'podMonitors', 'labels']),
        (left, control, right, path) => {
          const key = `${left}${control}${right}`;
          const found = problems(
            stringify(path.reduceRight<unknown>((inner, part) => ({ [part]: inner }), { [key]: [1] })),
          );
          expect(found.length).toBeGreaterThan(0);
          for (const problem of found) expect(problem).not.toMatch(/[\u0000-\u001f\u2028]/);
          expect(found.join('\n')).toContain(`${left}\\`);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a file name with a newline: the warning is one line', () => {
    const root = mkdtempSync(join(tmpdir(), 'messages-'));
    try {
      mkdirSync(join(root, 'clusters'));
      writeFileSync(join(root, 'clusters', 'home.yaml'), '{}\n');
      writeFileSync(join(root, 'clusters', 'notes\nmore.txt'), '');
      mkdirSync(join(root, 'clusters', 'lab\n.yaml'));
      const run = captureConsole(() => main(join(root, 'clusters'), join(root, 'dist')));
      expect(run.result).toBe(1);
      const lines = run.errors.flatMap((error) => error.split('\n'));
      expect(lines.some((line) => line.includes('lab\\n.yaml: is a folder'))).toBe(true);
      rmSync(join(root, 'clusters', 'lab\n.yaml'), { recursive: true });
      const ok = captureConsole(() => main(join(root, 'clusters'), join(root, 'dist')));
      expect(ok.result).toBe(0);
      expect(ok.errors.join('\n')).toContain('clusters/notes\\nmore.txt: not a cluster config');
      expect(ok.errors.join('\n')).not.toContain('notes\nmore');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('nesting past the bound: one clear problem (never "Maximum call stack size exceeded"), from YAML or code', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_DEPTH + 1, max: 5_000 }),
        fc.constantFrom('flow', 'map', 'block'),
        (depth, kind) => {
          const text =
            kind === 'flow'
              ? `viz: ${'['.repeat(depth)}${']'.repeat(depth)}\n`
              : kind === 'map'
                ? `viz: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`
                : // The last `a:` holds null, not a mapping: one line more than the depth.
                  Array.from({ length: Math.min(depth, 3000) + 1 }, (_, index) => `${' '.repeat(index)}a:\n`).join('');
          const found = problems(text);
          expect(found).toHaveLength(1);
          expect(found[0]).toMatch(/^clusters\/home\.yaml: .*(nests|nest) .*more than|at most 32 levels/);
          expect(found[0]).not.toContain('call stack');
        },
      ),
      { numRuns: 12 },
    );
    let deep: unknown = 1;
    for (let index = 0; index < 100_000; index++) deep = { a: deep };
    expect(() => parseClusterConfig({ viz: deep }, FILE)).toThrow(
      new ConfigError([
        `${FILE}: viz.a.a.a.a.a: nests mappings or lists more than ${MAX_DEPTH} levels deep (viz.a.a.a.a.a...); no field of a cluster config is that deep: remove the extra nesting`,
      ]),
    );
  });

  test("zod's words are ours: bounds, infinity", () => {
    expect(problems('monitoring: {alerts: {workloads: {successRate: 0}}}\n')).toEqual([
      `${FILE}: monitoring.alerts.workloads.successRate: must be greater than 0, got number 0`,
    ]);
    expect(problems('monitoring: {alerts: {workloads: {p99LatencyMs: 0}}}\n')).toEqual([
      `${FILE}: monitoring.alerts.workloads.p99LatencyMs: must be greater than 0, got number 0`,
    ]);
    for (const [written, shown] of [
      ['.inf', '.inf (infinity)'],
      ['-.inf', '-.inf (infinity)'],
      ['.nan', '.nan (not a number)'],
    ])
      expect(problems(`monitoring: {alerts: {workloads: {successRate: ${written}}}}\n`)).toEqual([
        `${FILE}: monitoring.alerts.workloads.successRate: must be a finite number, got ${shown}`,
      ]);
    fc.assert(
      fc.property(fc.constantFrom(0, -1, 1, 2, -0.5, 1.5), (rate) => {
        for (const problem of problems(`monitoring: {alerts: {workloads: {successRate: ${rate}}}}\n`))
          expect(problem).not.toMatch(/Too (small|big)|expected number to be/);
      }),
    );
  });

  test('a duplicate key is named, at any depth and in any quoting', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('viz', 'highAvailability', 'a b', 'x-y'),
        fc.constantFrom(
          (key: string) => key,
          (key: string) => JSON.stringify(key),
          (key: string) => `'${key}'`,
        ),
        fc.constantFrom('', 'monitoring:\n  podMonitors:\n'),
        (key, quote, parent) => {
          const indent = parent ? '    ' : '';
          const text = `${parent}${indent}${quote(key)}: 1\n${indent}${quote(key)}: 2\n`;
          expect(problems(text)[0]).toMatch(
            new RegExp(
              `not valid YAML at line \\d+, column \\d+: the key ${JSON.stringify(key)} appears twice in one mapping`,
            ),
          );
        },
      ),
    );
  });

  test('10,000 unknown keys: the first ones and a count of the rest, not megabytes', () => {
    const text = Array.from({ length: 10_000 }, (_, index) => `k${index}: 1`).join('\n');
    const found = problems(text);
    expect(found).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(found[MAX_PROBLEMS_PER_FILE]).toBe(
      `${FILE}: ${10_000 - MAX_PROBLEMS_PER_FILE} more problems not shown (the first ${MAX_PROBLEMS_PER_FILE} are above); fix those and run again`,
    );
    expect(found.join('\n').length).toBeLessThan(20_000);
  });
});

describe('7. dist.lock that is a folder: the path and what to do, no bare "read: EISDIR"', () => {
  test('refused, naming the lock, dist/ unchanged', () => {
    const root = mkdtempSync(join(tmpdir(), 'messages-'));
    try {
      mkdirSync(join(root, 'clusters'));
      writeFileSync(join(root, 'clusters', 'home.yaml'), '{}\n');
      const dist = join(root, 'dist');
      expect(captureConsole(() => main(join(root, 'clusters'), dist)).result).toBe(0);
      const before = readFileSync(join(dist, 'home', 'kustomization.yaml'), 'utf8');
      mkdirSync(`${dist}.lock`);
      const run = captureConsole(() => main(join(root, 'clusters'), dist));
      expect(run.result).toBe(1);
      expect(run.errors.join('\n')).toContain(
        `${dist}.lock: is a folder, not the lock file synth writes beside ${dist}/; if no synth runs, remove it (rm -r ${dist}.lock) and run again`,
      );
      expect(run.errors.join('\n')).not.toMatch(/EISDIR|\n\s+at /);
      expect(readFileSync(join(dist, 'home', 'kustomization.yaml'), 'utf8')).toBe(before);
      expect(readdirSync(root).sort()).toEqual(['clusters', 'dist', 'dist.lock']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('how deep a text nests before it is read (the YAML reader runs out of stack far past any config)', () => {
  const { textNestingDepth } = require('../lib/plan/config-load') as typeof import('../lib/plan/config-load');

  test('real configs nest a few levels: fixtures, a PEM block, brackets in comments and quotes', () => {
    for (const file of ['studio', 'everything', 'strict', 'traffic', 'customized']) {
      const text = readFileSync(join(ROOT, `test/fixtures/clusters/${file}.yaml`), 'utf8');
      expect([file, textNestingDepth(text) <= 12]).toEqual([file, true]);
    }
    const pem = `identity:\n  previousTrustAnchors:\n    - |\n      -----BEGIN CERTIFICATE-----\n      MIIB\n      -----END CERTIFICATE-----\n`;
    expect(textNestingDepth(pem)).toBeLessThanOrEqual(4);
    expect(textNestingDepth('a: "[[[[{{{{"  # [[[[[[[[\n')).toBe(1);
  });

  test('past 256 levels, in flow or block style, the text is refused before it is read, every time', () => {
    for (const depth of [257, 1000, 1207, 5000]) {
      for (const text of [
        `viz: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
        `viz: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
        Array.from({ length: depth + 1 }, (_, index) => `${' '.repeat(index)}a:\n`).join(''),
      ]) {
        expect(problems(text)).toEqual([
          `${FILE}: nests "[", "{" or indented blocks more than 256 levels deep; a cluster config nests at most 32 levels: remove the extra nesting`,
        ]);
      }
    }
  });
});
