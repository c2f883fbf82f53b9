/**
 * `npm run fetch:test-data` against ../shared served on 127.0.0.1 the way its upstream servers serve it
 * (test/support/upstream-mirror.ts): it fills a temporary project's .cache/shared laid out like ../shared,
 * from which the generators make the committed files; a rerun with everything cached writes nothing;
 * corrupt data is refused with nothing changed; and test/support/shared.ts reads .cache/shared when
 * ../shared is absent.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RELEASE_LINE_NAMES, releaseLine } from '../lib/linkerd/catalog';
import { LINKERD_HELM_CHARTS } from '../lib/linkerd/helm-charts';
import { fetchTestData, type FetchTestDataOptions, TEST_DATA_DIR } from '../scripts/fetch-test-data';
import { generateDashboardFiles } from '../scripts/gen-dashboards';
import { generateValuesFiles, VALUES_OUTPUT_DIR } from '../scripts/gen-values';
import { DASHBOARDS_OUTPUT_DIR } from '../scripts/release-lines/grafana-dashboards';
import { UPSTREAM_CRDS } from '../scripts/test-data/upstream-crds';
import { type Route, serve } from './support/helm-repository';
import { describeWithShared, findSharedDir, holdsSharedData, SHARED_DIR } from './support/shared';
import { upstreamMirror } from './support/upstream-mirror';

const PROJECT = resolve(__dirname, '..');

/** Every file below `folder`, by posix path. */
function filesOf(folder: string, under = ''): string[] {
  if (!existsSync(join(folder, under))) return [];
  return readdirSync(join(folder, under), { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesOf(folder, under ? `${under}/${entry.name}` : entry.name)
        : [under ? `${under}/${entry.name}` : entry.name],
    )
    .sort();
}

/** The catalog's lines whose Linkerd packages and linkerd2 grafana/ `sharedDir` holds (those its mirror serves). */
function servableLines(sharedDir: string): string[] {
  return RELEASE_LINE_NAMES.filter((line) => {
    const { channel, helmChartVersions } = releaseLine(line);
    const packages = LINKERD_HELM_CHARTS.filter((helmChart) => helmChartVersions[helmChart]).map((helmChart) =>
      join(sharedDir, 'helm-repositories', `linkerd-${channel}`, `${helmChart}-${helmChartVersions[helmChart]}.tgz`),
    );
    return (
      packages.every((file) => existsSync(file)) &&
      existsSync(join(sharedDir, 'linkerd-grafana', 'linkerd', 'linkerd2', line))
    );
  });
}

describeWithShared('fetch:test-data from servers on 127.0.0.1', () => {
  const mirror = upstreamMirror(SHARED_DIR);
  let dir: string;
  let data: string;
  let server: { url: string; close: () => Promise<void> };
  let routes: Map<string, Route>;
  const requests: string[] = [];
  // Two lines, one of each channel where the catalog has both, to stay fast (every line is fetched the same way);
  // only lines the mirror serves, i.e. whose packages and grafana/ are in the data it serves: a line added
  // with release-line:add is in the catalog, but neither in ../shared nor in .cache/shared until
  // fetch:test-data runs again, and these tests are about fetching, not about which lines there are.
  const servable = servableLines(SHARED_DIR);
  const first = servable[0];
  const lines = [
    ...new Set([first, servable.find((line) => releaseLine(line).channel !== releaseLine(first).channel) ?? first]),
  ];

  test('the mirror serves at least one line of the catalog', () => {
    expect([SHARED_DIR, servable.length > 0]).toEqual([SHARED_DIR, true]);
  });
  const options = (): FetchTestDataOptions => ({
    projectDir: dir,
    lines,
    timeoutSeconds: 10,
    ...mirror.flags(server.url),
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fetch-test-data-'));
    data = join(dir, TEST_DATA_DIR);
    // The committed dashboards modules are what linkerd2's grafana/ is checked against.
    cpSync(join(PROJECT, DASHBOARDS_OUTPUT_DIR), join(dir, DASHBOARDS_OUTPUT_DIR), { recursive: true });
    routes = new Map(mirror.routes);
    const logged = {
      get: (path: string) => {
        requests.push(path);
        return routes.get(path);
      },
    } as unknown as ReadonlyMap<string, Route>;
    server = await serve(logged);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("fills .cache/shared laid out like ../shared: its packages, CRDs and grafana files byte for byte, each line's values from its packages", async () => {
    const result = await fetchTestData(options());
    expect(result.written).toBe(true);
    const files = filesOf(data);
    expect(result.files).toBe(files.length);
    const upstream = files.filter((path) =>
      /^(helm-repositories\/.*\.tgz|(flux|flux-floor|cert-manager|prometheus-operator)-crds\/.*|linkerd-grafana\/.*)$/.test(
        path,
      ),
    );
    const differing = upstream.filter(
      (path) => !readFileSync(join(data, path)).equals(readFileSync(join(SHARED_DIR, path))),
    );
    expect(differing).toEqual([]);
    for (const folder of new Set(UPSTREAM_CRDS.map((crd) => crd.folder))) {
      expect([folder, filesOf(join(data, folder))]).toEqual([
        folder,
        filesOf(join(SHARED_DIR, folder)).filter((name) => name.endsWith('.yaml')),
      ]);
    }
    for (const line of lines) {
      const { channel, helmChartVersions } = releaseLine(line);
      for (const helmChart of LINKERD_HELM_CHARTS.filter((name) => helmChartVersions[name])) {
        expect(files).toEqual(
          expect.arrayContaining([
            `helm-repositories/linkerd-${channel}/${helmChart}-${helmChartVersions[helmChart]}.tgz`,
            `linkerd-charts/${line}/${helmChart}/values.yaml`,
          ]),
        );
      }
    }
    expect(holdsSharedData(data)).toBe(true);
    expect(readdirSync(join(dir, '.cache'))).toEqual(['shared']); // no staging folder left
  });

  test('from it the generators make the committed values types and dashboards, as from ../shared', async () => {
    const stale = [...generateValuesFiles(data)]
      .filter(
        ([path, content]) =>
          path !== `${VALUES_OUTPUT_DIR}/index.ts` && readFileSync(join(PROJECT, path), 'utf8') !== content,
      )
      .map(([path]) => path);
    expect(stale).toEqual([]);
    const dashboards = [...(await generateDashboardFiles(data, RELEASE_LINE_NAMES))]
      .filter(([path, content]) => readFileSync(join(PROJECT, path), 'utf8') !== content)
      .map(([path]) => path);
    expect(dashboards).toEqual([]);
  });

  test('a rerun with everything cached writes nothing and downloads only the indexes', async () => {
    const before = filesOf(data).map((path) => [path, statSync(join(data, path)).mtimeMs]);
    requests.length = 0;
    const result = await fetchTestData(options());
    expect(result.written).toBe(false);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((path) => !path.endsWith('/index.yaml'))).toEqual([]);
    expect(result.downloads).toBe(requests.length);
    expect(filesOf(data).map((path) => [path, statSync(join(data, path)).mtimeMs])).toEqual(before);
  });

  test('a corrupt package is refused by name, and nothing changes; served right again, the next run puts it back', async () => {
    const { channel, helmChartVersions } = releaseLine(first);
    const file = `linkerd-control-plane-${helmChartVersions['linkerd-control-plane']}.tgz`;
    const route = `/linkerd-${channel}/${file}`;
    rmSync(join(data, 'helm-repositories', `linkerd-${channel}`, file));
    const before = filesOf(data);
    const good = routes.get(route) as { body: Buffer };
    const corrupt = Buffer.from(good.body);
    corrupt[corrupt.length - 100] ^= 0xff;
    routes.set(route, { body: corrupt, contentType: 'application/gzip' });
    try {
      await expect(fetchTestData(options())).rejects.toThrow(
        new RegExp(
          `${file.replace(/\./g, '\\.')} is corrupt or truncated: its sha256 is [0-9a-f]{64}, the index says [0-9a-f]{64}`,
        ),
      );
    } finally {
      routes.set(route, good);
    }
    expect(filesOf(data)).toEqual(before);
    expect(readdirSync(join(dir, '.cache'))).toEqual(['shared']);
    // Served right again, the next run puts it back.
    expect((await fetchTestData(options())).written).toBe(true);
    expect(readFileSync(join(data, 'helm-repositories', `linkerd-${channel}`, file)).equals(good.body)).toBe(true);
  });

  test('a CRD that is not the pinned file, and a repository that answers 404, are refused by name', async () => {
    const [crd] = UPSTREAM_CRDS;
    const route = `/raw/${crd.repository}/${crd.tag}/${crd.path}`;
    const cached = join(data, crd.folder, crd.path.split('/').pop()!);
    const good = readFileSync(cached);
    rmSync(cached);
    routes.set(route, { body: `${good.toString('utf8')}\n# edited\n` });
    try {
      await expect(fetchTestData(options())).rejects.toThrow(
        /is not the file scripts\/test-data\/upstream-crds\.ts pins: its sha256 is/,
      );
    } finally {
      routes.set(route, { body: good });
    }
    await expect(fetchTestData({ ...options(), edgeRepo: `${server.url}/nowhere` })).rejects.toThrow(
      /nowhere\/index\.yaml answered HTTP 404; check the repository URL \(--edge-repo\)/,
    );
    expect(existsSync(cached)).toBe(false);
  });
});

test('the tests read ../shared beside the project, else the .cache/shared fetch:test-data filled; SHARED_DIR over both', () => {
  const root = mkdtempSync(join(tmpdir(), 'find-shared-'));
  try {
    const project = join(root, 'project');
    const fill = (folder: string) =>
      ['flux-crds', 'linkerd-charts'].forEach((name) => mkdirSync(join(folder, name), { recursive: true }));
    mkdirSync(project);
    expect(findSharedDir(project, {})).toBe(join(root, 'shared')); // neither: ../shared, reported absent
    fill(join(project, TEST_DATA_DIR));
    expect(findSharedDir(project, {})).toBe(join(project, TEST_DATA_DIR));
    fill(join(root, 'shared'));
    expect(findSharedDir(project, {})).toBe(join(root, 'shared'));
    expect(findSharedDir(project, { SHARED_DIR: join(root, 'elsewhere') })).toBe(join(root, 'elsewhere'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the run summary names npm run fetch:test-data as what makes the ../shared suites run', () => {
  const Reporter = require('./support/skip-summary-reporter.js');
  const written: string[] = [];
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array) => {
    written.push(String(text));
    return true;
  });
  try {
    new Reporter().onRunComplete(new Set(), {
      testResults: [
        {
          testResults: [
            { status: 'pending', title: 'missing ../shared: ../shared is absent', ancestorTitles: ['helm template'] },
          ],
        },
      ],
    });
  } finally {
    write.mockRestore();
  }
  expect(written.join('')).toMatch(
    /without \.\.\/shared: helm template \(\.\.\/shared is absent\)\n\s+to run them: npm run fetch:test-data/,
  );
});
