/**
 * `npm run release-line:add` against a Helm repository this test starts on 127.0.0.1, built from
 * ../shared's Helm chart data: adding edge-26.8.3 gives byte-identical files to what gen:values makes from
 * ../shared, and every failure leaves the project exactly as it was, with a message that says what failed.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { ADD_STEPS, addReleaseLine, type AddStep, RepositoryError } from '../scripts/release-line-add';
import { VALUES_OUTPUT_DIR } from '../scripts/gen-values';
import { fileTree } from './support/files';
import {
  folderRoutes,
  paxRecord,
  type PublishedHelmChart,
  repositoryRoutes,
  type Route,
  serve,
  tarball,
  type TarEntry,
} from './support/helm-repository';
import { describeWithShared, SHARED_DIR } from './support/shared';

const PROJECT = resolve(__dirname, '..');
const LINE = 'edge-26.8.3';
const HELM_CHARTS = ['linkerd2-cni', 'linkerd-crds', 'linkerd-control-plane', 'linkerd-viz'];

/** How to build a published Helm chart: hostile variants change its Chart.yaml, its files or its tar entries. */
interface Publish extends Partial<PublishedHelmChart> {
  /** Fields of Chart.yaml to set. */
  readonly chartYaml?: Record<string, unknown>;
  /** Files to add or replace, by path in the package (`<chart>/values.yaml`). */
  readonly files?: Record<string, string>;
  /** Tar entries to add after the files. */
  readonly entries?: readonly TarEntry[];
  /** Leave these out of the package. */
  readonly without?: readonly string[];
}

/** The unchanged Helm charts built so far, by name: most cases change one Helm chart of four and publish the rest as they are. */
const unchanged = new Map<string, PublishedHelmChart>();

/** A Helm chart of ../shared's edge-26.8.3 as Linkerd's release publishes it: Chart.yaml's version and appVersion set. */
function published(helmChart: string, publish: Publish = {}): PublishedHelmChart {
  if (Object.keys(publish).length > 0) return build(helmChart, publish);
  if (!unchanged.has(helmChart)) unchanged.set(helmChart, Object.freeze(build(helmChart, publish)));
  return unchanged.get(helmChart)!;
}

function build(helmChart: string, publish: Publish): PublishedHelmChart {
  const folder = join(SHARED_DIR, 'linkerd-charts', LINE, helmChart);
  const version = publish.version ?? '2026.8.3';
  const appVersion = publish.appVersion ?? LINE;
  const chartYaml = {
    ...parse(readFileSync(join(folder, 'Chart.yaml'), 'utf8')),
    version,
    appVersion,
    ...publish.chartYaml,
  };
  const files: Record<string, string> = {
    [`${helmChart}/Chart.yaml`]: stringify(chartYaml),
    [`${helmChart}/templates/NOTES.txt`]: 'notes',
  };
  for (const name of ['values.yaml', 'values-ha.yaml']) {
    if (existsSync(join(folder, name))) files[`${helmChart}/${name}`] = readFileSync(join(folder, name), 'utf8');
  }
  Object.assign(files, publish.files);
  for (const path of publish.without ?? []) delete files[path];
  const entries: TarEntry[] = [
    ...Object.entries(files).map(([name, body]) => ({ name, body })),
    ...(publish.entries ?? []),
  ];
  const { chartYaml: _chartYaml, files: _files, entries: _entries, without: _without, ...rest } = publish;
  return { name: helmChart, version, appVersion, package: tarball(entries), ...rest };
}

/** A repository whose release has every Helm chart as published, `hostile` changing one of them. */
function release(
  hostile: Partial<Record<string, Publish>> = {},
  helmCharts: readonly string[] = HELM_CHARTS,
): Map<string, Route> {
  return repositoryRoutes(helmCharts.map((helmChart) => published(helmChart, hostile[helmChart])));
}

/** Every file under `dir`, relative to it: generated code as text, anything else (packages) by its sha256. */
const tree = (dir: string) =>
  fileTree(dir, {
    content: (path, bytes) =>
      path.endsWith('.ts') ? bytes.toString('utf8') : createHash('sha256').update(bytes).digest('hex'),
  });

