/**
 * A Helm repository on 127.0.0.1 for tests: an index.yaml and Helm chart packages (gzipped tars) built here
 * from ../shared's Helm chart data, as Linkerd's release publishes them (edge Helm charts versioned YYYY.M.N).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';

/** One entry of a tar archive: a file (type `0`) by default; any name, type or link target, for hostile packages. */
export interface TarEntry {
  readonly name: string;
  readonly body?: Buffer | string;
  /** The tar type flag: `0` file, `1` hard link, `2` symbolic link, `5` folder, `x` pax header. @default '0' */
  readonly type?: string;
  readonly linkName?: string;
}

/** A ustar archive of `entries`, gzipped (not checked: tests build hostile ones with it). */
export function tarball(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const header = Buffer.alloc(512, 0);
    header.write(entry.name, 0, 100, 'utf8');
    header.write('0000644\0', 100, 8, 'ascii');
    header.write('0000000\0', 108, 8, 'ascii');
    header.write('0000000\0', 116, 8, 'ascii');
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
    header.write('00000000000\0', 136, 12, 'ascii');
    header.write('        ', 148, 8, 'ascii');
    header.write(entry.type ?? '0', 156, 1, 'ascii');
    if (entry.linkName) header.write(entry.linkName, 157, 100, 'utf8');
    header.write('ustar\0', 257, 6, 'ascii');
    header.write('00', 263, 2, 'ascii');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512, 0));
  }
  blocks.push(Buffer.alloc(1024, 0));
  // Level 1: the 64 MiB bomb compresses in a fifth of the default level's time; any level is a valid package.
  return gzipSync(Buffer.concat(blocks), { level: 1 });
}

/** A pax extended header record: `<length> <key>=<value>\n`, its length counting itself. */
export function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let length = rest.length + 1;
  while (`${length}${rest}`.length !== length) length++;
  return `${length}${rest}`;
}

/** A Helm chart package of `files` (path → text), gzipped: what `helm package` makes. */
export function helmChartPackage(files: Record<string, string>): Buffer {
  return tarball(Object.entries(files).map(([name, body]) => ({ name, body })));
}

/** One Helm chart version to publish. */
export interface PublishedHelmChart {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  readonly package: Buffer;
  /** @default the package's sha256 */
  readonly digest?: string;
  /** Fields of its index entry to set (or, as undefined, to leave out). */
  readonly index?: Readonly<Record<string, unknown>>;
}

/** What a route answers: a body, a status, or never (a time-out). */
export type Route =
  | { readonly status?: number; readonly body?: Buffer | string; readonly contentType?: string }
  | 'hang';

/** A Helm repository's index.yaml for `charts`, their packages under charts/. */
export function repositoryRoutes(helmCharts: readonly PublishedHelmChart[]): Map<string, Route> {
  const entries: Record<string, unknown[]> = {};
  const routes = new Map<string, Route>();
  for (const helmChart of helmCharts) {
    const file = `charts/${helmChart.name}-${helmChart.version}.tgz`;
    routes.set(`/${file}`, { body: helmChart.package, contentType: 'application/gzip' });
    const entry: Record<string, unknown> = {
      apiVersion: 'v2',
      name: helmChart.name,
      version: helmChart.version,
      appVersion: helmChart.appVersion,
      urls: [file],
      digest: helmChart.digest ?? createHash('sha256').update(helmChart.package).digest('hex'),
      ...helmChart.index,
    };
    for (const [key, value] of Object.entries(entry)) if (value === undefined) delete entry[key];
    (entries[helmChart.name] ??= []).push(entry);
  }
  routes.set('/index.yaml', { body: stringify({ apiVersion: 'v1', entries }) });
  return routes;
}

/** Starts a server on 127.0.0.1 answering `routes` (404 otherwise); returns its base URL and a closer. */
export async function serve(routes: ReadonlyMap<string, Route>): Promise<{ url: string; close: () => Promise<void> }> {
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').replace(/^\/repo/, '');
    const route = routes.get(path);
    if (route === 'hang') {
      hanging.push(response);
      return;
    }
    if (!route) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'text/yaml' }).end(route.body ?? '');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/repo`,
    close: () =>
      new Promise<void>((done) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The routes of a Helm repository folder on disk (index.yaml and its packages), as a web server serves it. */
export function folderRoutes(folder: string): Map<string, Route> {
  const { readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  return new Map(
    readdirSync(folder).map((name) => [
      `/${name}`,
      { body: readFileSync(join(folder, name)), contentType: name.endsWith('.tgz') ? 'application/gzip' : 'text/yaml' },
    ]),
  );
}
