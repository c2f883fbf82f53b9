/** The webhook certificates one cluster needs: those of every webhook of the Linkerd charts it installs. */
import { LINKERD_CHARTS, LinkerdChartName } from '../linkerd/catalog';
import { chartWebhooks, Webhook } from '../linkerd/webhooks';
import type { ClusterBasis } from './plan';

/** Every webhook of the Linkerd charts `plan` installs, in install order (the plan holds it: ClusterPlan.webhooks). */
export function webhookCertificates(plan: Pick<ClusterBasis, 'charts' | 'line'>): Webhook[] {
  const installed = plan.charts.filter((chart): chart is LinkerdChartName => (LINKERD_CHARTS as readonly string[]).includes(chart));
  return installed.flatMap((chart) => chartWebhooks(plan.line.name, chart));
}
