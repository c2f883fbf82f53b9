/**
 * Linkerd's Grafana dashboards of a release: linkerd2's `grafana/` folder at the release tag (`values.yaml`
 * lists the dashboards with their grafana.com id and revision, `dashboards/<name>.json` holds each one).
 * Untrusted input: sizes bounded, names checked before they become paths, every dashboard checked before it
 * is kept (its uid, its datasource variable, every datasource reference), and its text kept byte for byte
 * with its sha256, which synthesis checks again. Used by gen:dashboards (from ../shared/linkerd-grafana) and
 * by release-line:add (from raw.githubusercontent.com, or a mirror).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { inside, isMapping, parseUntrustedYaml, RepositoryError } from './untrusted';
import type { DashboardSource } from '../../imports/linkerd-grafana/dashboard-source';

/** Where the generated modules live. */
export const DASHBOARDS_OUTPUT_DIR = 'imports/linkerd-grafana';

/** Where linkerd2's files are served raw: `<base>/linkerd/linkerd2/<tag>/<path>`. */
export const GRAFANA_SOURCE_URL = 'https://raw.githubusercontent.com';

/** The largest dashboard JSON kept: a ConfigMap holds at most 1 MiB. */
export const MAX_DASHBOARD_BYTES = 900 * 1024;

/** One dashboard as the generated module holds it: the type lives in the generated folder, written from this file's DASHBOARD_SOURCE_TYPE. */
export type { DashboardSource };

/** A dashboard of values.yaml that is not kept, and why. */
export interface SkippedDashboard {
  readonly name: string;
  readonly reason: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UID = /^[A-Za-z0-9_-]{1,40}$/;
const DATASOURCE_VARIABLE = '${datasource}';

/** The dashboards values.yaml lists, with their grafana.com id and revision. */
export function listedDashboards(
  valuesYaml: string,
  what: string,
): Array<{ name: string; gnetId: number; revision: number }> {
  const values = parseUntrustedYaml(valuesYaml, what);
  const listed =
    isMapping(values) && isMapping(values.dashboards) && isMapping(values.dashboards.default)
      ? values.dashboards.default
      : undefined;
  if (!listed) throw new RepositoryError(`${what} has no dashboards.default: not linkerd2's grafana/values.yaml`);
  return Object.entries(listed).map(([name, entry]) => {
    if (!NAME.test(name))
      throw new RepositoryError(
        `${what} lists a dashboard named ${JSON.stringify(name.slice(0, 80))}; names are lowercase letters, digits and dashes`,
      );
    const gnetId = isMapping(entry) ? entry.gnetId : undefined;
    const revision = isMapping(entry) ? entry.revision : undefined;
    if (
      !Number.isSafeInteger(gnetId) ||
      (gnetId as number) <= 0 ||
      !Number.isSafeInteger(revision) ||
      (revision as number) <= 0
    ) {
      throw new RepositoryError(`${what}: dashboard ${name} needs a positive integer gnetId and revision`);
    }
    return { name, gnetId: gnetId as number, revision: revision as number };
  });
}

/** The path of dashboard `name` inside the grafana folder. */
export function dashboardPath(name: string): string {
  if (!NAME.test(name)) throw new RepositoryError(`${JSON.stringify(name)} is not a dashboard name`);
  return posix.join('dashboards', `${name}.json`);
}

/**
 * Checks one dashboard file: kept when it is Linkerd's own (no third-party gnetId), has a uid, a `datasource`
 * variable of type datasource, and every datasource reference goes through that variable (or is Grafana's
 * built-in annotations source); otherwise the reason it is skipped.
 */
export function checkDashboard(
  listed: { name: string; gnetId: number; revision: number },
  text: string,
  what: string,
): { dashboard: DashboardSource } | { skipped: SkippedDashboard } {
  const skip = (reason: string) => ({ skipped: { name: listed.name, reason } });
  if (Buffer.byteLength(text, 'utf8') > MAX_DASHBOARD_BYTES)
    throw new RepositoryError(`${what} is larger than ${MAX_DASHBOARD_BYTES} bytes; refused`);
  let model: unknown;
  try {
    model = JSON.parse(text);
  } catch (error) {
    throw new RepositoryError(`${what} is not JSON (${(error as Error).message}); check the source`);
  }
  if (!isMapping(model)) throw new RepositoryError(`${what} is not a dashboard (not a JSON object)`);
  if (typeof model.uid !== 'string' || !UID.test(model.uid))
    throw new RepositoryError(`${what} has no valid uid (letters, digits, - and _, at most 40)`);
  if (typeof model.title !== 'string' || model.title.length === 0) throw new RepositoryError(`${what} has no title`);
  if (model.gnetId !== null && model.gnetId !== undefined)
    return skip(`a third-party dashboard (grafana.com ${String(model.gnetId)}), not Linkerd's`);
  const variables = isMapping(model.templating) && Array.isArray(model.templating.list) ? model.templating.list : [];
  if (
    !variables.some(
      (variable) => isMapping(variable) && variable.name === 'datasource' && variable.type === 'datasource',
    )
  ) {
    return skip('no "datasource" variable: it cannot be pointed at your Prometheus');
  }
  const stray = strayDatasources(model);
  if (stray.length > 0) return skip(`datasource references that bypass the variable: ${stray.slice(0, 3).join(', ')}`);
  return {
    dashboard: {
      name: listed.name,
      title: model.title,
      uid: model.uid,
      gnetId: listed.gnetId,
      revision: listed.revision,
      sha256: sha256Hex(text),
      json: text,
    },
  };
}

/** Every `datasource` value in the model that is neither the variable nor Grafana's own (as JSON, for messages). */
function strayDatasources(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) strayDatasources(item, found);
  } else if (isMapping(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'datasource' && !isAllowedDatasource(value)) found.push(JSON.stringify(value));
      else strayDatasources(value, found);
    }
  }
  return found;
}

