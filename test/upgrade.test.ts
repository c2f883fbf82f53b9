/**
 * Moving a cluster from edge-25.9.4 to edge-26.8.3 is one line of its config, and what that changes in
 * dist/ is exactly what README "Upgrading Linkerd" says: nothing surprising reaches Flux.
 */
import { KubeObject } from '../lib/output/render';
import { synthesizeConfig } from './support/synth';

const CONFIG = 'meshedNamespaces: [media]\nmonitoring: {podMonitors: {enabled: true}}\n';

function objectsByKey(line: string): Map<string, KubeObject> {
  const { objects } = synthesizeConfig(`releaseLine: ${line}\n${CONFIG}`, 'home');
  return new Map(objects.map(({ object }) => [`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`, object]));
}

const before = objectsByKey('edge-25.9.4');
const after = objectsByKey('edge-26.8.3');
const removed = [...before.keys()].filter((key) => !after.has(key));
const added = [...after.keys()].filter((key) => !before.has(key));
const changed = [...after.keys()].filter((key) => before.has(key) && JSON.stringify(before.get(key)) !== JSON.stringify(after.get(key)));

test("linkerd-jaeger's release (and its injector's webhook certificate) are the only objects removed: no namespace goes", () => {
  expect(removed.sort()).toEqual(['Certificate/linkerd-jaeger/jaeger-injector', 'HelmRelease/flux-system/linkerd-jaeger']);
});

test("Jaeger v2's release and repository are the only objects added", () => {
  expect(added.sort()).toEqual(['HelmRelease/flux-system/jaeger', 'HelmRepository/flux-system/jaeger']);
});

test('every Linkerd chart version moves to 2026.8.3', () => {
  for (const name of ['linkerd-crds', 'linkerd-control-plane', 'linkerd-viz']) {
    const version = (release: KubeObject | undefined) => (release?.spec as any).chart.spec.version;
    expect([name, version(before.get(`HelmRelease/flux-system/${name}`)), version(after.get(`HelmRelease/flux-system/${name}`))]).toEqual([name, '2025.9.4', '2026.8.3']);
  }
});

test('the other changes are the chart versions, the tracing values and the tracing namespace', () => {
  expect(changed.sort()).toEqual([
    'HelmRelease/flux-system/linkerd-control-plane',
    'HelmRelease/flux-system/linkerd-crds',
    'HelmRelease/flux-system/linkerd-viz',
    'Namespace//linkerd-jaeger',
  ]);
  // Besides its version, the control plane only gains the proxies' and its own trace export.
  const values = (object: KubeObject | undefined) => (object?.spec as any).values;
  const controlPlaneBefore = values(before.get('HelmRelease/flux-system/linkerd-control-plane'));
  const controlPlaneAfter = values(after.get('HelmRelease/flux-system/linkerd-control-plane'));
  const { controller, proxy: { tracing, ...proxyRest }, ...rest } = controlPlaneAfter;
  expect(controller).toEqual({ tracing: { enabled: true } });
  expect(tracing.collector.endpoint).toBe('jaeger.linkerd-jaeger:4317');
  expect({ ...rest, proxy: proxyRest }).toEqual(controlPlaneBefore);
  // crds and viz: only the version.
  for (const name of ['linkerd-crds', 'linkerd-viz']) {
    expect(values(after.get(`HelmRelease/flux-system/${name}`))).toEqual(values(before.get(`HelmRelease/flux-system/${name}`)));
  }
  const namespace = after.get('Namespace//linkerd-jaeger')!;
  expect(namespace.metadata.labels).not.toHaveProperty('linkerd.io/extension');
  expect(namespace.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled', 'linkerd.io/inject': 'enabled' });
});
