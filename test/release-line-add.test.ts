/**
 * `npm run release-line:add` against a Helm repository this test starts on 127.0.0.1, built from
 * ../shared's chart data: adding edge-26.8.3 gives byte-identical files to what gen:values makes from
 * ../shared, and every failure leaves the project exactly as it was, with a message that says what failed.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { addReleaseLine } from '../scripts/release-line-add';
import { VALUES_OUTPUT_DIR } from '../scripts/gen-values';
import { chartPackage, folderRoutes, PublishedChart, repositoryRoutes, Route, serve } from './support/helm-repository';
import { describeWithShared, SHARED_DIR } from './support/shared';

const PROJECT = resolve(__dirname, '..');
const LINE = 'edge-26.8.3';
const CHARTS = ['linkerd2-cni', 'linkerd-crds', 'linkerd-control-plane', 'linkerd-viz'];

/** A chart of ../shared as Linkerd's release publishes it: Chart.yaml's version and appVersion set. */
function published(chart: string, overrides: Partial<PublishedChart> = {}): PublishedChart {
  const folder = join(SHARED_DIR, 'linkerd-charts', LINE, chart);
  const chartYaml = { ...parse(readFileSync(join(folder, 'Chart.yaml'), 'utf8')), version: '2026.8.3', appVersion: LINE };
  const files: Record<string, string> = { [`${chart}/Chart.yaml`]: stringify(chartYaml), [`${chart}/templates/NOTES.txt`]: 'notes' };
  for (const name of ['values.yaml', 'values-ha.yaml']) {
    if (existsSync(join(folder, name))) files[`${chart}/${name}`] = readFileSync(join(folder, name), 'utf8');
  }
  return { name: chart, version: '2026.8.3', appVersion: LINE, package: chartPackage(files), ...overrides };
}

/** Every file under `dir` with its content, relative to it. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) visit(full);
      else files[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  if (existsSync(dir)) visit(dir);
  return files;
}

/** A project copy holding the generated values without edge-26.8.3 (as before it was added). */
function projectWithout(line: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-line-'));
  cpSync(join(PROJECT, VALUES_OUTPUT_DIR), join(dir, VALUES_OUTPUT_DIR), { recursive: true });
  rmSync(join(dir, VALUES_OUTPUT_DIR, line), { recursive: true, force: true });
  return dir;
}

