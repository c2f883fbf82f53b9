/**
 * Upgrading Linkerd one major at a time, as docs/upgrading.md "Upgrading Linkerd" walks it: edge-25.9.4 (2.18) →
 * edge-25.10.7 (2.19) → edge-26.6.3 (2.20) → edge-26.8.3. Each step is one line of the config, and what it
 * changes in dist/ is asserted here, object by object and field by field: nothing surprising reaches Flux.
 * Then the refusal of a jump across a major (from the committed dist/, in a Git repository), and the
 * Gateway API ownership move from linkerd-crds to the upstream CRDs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main';
import { RELEASE_LINE_NAMES, releaseLine } from '../lib/linkerd/catalog';
import { installedLine, steppingStones, upgradeProblems } from '../lib/plan/upgrade-path';
import { HAS_SHARED, SHARED_DIR } from './support/shared';
import { captureConsole } from './support/console';
import { objectsByKey } from './support/objects';
import { synthesizeConfig } from './support/synth';

const CONFIG = 'meshedNamespaces: [media]\nmonitoring: {podMonitors: {enabled: true}}\n';
const WALK = ['edge-25.9.4', 'edge-25.10.7', 'edge-26.6.3', 'edge-26.8.3'];

/** What a config synthesizes, by `kind/namespace/name`. */
const synthesized = (text: string) => objectsByKey(synthesizeConfig(text, 'home').objects);

/** Every leaf that differs between two objects, as `path: before -> after` (JSON). */
function fieldChanges(before: unknown, after: unknown, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isMap = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isMap(before) && isMap(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].flatMap((key) =>
      fieldChanges(before[key], after[key], path ? `${path}.${key}` : key),
    );
  }
  return [`${path}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`];
}

/** What moving `from` → `to` changes in dist/: objects removed and added, and the fields of the others. */
function distDifference(from: string, to: string, config = CONFIG) {
  const before = synthesized(`releaseLine: ${from}\n${config}`);
  const after = synthesized(`releaseLine: ${to}\n${config}`);
  return {
    removed: [...before.keys()].filter((key) => !after.has(key)).sort(),
    added: [...after.keys()].filter((key) => !before.has(key)).sort(),
    changed: [...after.keys()]
      .filter((key) => before.has(key))
      .flatMap((key) => fieldChanges(before.get(key), after.get(key)).map((change) => `${key} ${change}`))
      .sort(),
  };
}

const versionChanges = (from: string, to: string) =>
  ['linkerd-control-plane', 'linkerd-crds', 'linkerd-viz'].map((helmChart) => {
    const version = (line: string) => JSON.stringify(releaseLine(line).helmChartVersions[helmChart as 'linkerd-crds']);
    return `HelmRelease/flux-system/${helmChart} spec.chart.spec.version: ${version(from)} -> ${version(to)}`;
  });

test('the walk is made of catalog lines, each one Linkerd major past the one before (the last inside 2.20)', () => {
  for (const line of WALK) expect(RELEASE_LINE_NAMES).toContain(line);
  expect(WALK.map((line) => releaseLine(line).major)).toEqual(['2.18', '2.19', '2.20', '2.20']);
});

test('edge-25.9.4 → edge-25.10.7 (2.18 → 2.19): linkerd-jaeger gives way to Jaeger v2, the Gateway API moves to v1.4.0, the Helm charts to 2025.10.7', () => {
  expect(distDifference('edge-25.9.4', 'edge-25.10.7')).toEqual({
    removed: ['Certificate/linkerd-jaeger/jaeger-injector', 'HelmRelease/flux-system/linkerd-jaeger'],
    added: ['HelmRelease/flux-system/jaeger', 'HelmRepository/flux-system/jaeger'],
    changed: [
      'GitRepository/flux-system/gateway-api spec.ref.tag: "v1.2.1" -> "v1.4.0"',
      ...versionChanges('edge-25.9.4', 'edge-25.10.7'),
      // The proxies and the control plane export traces themselves, to Jaeger v2's meshed identity.
      'HelmRelease/flux-system/linkerd-control-plane spec.values.proxy.tracing: undefined -> {"collector":{"endpoint":"jaeger.linkerd-jaeger:4317","meshIdentity":{"namespace":"linkerd-jaeger","serviceAccountName":"jaeger"}},"enabled":true}',
      // The namespace stays (never pruned: it may hold Badger's claim); Jaeger v2 is meshed and no extension.
      'Namespace//linkerd-jaeger metadata.annotations.linkerd.io/inject: undefined -> "enabled"',
      'Namespace//linkerd-jaeger metadata.labels.linkerd.io/extension: "jaeger" -> undefined',
    ].sort(),
  });
});

