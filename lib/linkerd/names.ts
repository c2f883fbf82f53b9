/** Names the emitted objects share, so that references between them cannot drift apart. */

/** Where Flux runs and keeps its sources, releases and Kustomizations. */
export const FLUX_NAMESPACE = 'flux-system';
/** Linkerd's control-plane namespace; the charts and docs assume this name. */
export const LINKERD_NAMESPACE = 'linkerd';
export const VIZ_NAMESPACE = 'linkerd-viz';
export const JAEGER_NAMESPACE = 'linkerd-jaeger';
/** Where cert-manager and trust-manager run (trust-manager reads Bundle Secret sources only here). */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';
