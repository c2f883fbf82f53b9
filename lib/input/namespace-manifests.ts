/**
 * Finds the Namespace manifests of the Git repository this project lives in, outside this project's own
 * folder (so outside dist/): the person's own manifests, which may already declare a namespace we mesh.
 * A reader of the disk, like config-files.ts; the decision is lib/plan/namespace-ownership.ts's.
 *
 * Cheap on purpose: `git grep` finds the candidates (tracked and untracked-but-not-ignored `*.yaml`,
 * `*.yml` and `*.json` files with the word `Namespace`), and only those are parsed, as YAML parses them:
 * block or flow style, JSON, a byte-order mark, comments anywhere, several documents, `kind: List`.
 * A file that looks like it declares a Namespace but is not read is named, with the reason, in a warning:
 * larger than {@link MAX_SCANNED_BYTES} (1 MiB), a Helm template (under templates/, or `{{` where YAML
 * fails), SOPS-encrypted, unreadable, or a document that does not parse.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';

import type {
  NamespaceManifest,
  RepositoryScan,
  ServiceManifest,
  ServiceProfileManifest,
} from '../plan/namespace-ownership';

export type { NamespaceManifest, RepositoryScan };

/** The largest file the scan reads; a larger one is named in a warning, not read. */
export const MAX_SCANNED_BYTES = 1024 * 1024;

/** A `kind: Namespace` in any style YAML or JSON writes it. */
const DECLARES_NAMESPACE = /["']?\bkind["']?\s*:\s*["']?Namespace\b/;

/** A Service's spec as its manifest holds it (unchecked). */
interface RawServicePort {
  readonly name?: unknown;
  readonly port?: unknown;
  readonly targetPort?: number | string;
}
interface RawServiceSpec {
  readonly selector?: Record<string, string>;
  readonly ports?: readonly RawServicePort[];
  readonly clusterIP?: unknown;
}

/** A `kind: Service` or `kind: ServiceProfile`, in any style. */
const DECLARES_SERVICE = /["']?\bkind["']?\s*:\s*["']?Service(Profile)?\b/;

/**
 * Scans the Git repository around `projectDir`, leaving out `projectDir` itself. With `services` (a config has
 * `traffic`), the person's Services and ServiceProfiles are collected too (their annotations, selector, ports).
 */