test('edge-25.10.7 → edge-26.6.3 (2.19 → 2.20): only the Helm chart versions', () => {
  expect(distDifference('edge-25.10.7', 'edge-26.6.3')).toEqual({
    removed: [],
    added: [],
    changed: versionChanges('edge-25.10.7', 'edge-26.6.3').sort(),
  });
});

test('edge-26.6.3 → edge-26.8.3 (inside 2.20): only the Helm chart versions', () => {
  expect(distDifference('edge-26.6.3', 'edge-26.8.3')).toEqual({
    removed: [],
    added: [],
    changed: versionChanges('edge-26.6.3', 'edge-26.8.3').sort(),
  });
});

test('each step raises the Kubernetes floor the make targets check: 1.22, 1.29, 1.31', () => {
  expect(WALK.map((line) => releaseLine(line).kubernetes.min)).toEqual(['1.22', '1.29', '1.31', '1.31']);
});

describe('the Gateway API from upstream instead of linkerd-crds', () => {
  // Before: gatewayApi.install: false is what a cluster whose CRDs come from elsewhere has; the default now
  // adds exactly the upstream source and its layer, and the mesh waits for it.
  const difference = distDifference('edge-26.8.3', 'edge-26.8.3', `${CONFIG}gatewayApi: {install: false}\n`);
  const withUpstream = synthesized(`releaseLine: edge-26.8.3\n${CONFIG}`);

  test('linkerd-crds never installs them (installGatewayAPI: false), with or without the upstream CRDs', () => {
    expect(difference.changed).toEqual([]);
    expect((withUpstream.get('HelmRelease/flux-system/linkerd-crds')!.spec as any).values.installGatewayAPI).toBe(
      false,
    );
  });

  test("the upstream CRDs: a GitRepository at the major's release and a Kustomization of config/crd, never pruned, that the mesh waits for", () => {
    const withoutUpstream = synthesized(`releaseLine: edge-26.8.3\n${CONFIG}gatewayApi: {install: false}\n`);
    const added = [...withUpstream.keys()].filter((key) => !withoutUpstream.has(key)).sort();
    expect(added).toEqual(['GitRepository/flux-system/gateway-api', 'Kustomization/flux-system/linkerd-gateway-api']);
    expect(withUpstream.get('GitRepository/flux-system/gateway-api')!.spec).toMatchObject({
      url: 'https://github.com/kubernetes-sigs/gateway-api',
      ref: { tag: releaseLine('edge-26.8.3').gatewayApi!.install },
    });
    expect(withUpstream.get('Kustomization/flux-system/linkerd-gateway-api')!.spec).toMatchObject({
      path: './config/crd',
      prune: false,
      deletionPolicy: 'Orphan',
      sourceRef: { kind: 'GitRepository', name: 'gateway-api' },
      dependsOn: [{ name: 'linkerd-prerequisites' }],
    });
    expect((withUpstream.get('Kustomization/flux-system/linkerd-mesh')!.spec as any).dependsOn).toEqual([
      { name: 'linkerd-identity' },
      { name: 'linkerd-gateway-api' },
    ]);
    expect((withoutUpstream.get('Kustomization/flux-system/linkerd-mesh')!.spec as any).dependsOn).toEqual([
      { name: 'linkerd-identity' },
    ]);
  });

  test('channel experimental applies config/crd/experimental (TLSRoute, TCPRoute)', () => {
    const experimental = synthesized(`releaseLine: edge-26.8.3\n${CONFIG}gatewayApi: {channel: experimental}\n`);
    expect((experimental.get('Kustomization/flux-system/linkerd-gateway-api')!.spec as any).path).toBe(
      './config/crd/experimental',
    );
  });

  // The move from CRDs linkerd-crds installed (installGatewayAPI: true, what this project set before) is safe
  // only because the Helm chart marks them helm.sh/resource-policy: keep: Helm leaves them when the value turns false.
  (HAS_SHARED ? test : test.skip)(
    'every Gateway API CRD of linkerd-crds on every edge line of ../shared carries helm.sh/resource-policy: keep',
    () => {
      const { unpackHelmChart } =
        require('../scripts/release-lines/helm-chart-package') as typeof import('../scripts/release-lines/helm-chart-package');
      for (const line of RELEASE_LINE_NAMES.filter((name) => releaseLine(name).gatewayApiOptIn)) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(
            join(
              SHARED_DIR,
              'helm-repositories',
              'linkerd-edge',
              `linkerd-crds-${releaseLine(line).helmChartVersions['linkerd-crds']}.tgz`,
            ),
          );
        } catch {
          continue; // a line added from the internet: its package is not in ../shared
        }
        const templates = [
          ...unpackHelmChart(bytes, line, 'linkerd-crds', (path: string) =>
            /templates\/gateway\.networking\.k8s\.io_.*\.yaml$/.test(path),
          ).values(),
        ];
        expect([line, templates.length > 0]).toEqual([line, true]);
        for (const template of templates) expect(template).toContain('helm.sh/resource-policy: keep');
      }
    },
  );
});

