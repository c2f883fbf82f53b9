/**
 * Metrics: linkerd-viz (metrics API, tap, dashboard) and the Prometheus Operator PodMonitors.
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';
import { labelsSchema } from '../../lib/config/kubernetes-labels';
import { hostName, httpUrl } from '../../lib/config/fields';

/** linkerd-viz: the metrics API, tap and the dashboard (docs/metrics.md "Metrics, the viz dashboard and Grafana"). */
export const vizSchema = z
  .strictObject({
    /** Install linkerd-viz (metrics API, tap, dashboard). */
    enabled: z.boolean().default(true),
    /** The Prometheus viz reads. */
    prometheus: z
      .strictObject({
        /** An existing Prometheus that scrapes the proxies; viz then installs none of its own. */
        url: httpUrl.optional(),
      })
      .prefault({}),
    /** The Grafana viz's dashboard links to. */
    grafana: z
      .strictObject({
        /** An in-cluster Grafana behind viz's reverse proxy, for the dashboard's links. */
        url: httpUrl.optional(),
        /** A Grafana outside the cluster, for the dashboard's links (not with `url`). */
        externalUrl: httpUrl.optional(),
        /** Prefix of the Linkerd dashboards' UIDs in that Grafana (with `externalUrl`). */
        uidPrefix: z.string().optional(),
      })
      .prefault({})
      .superRefine((grafana, ctx) => {
        if (grafana.url && grafana.externalUrl) {
          ctx.addIssue({
            code: 'custom',
            path: ['externalUrl'],
            input: grafana.externalUrl,
            message: 'cannot be set together with viz.grafana.url; the chart takes one of them',
          });
        }
        if (grafana.uidPrefix && !grafana.externalUrl) {
          ctx.addIssue({
            code: 'custom',
            path: ['uidPrefix'],
            input: grafana.uidPrefix,
            message: 'only applies with viz.grafana.externalUrl',
          });
        }
      }),
    /** viz's web dashboard. */
    dashboard: z
      .strictObject({
        /** Host names the dashboard answers besides localhost and its Service names (e.g. an ingress host). */
        extraHosts: z.array(hostName).default([]),
      })
      .prefault({}),
  })
  .prefault({});

/** Prometheus Operator PodMonitors for the control plane and the proxies (from the control-plane Helm chart). */
export const podMonitorsSchema = z
  .strictObject({
    /** Create the PodMonitors. */
    enabled: z.boolean().default(false),
    /** Labels your Prometheus selects PodMonitors by, e.g. `release: kube-prometheus-stack`. */
    labels: labelsSchema.default({}),
  })
  .prefault({});