describeWithShared('release-line:add', () => {
  const projects: string[] = [];
  afterAll(() => projects.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const project = () => {
    const dir = projectWithout(LINE);
    projects.push(dir);
    return dir;
  };

  async function withRepository<T>(routes: Map<string, Route>, run: (url: string) => Promise<T>): Promise<T> {
    const server = await serve(routes);
    try {
      return await run(server.url);
    } finally {
      await server.close();
    }
  }

  test('adding edge-26.8.3 from a repository gives the files gen:values makes from ../shared, byte for byte', async () => {
    const dir = project();
    const written = await withRepository(repositoryRoutes(CHARTS.map((chart) => published(chart))), (url) => addReleaseLine({ line: LINE, projectDir: dir, repositoryUrl: url }));
    expect(written).toContain(`${VALUES_OUTPUT_DIR}/${LINE}/release-line.ts`);
    expect(tree(join(dir, VALUES_OUTPUT_DIR))).toEqual(tree(join(PROJECT, VALUES_OUTPUT_DIR)));
    // The packages stay in the git-ignored cache; a second project run from it needs no repository.
    expect(readdirSync(join(dir, '.cache', 'linkerd-charts', LINE)).sort()).toEqual(CHARTS.map((chart) => `${chart}-2026.8.3.tgz`).sort());
  });

  // (Not stable-2.14.10: its linkerd-crds 1.8.0 has no appVersion, so nothing in the index ties it to the tag.)
  test.each([['edge-26.8.3', 'linkerd-edge']])("adding %s from ../shared's real repository %s (packages with templates) gives the files gen:values makes", async (line, folder) => {
    const dir = mkdtempSync(join(tmpdir(), 'release-line-'));
    projects.push(dir);
    cpSync(join(PROJECT, VALUES_OUTPUT_DIR), join(dir, VALUES_OUTPUT_DIR), { recursive: true });
    rmSync(join(dir, VALUES_OUTPUT_DIR, line), { recursive: true, force: true });
    await withRepository(folderRoutes(join(SHARED_DIR, 'helm-repositories', folder)), (url) => addReleaseLine({ line, projectDir: dir, repositoryUrl: url }));
    expect(tree(join(dir, VALUES_OUTPUT_DIR))).toEqual(tree(join(PROJECT, VALUES_OUTPUT_DIR)));
  });

  /** Runs the add with `routes` (or `url`) and expects `message`; the project must be exactly as it was. */
  async function expectRefused(message: string | RegExp, options: { routes?: Map<string, Route>; url?: string; line?: string; timeoutSeconds?: number }) {
    const dir = project();
    const before = tree(join(dir, VALUES_OUTPUT_DIR));
    const run = (url: string) => addReleaseLine({ line: options.line ?? LINE, projectDir: dir, repositoryUrl: url, timeoutSeconds: options.timeoutSeconds });
    const attempt = options.routes ? withRepository(options.routes, run) : run(options.url!);
    await expect(attempt).rejects.toThrow(message);
    expect(tree(join(dir, VALUES_OUTPUT_DIR))).toEqual(before);
    expect(readdirSync(join(dir, VALUES_OUTPUT_DIR)).filter((name) => name.includes('staging'))).toEqual([]);
  }

  test('an unknown version', async () => {
    await expectRefused(/has no release edge-26\.8\.9; its newest: edge-26\.8\.3; check the name/, { routes: repositoryRoutes(CHARTS.map((chart) => published(chart))), line: 'edge-26.8.9' });
  });

  test('a release without linkerd-control-plane', async () => {
    await expectRefused(/edge-26\.8\.3 in http:\/\/127\.0\.0\.1:\d+\/repo lacks linkerd-control-plane, which every cluster installs/, {
      routes: repositoryRoutes(['linkerd-crds', 'linkerd-viz'].map((chart) => published(chart))),
    });
  });

  test('a corrupt package (not gzip)', async () => {
    const garbage = Buffer.from('<html>mirror error page</html>');
    const routes = repositoryRoutes(CHARTS.map((chart) => (chart === 'linkerd-viz' ? published(chart, { package: garbage }) : published(chart))));
    await expectRefused(/linkerd-viz-2026\.8\.3\.tgz is corrupt or truncated \(not a gzip file/, { routes });
  });

  test('a package whose digest does not match the index', async () => {
    const routes = repositoryRoutes(CHARTS.map((chart) => (chart === 'linkerd-crds' ? published(chart, { digest: 'f'.repeat(64) }) : published(chart))));
    await expectRefused(/linkerd-crds-2026\.8\.3\.tgz is corrupt or truncated: its sha256 is [0-9a-f]{64}, the index says f{64}/, { routes });
  });

  test('a truncated package', async () => {
    const whole = published('linkerd-control-plane');
    const { gunzipSync, gzipSync } = require('node:zlib') as typeof import('node:zlib');
    const cut = gzipSync(gunzipSync(whole.package).subarray(0, 2000));
    const routes = repositoryRoutes(CHARTS.map((chart) => (chart === 'linkerd-control-plane' ? published(chart, { package: cut }) : published(chart))));
    await expectRefused(/linkerd-control-plane-2026\.8\.3\.tgz is truncated/, { routes });
  });

  test('an HTTP error', async () => {
    await expectRefused(/\/repo\/index\.yaml answered HTTP 500; check the repository URL \(--repo\)/, { routes: new Map([['/index.yaml', { status: 500, body: 'oops' }]]) });
  });

  test('a time-out', async () => {
    await expectRefused(/no answer from http:\/\/127\.0\.0\.1:\d+\/repo\/index\.yaml within 0\.5 s/, { routes: new Map<string, Route>([['/index.yaml', 'hang']]), timeoutSeconds: 0.5 });
  });

  test('an unreachable host', async () => {
    // A port that was just free: nothing listens there.
    const closed = await serve(new Map());
    await closed.close();
    await expectRefused(/cannot reach http:\/\/127\.0\.0\.1:\d+\/repo\/index\.yaml: ECONNREFUSED; check the network or the repository URL \(--repo\)/, { url: closed.url });
  });

  test('a line that exists already, and a name that is no line', async () => {
    await expectRefused('edge-25.9.4 exists already', { url: 'http://127.0.0.1:9', line: 'edge-25.9.4' });
    await expectRefused('"edge-26" is not a release line: write edge-YY.M.N', { url: 'http://127.0.0.1:9', line: 'edge-26' });
  });
});
