/** The Helm charts of a Linkerd release line, by name (no generated data: the values generator reads this). */

/**
 * The Helm charts a release line may publish: `linkerd2-cni` (the CNI plugin, with `cni.enabled`), the CRDs,
 * the control plane and the extensions.
 */
export type LinkerdHelmChartName =
  | 'linkerd2-cni'
  | 'linkerd-crds'
  | 'linkerd-control-plane'
  | 'linkerd-viz'
  | 'linkerd-jaeger';

/** Every Helm chart name, in install order (the CNI plugin must run on every node before the control plane's pods start). */
export const LINKERD_HELM_CHARTS: readonly LinkerdHelmChartName[] = [
  'linkerd2-cni',
  'linkerd-crds',
  'linkerd-control-plane',
  'linkerd-viz',
  'linkerd-jaeger',
];

/**
 * Every Helm chart the mesh layer may install: Linkerd's own, and the Jaeger project's `jaeger` (tracing on
 * lines without linkerd-jaeger; see companion-helm-charts.ts).
 */
export type MeshHelmChartName = LinkerdHelmChartName | 'jaeger';

/**
 * Every Helm chart whose values this project writes, each with a generated key tree: the mesh layer's and
 * cert-manager's and trust-manager's (prerequisites layer, with `certManager.install`).
 */
export type ValuesHelmChartName = MeshHelmChartName | 'cert-manager' | 'trust-manager';

/** The Helm charts a line must publish to be installable at all. */
export const REQUIRED_HELM_CHARTS: readonly LinkerdHelmChartName[] = ['linkerd-crds', 'linkerd-control-plane'];

/** The Helm repository of a channel. */
export const CHANNEL_REPOSITORIES: Readonly<Record<'edge' | 'stable', string>> = {
  edge: 'https://helm.linkerd.io/edge',
  stable: 'https://helm.linkerd.io/stable',
};
