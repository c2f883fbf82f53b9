/** Names the emitted objects share, so that references between them cannot drift apart. */

/** Where Flux runs and keeps its sources, releases and Kustomizations. */
export const FLUX_NAMESPACE = 'flux-system';
/** Linkerd's control-plane namespace; the charts and docs assume this name. */
export const LINKERD_NAMESPACE = 'linkerd';
export const VIZ_NAMESPACE = 'linkerd-viz';
export const JAEGER_NAMESPACE = 'linkerd-jaeger';
/** Where cert-manager and trust-manager run (trust-manager reads Bundle Secret sources only here). */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';
/** Where Linkerd's CNI plugin runs: linkerd2-cni's namespace (its docs and `linkerd check --cni-namespace` default). */
export const CNI_NAMESPACE = 'linkerd-cni';
/** linkerd-multicluster's namespace (the chart's default). */
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
  JAEGER_NAMESPACE,
  CNI_NAMESPACE,
  MULTICLUSTER_NAMESPACE,
];
