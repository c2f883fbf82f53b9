/**
 * A cluster's plan: its validated config with the release line resolved. Charts build from this
 * and read nothing else, so a test can make one by hand.
 */
import { ClusterConfig } from '../config/schema';
import { MeshChartName, releaseLine, ReleaseLine } from '../linkerd/catalog';

export interface ClusterPlan {
  /** The cluster's name: its config file's name and its folder under dist/. */
  readonly name: string;
  readonly config: ClusterConfig;
  readonly line: ReleaseLine;
  /** The charts this cluster installs in the mesh layer, in install order. */
  readonly charts: readonly MeshChartName[];
  /**
   * How traces are collected: `linkerd-jaeger` (the line's extension, whatever the backend), `jaeger`
   * (proxies export to the Jaeger project's Jaeger v2 we install), `otlp` (proxies export to the person's
   * collector; nothing installed), or `off`.
   */
  readonly tracing: 'linkerd-jaeger' | 'jaeger' | 'otlp' | 'off';
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function planCluster(name: string, config: ClusterConfig): ClusterPlan {
  if (!CLUSTER_NAME.test(name)) {
    throw new Error(`cluster name "${name}" must be lowercase letters, digits and "-" (it names a folder and Flux objects)`);
  }
  const line = releaseLine(config.releaseLine);
  const tracing = !config.tracing.enabled
    ? 'off'
    : line.chartVersions['linkerd-jaeger']
      ? 'linkerd-jaeger'
      : config.tracing.backend === 'jaeger'
        ? 'jaeger'
        : 'otlp';
  const charts: MeshChartName[] = ['linkerd-crds', 'linkerd-control-plane'];
  if (config.viz.enabled) charts.push('linkerd-viz');
  if (tracing === 'linkerd-jaeger' || tracing === 'jaeger') charts.push(tracing);
  return { name, config, line, charts, tracing };
}
