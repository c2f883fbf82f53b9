/**
 * Every HelmRelease we emit renders with the real helm from the real Helm chart package: for every fixture
 * config, every config in clusters/, and the committed dist/. The set of configs and lines is read
 * from the folders (never a fixed list). A release that does not render fails naming the release,
 * the line and helm's message.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { helmBinary, helmVersion, readZipEntry } from '../../scripts/helm/helm-binary';
import type { COMPONENTS } from '../../lib/linkerd/components';
import { JAEGER_UI, VIZ_DASHBOARD, VIZ_PROMETHEUS } from '../../lib/linkerd/services';
import { describeWithShared } from '../support/shared';
import {
  clusterConfigPaths,
  renderCluster,
  renderConfigText,
  renderDistFolder,
  renderOutput,
  RenderError,
} from '../support/helm-render';
import { PROJECT_DIR, synthesizeConfig } from '../support/synth';

test('helm comes from the npm package, unpacked once, and runs', () => {
  const path = helmBinary();
  expect(path).toBe(resolve(PROJECT_DIR, '.build/helm/helm'));
  expect(helmVersion(path)).toMatch(/^v\d+\.\d+\.\d+/);
});

test('the zip reader refuses what is not a zip, and names the missing entry', () => {
  expect(() => readZipEntry(Buffer.from('not a zip'), 'helm/helm', 'x.zip')).toThrow('x.zip is not a zip file');
  // An empty zip: only the end-of-central-directory record.
  const empty = Buffer.alloc(22);
  empty.writeUInt32LE(0x06054b50, 0);
  expect(() => readZipEntry(empty, 'helm/helm', 'empty.zip')).toThrow('empty.zip holds no helm/helm');
});

describeWithShared('helm template of every HelmRelease', () => {
  const { fixtures, clusters } = clusterConfigPaths();
  const distClusters = readdirSync(resolve(PROJECT_DIR, 'dist'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `dist/${entry.name}`);

  test.each([...fixtures, ...clusters])('%s: every release renders', (configPath) => {
    const rendered = renderCluster(configPath);
    const helmReleases = rendered.dist.filter(({ object }) => object.kind === 'HelmRelease');
    expect(rendered.releases.map((release) => release.name).sort()).toEqual(
      helmReleases.map(({ object }) => object.metadata.name).sort(),
    );
    for (const release of rendered.releases) expect(release.objects.length).toBeGreaterThan(0);
  });

  test.each(distClusters)('%s (committed): every release renders', (folder) => {
    const rendered = renderDistFolder(folder);
    expect(rendered.releases.length).toBeGreaterThan(0);
    for (const release of rendered.releases) expect(release.objects.length).toBeGreaterThan(0);
  });

  // What the make targets port-forward (scripts/cluster-facts.ts prints them for scripts/ops): where a config
  // renders the Service, it serves that port. Across the configs each one is found, so the check is never empty.
  // (The addresses our values name, Jaeger's OTLP receiver among them, are checked by join 4.)
  const servicePorts = Object.entries({ VIZ_DASHBOARD, VIZ_PROMETHEUS, JAEGER_UI });
  /** Per make-target Service the config renders: its name and whether the rendered Service serves the port. */
  const servicePortsOf = (configPath: string) => {
    const services = renderCluster(configPath).objects.filter(
      ({ source, object }) => source.kind === 'release' && object.kind === 'Service',
    );
    return servicePorts.flatMap(([name, { namespace, service, port }]) => {
      const rendered = services.find(
        ({ object }) => object.metadata.name === service && (object.metadata.namespace ?? '') === namespace,
      );
      return rendered
        ? [
            [
              name,
              `${namespace}/${service}:${port}`,
              ((rendered.object.spec?.ports ?? []) as Array<{ port: number }>).some(
                (candidate) => candidate.port === port,
              ),
            ] as const,
          ]
        : [];
    });
  };
  test.each([...fixtures, ...clusters])(
    '%s: the Services the make targets open are rendered with their port',
    (configPath) => {
      const found = servicePortsOf(configPath);
      expect(found).toEqual(found.map(([name, where]) => [name, where, true]));
    },
  );
  test('every Service a make target opens is rendered by some config above (the check is never empty)', () => {
    const found = new Set(
      [...fixtures, ...clusters].flatMap((configPath) => servicePortsOf(configPath).map(([name]) => name)),
    );
    expect([...found].sort()).toEqual(servicePorts.map(([name]) => name).sort());
  });

  // The workloads of lib/linkerd/components.ts (the footprint's lines, make linkerd-logs' Deployments) are what
  // the Helm charts render: `<kind>/<name> (<container>)`, a parenthesis holding a name being a container. Each one
  // the footprint counts is rendered; each it leaves out as disabled is not.
  test.each([...fixtures, ...clusters])(
    "%s: the footprint's components are the workloads (and containers) the Helm charts render",
    (configPath) => {
      const rendered = renderCluster(configPath);
      const { components, skipped } = rendered.plan!.footprint;
      const kinds: Record<string, string> = { deploy: 'Deployment', cronjob: 'CronJob' };
      const renderedWorkload = (component: (typeof COMPONENTS)[number]) => {
        const [, kind, name] = /^(\w+)\/([a-z0-9-]+)/.exec(component.workload) ?? [];
        return rendered.releases
          .find((release) => release.helmChart === component.helmChart)
          ?.objects.find((object) => object.kind === kinds[kind] && object.metadata.name === name);
      };
      const problems: string[] = [];
      for (const { component } of skipped) {
        if (renderedWorkload(component))
          problems.push(
            `${component.group}.${component.key}: the footprint leaves it out, but ${component.helmChart} renders ${component.workload}`,
          );
      }
      for (const { component } of components) {
        const note = / \((.+)\)$/.exec(component.workload)?.[1];
        const workload = renderedWorkload(component);
        if (!workload) {
          problems.push(`${component.group}.${component.key}: ${component.helmChart} renders no ${component.workload}`);
          continue;
        }
        const kind = workload.kind;
        const pod =
          kind === 'CronJob' ? workload.spec?.jobTemplate?.spec?.template?.spec : workload.spec?.template?.spec;
        const containers = ((pod?.containers ?? []) as Array<{ name: string }>).map((container) => container.name);
        if (note && /^[a-z0-9-]+$/.test(note) && !containers.includes(note))
          problems.push(
            `${component.group}.${component.key}: ${component.workload} has no container ${note} (it has ${containers.join(', ')})`,
          );
      }
      expect(problems).toEqual([]);
      expect(components.length).toBeGreaterThan(0);
    },
  );

  test('with cert-manager installed elsewhere, the prerequisites layer waits for every Deployment our own install of it renders', () => {
    // Ours: the default config installs cert-manager and trust-manager; helm waits for each of their Deployments.
    const ours = renderConfigText('{}', 'ours');
    const releases = ours.releases.filter((release) => ['cert-manager', 'trust-manager'].includes(release.name));
    expect(releases).toHaveLength(2);
    const deployments = releases.flatMap((release) =>
      release.objects
        .filter((object) => object.kind === 'Deployment')
        .map((object) => `${object.metadata.namespace}/${object.metadata.name}`),
    );
    // Theirs: the same Deployments, as the layer's health checks (cert-manager's CA injector among them: it fills every webhook's caBundle).
    const { clusters } = synthesizeConfig('certManager: {install: false}', 'theirs');
    const prerequisites = clusters
      .get('theirs')!
      .entryObjects.find((object) => object.metadata.name === 'linkerd-prerequisites')!.spec as any;
    const checks = (prerequisites.healthChecks as Array<{ kind: string; namespace: string; name: string }>).map(
      (check) => `${check.namespace}/${check.name}`,
    );
    expect(prerequisites.healthChecks.every((check: { kind: string }) => check.kind === 'Deployment')).toBe(true);
    expect(checks.sort()).toEqual(deployments.sort());
  });

  test('a release that does not render names the release, the line and helm message', () => {
    const { dist } = synthesizeConfig('releaseLine: edge-26.8.3\n', 'broken');
    const files = new Map<string, string>();
    for (const [path, text] of dist) files.set(path.slice('broken/'.length), text);
    // Without an external CA the Helm chart wants the issuer's certificate in its values.
    const file = 'mesh/linkerd-control-plane.yaml';
    files.set(
      file,
      files
        .get(file)!
        .replace('externalCA: true', 'externalCA: false')
        .replace('scheme: kubernetes.io/tls', 'scheme: linkerd.io/tls'),
    );
    const error = (() => {
      try {
        renderOutput('broken', files);
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RenderError);
    expect(error?.message).toMatch(
      /^HelmRelease flux-system\/linkerd-control-plane \(line edge-26\.8\.3\) does not render: .*Please provide the identity issuer certificate/,
    );
  });

  test('a Helm chart version no repository holds is named with where it was looked for', () => {
    const { dist } = synthesizeConfig('{}', 'missing');
    const files = new Map<string, string>();
    for (const [path, text] of dist) files.set(path.slice('missing/'.length), text);
    files.set('mesh/linkerd-viz.yaml', files.get('mesh/linkerd-viz.yaml')!.replace(/version: .*/, 'version: 2099.1.1'));
    expect(() => renderOutput('missing', files)).toThrow(
      /HelmRelease flux-system\/linkerd-viz .* no package of Helm chart linkerd-viz 2099\.1\.1/,
    );
  });

  test('valuesFrom is merged under values, as Flux does', () => {
    const { dist } = synthesizeConfig('{}', 'from');
    const files = new Map<string, string>();
    for (const [path, text] of dist) files.set(path.slice('from/'.length), text);
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'viz-extra', namespace: 'flux-system' },
      data: { 'values.yaml': stringify({ dashboard: { replicas: 3 }, prometheusUrl: 'http://from-configmap:9090' }) },
    };
    files.set('mesh/configmap.yaml', stringify(configMap));
    files.set(
      'mesh/linkerd-viz.yaml',
      files
        .get('mesh/linkerd-viz.yaml')!
        .replace('  values:\n', '  valuesFrom:\n    - kind: ConfigMap\n      name: viz-extra\n  values:\n'),
    );
    const viz = renderOutput('from', files).releases.find((release) => release.name === 'linkerd-viz')!;
    expect(viz.values).toMatchObject({ dashboard: { replicas: 3 }, prometheusUrl: 'http://from-configmap:9090' });
    const web = viz.objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'web')!;
    expect(web.spec.replicas).toBe(3);
  });
});
