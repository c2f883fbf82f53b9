/**
 * Validators built from the real CRDs in ../shared, strict about unknown fields the way the API
 * server's structural schema pruning is (an unknown field there is silently dropped: here it fails).
 *
 * Compiling them costs seconds, and every test file that needs them runs in its own module registry, so the
 * compiled code is cached in the git-ignored .cache/crd-validators/, under the sha256 of what it is made of
 * (the CRD files, Ajv's version, the conversion below); the code's own sha256 is checked before it is
 * loaded. A change to any of them compiles anew; the folder keeps at most 64 MiB and 1000 entries, the
 * least recently used entries going first (test/support/file-cache.ts; a full run uses about 9 MiB).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { parseAllDocuments } from 'yaml';
import { SHARED_DIR } from './shared';
import { FileCache, MIB } from './file-cache';

export interface CrdVersion {
  readonly served: boolean;
  readonly validate: ValidateFunction;
}

const CACHE = new FileCache({
  root: resolve(__dirname, '../../.cache'),
  name: 'crd-validators',
  maxBytes: 64 * MIB,
  maxEntries: 1000,
});
const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false } as const;

/**
 * Validators by `group/version/Kind`, for every CRD file in the given ../shared folders. Each folder is
 * compiled and cached on its own, so the suites that ask for different sets of folders share the work.
 */
export function loadCrdValidators(
  folders: readonly string[] = ['flux-crds', 'cert-manager-crds'],
): Map<string, CrdVersion> {
  return new Map(folders.flatMap((folder) => [...folderValidators(folder)]));
}

function folderValidators(folder: string): Map<string, CrdVersion> {
  const dir = join(SHARED_DIR, folder);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name: `${folder}/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
  const digest = createHash('sha256');
  digest.update(
    `ajv ${require('ajv/package.json').version}\n${JSON.stringify(AJV_OPTIONS)}\n${strictSchema.toString()}\n${withObjectMeta.toString()}\n${isJavaScriptRegExp.toString()}\n`,
  );
  for (const file of files) digest.update(`${file.name}\0${file.text.length}\0${file.text}\0`);
  const key = digest.digest('hex');
  return cachedValidators(key) ?? compileValidators(key, files);
}

/**
 * Validators by `group/version/Kind` for CRD objects as a Helm chart renders them (e.g. linkerd-crds). Each CRD
 * is compiled and cached on its own: the same CRD renders for many clusters, lines and suites.
 */
export function crdValidators(crds: readonly object[]): Map<string, CrdVersion> {
  return new Map(crds.flatMap((crd) => [...oneCrdValidators(crd)]));
}

function oneCrdValidators(crd: object): Map<string, CrdVersion> {
  const text = JSON.stringify(crd);
  const digest = createHash('sha256');
  digest.update(
    `ajv ${require('ajv/package.json').version}\n${JSON.stringify(AJV_OPTIONS)}\n${strictSchema.toString()}\n${withObjectMeta.toString()}\n${isJavaScriptRegExp.toString()}\nrendered\0${text.length}\0${text}\0`,
  );
  const key = digest.digest('hex');
  return cachedValidators(key) ?? compileValidators(key, [{ name: 'rendered', text }]);
}

/** The API server accepts apiVersion, kind and metadata on every object, whether or not a CRD's schema lists them (Linkerd's do not). */
function withObjectMeta(schema: any): any {
  return {
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      ...schema.properties,
    },
  };
}

interface CacheIndex {
  /** Per validator: its `group/version/Kind` and whether the version is served. */
  readonly entries: ReadonlyArray<{ readonly id: string; readonly served: boolean }>;
  /** The sha256 of the code file. */
  readonly codeSha256: string;
}

function cachedValidators(key: string): Map<string, CrdVersion> | undefined {
  const indexText = CACHE.read(`${key}.json`);
  const code = indexText === undefined ? undefined : CACHE.read(`${key}.js`);
  if (indexText === undefined || code === undefined) return undefined;
  try {
    const index = JSON.parse(indexText) as CacheIndex;
    if (createHash('sha256').update(code).digest('hex') !== index.codeSha256) return undefined;
    const compiled = require(CACHE.path(`${key}.js`)) as Record<string, ValidateFunction>;
    return new Map(
      index.entries.map((entry, position) => [entry.id, { served: entry.served, validate: compiled[`v${position}`] }]),
    );
  } catch {
    return undefined; // a broken cache entry is rebuilt
  }
}

function compileValidators(key: string, files: ReadonlyArray<{ name: string; text: string }>): Map<string, CrdVersion> {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const validators = new Map<string, CrdVersion>();
  const entries: Array<{ id: string; served: boolean }> = [];
  for (const file of files) {
    for (const document of parseAllDocuments(file.text)) {
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        if (!version.schema?.openAPIV3Schema) continue; // nothing to check objects of this version against
        const id = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
        const served = version.served === true;
        const position = entries.length;
        ajv.addSchema(strictSchema(withObjectMeta(version.schema.openAPIV3Schema)), `crd${position}`);
        entries.push({ id, served });
        validators.set(id, { served, validate: ajv.getSchema(`crd${position}`)! });
      }
    }
  }
  let code: string;
  try {
    code = standaloneCode(ajv, Object.fromEntries(entries.map((_, position) => [`v${position}`, `crd${position}`])));
  } catch {
    return validators; // no standalone code for these schemas: nothing to keep, the validators above still work
  }
  // The code first: the index is what makes an entry count (and names the code's sha256, checked on use).
  // A write that fails (a read-only checkout) keeps nothing: the validators compiled above still work.
  CACHE.write(`${key}.js`, code);
  CACHE.write(
    `${key}.json`,
    JSON.stringify({ entries, codeSha256: createHash('sha256').update(code).digest('hex') } satisfies CacheIndex),
  );
  return validators;
}

/** OpenAPI v3 (Kubernetes flavour) to JSON Schema with no unknown fields allowed. */
function strictSchema(node: any): any {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as object).map(([name, child]) => [name, strictSchema(child)]),
      );
    } else if (key.startsWith('x-kubernetes-')) {
    } else if (key === 'pattern' && typeof value === 'string' && !isJavaScriptRegExp(value)) {
    } else {
      out[key] = strictSchema(value);
    }
  }
  if (node['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    node.type === 'object' &&
    node.properties &&
    !('additionalProperties' in node) &&
    !node['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function isJavaScriptRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
