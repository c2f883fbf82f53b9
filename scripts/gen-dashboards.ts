/**
 * `npm run gen:dashboards`: Linkerd's Grafana dashboards of every catalog line, from ../shared/linkerd-grafana
 * (linkerd2's grafana/ folder per tag; else from .cache/shared, which fetch:test-data fills; SHARED_DIR overrides
 * both: scripts/test-data/shared-dir.ts), checked and written to imports/linkerd-grafana/ (one module per line,
 * an index). Lines added by release-line:add (fetched from linkerd2 at their tag) are kept.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RELEASE_LINE_NAMES } from '../lib/linkerd/catalog';
import {
  DASHBOARDS_OUTPUT_DIR,
  indexModule,
  lineModules,
  linesIn,
  readGrafanaFolder,
  typeModule,
  unusedSets,
} from './release-lines/grafana-dashboards';
import { inside } from './release-lines/untrusted';
import { sortLines } from './gen-values';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';
import { requireSharedDir } from './test-data/shared-dir';

/** The generated files for the catalog lines ../shared has, by project-relative path. */
export async function generateDashboardFiles(
  sharedDir: string,
  existing: readonly string[] = [],
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const root = join(sharedDir, 'linkerd-grafana', 'linkerd', 'linkerd2');
  const lines = RELEASE_LINE_NAMES.filter((line) => existsSync(join(root, line, 'grafana')));
  for (const line of lines) {
    const folder = join(root, line, 'grafana');
    const read = (path: string) => {
      const file = inside(folder, path.split('/'), `grafana/${path}`);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    };
    const { dashboards, skipped } = await readGrafanaFolder(read, `linkerd2 ${line}`);
    for (const [path, text] of lineModules(line, dashboards, skipped)) files.set(path, text);
  }
  files.set(`${DASHBOARDS_OUTPUT_DIR}/dashboard-source.ts`, typeModule());
  files.set(`${DASHBOARDS_OUTPUT_DIR}/index.ts`, indexModule(sortLines([...new Set([...lines, ...existing])])));
  return files;
}

async function main(): Promise<void> {
  commandLine('gen:dashboards', COMMAND_LINES['gen:dashboards']);
  const projectDir = resolve(__dirname, '..');
  const sharedDir = requireSharedDir(['linkerd-grafana'], projectDir);
  const outputDir = join(projectDir, DASHBOARDS_OUTPUT_DIR);
  mkdirSync(outputDir, { recursive: true });
  const files = await generateDashboardFiles(sharedDir, linesIn(readdirSync(outputDir)));
  for (const [path, content] of files) writeFileSync(join(projectDir, path), content);
  // A set no line re-exports any more (its lines now publish other dashboards) goes.
  const present = new Map(
    readdirSync(outputDir).map((name) => [name, readFileSync(join(outputDir, name), 'utf8')] as const),
  );
  for (const name of unusedSets(present)) rmSync(join(outputDir, name));
  console.log(`gen:dashboards: wrote ${files.size} files to ${DASHBOARDS_OUTPUT_DIR}/`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`gen:dashboards: ${(error as Error).message}`);
    process.exit(1);
  });
}
