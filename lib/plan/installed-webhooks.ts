/** The webhooks one cluster installs: those of every Linkerd chart of its plan (each needs a certificate). */
import { LINKERD_CHARTS, LinkerdChartName } from '../linkerd/catalog';
import { chartWebhooks, Webhook } from '../linkerd/webhooks';
import type { ClusterBasis } from './plan';

/** Every webhook of the Linkerd charts `basis` installs, in install order (the plan holds it: ClusterPlan.webhooks). */
export function installedWebhooks(basis: Pick<ClusterBasis, 'charts' | 'line'>): Webhook[] {
  const installed = basis.charts.filter((chart): chart is LinkerdChartName => (LINKERD_CHARTS as readonly string[]).includes(chart));
  return installed.flatMap((chart) => chartWebhooks(basis.line.name, chart));
}
