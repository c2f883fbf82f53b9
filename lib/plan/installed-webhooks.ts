/** The webhooks one cluster installs: those of every Linkerd Helm chart of its plan (each needs a certificate). */
import { LINKERD_HELM_CHARTS, type LinkerdHelmChartName } from '../linkerd/catalog';
import { helmChartWebhooks, type Webhook } from '../linkerd/webhooks';
import type { ClusterBasis } from './plan';

/** Every webhook of the Linkerd Helm charts `basis` installs, in install order (the plan holds it: ClusterPlan.webhooks). */
export function installedWebhooks(basis: Pick<ClusterBasis, 'helmCharts' | 'line'>): Webhook[] {
  const installed = basis.helmCharts.filter((helmChart): helmChart is LinkerdHelmChartName =>
    (LINKERD_HELM_CHARTS as readonly string[]).includes(helmChart),
  );
  return installed.flatMap((helmChart) => helmChartWebhooks(basis.line.name, helmChart));
}
