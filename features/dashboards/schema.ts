/**
 * Dashboards: Linkerd's Grafana dashboards for the person's Grafana (monitoring.dashboards).
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';
import { labelsSchema } from '../../lib/config/kubernetes-labels';
import { dnsLabel } from '../../lib/config/fields';

/** Linkerd's Grafana dashboards for your Grafana, from linkerd2's grafana/ at the release tag (docs/dashboards.md "Dashboards"). */
export const dashboardsSchema = z
  .strictObject({
    /** kube-prometheus-stack's Grafana sidecar: one ConfigMap per dashboard, holding its JSON. */
    sidecar: z
      .strictObject({
        /** Provision the dashboards as sidecar ConfigMaps. */
        enabled: z.boolean().default(false),
        /**
         * Where the ConfigMaps go (default: `linkerd`); the sidecar must search it (`searchNamespace: ALL`, or
         * this namespace). Left out, synth warns: the Grafana Helm chart's sidecar searches only Grafana's own
         * namespace unless told otherwise; write `linkerd` to say yours searches there.
         */
        namespace: dnsLabel.optional(),
        /** Labels the sidecar picks ConfigMaps by (kube-prometheus-stack: `grafana_dashboard: "1"`). */
        labels: labelsSchema.default({ grafana_dashboard: '1' }),
        /** The name of the Prometheus datasource in your Grafana that the dashboards select. */
        datasource: z.string().min(1).max(190).default('Prometheus'),
      })
      .prefault({}),
    /** grafana-operator: one GrafanaDashboard per dashboard, by its grafana.com id and revision. */
    grafanaOperator: z
      .strictObject({
        /** Provision the dashboards as GrafanaDashboards. */
        enabled: z.boolean().default(false),
        /** Where the GrafanaDashboards go (they may import into Grafanas of other namespaces). */
        namespace: dnsLabel.default('linkerd'),
        /** Labels of the Grafana resources that import the dashboards (`instanceSelector.matchLabels`). */
        instanceSelector: labelsSchema.default({}),
      })
      .prefault({}),
  })
  .prefault({})
  .superRefine((dashboards, ctx) => {
    if (dashboards.grafanaOperator.enabled && Object.keys(dashboards.grafanaOperator.instanceSelector).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['grafanaOperator', 'instanceSelector'],
        input: {},
        message:
          'needs the labels of your Grafana resource (e.g. {dashboards: grafana}): grafana-operator imports a dashboard only into the Grafanas it selects',
      });
    }
  });
