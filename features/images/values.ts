/**
 * Images from a mirror (`images`), through each Helm chart's own image keys: the repository path is kept, the
 * source registry's host replaced by the mirror's prefix. Keys a line's Helm chart lacks are left out (the
 * proxy-init image is the proxy's own from edge-26; the policy controller's is the controller's on edge).
 */
import type { ClusterConfig } from '../cluster-config';
import type { ValuesHelmChartName } from '../../lib/linkerd/helm-charts';
import { type HelmValues, setPath } from '../../lib/linkerd/value-paths';
import { valueKeyTree } from '../../lib/linkerd/values-keys';
import type { KeyNode } from '../../imports/linkerd-values';
import type { ConfigBasis } from '../core/basis';
import type { SourceRegistry } from './schema';

/** The prefix images of `source` come from, or undefined when they come from there. */
export function mirrorOf(config: Pick<ClusterConfig, 'images'>, source: SourceRegistry): string | undefined {
  return config.images.registries[source] ?? config.images.registry;
}

/** Whether the key tree has the dotted `path`. */
export function hasValuePath(tree: KeyNode, path: string): boolean {
  let node: KeyNode | undefined = tree;
  for (const key of path.split('.')) {
    if (node === undefined || node === true || node === '*' || Array.isArray(node)) return node === '*';
    node = (node as Record<string, KeyNode>)[key];
  }
  return node !== undefined;
}

export function imagesValues(basis: ConfigBasis, helmChart: ValuesHelmChartName): HelmValues {
  const { config, line } = basis;
  const values: HelmValues = {};
  const tree = valueKeyTree(line.name, helmChart);
  const set = (path: string, source: SourceRegistry, repository: string) => {
    const mirror = mirrorOf(config, source);
    if (mirror !== undefined && hasValuePath(tree, path))
      setPath(values, path as never, repository ? `${mirror}/${repository}` : mirror);
  };
  switch (helmChart) {
    case 'linkerd-control-plane':
      set('proxy.image.name', 'cr.l5d.io', 'linkerd/proxy');
      set('proxyInit.image.name', 'cr.l5d.io', 'linkerd/proxy-init');
      set('controllerImage', 'cr.l5d.io', 'linkerd/controller');
      set('policyController.image.name', 'cr.l5d.io', 'linkerd/policy-controller');
      set('debugContainer.image.name', 'cr.l5d.io', 'linkerd/debug');
      break;
    case 'linkerd2-cni':
      set('image.name', 'cr.l5d.io', 'linkerd/cni-plugin');
      break;
    case 'linkerd-viz':
      set('defaultRegistry', 'cr.l5d.io', 'linkerd');
      if (!line.namespaceMetadataJobOptional) set('namespaceMetadata.image.registry', 'cr.l5d.io', 'linkerd');
      // viz installs no Prometheus when viz.prometheus.url names yours.
      if (!config.viz.prometheus.url) set('prometheus.image.registry', 'docker.io', 'prom');
      break;
    case 'linkerd-jaeger':
      set(
        'collector.image.name',
        'docker.io',
        line.channel === 'stable' ? 'otel/opentelemetry-collector' : 'otel/opentelemetry-collector-contrib',
      );
      if (basis.tracing === 'linkerd-jaeger' && config.tracing.backend !== 'otlp')
        set('jaeger.image.name', 'docker.io', 'jaegertracing/all-in-one');
      set('webhook.image.name', 'cr.l5d.io', 'linkerd/jaeger-webhook');
      // The namespace metadata Job runs where the line cannot turn it off (features/core/values.ts).
      if (!line.namespaceMetadataJobOptional) set('namespaceMetadata.image.registry', 'cr.l5d.io', 'linkerd');
      break;
    case 'jaeger':
      set('jaeger.image.registry', 'docker.io', '');
      // The index cleaner's CronJob, with a search store (features/tracing/jaeger-values.ts).
      if (basis.searchStore) set('esIndexCleaner.image.registry', 'docker.io', '');
      break;
    case 'cert-manager':
    case 'trust-manager':
      // Each image is <imageRegistry>/<imageNamespace: jetstack>/<name>: the controller, webhook, cainjector,
      // startupapicheck and ACME solver; trust-manager's and its default package's.
      set('imageRegistry', 'quay.io', '');
      break;
  }
  return values;
}
