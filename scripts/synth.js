#!/usr/bin/env node
/**
 * `npm run synth [-- <clustersDir> <distDir>]`: runs main.ts from an esbuild bundle in .build/synth/.
 *
 * Why a bundle: transpiling the TypeScript on every run (tsx) cost more than synthesis itself, mostly
 * for imports/cert-manager.io.ts (880 KB), of which we use a few classes; esbuild keeps only those.
 * The bundle is rebuilt when any source's path, size or mtime changed (about 0.3 s, once), so a
 * fresh clone works right after `npm ci`. Nothing is type-checked here: `npm run build`/`npm test` do.
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, '.build', 'synth');
const BUNDLE = join(OUT_DIR, 'main.js');
const STAMP = join(OUT_DIR, 'stamp');
/** Everything the bundle is made of: our TypeScript, the locked dependencies and this script's options. */
const SOURCES = ['main.ts', 'lib', 'charts', 'imports', 'package-lock.json', 'tsconfig.json', relative(ROOT, __filename)];

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

/** Rebuilds the bundle if a source changed; returns its path. */
function ensureBundle() {
  const stamp = sourceStamp();
  if (existsSync(BUNDLE) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) return BUNDLE;
  mkdirSync(OUT_DIR, { recursive: true });
  // Build beside, then rename: two runs at once never load a half-written bundle.
  const temporary = `${BUNDLE}.${process.pid}.tmp`;
  require('esbuild').buildSync({
    entryPoints: [join(ROOT, 'main.ts')],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Dependencies stay in node_modules: bundling them made start-up no faster.
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
  });
  renameSync(temporary, BUNDLE);
  writeFileSync(`${STAMP}.${process.pid}.tmp`, stamp);
  renameSync(`${STAMP}.${process.pid}.tmp`, STAMP);
  return BUNDLE;
}

// Stack traces of a failed synthesis name the .ts files and lines, not the bundle's.
process.setSourceMapsEnabled(true);
let bundle;
try {
  bundle = ensureBundle();
} catch (error) {
  // An unwritable .build/ (or a full disk) is the environment, not a bug: say where and what, no stack trace.
  if (!error.code) throw error;
  const reasons = { EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system', ENOSPC: 'no space left on the device', EEXIST: 'is a file, not a folder', ENOTDIR: 'a part of the path is not a folder' };
  console.error(`synth cannot build its bundle in ${relative(process.cwd(), OUT_DIR) || OUT_DIR}/: ${error.path ? `${relative(process.cwd(), error.path) || error.path}: ` : ''}${reasons[error.code] ?? error.code}; make .build/ writable (or remove it), then run again. dist/ was not changed.`);
  process.exit(1);
}
const { run } = require(bundle);
process.exitCode = run(process.argv.slice(2));
