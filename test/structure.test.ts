/**
 * The layers of docs/development.md "Layout", enforced: a table of the folders each folder may import from. Data flows
 * one way (config file → validated config → plan → charts → dist/), so a module can be read knowing only
 * what lies below it; a probe import that breaks the order fails here (tested below with one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { PROJECT_DIR } from './support/synth';

/** A folder of the app: `main.ts` counts as one, lib/ has one per concern. */
type Layer =
  | 'imports'
  | 'lib/common'
  | 'lib/linkerd'
  | 'lib/config'
  | 'lib/flux'
  | 'lib/constructs'
  | 'features'
  | 'lib/plan'
  | 'lib/input'
  | 'lib/output'
  | 'charts'
  | 'main.ts';

/** Which folders each folder may import from (besides itself). Nothing imports scripts/ or test/. */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  // Generated from the CRDs and the charts' values: imports nothing of ours.
  imports: [],
  // Small helpers every folder may use.
  'lib/common': [],
  // What Linkerd is (catalog, charts, components, names, webhooks), over the generated per-line data.
  'lib/linkerd': ['lib/common', 'imports'],
  // The cluster config: its schema validates against what Linkerd offers.
  'lib/config': ['lib/common', 'lib/linkerd'],
  // How Flux is driven (layers, their health checks and timeouts, drift detection), over Linkerd's facts and Flux's generated API types.
  'lib/flux': ['lib/common', 'lib/linkerd', 'lib/config', 'imports'],
  // Reusable constructs: generated API classes, config value types (durations), Linkerd facts (Pod Security levels).
  'lib/constructs': ['lib/common', 'lib/linkerd', 'lib/config', 'imports'],
  // One folder per feature: its config schema part, rules, plan part (construct props) and Helm values part.
  features: ['lib/common', 'lib/linkerd', 'lib/config', 'lib/constructs', 'imports'],
  // One cluster's plan: the features' plan parts composed, with Flux's layers: every decision made once.
  'lib/plan': ['lib/common', 'lib/linkerd', 'lib/config', 'lib/flux', 'lib/constructs', 'features', 'imports'],
  // The readers of the disk: they hand the plan its input types (ConfigFile, RepositoryScan).
  'lib/input': ['lib/common', 'lib/config', 'lib/plan'],
  // The writer and renderers of dist/ (a cluster's files from its charts).
  'lib/output': ['lib/common', 'lib/linkerd', 'lib/config', 'lib/flux', 'lib/plan', 'lib/constructs'],
  // cdk8s charts: compose constructs from the plan; they never read the disk.
  charts: [
    'features',
    'lib/common',
    'lib/linkerd',
    'lib/config',
    'lib/flux',
    'lib/plan',
    'lib/constructs',
    'lib/output',
    'imports',
  ],
  // The entry point: reads, plans, synthesizes, writes.
  'main.ts': ['lib/common', 'lib/config', 'lib/plan', 'lib/input', 'lib/output', 'charts'],
};

const LAYERS = Object.keys(ALLOWED) as Layer[];

/** The layer of a project-relative path (posix), or undefined outside the app (scripts/, test/, node_modules). */
function layerOf(path: string): Layer | undefined {
  if (path === 'main.ts' || path === 'main') return 'main.ts';
  const [top, second] = path.split('/');
  const candidate = top === 'lib' ? `lib/${second}` : top;
  return (LAYERS as string[]).includes(candidate) ? (candidate as Layer) : undefined;
}

/** Every relative import (`import`, `export ... from`, `require`, `import()`) of a module's text, resolved against its path. */
function relativeImports(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom|\bimport|\brequire\()\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
    (match) => match[1],
  );
  return specifiers.map((specifier) => posix.normalize(posix.join(posix.dirname(file), specifier)));
}

/** The imports of `modules` (path → text) that the table does not allow, as `from → to (folder → folder)`. */
function layerViolations(modules: ReadonlyMap<string, string>): string[] {
  const violations: string[] = [];
  for (const [file, text] of modules) {
    const from = layerOf(file);
    if (!from) continue;
    for (const target of relativeImports(file, text)) {
      if (target.startsWith('scripts/') || target.startsWith('test/') || target.startsWith('..')) {
        violations.push(`${file} → ${target} (the app never imports scripts/, test/ or outside the project)`);
        continue;
      }
      const to = layerOf(target);
      if (!to || to === from) continue;
      if (!ALLOWED[from].includes(to)) violations.push(`${file} → ${target} (${from} may not import ${to})`);
    }
  }
  return violations;
}

function sources(folder: string): string[] {
  return readdirSync(join(PROJECT_DIR, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    // A test beside its source is not part of the app: it may use test/support and scripts/.
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path.split(sep).join('/')] : [];
  });
}

const modules = new Map(
  ['main.ts', ...sources('charts'), ...sources('features'), ...sources('lib'), ...sources('imports')].map((file) => [
    file,
    readFileSync(join(PROJECT_DIR, file), 'utf8'),
  ]),
);

