/**
 * ../shared served on 127.0.0.1 the way its upstream servers serve it, for `npm run fetch:test-data`'s
 * mirror flags: each helm-repositories/<folder>/ at `/<folder>/` (a Helm repository), and GitHub's raw
 * files at `/raw/<owner>/<repo>/<tag>/<path>`: the CRD files of scripts/test-data/upstream-crds.ts from
 * ../shared's CRD folders, linkerd2's grafana/ from ../shared/linkerd-grafana.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { UPSTREAM_CRDS } from '../../scripts/test-data/upstream-crds';
import { filesUnder } from './files';
import { folderRoutes, type Route } from './helm-repository';

/** Every file under `root` at `<prefix>/<relative path>`, as a raw-file server serves a repository. */
export function rawFileRoutes(root: string, prefix = ''): Map<string, Route> {
  return new Map(
    filesUnder(root).map((path) => [
      `${prefix}/${path}`,
      { body: readFileSync(join(root, path)), contentType: 'text/plain' },
    ]),
  );
}

/** The routes of every upstream ../shared stands in for; the flags of fetch:test-data for a server at `url`. */
export function upstreamMirror(sharedDir: string): {
  routes: Map<string, Route>;
  flags: (url: string) => {
    edgeRepo: string;
    stableRepo: string;
    jaegerRepo: string;
    jetstackRepo: string;
    rawSource: string;
  };
} {
  const routes = new Map<string, Route>();
  const repositories = join(sharedDir, 'helm-repositories');
  for (const folder of readdirSync(repositories).filter((name) => statSync(join(repositories, name)).isDirectory())) {
    for (const [path, route] of folderRoutes(join(repositories, folder))) routes.set(`/${folder}${path}`, route);
  }
  for (const crd of UPSTREAM_CRDS) {
    const file = join(sharedDir, crd.folder, posix.basename(crd.path));
    if (existsSync(file))
      routes.set(`/raw/${crd.repository}/${crd.tag}/${crd.path}`, {
        body: readFileSync(file),
        contentType: 'text/plain',
      });
  }
  for (const [path, route] of rawFileRoutes(join(sharedDir, 'linkerd-grafana'), '/raw')) routes.set(path, route);
  return {
    routes,
    flags: (url) => ({
      edgeRepo: `${url}/linkerd-edge`,
      stableRepo: `${url}/linkerd-stable`,
      jaegerRepo: `${url}/jaeger`,
      jetstackRepo: `${url}/jetstack`,
      rawSource: `${url}/raw`,
    }),
  };
}
