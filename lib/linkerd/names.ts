/**
 * Names the emitted objects share, so that references between them cannot drift apart.
 *
 * Words used so throughout the code base: a bare "chart" (and `Chart` in a type name, e.g. MeshChart)
 * is a cdk8s Chart, one per file in charts/; a package Helm installs is always a "Helm chart"
 * (`helmChart`, `helmCharts`, `HelmChart...`: ClusterBasis.helmCharts, MeshHelmChartName,
 * helmChartValues(), lib/linkerd/helm-charts.ts). Only fields that mirror Flux's or Helm's own API keep
 * their word: a HelmRelease's `spec.chart`, FluxHelmRelease's `source.chart`, Chart.yaml.
 */

/** Where Flux runs and keeps its sources, releases and Kustomizations. */
export const FLUX_NAMESPACE = 'flux-system';
/** Linkerd's control-plane namespace; the Helm charts and docs assume this name. */
export const LINKERD_NAMESPACE = 'linkerd';
export const VIZ_NAMESPACE = 'linkerd-viz';
/**
 * Where tracing runs, whichever Helm chart installs it. Three words, three meanings, used so throughout:
 * - `tracing`: the config section and the feature (proxies' spans, a backend that keeps them);
 * - `linkerd-jaeger`: Linkerd's own tracing extension Helm chart (its collector and a Jaeger v1), shipped up to
 *   edge-25.9.4 and on stable-2.14, and the name of this namespace, kept for Jaeger v2 so make targets,
 *   docs and the upgrade from linkerd-jaeger find one place;
 * - `jaeger`: the Jaeger project's Helm chart (Jaeger v2, lib/linkerd/companion-helm-charts.ts JAEGER_HELM_CHART),
 *   installed on the lines without linkerd-jaeger.
 */
export const TRACING_NAMESPACE = 'linkerd-jaeger';
/** Where cert-manager and trust-manager run (trust-manager reads Bundle Secret sources only here). */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';
/** ECK's operator, when it runs the Elasticsearch that keeps traces (`tracing.elasticsearch.provision`). */
export const ECK_OPERATOR_NAMESPACE = 'elastic-system';
/** Where Linkerd's CNI plugin runs: linkerd2-cni's namespace (its docs and `linkerd check --cni-namespace` default). */
export const CNI_NAMESPACE = 'linkerd-cni';
/** linkerd-multicluster's namespace (the Helm chart's default). */
export const MULTICLUSTER_NAMESPACE = 'linkerd-multicluster';
/** The namespaces Kubernetes itself creates and runs its own parts in. */
export const KUBERNETES_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Namespaces no config may mesh: the cluster's own, Flux's, cert-manager's and Linkerd's (a proxy
 * injected into the mesh's own parts, or into what installs them, cannot start before them).
 */
export const RESERVED_NAMESPACES: readonly string[] = [
  ...KUBERNETES_NAMESPACES,
  FLUX_NAMESPACE,
  CERT_MANAGER_NAMESPACE,
  LINKERD_NAMESPACE,
  VIZ_NAMESPACE,
  TRACING_NAMESPACE,
  CNI_NAMESPACE,
  MULTICLUSTER_NAMESPACE,
];
