/**
 * Images from a mirror and placement, on what `helm template` renders. Every fixture, rendered with
 * `images.registry` set, pulls every image of every release from the mirror: each container, init container
 * and Job's, and every image reference a release carries elsewhere (the proxy image in linkerd-config that the
 * injector adds to every meshed pod, cert-manager's ACME solver flag). And with `placement`, every pod template
 * of the control plane's and the extensions' releases carries its node selector and tolerations, and its
 * priority class where the Helm chart has the key.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { PLACED_HELM_CHARTS, PRIORITY_CLASS_KEYS } from '../../features/placement/values';
import type { ValuesHelmChartName } from '../../lib/linkerd/helm-charts';
import { clusterConfigPaths, type K8sObject, type RenderedCluster, renderConfigText } from '../support/helm-render';
import { describeWithShared } from '../support/shared';
import { PROJECT_DIR } from '../support/synth';

const MIRROR = 'registry.home.lan:5000/mirror';

/** Registries images come from upstream: a reference to one of them anywhere in a release is not from the mirror. */
const UPSTREAM = /\b(?:cr\.l5d\.io|quay\.io|docker\.io|ghcr\.io|registry\.k8s\.io|gcr\.io|public\.ecr\.aws)\//;

/** JSON with sorted keys, so that two objects compare equal whatever their keys' order. */
function canonical(value: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
}

/** The pod spec of a workload (a Deployment's template, a CronJob's job template, a Pod), or undefined. */
function podSpecOf(object: K8sObject): Record<string, any> | undefined {
  const template =
    object.kind === 'CronJob'
      ? object.spec?.jobTemplate?.spec?.template
      : object.kind === 'Pod'
        ? object
        : object.spec?.template;
  return template?.spec?.containers ? template.spec : undefined;
}

/** `release kind/name container: image` of every container of every rendered pod template. */
function images(rendered: RenderedCluster): { where: string; image: string }[] {
  return rendered.releases.flatMap((release) =>
    release.objects.flatMap((object) => {
      const spec = podSpecOf(object);
      if (!spec) return [];
      return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((list) =>
        ((spec[list] ?? []) as { name: string; image: string }[]).map((container) => ({
          where: `${release.name} ${object.kind}/${object.metadata.name} ${container.name}`,
          image: container.image,
        })),
      );
    }),
  );
}

/** Every string of a rendered release that names an upstream registry, with where it is. */
function upstreamReferences(rendered: RenderedCluster): string[] {
  const found: string[] = [];
  const visit = (value: unknown, where: string) => {
    if (typeof value === 'string') {
      for (const line of value.split('\n'))
        if (UPSTREAM.test(line) && !/https?:\/\//.test(line)) found.push(`${where}: ${line.trim()}`);
    } else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${where}[${index}]`));
    else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) visit(item, `${where}.${key}`);
  };
  for (const release of rendered.releases)
    for (const object of release.objects) visit(object, `${release.name} ${object.kind}/${object.metadata.name}`);
  return found;
}

function withMirror(configPath: string): string {
  const config = (parse(readFileSync(resolve(PROJECT_DIR, configPath), 'utf8')) ?? {}) as Record<string, unknown>;
  return stringify({ ...config, images: { registry: MIRROR } });
}

describeWithShared('images from a mirror', () => {
  const { fixtures } = clusterConfigPaths();

  test.each(fixtures)('%s with images.registry: every image of every release comes from the mirror', (configPath) => {
    const name = `${configPath.replace(/^.*\//, '').replace(/\.yaml$/, '')}-mirror`;
    const rendered = renderConfigText(withMirror(configPath), name);
    const all = images(rendered);
    expect(all.length).toBeGreaterThan(0);
    expect(
      all.filter(({ image }) => !image.startsWith(`${MIRROR}/`)).map(({ where, image }) => `${where}: ${image}`),
    ).toEqual([]);
    expect(upstreamReferences(rendered)).toEqual([]);
  });

  test('the check sees an image outside the mirror', () => {
    const rendered = renderConfigText(stringify({ releaseLine: 'edge-26.8.3' }), 'no-mirror');
    expect(images(rendered).some(({ image }) => image.startsWith('cr.l5d.io/linkerd/'))).toBe(true);
    expect(upstreamReferences(rendered).length).toBeGreaterThan(0);
  });
});

describeWithShared('placement', () => {
  const configPath = 'test/fixtures/clusters/customized.yaml';
  const config = parse(readFileSync(resolve(PROJECT_DIR, configPath), 'utf8'));
  const { nodeSelector, tolerations, priorityClassName } = config.placement;

  test(`${configPath}: every pod template of the control plane and the extensions carries it`, () => {
    const rendered = renderConfigText(readFileSync(resolve(PROJECT_DIR, configPath), 'utf8'), 'customized');
    const placed = rendered.releases.filter((release) =>
      PLACED_HELM_CHARTS.includes(release.helmChart as ValuesHelmChartName),
    );
    expect(placed.map((release) => release.helmChart).sort()).toEqual(
      ['cert-manager', 'jaeger', 'linkerd-control-plane', 'linkerd-viz', 'trust-manager'].sort(),
    );
    const missing: string[] = [];
    let pods = 0;
    for (const release of placed) {
      for (const object of release.objects) {
        const spec = podSpecOf(object);
        if (!spec) continue;
        pods++;
        const where = `${release.name} ${object.kind}/${object.metadata.name}`;
        for (const [key, value] of Object.entries(nodeSelector as Record<string, string>))
          if (spec.nodeSelector?.[key] !== value) missing.push(`${where}: nodeSelector ${key}`);
        for (const toleration of tolerations as object[])
          if (!(spec.tolerations ?? []).some((candidate: object) => canonical(candidate) === canonical(toleration)))
            missing.push(`${where}: toleration ${JSON.stringify(toleration)}`);
        if (
          PRIORITY_CLASS_KEYS[release.helmChart as ValuesHelmChartName] &&
          spec.priorityClassName !== priorityClassName
        )
          missing.push(`${where}: priorityClassName`);
      }
    }
    expect(pods).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});
