/**
 * `npm run outdated` against repositories this test starts on 127.0.0.1: newer Linkerd releases per
 * cluster, newer companion Helm charts (an OCI registry that asks for an anonymous token, a Helm repository),
 * and a clear word for a repository that cannot be reached.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliUsageError, parseCli } from '../scripts/cli-args';
import { COMMAND_LINES } from '../scripts/command-lines';
import { outdated } from '../scripts/outdated';
import { helmChartPackage, repositoryRoutes, type Route, serve } from './support/helm-repository';

const CLI = COMMAND_LINES.outdated;

const tiny = helmChartPackage({ 'x/Chart.yaml': 'name: x\n' });
const release = (name: string, version: string, appVersion: string) => ({ name, version, appVersion, package: tiny });

let clusters: string;
beforeAll(() => {
  clusters = mkdtempSync(join(tmpdir(), 'outdated-'));
  mkdirSync(clusters, { recursive: true });
  writeFileSync(join(clusters, 'studio.yaml'), 'releaseLine: edge-26.8.3\n');
  writeFileSync(join(clusters, 'old.yaml'), 'releaseLine: stable-2.14.10\n');
});
afterAll(() => rmSync(clusters, { recursive: true, force: true }));

function routes(): Map<string, Route> {
  const prefixed = (prefix: string, map: Map<string, Route>) =>
    new Map([...map].map(([path, route]) => [`/${prefix}${path}`, route]));
  const edge = repositoryRoutes([
    release('linkerd-control-plane', '2026.8.3', 'edge-26.8.3'),
    release('linkerd-control-plane', '2026.9.1', 'edge-26.9.1'),
    release('linkerd-control-plane', '2026.11.2', 'edge-26.11.2'),
    release('linkerd-control-plane', '2025.9.4', 'edge-25.9.4'),
  ]);
  const stable = repositoryRoutes([
    release('linkerd-control-plane', '1.16.11', 'stable-2.14.10'),
    release('linkerd-control-plane', '1.16.10', 'stable-2.14.9'),
  ]);
  const jaeger = repositoryRoutes([
    release('jaeger', '4.11.1', '2.19.0'),
    release('jaeger', '4.12.0', '2.20.0'),
    release('jaeger', '5.0.0-rc.1', '2.21.0'),
  ]);
  return new Map<string, Route>([
    ...prefixed('edge', edge),
    ...prefixed('stable', stable),
    ...prefixed('jaeger', jaeger),
    ['/v2/jetstack/charts/cert-manager/tags/list', { status: 401 }],
    ['/token', { body: JSON.stringify({ token: 'anonymous' }), contentType: 'application/json' }],
    [
      '/v2/jetstack/charts/trust-manager/tags/list',
      { body: JSON.stringify({ tags: ['v0.24.0', 'v0.23.0'] }), contentType: 'application/json' },
    ],
  ]);
}

test('newer releases per cluster and newer companion Helm charts; an unreachable repository is named', async () => {
  const map = routes();
  const server = await serve(map);
  const base = server.url.replace(/\/repo$/, '');
  try {
    const { createServer } = require('node:http') as typeof import('node:http');
    const registry = createServer((request, response) => {
      if (request.url?.startsWith('/token'))
        return void response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ token: 'anonymous' }));
      if (request.url === '/v2/jetstack/charts/cert-manager/tags/list') {
        if (request.headers.authorization !== 'Bearer anonymous') {
          return void response
            .writeHead(401, {
              'www-authenticate': `Bearer realm="http://127.0.0.1:${(registry.address() as any).port}/token",service="registry"`,
            })
            .end();
        }
        return void response.writeHead(200).end(JSON.stringify({ tags: ['v1.20.0', 'v1.21.1', 'v1.22.0', 'v1.22.1'] }));
      }
      if (request.url === '/v2/jetstack/charts/trust-manager/tags/list')
        return void response.writeHead(200).end(JSON.stringify({ tags: ['v0.24.0'] }));
      response.writeHead(404).end();
    });
    await new Promise<void>((done) => registry.listen(0, '127.0.0.1', done));
    const registryUrl = `http://127.0.0.1:${(registry.address() as any).port}`;
    try {
      const report = await outdated({
        clustersDir: clusters,
        edgeRepo: `${base}/repo/edge`,
        stableRepo: `${base}/repo/stable`,
        jaegerRepo: `${base}/repo/jaeger`,
        ociRegistry: registryUrl,
      });
      expect(report.reachedAll).toBe(true);
      expect(report.lines).toEqual([
        'Linkerd',
        '  old: stable-2.14.10; newer edge: 4 (newest edge-26.11.2, then edge-26.9.1, edge-26.8.3); newer stable: none',
        '  studio: edge-26.8.3; newer edge: 2 (newest edge-26.11.2, then edge-26.9.1); newer stable: none',
        '  to move: npm run release-line:add -- edge-26.11.2, then releaseLine: edge-26.11.2 (docs/upgrading.md "Upgrade to a new Linkerd release"; one major at a time)',
        'Companion charts',
        '  cert-manager v1.21.1: newer v1.22.1, v1.22.0; update lib/linkerd/companion-helm-charts.ts',
        '  trust-manager v0.24.0: up to date',
        '  jaeger 4.11.1: newer 4.12.0; update lib/linkerd/companion-helm-charts.ts',
      ]);
      const closed = await serve(new Map());
      await closed.close();
      const unreachable = await outdated({
        clustersDir: clusters,
        edgeRepo: `${base}/repo/edge`,
        stableRepo: `${closed.url}/stable`,
        jaegerRepo: `${base}/repo/jaeger`,
        ociRegistry: registryUrl,
        timeoutSeconds: 2,
      });
      expect(unreachable.reachedAll).toBe(false);
      expect(unreachable.lines).toContain(
        `  cannot check stable releases: cannot reach ${closed.url}/stable/index.yaml: ECONNREFUSED; check the network or the repository URL (--stable-repo)`,
      );
      expect(unreachable.lines).toContain(
        '  studio: edge-26.8.3; newer edge: 2 (newest edge-26.11.2, then edge-26.9.1); newer stable: unknown (not reached)',
      );
    } finally {
      await new Promise<void>((done) => registry.close(() => done()));
    }
  } finally {
    await server.close();
  }
});

test('a repository that answers but lacks the Helm chart is an error naming the flag, not "up to date"', async () => {
  const empty = repositoryRoutes([release('something-else', '1.0.0', '1.0.0')]);
  const server = await serve(new Map([...[...empty].map(([path, route]) => [`/other${path}`, route] as const)]));
  const base = server.url.replace(/\/repo$/, '');
  try {
    const { createServer } = require('node:http') as typeof import('node:http');
    const registry = createServer((request, response) => {
      if (request.url === '/v2/jetstack/charts/cert-manager/tags/list')
        return void response.writeHead(200).end(JSON.stringify({ tags: [] }));
      response.writeHead(404).end();
    });
    await new Promise<void>((done) => registry.listen(0, '127.0.0.1', done));
    const registryUrl = `http://127.0.0.1:${(registry.address() as any).port}`;
    try {
      const report = await outdated({
        clustersDir: clusters,
        edgeRepo: `${base}/repo/other`,
        stableRepo: `${base}/repo/other`,
        jaegerRepo: `${base}/repo/other`,
        ociRegistry: registryUrl,
        timeoutSeconds: 5,
      });
      expect(report.reachedAll).toBe(false);
      expect(report.lines).toContain(
        `  cannot check edge releases: ${base}/repo/other/index.yaml has no chart linkerd-control-plane (it has something-else); check --edge-repo`,
      );
      expect(report.lines).toContain(
        `  cannot check stable releases: ${base}/repo/other/index.yaml has no chart linkerd-control-plane (it has something-else); check --stable-repo`,
      );
      expect(report.lines).toContain(
        `  cannot check jaeger (${base}/repo/other): ${base}/repo/other/index.yaml has no chart jaeger (it has something-else); check --jaeger-repo`,
      );
      expect(report.lines.find((line) => line.startsWith('  cannot check cert-manager'))).toMatch(
        /no tags at all: the registry does not hold jetstack\/charts\/cert-manager\); check the registry \(--oci-registry\)$/,
      );
      expect(report.lines.find((line) => line.startsWith('  cannot check trust-manager'))).toMatch(
        /answered HTTP 404; check the registry \(--oci-registry\)$/,
      );
      expect(report.lines.join('\n')).not.toMatch(/up to date|--repo\)/);
    } finally {
      await new Promise<void>((done) => registry.close(() => done()));
    }
  } finally {
    await server.close();
  }
});

test.each([
  [['--timeout', 'abc'], '--timeout "abc": must be a positive number of seconds'],
  [['--timeout', '0'], '--timeout "0": must be a positive number of seconds'],
  [
    ['--edge-repo', 'helm.linkerd.io/edge'],
    '--edge-repo "helm.linkerd.io/edge": must be an http(s) URL, e.g. https://helm.linkerd.io/edge',
  ],
  [['--oci-registry', 'ftp://mirror'], '--oci-registry "ftp://mirror": must be an http(s) URL'],
  [['--repo', 'https://mirror'], 'unknown flag --repo'],
  [['--timeout'], '--timeout needs a value'],
  [['extra'], 'unexpected argument "extra"'],
])('the command line %j is refused: %s', (argv, problem) => {
  expect(() => parseCli(argv, CLI)).toThrow(new CliUsageError(problem, CLI.usage));
});

test('every flag of the command line is one outdated takes', () => {
  expect(
    parseCli(
      [
        '--edge-repo',
        'http://127.0.0.1:1/edge',
        '--stable-repo',
        'https://m/stable',
        '--jaeger-repo',
        'https://m/j',
        '--oci-registry',
        'https://m',
        '--timeout',
        '2.5',
      ],
      CLI,
    ).flags,
  ).toEqual({
    'edge-repo': 'http://127.0.0.1:1/edge',
    'stable-repo': 'https://m/stable',
    'jaeger-repo': 'https://m/j',
    'oci-registry': 'https://m',
    timeout: '2.5',
  });
});
