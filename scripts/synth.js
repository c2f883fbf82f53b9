#!/usr/bin/env node
/**
 * `npm run synth [-- <clustersDir> <distDir>]`: runs main.ts from an esbuild bundle in .build/synth/.
 *
 * Why a bundle: transpiling the TypeScript on every run (tsx) cost more than synthesis itself, mostly
 * for imports/cert-manager.io.ts (880 KB), of which we use a few classes; esbuild keeps only those.
 * The bundle holds the dependencies too (cdk8s, constructs, yaml, zod), so one file is read and no
 * module is resolved.
 * The bundle is rebuilt when any source's path, size or mtime changed (about 0.5 s, once), so a
 * fresh clone works right after `npm ci`. Nothing is type-checked here: `npm run build`/`npm test` do.
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */

const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, '.build', 'synth');
const BUNDLE = join(OUT_DIR, 'main.js');
const STAMP = join(OUT_DIR, 'stamp');
/** Everything the bundle is made of: our TypeScript, the locked dependencies and this script's options. */
const SOURCES = [
  'main.ts',
  'lib',
  'features',
  'charts',
  'imports',
  'package-lock.json',
  'tsconfig.json',
  relative(ROOT, __filename),
];

/** A fingerprint of every source file's path, size and mtime. */
function sourceStamp() {
  const hash = createHash('sha1');
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else if (!path.endsWith('.test.ts')) {
      hash.update(`${relative(ROOT, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const source of SOURCES) visit(join(ROOT, source));
  return hash.digest('hex');
}

/**
 * Linkerd's Grafana dashboards are ~0.9 MB of JSON text per release line, and a cluster uses at most its own line's,
 * only with dashboards enabled. imports/linkerd-grafana/index.ts requires each line's module lazily; this plugin
 * keeps those requires out of the bundle (each line's module is built as a file of its own beside main.js), so
 * loading the bundle costs none of them (BENCHMARKS.md, "What the profiles showed", 6.).
 */
const DASHBOARDS_DIR = join(ROOT, 'imports', 'linkerd-grafana');
const DASHBOARD_LINE_MODULE = /^\.\/(?:edge|stable)-[0-9][0-9.]*$/;
const dashboardLinesApart = {
  name: 'dashboard-lines-apart',
  setup(build) {
    build.onResolve({ filter: DASHBOARD_LINE_MODULE }, (args) =>
      args.kind === 'require-call' && args.importer === join(DASHBOARDS_DIR, 'index.ts')
        ? { path: `./linkerd-grafana/${args.path.slice(2)}.js`, external: true }
        : undefined,
    );
  },
};

/** The dashboard line modules to build beside the bundle: `linkerd-grafana/<line>` from imports/linkerd-grafana/<line>.ts. */
function dashboardLineEntries() {
  const lines = existsSync(DASHBOARDS_DIR)
    ? readdirSync(DASHBOARDS_DIR).filter(
        (file) => DASHBOARD_LINE_MODULE.test(`./${file.replace(/\.ts$/, '')}`) && file.endsWith('.ts'),
      )
    : [];
  return lines.map((file) => ({ in: join(DASHBOARDS_DIR, file), out: `linkerd-grafana/${file.replace(/\.ts$/, '')}` }));
}

/** Rebuilds the bundle if a source changed (asynchronous: esbuild runs plugins only so); resolves to its path. */
async function ensureBundle() {
  const stamp = sourceStamp();
  if (existsSync(BUNDLE) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) return BUNDLE;
  mkdirSync(OUT_DIR, { recursive: true });
  const { outputFiles } = await require('esbuild').build({
    entryPoints: [{ in: join(ROOT, 'main.ts'), out: 'main' }, ...dashboardLineEntries()],
    outdir: OUT_DIR,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The dependencies are bundled too: one file to read, no module to resolve.
    plugins: [dashboardLinesApart],
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  // Each file is written beside, then renamed (two runs at once never load a half-written file); main.js last,
  // so a bundle never requires a line module that is not there yet.
  const ordered = [
    ...outputFiles.filter((file) => file.path !== BUNDLE),
    ...outputFiles.filter((file) => file.path === BUNDLE),
  ];
  for (const file of ordered) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(`${file.path}.${process.pid}.tmp`, file.contents);
    renameSync(`${file.path}.${process.pid}.tmp`, file.path);
  }
  writeFileSync(`${STAMP}.${process.pid}.tmp`, stamp);
  renameSync(`${STAMP}.${process.pid}.tmp`, STAMP);
  return BUNDLE;
}

/**
 * Runs main.ts's `run()` from the bundle with synth's arguments. Stack traces name the .ts files and lines
 * through the bundle's source map (Node's own source-map support).
 */
function runBundle(bundle) {
  process.setSourceMapsEnabled(true);
  process.exitCode = require(bundle).run(process.argv.slice(2));
}

ensureBundle().then(runBundle, (error) => {
  // An unwritable .build/ (or a full disk) is the environment, not a bug: say where and what, no stack trace.
  if (!error.code) throw error;
  const reasons = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EEXIST: 'is a file, not a folder',
    ENOTDIR: 'a part of the path is not a folder',
  };
  console.error(
    `synth cannot build its bundle in ${relative(process.cwd(), OUT_DIR) || OUT_DIR}/: ${error.path ? `${relative(process.cwd(), error.path) || error.path}: ` : ''}${reasons[error.code] ?? error.code}; make .build/ writable (or remove it), then run again. dist/ was not changed.`,
  );
  process.exit(1);
});
