/**
 * A cluster's plan: its validated config with the release line resolved. Charts build from this
 * and read nothing else, so a test can make one by hand.
 */
import { ClusterConfig } from '../config/schema';
import { LinkerdChartName, releaseLine, ReleaseLine } from '../linkerd/catalog';

export interface ClusterPlan {
  /** The cluster's name: its config file's name and its folder under dist/. */
  readonly name: string;
  readonly config: ClusterConfig;
  readonly line: ReleaseLine;
  /** The Linkerd charts this cluster installs, in install order. */
  readonly charts: readonly LinkerdChartName[];
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function planCluster(name: string, config: ClusterConfig): ClusterPlan {
  if (!CLUSTER_NAME.test(name)) {
    throw new Error(`cluster name "${name}" must be lowercase letters, digits and "-" (it names a folder and Flux objects)`);
  }
  const line = releaseLine(config.releaseLine);
  const charts: LinkerdChartName[] = ['linkerd-crds', 'linkerd-control-plane'];
  if (config.viz.enabled) charts.push('linkerd-viz');
  if (config.tracing.enabled) charts.push('linkerd-jaeger');
  return { name, config, line, charts };
}
