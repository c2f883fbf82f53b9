/**
 * The Namespaces this project declares for a cluster, with their metadata, decided once: the mesh's own
 * (prerequisites layer, as the Linkerd CLI would create them) and the person's meshed namespaces declared
 * here (mesh layer). The namespace ownership check and the charts both read this list.
 */
import type { MeshedNamespaceProps } from '../../lib/constructs/meshed-namespace';
import type { NamespaceProps } from '../../lib/constructs/namespace';
import { CERT_MANAGER_NAMESPACE } from '../../lib/linkerd/names';
import { meshNamespace, type MeshNamespaceOptions } from '../../lib/linkerd/namespace-metadata';
import { meshedNamespaceLevel } from '../../lib/linkerd/pod-security';
import type { ClusterBasis } from './basis';
import { ECK_OPERATOR_NAMESPACE } from '../tracing/search-store';
import { namespaceProxyAnnotations } from './namespace-proxy';

/** A Namespace of the plan: the layer that declares it and the props of its construct. */
export type PlannedNamespace =
  | {
      readonly name: string;
      /** The mesh's own namespaces: never pruned (they hold the issuer, trust roots, Badger's claim). */
      readonly layer: 'prerequisites';
      readonly props: NamespaceProps;
    }
  | {
      readonly name: string;
      /** A namespace the person meshes, declared here (`declared: here`). */
      readonly layer: 'mesh';
      readonly props: MeshedNamespaceProps;
    };

/** The Namespaces the charts declare for `basis`, in layer order (prerequisites, then mesh). */
export function plannedNamespaces({ config, helmCharts, line, searchStore }: ClusterBasis): PlannedNamespace[] {
  const prometheusUrl = config.viz.prometheus.url;
  const options: MeshNamespaceOptions = {
    cniEnabled: config.cni.enabled,
    ...(prometheusUrl ? { vizPrometheusUrl: prometheusUrl } : {}),
  };
  const own = (props: NamespaceProps): PlannedNamespace => ({
    name: props.name,
    layer: 'prerequisites',
    props: { ...props, prunable: false },
  });
  return [
    ...(helmCharts.includes('linkerd2-cni') ? [own(meshNamespace('linkerd2-cni', options))] : []),
    own(meshNamespace('linkerd-control-plane', options)),
    ...(helmCharts.includes('linkerd-viz') ? [own(meshNamespace('linkerd-viz', options))] : []),
    ...(helmCharts.includes('linkerd-jaeger') ? [own(meshNamespace('linkerd-jaeger', options))] : []),
    ...(helmCharts.includes('jaeger') ? [own(meshNamespace('jaeger', options))] : []),
    // Holds the trust anchor's Secret: switching certManager.install off must not delete it.
    ...(config.certManager.install ? [own({ name: CERT_MANAGER_NAMESPACE })] : []),
    // ECK's operator, when it runs the Elasticsearch that keeps traces (kept like the others when that goes).
    ...(searchStore?.provisioned ? [own({ name: ECK_OPERATOR_NAMESPACE })] : []),
    // A namespace the person's own manifests declare gets nothing from here: one Flux owner per Namespace.
    ...config.meshedNamespaces
      .filter((namespace) => namespace.declared === 'here')
      .map(
        (namespace): PlannedNamespace => ({
          name: namespace.name,
          layer: 'mesh',
          props: {
            name: namespace.name,
            inject: namespace.inject,
            ...(namespace.defaultInboundPolicy !== undefined && {
              defaultInboundPolicy: namespace.defaultInboundPolicy,
            }),
            ...withLevel(meshedNamespaceLevel(namespace, config.podSecurity)),
            ...withProxy(namespaceProxyAnnotations(namespace.proxy, line)),
          },
        }),
      ),
  ];
}

function withLevel(level: MeshedNamespaceProps['podSecurity']): Pick<MeshedNamespaceProps, 'podSecurity'> {
  return level ? { podSecurity: level } : {};
}

function withProxy(annotations: Record<string, string>): Pick<MeshedNamespaceProps, 'proxyAnnotations'> {
  return Object.keys(annotations).length > 0 ? { proxyAnnotations: annotations } : {};
}
