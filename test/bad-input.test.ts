/**
 * Bad input the rest of the way: what is in clusters/ besides good files, settings that have no effect,
 * and objects that hold data or trust, which Flux must never prune.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  type PathLike,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync as renameSyncReal,
  type RmOptions,
  rmSync,
  rmSync as rmSyncReal,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DistWriteError, writeDist } from '../lib/output/write-dist';
import { main, run } from '../main';
import { stringify } from 'yaml';
import { captureConsole, withoutScanNotice } from './support/console';
import { describeWithPromtool, PROMTOOL } from './support/promtool';
import { synthesizeConfig } from './support/synth';

/** Runs main() on a fresh folder holding `entries` under clusters/ and a previous dist/; returns what it printed. */
function synthIn(entries: (clusters: string) => void) {
  const root = mkdtempSync(join(tmpdir(), 'bad-input-'));
  const clusters = join(root, 'clusters');
  const dist = join(root, 'dist');
  mkdirSync(clusters);
  mkdirSync(join(dist, 'old'), { recursive: true });
  writeFileSync(join(dist, 'old', 'kustomization.yaml'), 'the previous dist\n');
  entries(clusters);
  try {
    const { result: status, errors, logs } = captureConsole(() => main(clusters, dist));
    const distEntries = readdirSync(dist).sort();
    const previous = distEntries.includes('old')
      ? readFileSync(join(dist, 'old', 'kustomization.yaml'), 'utf8')
      : undefined;
    // Temporary folders are outside any Git repository: the ownership scan's "could not look" is not what these test.
    return {
      status,
      errors: withoutScanNotice(errors).join('\n').replaceAll(`${clusters}/`, 'clusters/'),
      logs,
      distEntries,
      previous,
      root,
    };
  } catch (thrown) {
    // main() must never throw at a person's mistake: the tests see status -1 and the stack trace.
    return {
      status: -1,
      errors: String(thrown),
      logs: (thrown as { printed?: { logs: string[] } }).printed?.logs ?? [],
      distEntries: [] as string[],
      previous: undefined,
      root,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('clusters/ entries', () => {
  test('a folder named like a config: a message, no stack trace, dist/ unchanged', () => {
    const run = synthIn((clusters) => {
      writeFileSync(join(clusters, 'studio.yaml'), '{}\n');
      mkdirSync(join(clusters, 'lab.yaml'));
    });
    expect(run.status).toBe(1);
    expect(run.errors).toContain(
      'clusters/lab.yaml: is a folder; a cluster config is one YAML file (rename or remove it)',
    );
    expect(run.errors).not.toMatch(/\n\s+at /);
    expect(run.distEntries).toEqual(['old']);
    expect(run.previous).toBe('the previous dist\n');
  });

  test('a broken symbolic link: a message', () => {
    const run = synthIn((clusters) => symlinkSync(join(clusters, 'missing.yaml'), join(clusters, 'lab.yaml')));
    expect(run.status).toBe(1);
    expect(run.errors).toContain(
      'clusters/lab.yaml: is a symbolic link to something that does not exist; point it at a config file or remove it',
    );
  });

  test('a missing clusters/ folder: a message', () => {
    const root = mkdtempSync(join(tmpdir(), 'bad-input-'));
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(main(join(root, 'clusters'), join(root, 'dist'))).toBe(1);
      expect(error.mock.calls.flat().join('\n')).toContain(
        `${join(root, 'clusters')}/: does not exist; it holds one <name>.yaml per cluster`,
      );
    } finally {
      error.mockRestore();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('*.yml is a config too; the same cluster twice is refused', () => {
    const yml = synthIn((clusters) => writeFileSync(join(clusters, 'lab.yml'), '{}\n'));
    expect(yml.status).toBe(0);
    expect(yml.distEntries).toEqual(['lab']);
    const twice = synthIn((clusters) => {
      writeFileSync(join(clusters, 'lab.yaml'), '{}\n');
      writeFileSync(join(clusters, 'lab.yml'), '{}\n');
    });
    expect(twice.status).toBe(1);
    expect(twice.errors).toContain(
      'clusters/lab.yml: names the same cluster "lab" as clusters/lab.yaml; keep one of them',
    );
    expect(twice.distEntries).toEqual(['old']);
  });

  test('other files are named in a warning, hidden ones are not', () => {
    const run = synthIn((clusters) => {
      writeFileSync(join(clusters, 'lab.yaml'), '{}\n');
      writeFileSync(join(clusters, 'lab.yaml.bak'), '{}\n');
      writeFileSync(join(clusters, '.gitkeep'), '');
    });
    expect(run.status).toBe(0);
    expect(run.errors).toBe(
      'warning: clusters/lab.yaml.bak: not a cluster config (only *.yaml and *.yml files are read); ignored',
    );
  });
});

describe('settings without effect: a warning naming the file and the field, exit 0', () => {
  test.each([
    [
      'viz: {enabled: false, grafana: {url: "http://grafana.monitoring"}}',
      'viz.grafana.url: has no effect with viz.enabled: false (linkerd-viz is not installed)',
    ],
    [
      'viz: {enabled: false, dashboard: {extraHosts: [linkerd.home.example]}}',
      'viz.dashboard.extraHosts: has no effect with viz.enabled: false (linkerd-viz is not installed)',
    ],
    [
      'gatewayApi: {install: false, channel: experimental}',
      'gatewayApi.channel: has no effect with gatewayApi.install: false (the Gateway API CRDs come from elsewhere; their channel is theirs)',
    ],
    [
      'tracing: {enabled: false, backend: otlp, otlpEndpoint: "tempo.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
      'tracing.backend: has no effect with tracing.enabled: false (nothing traces)',
    ],
    [
      'tracing: {enabled: false, storage: badger}',
      'tracing.storage: has no effect with tracing.enabled: false (nothing traces); an existing Badger claim or provisioned Elasticsearch is kept (docs/tracing.md "Tracing")',
    ],
    [
      'meshedNamespaces: [{name: media, declared: elsewhere, defaultInboundPolicy: deny}]',
      'meshedNamespaces[0].defaultInboundPolicy: has no effect with declared: elsewhere (this project emits no Namespace "media"); put "config.linkerd.io/default-inbound-policy: deny" under metadata.annotations in its own manifest',
    ],
    [
      'monitoring: {alerts: {labels: {release: kps}}}',
      'monitoring.alerts.labels: has no effect with monitoring.alerts.enabled: false (no PrometheusRule is created)',
    ],
    [
      'monitoring: {podMonitors: {labels: {release: kps}}}',
      'monitoring.podMonitors.labels: has no effect with monitoring.podMonitors.enabled: false (no PodMonitor is created); set enabled: true to use them',
    ],
  ])('%s', (text, warning) => {
    const run = synthIn((clusters) => writeFileSync(join(clusters, 'lab.yaml'), `${text}\n`));
    expect(run.status).toBe(0);
    expect(run.errors.split('\n')).toContain(`warning: clusters/lab.yaml: ${warning}`);
  });

  test('a config with every setting in effect has no warning', () => {
    expect(
      synthIn((clusters) =>
        writeFileSync(
          join(clusters, 'lab.yaml'),
          'monitoring: {podMonitors: {enabled: true, labels: {release: kps}}}\n',
        ),
      ).errors,
    ).toBe('');
  });
});

describe('what holds data or trust is never pruned', () => {
  const annotations = (text: string, kind: string, name: string) =>
    synthesizeConfig(text).objects.find(({ object }) => object.kind === kind && object.metadata.name === name)?.object
      .metadata.annotations as Record<string, string> | undefined;

  test.each([
    ['cert-manager', 'the trust anchor Secret'],
    ['linkerd', 'the identity issuer and the trust roots'],
    ['linkerd-viz', 'nothing of value, kept for symmetry'],
    ['linkerd-jaeger', "Badger's claim, when there is one"],
  ])('namespace %s (%s)', (name) => {
    expect(annotations('{}', 'Namespace', name)?.['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
  });

  test("Badger's claim", () => {
    expect(
      annotations('tracing: {storage: badger}', 'PersistentVolumeClaim', 'jaeger-badger')?.[
        'kustomize.toolkit.fluxcd.io/prune'
      ],
    ).toBe('disabled');
  });
});

test('a meshed namespace may set its own default inbound policy', () => {
  const text = 'meshedNamespaces: [{name: payments, defaultInboundPolicy: all-authenticated}, media]';
  const { objects } = synthesizeConfig(text);
  const namespace = (name: string) =>
    objects.find(({ object }) => object.kind === 'Namespace' && object.metadata.name === name)!.object.metadata
      .annotations;
  expect(namespace('payments')).toMatchObject({
    'config.linkerd.io/default-inbound-policy': 'all-authenticated',
    'linkerd.io/inject': 'enabled',
  });
  expect(namespace('media')).not.toHaveProperty(['config.linkerd.io/default-inbound-policy']);
});

/** main() on a folder prepared by `prepare`, given the output `dist(root)`; what it printed and returned. */
function synthTo(prepare: (root: string) => void, dist: (root: string) => string) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'output-')));
  mkdirSync(join(root, 'clusters'));
  writeFileSync(join(root, 'clusters', 'lab.yaml'), '{}\n');
  prepare(root);
  const { result: status, errors } = captureConsole(() => main(join(root, 'clusters'), dist(root)));
  return {
    status,
    errors: withoutScanNotice(errors).join('\n').replaceAll(`${root}/`, ''),
    root,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

describe("synth's output argument: refused when replacing it would delete what is not synth's", () => {
  // [case, prepare, output, message]
  const CASES: Array<[string, (root: string) => void, (root: string) => string, string]> = [
    [
      'the configs folder',
      () => undefined,
      (root) => join(root, 'clusters'),
      'clusters/: is or contains the configs folder',
    ],
    [
      'a folder inside the configs',
      () => undefined,
      (root) => join(root, 'clusters', 'out'),
      'clusters/out/: lies inside the configs folder',
    ],
    ['the project (which contains the configs)', () => undefined, (root) => root, 'is or contains the configs folder'],
    ['a folder above the project', () => undefined, (root) => dirname(root), 'is or contains the project folder'],
    [
      'a Git work tree root',
      (root) => {
        mkdirSync(join(root, 'other'));
        execFileSync('git', ['init', '-q'], { cwd: join(root, 'other') });
      },
      (root) => join(root, 'other'),
      'other/: is or contains the root of a Git work tree',
    ],
    [
      'a symbolic link to a folder',
      (root) => {
        mkdirSync(join(root, 'elsewhere'));
        writeFileSync(join(root, 'elsewhere', 'keep.txt'), 'mine\n');
        symlinkSync(join(root, 'elsewhere'), join(root, 'dist'));
      },
      (root) => join(root, 'dist'),
      'dist/: is a symbolic link to',
    ],
    [
      'a dangling symbolic link',
      (root) => symlinkSync(join(root, 'gone'), join(root, 'dist')),
      (root) => join(root, 'dist'),
      ', which does not exist; synth replaces the output folder and will not replace a link',
    ],
    [
      'a regular file',
      (root) => writeFileSync(join(root, 'dist'), 'my notes\n'),
      (root) => join(root, 'dist'),
      'dist/: is a file, not a folder; synth writes a folder there and will not delete the file',
    ],
    [
      'a folder of something else',
      (root) => {
        mkdirSync(join(root, 'dist', 'photos'), { recursive: true });
        writeFileSync(join(root, 'dist', 'notes.txt'), 'mine\n');
      },
      (root) => join(root, 'dist'),
      'dist/: holds notes.txt, photos, which synth did not write',
    ],
  ];

  test.each(CASES)('%s', (_name, prepare, dist, message) => {
    const run = synthTo(prepare, dist);
    try {
      expect(run.status).toBe(1);
      expect(run.errors).toContain(message);
      expect(run.errors).toContain('was not changed');
      expect(run.errors).not.toMatch(/\n\s+at /);
      // Nothing was deleted: the configs, the link's target, the file are all still there.
      expect(readFileSync(join(run.root, 'clusters', 'lab.yaml'), 'utf8')).toBe('{}\n');
      if (existsSync(join(run.root, 'elsewhere', 'keep.txt')))
        expect(readFileSync(join(run.root, 'elsewhere', 'keep.txt'), 'utf8')).toBe('mine\n');
      if (existsSync(join(run.root, 'dist', 'notes.txt')))
        expect(readFileSync(join(run.root, 'dist', 'notes.txt'), 'utf8')).toBe('mine\n');
      expect(
        readdirSync(run.root).filter((entry) => entry.startsWith('dist.') || entry.startsWith('clusters.')),
      ).toEqual([]);
    } finally {
      run.cleanup();
    }
  });

  test('a new folder, an empty one, and one synth wrote are written', () => {
    for (const prepare of [() => undefined, (root: string) => mkdirSync(join(root, 'dist'))]) {
      const run = synthTo(prepare, (root) => join(root, 'dist'));
      try {
        expect(run.status).toBe(0);
        expect(readdirSync(join(run.root, 'dist'))).toEqual(['lab']);
        expect(captureConsole(() => main(join(run.root, 'clusters'), join(run.root, 'dist'))).result).toBe(0);
      } finally {
        run.cleanup();
      }
    }
  });
});

describe("synth's command line", () => {
  test.each([
    [['--force'], 2, 'synth takes no options but --check; unknown: --force'],
    [['clusters', 'dist', 'extra'], 2, 'synth takes at most two folders (the configs and the output); extra: extra'],
    [['clusters', ''], 2, "synth's folders must not be empty strings"],
  ])('%j', (argv, status, message) => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(run(argv)).toBe(status);
      expect(errors.mock.calls.flat().join('\n')).toContain(message);
      expect(errors.mock.calls.flat().join('\n')).toContain('usage: npm run synth');
    } finally {
      errors.mockRestore();
    }
  });

  test('--help prints the usage', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(run(['--help'])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('usage: npm run synth');
    } finally {
      log.mockRestore();
    }
  });
});

describe('writing dist/: one at a time, recoverable, honest (failures injected)', () => {
  let root: string;
  let dist: string;
  const FILES = new Map([['lab/kustomization.yaml', 'new\n']]);
  const old = () => readFileSync(join(dist, 'lab', 'kustomization.yaml'), 'utf8');
  const leftovers = () =>
    readdirSync(root)
      .filter((entry) => entry !== 'dist')
      .sort();
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'write-dist-'));
    dist = join(root, 'dist');
    mkdirSync(join(dist, 'lab'), { recursive: true });
    writeFileSync(join(dist, 'lab', 'kustomization.yaml'), 'old\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const failing = (code: string) => () => {
    throw Object.assign(new Error(`injected ${code}`), { code });
  };

  test('another synth holds the lock: refused, dist/ unchanged', () => {
    writeFileSync(`${dist}.lock`, `${process.ppid}\n`);
    expect(() => writeDist(dist, FILES)).toThrow(
      new DistWriteError(
        `another synth (process ${process.ppid}) is writing ${dist}/ now; wait for it to finish (if no synth runs, remove ${dist}.lock)`,
        false,
      ),
    );
    expect(old()).toBe('old\n');
  });

  test("a killed synth's lock is taken over, and released at the end", () => {
    const dead = spawnSync('true').pid!;
    writeFileSync(`${dist}.lock`, `${dead}\n`);
    expect(writeDist(dist, FILES).notes).toEqual([]);
    expect(old()).toBe('new\n');
    expect(leftovers()).toEqual([]);
  });

  test('writing the new files fails (an unwritable folder): dist/ unchanged, nothing left behind', () => {
    expect(() => writeDist(dist, FILES, { fs: { writeFileSync: failing('EACCES') } })).toThrow(
      new DistWriteError(`cannot write the new files beside ${dist}/ (permission denied in ${root})`, false),
    );
    expect(old()).toBe('old\n');
    expect(leftovers()).toEqual([]);
  });

  test('the second rename fails and the old dist/ is put back: unchanged', () => {
    let renames = 0;
    const renameSync = (from: PathLike, to: PathLike) => {
      if (++renames === 2) failing('EXDEV')();
      renameSyncReal(from, to);
    };
    expect(() => writeDist(dist, FILES, { fs: { renameSync } })).toThrow(
      new DistWriteError(`cannot move the new files into place as ${dist}/ (EXDEV)`, false),
    );
    expect(old()).toBe('old\n');
    expect(leftovers()).toEqual([]);
  });

  test('killed between the two renames: the next synth puts dist/ back first, then replaces it', () => {
    let renames = 0;
    // The second rename and the rollback both fail: what a kill at that moment leaves on disk.
    const renameSync = (from: PathLike, to: PathLike) => {
      if (++renames >= 2) failing('EIO')();
      renameSyncReal(from, to);
    };
    expect(() => writeDist(dist, FILES, { fs: { renameSync } })).toThrow(
      new DistWriteError(
        `cannot move the new files into place (EIO), nor the old ${dist}/ back (EIO): ${dist}/ is missing now; the old one is ${dist}.previous-${process.pid}, and the next synth puts it back first`,
        true,
      ),
    );
    expect(existsSync(dist)).toBe(false);
    const next = writeDist(dist, new Map([['lab/kustomization.yaml', 'newer\n']]));
    expect(next.notes).toEqual([
      `note: ${dist}/ was missing (a synth was interrupted while replacing it); put back from ${dist}.previous-${process.pid} first`,
      `note: removed ${dist}.staging-${process.pid}, left by an interrupted synth`,
    ]);
    expect(old()).toBe('newer\n');
    expect(leftovers()).toEqual([]);
  });

  test('a dist/ restored by hand-free recovery when synth died before writing anything new', () => {
    renameSyncReal(dist, `${dist}.previous-424242`);
    mkdirSync(`${dist}.staging-424242`);
    const result = writeDist(dist, FILES);
    expect(result.notes[0]).toBe(
      `note: ${dist}/ was missing (a synth was interrupted while replacing it); put back from ${dist}.previous-424242 first`,
    );
    expect(old()).toBe('new\n');
    expect(leftovers()).toEqual([]);
  });

  test('removing the old copy after the swap fails: said as a note (dist/ is new), and the next synth removes it', () => {
    const rmSync = (path: PathLike, options?: RmOptions) => {
      if (String(path).includes('.previous-')) failing('EBUSY')();
      rmSyncReal(path, options);
    };
    const result = writeDist(dist, FILES, { fs: { rmSync } });
    expect(result.notes).toEqual([
      `note: ${dist}/ was replaced, but its old copy ${dist}.previous-${process.pid} could not be removed (busy (in use)); the next synth removes it`,
    ]);
    expect(old()).toBe('new\n');
    expect(leftovers()).toEqual([`dist.previous-${process.pid}`]);
    expect(writeDist(dist, FILES).notes).toEqual([
      `note: removed ${dist}.previous-${process.pid}, left by an interrupted synth`,
    ]);
    expect(leftovers()).toEqual([]);
  });

  test('leftover staging folders of earlier runs are removed', () => {
    mkdirSync(`${dist}.staging-1111`);
    mkdirSync(`${dist}.staging-2222`);
    writeDist(dist, FILES);
    expect(leftovers()).toEqual([]);
  });

  test('a dist/ whose folder cannot hold the lock (not a folder): a message, no stack trace', () => {
    writeFileSync(join(root, 'plain-file'), '');
    const run = synthTo(
      () => undefined,
      () => join(root, 'plain-file', 'dist'),
    );
    try {
      expect(run.status).toBe(1);
      expect(run.errors).toContain('was not changed');
      expect(run.errors).not.toMatch(/\n\s+at /);
    } finally {
      run.cleanup();
    }
  });
});