test('every import follows the table of allowed edges between folders', () => {
  expect(layerViolations(modules)).toEqual([]);
});

test('a probe import that breaks the order fails the check', () => {
  const probes = new Map([
    ['lib/linkerd/probe.ts', "import { planCluster } from '../plan/plan';\n"],
    ['lib/plan/probe.ts', "import type { ConfigFiles } from '../input/config-files';\n"],
    ['lib/config/probe.ts', "export { MeshChart } from '../../charts/mesh-chart';\n"],
    ['lib/common/probe.ts', "const main = require('../../main');\n"],
    ['charts/probe.ts', "import { readConfigFiles } from '../lib/input/config-files';\n"],
    ['lib/output/probe.ts', "import { run } from '../../scripts/config-file';\n"],
    ['lib/flux/probe.ts', "import type { ClusterPlan } from '../plan/plan';\n"],
    ['lib/linkerd/probe-flux.ts', "import { fluxLayers } from '../flux/layers';\n"],
    ['lib/constructs/probe.ts', "import { caBundleDriftIgnore } from '../flux/drift-detection';\n"],
  ]);
  expect(layerViolations(new Map([...modules, ...probes]))).toEqual([
    'lib/linkerd/probe.ts → lib/plan/plan (lib/linkerd may not import lib/plan)',
    'lib/plan/probe.ts → lib/input/config-files (lib/plan may not import lib/input)',
    'lib/config/probe.ts → charts/mesh-chart (lib/config may not import charts)',
    'lib/common/probe.ts → main (lib/common may not import main.ts)',
    'charts/probe.ts → lib/input/config-files (charts may not import lib/input)',
    'lib/output/probe.ts → scripts/config-file (the app never imports scripts/, test/ or outside the project)',
    'lib/flux/probe.ts → lib/plan/plan (lib/flux may not import lib/plan)',
    'lib/linkerd/probe-flux.ts → lib/flux/layers (lib/linkerd may not import lib/flux)',
    'lib/constructs/probe.ts → lib/flux/drift-detection (lib/constructs may not import lib/flux)',
  ]);
});

/**
 * The charts of `modules` that read the config instead of the plan's fields (`plan.config`, `{ config } = plan`):
 * every decision is the plan's (features/<feature>/plan.ts); a chart only composes constructs from it.
 */
function chartsReadingConfig(modules: ReadonlyMap<string, string>): string[] {
  return [...modules]
    .filter(([file]) => file.startsWith('charts/'))
    .filter(([, text]) => {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      return /\.config\b|\{[^}]*\bconfig\b[^}]*\}\s*=/.test(code);
    })
    .map(([file]) => file);
}

test('no chart reads the config: every decision is a plan field', () => {
  expect(chartsReadingConfig(modules)).toEqual([]);
});

test('a probe chart that reads plan.config fails that check', () => {
  const probes = new Map([
    ['charts/probe-a.ts', 'export const interval = (plan: any) => plan.config.flux.interval;\n'],
    [
      'charts/probe-b.ts',
      'export function f(props: any) {\n  const { config, line } = props.plan;\n  return [config, line];\n}\n',
    ],
    ['charts/probe-c.ts', '// plan.config in a comment is no read\nexport const x = 1;\n'],
  ]);
  expect(chartsReadingConfig(new Map([...modules, ...probes]))).toEqual(['charts/probe-a.ts', 'charts/probe-b.ts']);
});

test('the table has no cycle: the folders have one order, bottom to top', () => {
  const placed: Layer[] = [];
  const remaining = new Set(LAYERS);
  while (remaining.size > 0) {
    const next = [...remaining].find((layer) => ALLOWED[layer].every((below) => placed.includes(below)));
    if (!next) throw new Error(`a cycle among ${[...remaining].join(', ')}`);
    placed.push(next);
    remaining.delete(next);
  }
  expect(placed[placed.length - 1]).toBe('main.ts');
});

test('the table names every folder of lib/ and nothing that does not exist', () => {
  const folders = readdirSync(join(PROJECT_DIR, 'lib'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `lib/${entry.name}`);
  expect(LAYERS.filter((layer) => layer.startsWith('lib/')).sort()).toEqual(folders.sort());
});

test('lib/ has no module at its top level: every module lives in the folder of its concern', () => {
  const topLevel = readdirSync(join(PROJECT_DIR, 'lib'), { withFileTypes: true }).filter((entry) => entry.isFile());
  expect(topLevel.map((entry) => entry.name)).toEqual([]);
});

test('scripts import the app, never the other way round', () => {
  // Checked above for the app's folders; here: no script is imported by a module of the app (by path).
  const importers = [...modules].filter(([file, text]) =>
    relativeImports(file, text).some((target) => target.startsWith('scripts/')),
  );
  expect(importers.map(([file]) => file)).toEqual([]);
});