function isAllowedDatasource(value: unknown): boolean {
  if (value === null || value === DATASOURCE_VARIABLE || value === '-- Grafana --') return true;
  if (!isMapping(value)) return false;
  return (
    value.uid === DATASOURCE_VARIABLE ||
    value.uid === '-- Grafana --' ||
    value.type === 'grafana' ||
    value.type === 'datasource'
  );
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Reads a release's grafana folder through `read` (a path inside the folder → its text, or undefined when
 * the file does not exist) and checks it: the dashboards kept and those skipped with their reason.
 */
export async function readGrafanaFolder(
  read: (path: string) => Promise<string | undefined> | string | undefined,
  what: string,
): Promise<{ dashboards: DashboardSource[]; skipped: SkippedDashboard[] }> {
  const valuesYaml = await read('values.yaml');
  if (valuesYaml === undefined) throw new RepositoryError(`${what} has no grafana/values.yaml`);
  const dashboards: DashboardSource[] = [];
  const skipped: SkippedDashboard[] = [];
  for (const listed of listedDashboards(valuesYaml, `${what} grafana/values.yaml`)) {
    const path = dashboardPath(listed.name);
    const text = await read(path);
    if (text === undefined) {
      skipped.push({ name: listed.name, reason: `no grafana/${path}` });
      continue;
    }
    const result = checkDashboard(listed, text, `${what} grafana/${path}`);
    if ('dashboard' in result) dashboards.push(result.dashboard);
    else skipped.push(result.skipped);
  }
  if (dashboards.length === 0) throw new RepositoryError(`${what} has no usable Linkerd dashboard`);
  return { dashboards, skipped };
}

const HEADER =
  '// Generated by scripts/release-lines/grafana-dashboards.ts (npm run gen:dashboards, release-line:add). Do not edit.';

/** The file name prefix of a set of dashboards, shared by every line that publishes exactly that set. */
const SET_PREFIX = 'dashboards-';

/**
 * The modules of one line: the line's own (which dashboards linkerd2's grafana/ at the line's tag holds, and which
 * it does not keep) and the set of dashboards it re-exports, named by the sha256 of its content. Lines whose
 * dashboards are the same (linkerd2 rarely changes them) share one set file instead of a ~0.9 MB copy each.
 */
export function lineModules(
  line: string,
  dashboards: readonly DashboardSource[],
  skipped: readonly SkippedDashboard[],
): Map<string, string> {
  const data = JSON.stringify(dashboards, null, 1);
  const set = `${SET_PREFIX}${sha256Hex(data).slice(0, 16)}`;
  const lineModule = [
    HEADER,
    `// linkerd/linkerd2 grafana/ at ${line}. Not kept: ${skipped.map((entry) => `${entry.name} (${entry.reason})`).join('; ') || 'none'}.`,
    `export { dashboards } from './${set}';`,
    '',
  ].join('\n');
  const setModule = [
    HEADER,
    "// A set of dashboards as published in linkerd2's grafana/, shared by the lines whose modules re-export it.",
    "import type { DashboardSource } from './dashboard-source';",
    '',
    `export const dashboards: readonly DashboardSource[] = ${data};`,
    '',
  ].join('\n');
  return new Map([
    [posix.join(DASHBOARDS_OUTPUT_DIR, `${line}.ts`), lineModule],
    [posix.join(DASHBOARDS_OUTPUT_DIR, `${set}.ts`), setModule],
  ]);
}