export function scanNamespaceManifests(
  projectDir: string,
  options: { readonly services?: boolean } = {},
): RepositoryScan {
  const project = resolve(projectDir);
  let root: string;
  let listing: string;
  try {
    root = execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return { reason: `${project} is not in a Git repository (or git is not installed)` };
  }
  const own = relative(root, project);
  // The project is the whole repository: nothing else to look at.
  if (own === '') return { root, manifests: [] };
  try {
    // git grep reads the files in C, in parallel: only those that declare a Namespace come back.
    listing = execFileSync(
      'git',
      [
        'grep',
        '-l',
        '-z',
        '-I',
        '--untracked',
        '-w',
        '-F',
        '-e',
        'Namespace',
        ...(options.services ? ['-e', 'Service', '-e', 'ServiceProfile'] : []),
        '--',
        '*.yaml',
        '*.yml',
        '*.json',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 256 * 1024 * 1024,
      },
    );
  } catch (error) {
    // Exit status 1: no file matched.
    if ((error as { status?: number }).status === 1)
      return { root, manifests: [], ...(options.services && { services: { services: [], serviceProfiles: [] } }) };
    return { reason: `git grep failed in ${root}` };
  }
  const manifests: NamespaceManifest[] = [];
  const services: ServiceManifest[] = [];
  const serviceProfiles: ServiceProfileManifest[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  for (const file of new Set(listing.split('\0').filter(Boolean))) {
    if (file === own || file.startsWith(`${own.split(sep).join('/')}/`)) continue;
    const path = join(root, file);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    if (stat.size > MAX_SCANNED_BYTES) {
      skipped.push({
        file,
        reason: `it is larger than ${MAX_SCANNED_BYTES / 1024 / 1024} MiB, the most the scan reads`,
      });
      continue;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    } catch (error) {
      skipped.push({ file, reason: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      continue;
    }
    const namespaces = DECLARES_NAMESPACE.test(text);
    const declaresServices = options.services === true && DECLARES_SERVICE.test(text);
    if (!namespaces && !declaresServices) continue;
    if (/(^|\/)templates\//.test(file)) {
      skipped.push({
        file,
        reason:
          'it is a Helm chart template (under templates/): Helm renders it, so what it declares is only known then',
      });
      continue;
    }
    if (/^sops:/m.test(text) || /"sops"\s*:/.test(text)) {
      skipped.push({ file, reason: 'it is SOPS-encrypted' });
      continue;
    }
    const found = namespacesIn(file, text, declaresServices);
    manifests.push(...found.manifests);
    services.push(...found.services);
    serviceProfiles.push(...found.serviceProfiles);
    if (found.unread.length > 0) {
      const template = text.includes('{{')
        ? ' (the file holds "{{": a template, which is only known once it is rendered)'
        : '';
      skipped.push({ file, reason: `${found.unread.join('; ')}${template}` });
    }
  }
  manifests.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  return { root, manifests, skipped, ...(options.services && { services: { services, serviceProfiles } }) };
}

/**
 * The Namespace documents of one file (a `kind: List`'s items included), and what could not be read of it:
 * documents that do not parse, Namespaces without a plain name.
 */
function namespacesIn(
  file: string,
  text: string,
  withServices = false,
): {
  manifests: NamespaceManifest[];
  services: ServiceManifest[];
  serviceProfiles: ServiceProfileManifest[];
  unread: string[];
} {
  const lineCounter = new LineCounter();
  const manifests: NamespaceManifest[] = [];
  const services: ServiceManifest[] = [];
  const serviceProfiles: ServiceProfileManifest[] = [];
  const unread: string[] = [];
  parseAllDocuments(text, { lineCounter, uniqueKeys: false }).forEach((document, index) => {
    if (document.errors.length > 0) {
      unread.push(
        `document ${index + 1} does not parse as YAML (${document.errors[0].message.split(' at line')[0].split('\n')[0]})`,
      );
      return;
    }
    const objects =
      isMap(document.contents) && (document.contents.get('kind') as unknown) === 'List'
        ? document.contents.get('items', true)
        : document.contents;
    for (const object of isSeq(objects) ? objects.items : [objects]) {
      const kind = isMap(object) ? (object.get('kind') as unknown) : undefined;
      if (withServices && isMap(object) && (kind === 'Service' || kind === 'ServiceProfile')) {
        const metadata = object.get('metadata', true);
        const name = isMap(metadata) ? (metadata.get('name') as unknown) : undefined;
        if (!isMap(metadata) || typeof name !== 'string') continue;
        const namespace = metadata.get('namespace') as unknown;
        const line = Math.max(
          1,
          metadata.range ? lineCounter.linePos(metadata.range[0]).line - (metadata.flow ? 0 : 1) : 1,
        );
        const where = { file, line, name, ...(typeof namespace === 'string' && { namespace }) };
        if (kind === 'ServiceProfile') {
          serviceProfiles.push(where);
          continue;
        }
        const json = object.toJSON() as { metadata?: { annotations?: Record<string, unknown> }; spec?: RawServiceSpec };
        const annotations = Object.fromEntries(
          Object.entries(json.metadata?.annotations ?? {}).map(([key, value]) => [key, String(value)]),
        );
        const spec = json.spec ?? {};
        services.push({
          ...where,
          annotations,
          ...(spec.selector && typeof spec.selector === 'object' && { selector: spec.selector }),
          ports: Array.isArray(spec.ports)
            ? spec.ports
                .filter((port: RawServicePort) => typeof port?.port === 'number')
                .map((port: RawServicePort) => ({
                  ...(typeof port.name === 'string' && { name: port.name }),
                  port: port.port as number,
                  ...(port.targetPort !== undefined && { targetPort: port.targetPort }),
                }))
            : [],
          ...(typeof spec.clusterIP === 'string' && { clusterIP: spec.clusterIP }),
        });
        continue;
      }
      if (!isMap(object) || (object.get('kind') as unknown) !== 'Namespace') continue;
      const metadata = object.get('metadata', true);
      const name = isMap(metadata) ? (metadata.get('name') as unknown) : undefined;
      if (!isMap(metadata) || typeof name !== 'string') {
        unread.push(`document ${index + 1} is a Namespace without a plain metadata.name`);
        continue;
      }
      const annotations = metadata.get('annotations', true);
      const inject = isMap(annotations) ? annotations.get('linkerd.io/inject') : undefined;
      const position = metadata.range ? lineCounter.linePos(metadata.range[0]).line - (metadata.flow ? 0 : 1) : 1;
      manifests.push({ file, name, ...(typeof inject === 'string' && { inject }), line: Math.max(1, position) });
    }
  });
  return { manifests, services, serviceProfiles, unread };
}