describe('one major at a time, from what the committed dist/ installs', () => {
  const installed = (line: string) => {
    const { helmChartVersions, channel } = releaseLine(line);
    return {
      file: 'dist/home/mesh/linkerd-control-plane.yaml',
      helmChartVersion: helmChartVersions['linkerd-control-plane']!,
      repository: `linkerd-${channel}`,
    };
  };
  const check = (from: string, to: string, allowMajorSkip = false) =>
    upgradeProblems({ releaseLine: to, upgrade: { allowMajorSkip } }, 'clusters/home.yaml', installed(from));

  test('the installed line is read back from its control-plane Helm chart, on every line', () => {
    for (const line of RELEASE_LINE_NAMES) expect(installedLine(installed(line))).toBe(line);
  });

  test('every step of the walk is accepted; so is staying, and a fresh install (nothing committed)', () => {
    for (let index = 1; index < WALK.length; index++)
      expect(check(WALK[index - 1], WALK[index])).toEqual({ problems: [], warnings: [] });
    expect(check('edge-26.8.3', 'edge-26.8.3')).toEqual({ problems: [], warnings: [] });
    expect(
      upgradeProblems(
        { releaseLine: 'edge-26.8.3', upgrade: { allowMajorSkip: false } },
        'clusters/home.yaml',
        undefined,
      ),
    ).toEqual({ problems: [], warnings: [] });
  });

  test('a jump across a major is refused, naming the stepping stones; allowMajorSkip lets a fresh install through', () => {
    expect(check('edge-25.9.4', 'edge-26.8.3').problems).toEqual([
      'clusters/home.yaml: releaseLine: "edge-26.8.3" is Linkerd 2.20, 2 majors past edge-25.9.4 (2.18), which dist/home/mesh/linkerd-control-plane.yaml installs; ' +
        'Linkerd upgrades one major at a time, and any line of the next major will do: set releaseLine to a 2.19 line (edge-25.10.7) first (synthesize, commit, let Flux apply it), then edge-26.8.3; ' +
        'for a cluster that does not run the installed release (a fresh install), set upgrade.allowMajorSkip: true',
    ]);
    expect(check('edge-25.9.4', 'edge-26.6.3').problems[0]).toContain(
      'set releaseLine to a 2.19 line (edge-25.10.7) first (synthesize, commit, let Flux apply it), then edge-26.6.3;',
    );
    expect(check('edge-25.9.4', 'edge-26.8.3', true)).toEqual({ problems: [], warnings: [] });
    // Majors no catalog line stands for are named as releases to add.
    expect(check('stable-2.14.10', 'edge-25.9.4').problems[0]).toContain(
      'set releaseLine to a Linkerd 2.15 release (none here), then a 2.16 line (none here: add edge-24.8.2 with npm run release-line:add -- edge-24.8.2), then a 2.17 line (none here: add edge-24.11.8 with npm run release-line:add -- edge-24.11.8) first (synthesize, commit, let Flux apply each), then edge-25.9.4;',
    );
  });

  test('one rule: every stepping stone the message names is accepted from the installed line, and the target from it', () => {
    // From any line, to any line more than one major later: each named line is one major on, and the
    // target is accepted straight from a line of the last stone's major (2.18 → any 2.19 line → any 2.20 line).
    for (const from of RELEASE_LINE_NAMES) {
      for (const to of RELEASE_LINE_NAMES) {
        const fromMajor = releaseLine(from).major!;
        const toMajor = releaseLine(to).major!;
        const stones = steppingStones(fromMajor, toMajor);
        if (stones.length === 0) {
          expect([from, to, check(from, to).problems]).toEqual([from, to, []]);
          continue;
        }
        expect([from, to, check(from, to).problems.length]).toEqual([from, to, 1]);
        let at = from;
        for (const stone of stones) {
          if (stone.lines.length === 0) break; // a major to add first: nothing in the catalog to step on
          for (const line of stone.lines) {
            expect(check(from, to).problems[0]).toContain(line);
            expect([at, line, check(at, line).problems]).toEqual([at, line, []]);
          }
          at = stone.lines[stone.lines.length - 1];
        }
        if (stones.every((stone) => stone.lines.length > 0))
          expect([at, to, check(at, to)]).toEqual([at, to, { problems: [], warnings: [] }]);
      }
    }
    expect(steppingStones('2.18', '2.20')).toEqual([
      { major: '2.19', lines: ['edge-25.10.7'], edgeRelease: 'edge-25.10.7' },
    ]);
    expect(steppingStones('2.19', '2.20')).toEqual([]);
    // From 2.19 the newest 2.20 line is taken directly: no 2.20 line is a stone on the way to another.
    expect(check('edge-25.10.7', 'edge-26.8.3')).toEqual({ problems: [], warnings: [] });
  });

  test('going back a major is a warning', () => {
    expect(check('edge-26.8.3', 'edge-25.9.4').warnings).toEqual([
      'warning: clusters/home.yaml: releaseLine: edge-25.9.4 (Linkerd 2.18) is older than edge-26.8.3 (2.20), which dist/home/mesh/linkerd-control-plane.yaml installs; Linkerd does not support going back a major',
    ]);
  });

  test('going back within a major is a warning naming the committed release', () => {
    expect(check('edge-26.8.3', 'edge-26.6.3')).toEqual({
      problems: [],
      warnings: [
        "warning: clusters/home.yaml: releaseLine: edge-26.6.3 is older than edge-26.8.3, which dist/home/mesh/linkerd-control-plane.yaml installs (both Linkerd 2.20): a downgrade; Linkerd does not test downgrades, even within a major: prefer fixing forward (edge-26.8.3 or a newer line), or read both releases' notes before Flux applies this",
      ],
    });
    // Forward within a major says nothing.
    expect(check('edge-26.6.3', 'edge-26.8.3')).toEqual({ problems: [], warnings: [] });
  });

  test('npm run synth refuses the jump against the committed dist/, leaving dist/ as it was, and takes the stepping stone', () => {
    const project = mkdtempSync(join(tmpdir(), 'upgrade-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
        cwd: project,
        stdio: 'pipe',
      });
    const errors: string[] = [];
    try {
      mkdirSync(join(project, 'clusters'));
      const config = (line: string, extra = '') =>
        writeFileSync(join(project, 'clusters/home.yaml'), `releaseLine: ${line}\n${extra}`);
      const synth = () => {
        const run = captureConsole(() => main(join(project, 'clusters'), join(project, 'dist')));
        errors.push(...run.errors);
        return run.result;
      };
      git('init', '-q');
      config('edge-25.9.4');
      expect(synth()).toBe(0);
      git('add', '-A');
      git('commit', '-q', '-m', 'edge-25.9.4');
      const committed = readFileSync(join(project, 'dist/home/mesh/linkerd-control-plane.yaml'), 'utf8');

      config('edge-26.8.3');
      expect(synth()).toBe(1);
      expect(errors.join('\n')).toContain('set releaseLine to a 2.19 line (edge-25.10.7) first');
      expect(readFileSync(join(project, 'dist/home/mesh/linkerd-control-plane.yaml'), 'utf8')).toBe(committed);

      // Synthesized but not committed: Flux has not seen it, so it does not count as a step.
      config('edge-25.10.7');
      expect(synth()).toBe(0);
      config('edge-26.8.3');
      expect(synth()).toBe(1);
      config('edge-25.10.7');
      expect(synth()).toBe(0);
      git('commit', '-q', '-am', 'edge-25.10.7');
      config('edge-26.8.3');
      expect(synth()).toBe(0);

      // A fresh install elsewhere: the person says so.
      config('edge-25.9.4');
      expect(synth()).toBe(0);
      git('commit', '-q', '-am', 'back');
      config('edge-26.8.3', 'upgrade: {allowMajorSkip: true}\n');
      expect(synth()).toBe(0);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