describe('clusters/ entries the environment makes odd: a message, no stack trace', () => {
  test('a symbolic link loop', () => {
    const run = synthIn((clusters) => symlinkSync(join(clusters, 'lab.yaml'), join(clusters, 'lab.yaml')));
    expect(run.status).toBe(1);
    expect(run.errors).toContain(
      'clusters/lab.yaml: cannot be read: a loop of symbolic links (a link that points, in the end, to itself)',
    );
    expect(run.errors).not.toMatch(/\n\s+at /);
    expect(run.previous).toBe('the previous dist\n');
  });

  test.each([
    [
      'UTF-16LE with a byte-order mark',
      Buffer.from('\uFEFFhighAvailability: true\n', 'utf16le'),
      'clusters/lab.yaml: is UTF-16LE text; a cluster config is UTF-8 text: save it as UTF-8 (e.g. iconv -f UTF-16LE -t UTF-8)',
    ],
    [
      'UTF-16BE with a byte-order mark',
      Buffer.from('\uFEFFhighAvailability: true\n', 'utf16le').swap16(),
      'clusters/lab.yaml: is UTF-16BE text; a cluster config is UTF-8 text: save it as UTF-8 (e.g. iconv -f UTF-16BE -t UTF-8)',
    ],
    [
      'UTF-16LE without one',
      Buffer.from('highAvailability: true\n', 'utf16le'),
      'clusters/lab.yaml: is UTF-16LE text; a cluster config is UTF-8 text: save it as UTF-8 (e.g. iconv -f UTF-16LE -t UTF-8)',
    ],
    [
      'binary',
      Buffer.from([
        0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41,
      ]),
      'clusters/lab.yaml: is binary (it holds zero bytes); a cluster config is UTF-8 text',
    ],
  ])('a file in %s', (_name, bytes, message) => {
    const run = synthIn((clusters) => writeFileSync(join(clusters, 'lab.yaml'), bytes));
    expect(run.status).toBe(1);
    expect(run.errors).toContain(message);
    expect(run.previous).toBe('the previous dist\n');
  });

  test('a UTF-8 byte-order mark is fine', () => {
    expect(
      synthIn((clusters) => writeFileSync(join(clusters, 'lab.yaml'), '\uFEFFviz: {enabled: true}\n')).status,
    ).toBe(0);
  });
});

