/** The Helm charts of a Linkerd release line, by name (no generated data: the values generator reads this). */

/**
 * The Helm charts a release line may publish: `linkerd2-cni` (the CNI plugin, with `cni.enabled`), the CRDs,
 * the control plane and the extensions.
 */
export type LinkerdChartName = 'linkerd2-cni' | 'linkerd-crds' | 'linkerd-control-plane' | 'linkerd-viz' | 'linkerd-jaeger';

/** Every chart name, in install order (the CNI plugin must run on every node before the control plane's pods start). */
export const LINKERD_CHARTS: readonly LinkerdChartName[] = ['linkerd2-cni', 'linkerd-crds', 'linkerd-control-plane', 'linkerd-viz', 'linkerd-jaeger'];

/**
 * Every chart the mesh layer may install: Linkerd's own, and the Jaeger project's `jaeger` (tracing on
 * lines without linkerd-jaeger; see companion-charts.ts).
 */
export type MeshChartName = LinkerdChartName | 'jaeger';

/** The charts a line must publish to be installable at all. */
export const REQUIRED_CHARTS: readonly LinkerdChartName[] = ['linkerd-crds', 'linkerd-control-plane'];

/** The Helm repository of a channel. */
export const CHANNEL_REPOSITORIES: Readonly<Record<'edge' | 'stable', string>> = {
  edge: 'https://helm.linkerd.io/edge',
  stable: 'https://helm.linkerd.io/stable',
};
