/**
 * Alerts: the PrometheusRule for the mesh (monitoring.alerts).
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';
import { labelsSchema } from '../../lib/config/kubernetes-labels';
import { duration, runbookUrl } from '../../lib/config/fields';

/** Prometheus Operator alerting rules for the mesh (docs/alerts.md "Alerts"). */
export const alertsSchema = z
  .strictObject({
    /** Create the PrometheusRule (needs monitoring.podMonitors.enabled). */
    enabled: z.boolean().default(false),
    /** Labels your Prometheus selects PrometheusRules by, e.g. `release: kube-prometheus-stack`. */
    labels: labelsSchema.default({}),
    /**
     * Where the runbooks live: each alert links `<runbookUrl>#<alert>`. Give the address at which your Git host
     * shows this project's docs/alerts.md (e.g. `https://github.com/you/home-ops/blob/main/infrastructure/linkerd/docs/alerts.md`):
     * a relative path opens from nowhere in Alertmanager or Grafana, and synth warns about one.
     */
    runbookUrl: runbookUrl.default('docs/alerts.md'),
    /** The certificate alerts. */
    certificates: z
      .strictObject({
        /** How long a certificate may be not Ready before it alerts. */
        notReadyFor: duration.default('15m'),
      })
      .prefault({}),
    /** The trust anchor's rotation alert. */
    trustAnchor: z
      .strictObject({
        /** How long before cert-manager renews the trust anchor (with a new key) to warn: time to rotate first. */
        rotationNotice: duration.default('1008h'),
      })
      .prefault({}),
    /** The alerts on meshed workloads' golden metrics, and on the success rate of the traffic layer's routes. */
    workloads: z
      .strictObject({
        /** Alert when a meshed workload's inbound success rate, or a route's (traffic routes), stays below this share. */
        successRate: z.number().gt(0).lt(1).default(0.95),
        /** Alert when a meshed workload's inbound p99 latency stays above this many milliseconds. */
        p99LatencyMs: z.number().int().positive().default(1000),
        /** Judge only workloads (and routes) that serve at least this many requests per second. */
        minRequestsPerSecond: z.number().positive().default(0.1),
        /** The window rates and quantiles are taken over. */
        window: duration.default('10m'),
      })
      .prefault({}),
  })
  .prefault({});

/** The alerts read the series the PodMonitors scrape: alerts without PodMonitors would stay silent. */
export function alertsNeedPodMonitors(
  monitoring: { alerts: { enabled: boolean }; podMonitors: { enabled: boolean } },
  ctx: z.RefinementCtx,
): void {
  if (monitoring.alerts.enabled && !monitoring.podMonitors.enabled) {
    ctx.addIssue({
      code: 'custom',
      path: ['alerts', 'enabled'],
      input: true,
      message:
        'needs monitoring.podMonitors.enabled: true: the alerts read the metrics the Linkerd PodMonitors scrape, and would stay silent (or cry "targets missing") without them',
    });
  }
}