describeWithPromtool(
  'runbook URLs as promtool reads them: what is refused breaks `promtool check rules`, what is taken passes',
  () => {
    const alerts = (runbookUrl: string) =>
      `monitoring: {podMonitors: {enabled: true}, alerts: {enabled: true, runbookUrl: ${JSON.stringify(runbookUrl)}}}\n`;
    const check = (groups: unknown) => {
      const directory = mkdtempSync(join(tmpdir(), 'runbook-'));
      try {
        writeFileSync(join(directory, 'rules.yaml'), stringify({ groups }));
        return spawnSync(PROMTOOL!, ['check', 'rules', join(directory, 'rules.yaml')], { encoding: 'utf8' }).status;
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    };
    const groupsOf = (text: string) =>
      (
        synthesizeConfig(text).objects.find(({ object }) => object.kind === 'PrometheusRule')!.object.spec as {
          groups: unknown;
        }
      ).groups;

    test('an accepted URL passes promtool', () => {
      expect(check(groupsOf(alerts('https://git.example/home-ops/src/branch/main/infra/linkerd/README.md')))).toBe(0);
    });

    test.each(['https://wiki.example/{{ $labels.job', 'https://wiki.example/}}{{'])(
      '%s is refused here, and promtool refuses it too',
      (runbookUrl) => {
        expect(() => synthesizeConfig(alerts(runbookUrl))).toThrow(
          'contains "{{" or "}}", which Prometheus reads as template code',
        );
        // The same rules with that URL pasted in, as they would have been synthesized.
        const groups = JSON.parse(
          JSON.stringify(groupsOf(alerts('https://wiki.example/PLACEHOLDER'))).replaceAll(
            'https://wiki.example/PLACEHOLDER',
            runbookUrl.replaceAll('"', '\\"'),
          ),
        );
        expect(check(groups)).not.toBe(0);
      },
    );
  },
);

test('an unusable build folder: synth says where and what, exit 1, no stack trace', () => {
  // A project whose .build is a file: synth.js cannot make its bundle there.
  const project = mkdtempSync(join(tmpdir(), 'build-folder-'));
  try {
    mkdirSync(join(project, 'scripts'));
    writeFileSync(join(project, 'scripts', 'synth.js'), readFileSync(join(__dirname, '../scripts/synth.js')));
    for (const entry of ['main.ts', 'lib', 'charts', 'imports', 'node_modules', 'package-lock.json', 'tsconfig.json'])
      symlinkSync(join(__dirname, '..', entry), join(project, entry));
    writeFileSync(join(project, '.build'), 'not a folder\n');
    const result = spawnSync(process.execPath, [join(project, 'scripts', 'synth.js')], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'synth cannot build its bundle in .build/synth/: .build/synth: a part of the path is not a folder; make .build/ writable (or remove it), then run again. dist/ was not changed.\n',
    );
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