/** The sets (file names of the output folder) that no line's module in `files` (name → text) re-exports. */
export function unusedSets(files: ReadonlyMap<string, string>): string[] {
  const used = new Set(
    [...files]
      .filter(([name]) => linesIn([name]).length > 0)
      .flatMap(([, text]) => [...text.matchAll(/from '\.\/([^']+)'/g)].map((match) => `${match[1]}.ts`)),
  );
  return [...files.keys()].filter((name) => name.startsWith(SET_PREFIX) && !used.has(name));
}

/**
 * The index of every line's module (lines as given, e.g. newest first). Each line's module is required only when
 * its dashboards are asked for: a set is ~0.9 MB of JSON text, and a cluster uses at most its own line's, only with
 * dashboards enabled (scripts/synth.js builds each line's module as a file of its own, outside the synth bundle).
 */
export function indexModule(lines: readonly string[]): string {
  return [
    HEADER,
    "import type { DashboardSource } from './dashboard-source';",
    '',
    "export type { DashboardSource } from './dashboard-source';",
    '',
    "/** Each line's module, loaded on first use (a lazy `require`: see linkerdDashboards). */",
    'const LINE_MODULES: { readonly [line: string]: () => { readonly dashboards: readonly DashboardSource[] } } = {',
    ...lines.map((line) => `  '${line}': () => require('./${line}'),`),
    '};',
    '',
    '/** The release lines that have generated dashboards. */',
    'export const DASHBOARD_LINES: readonly string[] = Object.keys(LINE_MODULES);',
    '',
    '/**',
    " * Linkerd's Grafana dashboards of `line` (linkerd2's grafana/ at its tag), or undefined when none are generated",
    " * for it. Only this line's module is loaded: its set is ~0.9 MB that synthesis needs only with dashboards enabled.",
    ' */',
    'export function linkerdDashboards(line: string): readonly DashboardSource[] | undefined {',
    '  return Object.hasOwn(LINE_MODULES, line) ? LINE_MODULES[line]().dashboards : undefined;',
    '}',
    '',
  ].join('\n');
}

/** The type module (static). */
export function typeModule(): string {
  const source = DASHBOARD_SOURCE_TYPE;
  return `${HEADER}\n${source}`;
}

const DASHBOARD_SOURCE_TYPE = `
/** One of Linkerd's Grafana dashboards, as published at a release tag. */
export interface DashboardSource {
  /** Its key in linkerd2's grafana/values.yaml (\`deployment\`), also its file name. */
  readonly name: string;
  readonly title: string;
  /** The dashboard's own uid (\`linkerd-deployment\`). */
  readonly uid: string;
  /** grafana.com dashboard id and revision. */
  readonly gnetId: number;
  readonly revision: number;
  /** sha256 of {@link json}, checked on every use. */
  readonly sha256: string;
  /** The file as published, byte for byte. */
  readonly json: string;
}
`;

/** The lines that have a module in \`files\` (file names of the output folder). */
export function linesIn(files: readonly string[]): string[] {
  return files
    .filter(
      (file) =>
        file.endsWith('.ts') && !file.startsWith(SET_PREFIX) && !['index.ts', 'dashboard-source.ts'].includes(file),
    )
    .map((file) => file.slice(0, -3));
}

/** What the release-line:add step needs of its context (see scripts/release-line-add.ts AddContext). */
export interface GrafanaStepContext {
  readonly line: string;
  readonly projectDir: string;
  readonly grafanaSourceUrl: string;
  fetch(url: string, maxBytes?: number): Promise<Buffer>;
}

/**
 * The release-line:add step: linkerd2's grafana/ at the line's tag (`<source>/linkerd/linkerd2/<tag>/grafana/...`),
 * read from the git-ignored .cache/linkerd-grafana/<tag>/ where an earlier run left it (and checked again), else
 * fetched; the line's module and the fetched files for the cache. A project without imports/linkerd-grafana keeps
 * no dashboards: nothing to do.
 */
export async function grafanaDashboardFiles(context: GrafanaStepContext): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (!existsSync(join(context.projectDir, DASHBOARDS_OUTPUT_DIR))) return files;
  const cacheDir = join(context.projectDir, '.cache', 'linkerd-grafana', context.line);
  const base = `${context.grafanaSourceUrl.replace(/\/+$/, '')}/linkerd/linkerd2/${context.line}/grafana`;
  const read = async (path: string): Promise<string | undefined> => {
    const cached = inside(cacheDir, path.split('/'), `the cache path of grafana/${path}`);
    if (existsSync(cached)) return readFileSync(cached, 'utf8');
    let text: string;
    try {
      text = (await context.fetch(`${base}/${path}`, MAX_DASHBOARD_BYTES)).toString('utf8');
    } catch (error) {
      if (error instanceof RepositoryError && /answered HTTP 404/.test(error.message)) return undefined;
      throw error;
    }
    files.set(posix.join('.cache', 'linkerd-grafana', context.line, path), text);
    return text;
  };
  const { dashboards, skipped } = await readGrafanaFolder(read, `linkerd2 ${context.line} (${base})`);
  for (const [path, text] of lineModules(context.line, dashboards, skipped)) files.set(path, text);
  return files;
}