/**
 * A project copy holding the generated values without `line` (as before it was added), in a folder of its
 * own (`<root>/project`), so a test can see that nothing was written beside the project either.
 */
function projectWithout(line: string): { readonly root: string; readonly dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'release-line-'));
  const dir = join(root, 'project');
  cpSync(join(PROJECT, VALUES_OUTPUT_DIR), join(dir, VALUES_OUTPUT_DIR), { recursive: true });
  rmSync(join(dir, VALUES_OUTPUT_DIR, line), { recursive: true, force: true });
  return { root, dir };
}

/** index.yaml of `routes`, changed by `edit`. */
function editIndex(
  routes: Map<string, Route>,
  edit: (index: { entries: Record<string, Array<Record<string, unknown>>> }) => void,
): Map<string, Route> {
  const route = routes.get('/index.yaml') as { body: string };
  const index = parse(route.body);
  edit(index);
  return new Map([...routes, ['/index.yaml', { body: stringify(index) }]]);
}

/** YAML whose aliases expand to 10^levels scalars: an "alias bomb" of a few hundred bytes. */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < levels; level++)
    lines.push(
      `a${level}: &a${level} [${Array(10)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describeWithShared('release-line:add', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const project = (line = LINE) => {
    const made = projectWithout(line);
    roots.push(made.root);
    return made;
  };
  // The refusals share one project copy (copying its ~70 files for each was most of this suite's time): each
  // asserts that it left the copy exactly as it was, so the next one starts from the same state.
  let refusals: { readonly root: string; readonly dir: string } | undefined;
  const refusalProject = () => (refusals ??= project());

  async function withRepository<T>(routes: Map<string, Route>, run: (url: string) => Promise<T>): Promise<T> {
    const server = await serve(routes);
    try {
      return await run(server.url);
    } finally {
      await server.close();
    }
  }

  test('adding edge-26.8.3 from a repository gives the files gen:values makes from ../shared, byte for byte', async () => {
    const { dir } = project();
    const written = await withRepository(release(), (url) =>
      addReleaseLine({ line: LINE, projectDir: dir, repositoryUrl: url }),
    );
    expect(written).toContain(`${VALUES_OUTPUT_DIR}/${LINE}/release-line.ts`);
    expect(tree(join(dir, VALUES_OUTPUT_DIR))).toEqual(tree(join(PROJECT, VALUES_OUTPUT_DIR)));
    // The packages stay in the git-ignored cache; a second project run from it needs no repository.
    expect(readdirSync(join(dir, '.cache', 'linkerd-charts', LINE)).sort()).toEqual(
      HELM_CHARTS.map((helmChart) => `${helmChart}-2026.8.3.tgz`).sort(),
    );
  });

  // (Not stable-2.14.10: its linkerd-crds 1.8.0 has no appVersion, so nothing in the index ties it to the tag.)
  test.each([['edge-26.8.3', 'linkerd-edge']])(
    "adding %s from ../shared's real repository %s (packages with templates) gives the files gen:values makes",
    async (line, folder) => {
      const { dir } = project(line);
      await withRepository(folderRoutes(join(SHARED_DIR, 'helm-repositories', folder)), (url) =>
        addReleaseLine({ line, projectDir: dir, repositoryUrl: url }),
      );
      expect(tree(join(dir, VALUES_OUTPUT_DIR))).toEqual(tree(join(PROJECT, VALUES_OUTPUT_DIR)));
    },
  );

  test("a cached package is used only when its digest is the index's: another one in its place is downloaded again", async () => {
    const { dir } = project();
    // A package of the same name from another repository (different values), planted in the cache.
    const planted = published('linkerd-control-plane', {
      files: { 'linkerd-control-plane/values.yaml': 'planted: true\n' },
    }).package;
    const cached = join(dir, '.cache', 'linkerd-charts', LINE, 'linkerd-control-plane-2026.8.3.tgz');
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(cached, planted);
    const routes = release();
    await withRepository(routes, (url) => addReleaseLine({ line: LINE, projectDir: dir, repositoryUrl: url }));
    expect(tree(join(dir, VALUES_OUTPUT_DIR))).toEqual(tree(join(PROJECT, VALUES_OUTPUT_DIR)));
    expect(readFileSync(cached)).toEqual(
      (routes.get('/charts/linkerd-control-plane-2026.8.3.tgz') as { body: Buffer }).body,
    );
  });

  /** Runs the add with `routes` (or `url`) and expects `message`; the project, its .cache/ and what lies beside it must be exactly as they were. */
  async function expectRefused(
    message: string | RegExp,
    options: {
      routes?: Map<string, Route>;
      url?: string;
      line?: string;
      timeoutSeconds?: number;
      before?: (dir: string) => void;
    },
  ) {
    const line = options.line ?? LINE;
    // One that plants something first gets a copy of its own.
    const { root, dir } = options.before ? project() : refusalProject();
    options.before?.(dir);
    const before = tree(root);
    const run = (url: string) =>
      addReleaseLine({ line, projectDir: dir, repositoryUrl: url, timeoutSeconds: options.timeoutSeconds });
    const attempt = options.routes ? withRepository(options.routes, run) : run(options.url!);
    await expect(attempt).rejects.toThrow(RepositoryError);
    await expect(attempt).rejects.toThrow(message);
    expect(tree(root)).toEqual(before);
  }

  /** One hostile repository (or line name): what it is, what it serves, the message it gets. */
  interface Hostile {
    readonly routes?: () => Map<string, Route>;
    readonly line?: string;
    readonly message: RegExp;
    readonly before?: (dir: string) => void;
  }
  const CODE = `*/ require('fs').writeFileSync('/tmp/pwned', 'x'); /*`;
  const stable = (publish: Publish = {}) =>
    Object.fromEntries(
      HELM_CHARTS.map((helmChart) => [helmChart, { appVersion: 'stable-2.99.0', version: '1.0.0', ...publish }]),
    );
  const outside = (version: string) => stable({ version, index: { urls: ['charts/x.tgz'] } });
  const hostile: Record<string, Record<string, Hostile>> = {
    // 1. Nothing from a package or index becomes code; Chart.yaml agrees with its index entry and the line.
    code: {
      'Chart.yaml version with a comment end and code': {
        routes: () => release({ 'linkerd-control-plane': { chartYaml: { version: `2026.8.3 ${CODE}` } } }),
        message:
          /linkerd-control-plane-2026\.8\.3\.tgz: Chart\.yaml says version "2026\.8\.3 \*\/ require.*", its index entry says "2026\.8\.3"; refused/,
      },
      'stable: index and Chart.yaml versions with code': {
        line: 'stable-2.99.0',
        routes: () => release(stable({ version: `1.0.0${CODE}`, index: { urls: ['charts/x.tgz'] } })),
        message:
          /linkerd[\w-]* "1\.0\.0\*\/ require.*" in the index of .*: the version is not a SemVer version, as Helm requires; refused/,
      },
      'Chart.yaml name differs from the index': {
        routes: () => release({ 'linkerd-viz': { chartYaml: { name: 'linkerd-control-plane' } } }),
        message:
          /linkerd-viz-2026\.8\.3\.tgz: Chart\.yaml says name "linkerd-control-plane", its index entry says "linkerd-viz"; refused/,
      },
      'Chart.yaml appVersion differs from the index': {
        routes: () => release({ 'linkerd-crds': { chartYaml: { appVersion: 'edge-26.8.4' } } }),
        message:
          /linkerd-crds-2026\.8\.3\.tgz: Chart\.yaml says appVersion "edge-26\.8\.4", its index entry says "edge-26\.8\.3"/,
      },
      'Chart.yaml and index agree, but not with the line': {
        routes: () => release({ 'linkerd-crds': { appVersion: 'edge-26.8.4' } }),
        message:
          /linkerd-crds-2026\.8\.3\.tgz: Chart\.yaml says appVersion "edge-26\.8\.4", the release line is "edge-26\.8\.3"/,
      },
      'index entry named another chart': {
        routes: () => release({ 'linkerd-viz': { index: { name: 'linkerd-control-plane' } } }),
        message: /linkerd-viz "2026\.8\.3" in the index of .* is named "linkerd-control-plane"; refused/,
      },
      'a values key "__proto__" (an object literal would make it the prototype)': {
        routes: () =>
          release({ 'linkerd-viz': { files: { 'linkerd-viz/values.yaml': '__proto__:\n  polluted: true\n' } } }),
        message:
          /linkerd-viz-2026\.8\.3\.tgz values\.yaml has a key "__proto__" \(at the top\), which no chart value is; refused/,
      },
    },
    // 2. No path built from outside data leaves its folder.
    paths: {
      'stable index version climbing out of .cache/': {
        line: 'stable-2.99.0',
        routes: () => release(outside('../../../../escaped')),
        message: /"\.\.\/\.\.\/\.\.\/\.\.\/escaped" in the index of .*: the version is not a SemVer version/,
      },
      'stable index version that is an absolute path': {
        line: 'stable-2.99.0',
        routes: () => release(outside('/tmp/escaped')),
        message: /"\/tmp\/escaped" in the index of .*: the version is not a SemVer version/,
      },
      'tar entry ../Chart.yaml': {
        routes: () =>
          release({
            'linkerd-crds': {
              without: ['linkerd-crds/Chart.yaml'],
              entries: [
                {
                  name: '../Chart.yaml',
                  body: stringify({ name: 'linkerd-crds', version: '2026.8.3', appVersion: LINE }),
                },
              ],
            },
          }),
        message:
          /linkerd-crds-2026\.8\.3\.tgz holds an entry named "\.\.\/Chart\.yaml", which points outside the package \(\.\.\); Helm refuses such packages/,
      },
      'tar entry <chart>/../../x': {
        routes: () => release({ 'linkerd-crds': { entries: [{ name: 'linkerd-crds/../../x', body: 'x' }] } }),
        message: /holds an entry named "linkerd-crds\/\.\.\/\.\.\/x", which points outside the package/,
      },
      'absolute tar entry': {
        routes: () => release({ 'linkerd-viz': { entries: [{ name: '/etc/cron.d/x', body: 'x' }] } }),
        message: /holds an entry named "\/etc\/cron\.d\/x", which is an absolute path/,
      },
      'drive-letter tar entry': {
        routes: () => release({ 'linkerd-viz': { entries: [{ name: 'C:/x', body: 'x' }] } }),
        message: /holds an entry named "C:\/x", which is an absolute path/,
      },
      'backslash tar entry': {
        routes: () => release({ 'linkerd-viz': { entries: [{ name: 'linkerd-viz\\..\\..\\x', body: 'x' }] } }),
        message: /which has a backslash/,
      },
      'tar entry outside the Helm chart folder': {
        routes: () => release({ 'linkerd-viz': { entries: [{ name: 'linkerd-crds/values.yaml', body: 'x: 1' }] } }),
        message:
          /holds an entry named "linkerd-crds\/values\.yaml", which lies outside the chart's folder linkerd-viz\//,
      },
      'pax header naming ../Chart.yaml': {
        routes: () =>
          release({
            'linkerd-viz': {
              entries: [
                { name: 'PaxHeaders/x', type: 'x', body: paxRecord('path', '../Chart.yaml') },
                { name: 'linkerd-viz/harmless', body: 'x' },
              ],
            },
          }),
        message: /holds an entry named "\.\.\/Chart\.yaml", which points outside the package/,
      },
      'symbolic link': {
        routes: () =>
          release({
            'linkerd-crds': {
              without: ['linkerd-crds/values.yaml'],
              entries: [{ name: 'linkerd-crds/values.yaml', type: '2', linkName: '/etc/passwd' }],
            },
          }),
        message: /holds "linkerd-crds\/values\.yaml", which is a symbolic link; a chart package holds only files/,
      },
      'hard link': {
        routes: () =>
          release({ 'linkerd-crds': { entries: [{ name: 'linkerd-crds/link', type: '1', linkName: '../../x' }] } }),
        message: /holds "linkerd-crds\/link", which is a hard link/,
      },
      'a device': {
        routes: () => release({ 'linkerd-crds': { entries: [{ name: 'linkerd-crds/tty', type: '3' }] } }),
        message: /holds "linkerd-crds\/tty", which is of tar type "3"/,
      },
      'an entry twice (the second would win)': {
        routes: () => release({ 'linkerd-crds': { entries: [{ name: 'linkerd-crds/values.yaml', body: 'x: 1' }] } }),
        message: /holds "linkerd-crds\/values\.yaml" twice; refused/,
      },
      'a package URL that is a local file': {
        routes: () => release({ 'linkerd-crds': { index: { urls: ['file:///etc/passwd'] } } }),
        message: /linkerd-crds 2026\.8\.3's download URL "file:\/\/\/etc\/passwd" .* is not http\(s\); refused/,
      },
      'a line name that is a path': {
        line: 'edge-26.8.3/../../x',
        message: /"edge-26\.8\.3\/\.\.\/\.\.\/x" is not a release line/,
      },
    },
    // 3. Nothing written on a refusal, .cache/ included; the cache checked against the index.
    cache: {
      'refused after every package was downloaded (a webhook no code knows)': {
        routes: () =>
          release({
            'linkerd-viz': {
              files: {
                'linkerd-viz/values.yaml': `${readFileSync(join(SHARED_DIR, 'linkerd-charts', LINE, 'linkerd-viz', 'values.yaml'), 'utf8')}\nnewHook:\n  externalSecret: false\n`,
              },
            },
          }),
        message:
          /edge-26\.8\.3 cannot be added as it is; nothing was written:\n {2}- hand-written code: linkerd-viz in edge-26\.8\.3 has a webhook "newHook"/,
      },
      'a cached package that no longer matches, and a corrupt download': {
        before: (dir) => {
          mkdirSync(join(dir, '.cache', 'linkerd-charts', LINE), { recursive: true });
          writeFileSync(join(dir, '.cache', 'linkerd-charts', LINE, 'linkerd-crds-2026.8.3.tgz'), 'stale');
        },
        routes: () => release({ 'linkerd-crds': { digest: 'f'.repeat(64) } }),
        message:
          /linkerd-crds-2026\.8\.3\.tgz is corrupt or truncated: its sha256 is [0-9a-f]{64}, the index says f{64}/,
      },
    },
    // 4. Resource bombs: bounded with a clear message.
    bombs: {
      'a package expanding past 64 MiB': {
        routes: () =>
          release({
            'linkerd-viz': { entries: [{ name: 'linkerd-viz/zeros', body: Buffer.alloc(65 * 1024 * 1024) }] },
          }),
        message: /linkerd-viz-2026\.8\.3\.tgz expands to more than 64 MiB \(a decompression bomb\?\); refused/,
      },
      'a package larger than 16 MiB': {
        routes: () =>
          new Map([...release(), ['/charts/linkerd-viz-2026.8.3.tgz', { body: Buffer.alloc(17 * 1024 * 1024) }]]),
        message: /linkerd-viz-2026\.8\.3\.tgz is larger than 16 MiB; refused/,
      },
      'an index larger than 32 MiB': {
        routes: () =>
          new Map([
            ...release(),
            [
              '/index.yaml',
              { body: `${(release().get('/index.yaml') as { body: string }).body}#${'x'.repeat(33 * 1024 * 1024)}\n` },
            ],
          ]),
        message: /\/repo\/index\.yaml is larger than 32 MiB; refused/,
      },
      'an alias bomb in index.yaml': {
        routes: () =>
          new Map([
            ...release(),
            ['/index.yaml', { body: `${aliasBomb(6)}apiVersion: v1\nentries:\n  linkerd-crds: *a5\n` }],
          ]),
        message: /index\.yaml expands its YAML aliases beyond 100 \(an alias bomb\?\); refused/,
      },
      'an alias bomb in values.yaml': {
        routes: () => release({ 'linkerd-viz': { files: { 'linkerd-viz/values.yaml': aliasBomb(6) } } }),
        message: /linkerd-viz-2026\.8\.3\.tgz values\.yaml expands its YAML aliases beyond 100/,
      },
      'an alias bomb in Chart.yaml': {
        routes: () =>
          release({ 'linkerd-viz': { files: { 'linkerd-viz/Chart.yaml': `${aliasBomb(6)}name: linkerd-viz\n` } } }),
        message: /linkerd-viz-2026\.8\.3\.tgz Chart\.yaml expands its YAML aliases beyond 100/,
      },
      'an index nested 100000 deep (the parser would abort the process)': {
        routes: () =>
          new Map([
            ...release(),
            ['/index.yaml', { body: `apiVersion: v1\nentries: ${'['.repeat(100000)}${']'.repeat(100000)}\n` }],
          ]),
        message: /index\.yaml is nested more than 1000 levels deep; refused/,
      },
    },
    // 5. Names: one spelling per line; an entry without a digest cannot be checked.
    names: {
      'a leading zero (edge-26.08.3 is edge-26.8.3)': {
        line: 'edge-26.08.3',
        routes: () => release(),
        message: /"edge-26\.08\.3" is written edge-26\.8\.3 \(Linkerd's tags have no leading zeros\)/,
      },
      'a leading zero of a line that exists (edge-25.09.4)': {
        line: 'edge-25.09.4',
        routes: () => release(),
        message: /"edge-25\.09\.4" is written edge-25\.9\.4/,
      },
      'a stable line with leading zeros': {
        line: 'stable-2.14.010',
        routes: () => release(),
        message: /"stable-2\.14\.010" is written stable-2\.14\.10/,
      },
      'an index entry without a digest': {
        routes: () => release({ 'linkerd-control-plane': { index: { digest: undefined } } }),
        message:
          /linkerd-control-plane 2026\.8\.3 has no digest in the index of .*, so its package cannot be checked; refused/,
      },
      'an index digest that is no sha256': {
        routes: () => release({ 'linkerd-control-plane': { digest: 'md5:abc' } }),
        message:
          /linkerd-control-plane 2026\.8\.3 has a digest in the index of .* that is no sha256 \("md5:abc"\); refused/,
      },
      'a Helm chart listed twice for the release': {
        routes: () =>
          editIndex(release(), (index) => index.entries['linkerd-viz'].push({ ...index.entries['linkerd-viz'][0] })),
        message: /the index of .* lists linkerd-viz for edge-26\.8\.3 2 times \("2026\.8\.3", "2026\.8\.3"\); refused/,
      },
    },
  };

  describe.each(Object.keys(hostile))('a hostile repository: %s', (group) => {
    test.each(Object.entries(hostile[group]))('%s', async (_name, { routes, line, message, before }) => {
      await expectRefused(message, {
        routes: routes?.(),
        url: routes ? undefined : 'http://127.0.0.1:9',
        line,
        before,
      });
    });
  });

  test('a step adds its files with the line (all or nothing), and sees the checked Helm charts and packages', async () => {
    const { dir } = project();
    const seen: string[] = [];
    const extra: AddStep = {
      name: 'extra file',
      run: (context) => {
        seen.push(...[...context.packages.keys()], String(Object.keys(context.helmCharts).length));
        return {
          files: new Map([
            [`${VALUES_OUTPUT_DIR}/${LINE}/extra.json`, '{}'],
            ['.cache/extra/one.txt', 'one'],
          ]),
        };
      },
    };
    await withRepository(release(), (url) =>
      addReleaseLine({ line: LINE, projectDir: dir, repositoryUrl: url, steps: [...ADD_STEPS, extra] }),
    );
    expect(readFileSync(join(dir, VALUES_OUTPUT_DIR, LINE, 'extra.json'), 'utf8')).toBe('{}');
    expect(readFileSync(join(dir, '.cache', 'extra', 'one.txt'), 'utf8')).toBe('one');
    expect(seen).toEqual([...HELM_CHARTS, String(HELM_CHARTS.length)]);
  });

  test.each([
    [
      'a file outside the project',
      { files: new Map([['../escaped.ts', 'x']]) },
      /the outside step: "\.\." is not a plain file name; refused, nothing was written/,
    ],
    [
      'a file that exists',
      { files: new Map([[`${VALUES_OUTPUT_DIR}/index.ts`, 'x']]) },
      /the outside step would overwrite imports\/linkerd-values\/index\.ts; nothing was written/,
    ],
    [
      'a problem',
      { problems: ['the render check failed'] },
      /edge-26\.8\.3 cannot be added as it is; nothing was written:\n {2}- outside: the render check failed/,
    ],
  ])('a step returning %s stops the add before anything is written', async (_name, result, message) => {
    const { root, dir } = refusalProject();
    const before = tree(root);
    const step: AddStep = { name: 'outside', run: () => result };
    await expect(
      withRepository(release(), (url) =>
        addReleaseLine({ line: LINE, projectDir: dir, repositoryUrl: url, steps: [...ADD_STEPS, step] }),
      ),
    ).rejects.toThrow(message);
    expect(tree(root)).toEqual(before);
  });

  test('an unknown version', async () => {
    await expectRefused(/has no release edge-26\.8\.9; its newest: edge-26\.8\.3; check the name/, {
      routes: release(),
      line: 'edge-26.8.9',
    });
  });

  test('a release without linkerd-control-plane', async () => {
    await expectRefused(
      /edge-26\.8\.3 in http:\/\/127\.0\.0\.1:\d+\/repo lacks linkerd-control-plane, which every cluster installs/,
      {
        routes: repositoryRoutes(['linkerd-crds', 'linkerd-viz'].map((helmChart) => published(helmChart))),
      },
    );
  });

  test('a corrupt package (not gzip)', async () => {
    const garbage = Buffer.from('<html>mirror error page</html>');
    const routes = repositoryRoutes(
      HELM_CHARTS.map((helmChart) =>
        helmChart === 'linkerd-viz' ? published(helmChart, { package: garbage }) : published(helmChart),
      ),
    );
    await expectRefused(/linkerd-viz-2026\.8\.3\.tgz is corrupt or truncated \(not a gzip file/, { routes });
  });

  test('a package whose digest does not match the index', async () => {
    const routes = repositoryRoutes(
      HELM_CHARTS.map((helmChart) =>
        helmChart === 'linkerd-crds' ? published(helmChart, { digest: 'f'.repeat(64) }) : published(helmChart),
      ),
    );
    await expectRefused(
      /linkerd-crds-2026\.8\.3\.tgz is corrupt or truncated: its sha256 is [0-9a-f]{64}, the index says f{64}/,
      { routes },
    );
  });

  test('a truncated package', async () => {
    const whole = published('linkerd-control-plane');
    const { gunzipSync, gzipSync } = require('node:zlib') as typeof import('node:zlib');
    const cut = gzipSync(gunzipSync(whole.package).subarray(0, 2000));
    const routes = repositoryRoutes(
      HELM_CHARTS.map((helmChart) =>
        helmChart === 'linkerd-control-plane' ? published(helmChart, { package: cut }) : published(helmChart),
      ),
    );
    await expectRefused(/linkerd-control-plane-2026\.8\.3\.tgz is truncated/, { routes });
  });

  test('an HTTP error', async () => {
    await expectRefused(/\/repo\/index\.yaml answered HTTP 500; check the repository URL \(--repo\)/, {
      routes: new Map([['/index.yaml', { status: 500, body: 'oops' }]]),
    });
  });

  test('a time-out', async () => {
    await expectRefused(/no answer from http:\/\/127\.0\.0\.1:\d+\/repo\/index\.yaml within 0\.2 s/, {
      routes: new Map<string, Route>([['/index.yaml', 'hang']]),
      timeoutSeconds: 0.2,
    });
  });

  test('an unreachable host', async () => {
    // A port that was just free: nothing listens there.
    const closed = await serve(new Map());
    await closed.close();
    await expectRefused(
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/repo\/index\.yaml: ECONNREFUSED; check the network or the repository URL \(--repo\)/,
      { url: closed.url },
    );
  });

  test('a line that exists already, and a name that is no line', async () => {
    await expectRefused('edge-25.9.4 exists already', { url: 'http://127.0.0.1:9', line: 'edge-25.9.4' });
    await expectRefused('"edge-26" is not a release line: write edge-YY.M.N', {
      url: 'http://127.0.0.1:9',
      line: 'edge-26',
    });
  });
});
