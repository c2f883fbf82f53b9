/**
 * The cluster config (clusters/<name>.yaml): every feature's part of the schema (features/<feature>/schema.ts)
 * assembled, one line per feature, and the checks that need more than one feature's fields. Single fields are
 * validated by lib/config/fields.ts; the TypeScript API and the YAML loader both parse through
 * `clusterConfigSchema`.
 */
import { z } from 'zod';
import { releaseLine } from '../lib/linkerd/catalog';
import { alertsNeedPodMonitors, alertsSchema } from './alerts/schema';
import { cniSchema, podSecurityProblems, podSecuritySchema } from './cni/schema';
import { configProblems } from './config-rules';
import {
  budgetSchema,
  fluxSchema,
  highAvailabilitySchema,
  istioSchema,
  meshedNamespacesSchema,
  proxySchema,
  releaseLineSchema,
  resourceSettingsSchema,
  upgradeSchema,
} from './core/schema';
import { dashboardsSchema } from './dashboards/schema';
import { gatewayApiSchema } from './gateway-api/schema';
import { certManagerSchema, identitySchema } from './identity/schema';
import { podMonitorsSchema, vizSchema } from './metrics/schema';
import { notificationsSchema } from './notifications/schema';
import { policyProblems, policySchema, systemMeshedNamespaces } from './policy/schema';
import { releaseLineProblems } from './release-line-rules';
import { tracingSchema } from './tracing/schema';

export { releaseLineProblems } from './release-line-rules';
export type { FieldProblem } from './release-line-rules';

export const clusterConfigSchema = z
  .strictObject({
    /** The Linkerd release line (see lib/linkerd/catalog.ts). */
    releaseLine: releaseLineSchema,
    /** Namespaces whose pods get a Linkerd proxy. */
    meshedNamespaces: meshedNamespacesSchema,
    /** Linkerd's CNI plugin instead of linkerd-init in every meshed pod (docs/cni-and-pod-security.md "CNI and Pod Security"). */
    cni: cniSchema,
    /** What the cluster's Pod Security Admission enforces. */
    podSecurity: podSecuritySchema,
    /** Apply the Helm charts' own HA values (values-ha.yaml) to the control plane and viz. */
    highAvailability: highAvailabilitySchema,
    proxy: proxySchema,
    resources: resourceSettingsSchema,
    viz: vizSchema,
    monitoring: z
      .strictObject({
        /** Prometheus Operator PodMonitors for the control plane and the proxies (from the control-plane Helm chart). */
        podMonitors: podMonitorsSchema,
        /** Prometheus Operator alerting rules for the mesh (docs/alerts.md "Alerts"). */
        alerts: alertsSchema,
        /** Linkerd's Grafana dashboards for your Grafana, from linkerd2's grafana/ at the release tag (docs/dashboards.md "Dashboards"). */
        dashboards: dashboardsSchema,
      })
      .prefault({})
      .superRefine(alertsNeedPodMonitors),
    tracing: tracingSchema,
    certManager: certManagerSchema,
    gatewayApi: gatewayApiSchema,
    upgrade: upgradeSchema,
    identity: identitySchema,
    /** How Flux applies the layers, and (notifications, optional) where it says that one failed (docs/review.md). */
    flux: fluxSchema.unwrap().extend({ notifications: notificationsSchema }).prefault({}),
    budget: budgetSchema,
    /** Inbound policy: who may reach meshed pods under a strict default (docs/policy.md "Inbound policy"). */
    policy: policySchema,
    istio: istioSchema,
  })
  .superRefine((config, ctx) => {
    for (const problem of [
      ...releaseLineProblems(config, releaseLine(config.releaseLine)),
      ...configProblems(config),
    ]) {
      ctx.addIssue({ code: 'custom', ...problem });
    }
    for (const problem of podSecurityProblems(config)) ctx.addIssue({ code: 'custom', ...problem });
    for (const problem of policyProblems({
      policy: config.policy,
      meshedNamespaces: config.meshedNamespaces,
      systemMeshedNamespaces: systemMeshedNamespaces({
        ...config,
        lineHasLinkerdJaeger: releaseLine(config.releaseLine).helmChartVersions['linkerd-jaeger'] !== undefined,
      }),
    })) {
      ctx.addIssue({ code: 'custom', ...problem });
    }
    // Dashboard uids are the prefix and Linkerd's uid (the longest, linkerd-replicationcontroller, has 29 of Grafana's 40).
    const { dashboards } = config.monitoring;
    const prefix = config.viz.grafana.uidPrefix ?? '';
    if ((dashboards.sidecar.enabled || dashboards.grafanaOperator.enabled) && !/^[A-Za-z0-9_-]{0,11}$/.test(prefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['viz', 'grafana', 'uidPrefix'],
        input: prefix,
        message:
          "prefixes the dashboards' uids: at most 11 letters, digits, - or _ (a Grafana uid has at most 40 characters)",
      });
    }
    const istio = new Set(config.istio.injectedNamespaces);
    config.meshedNamespaces.forEach((namespace, index) => {
      if (istio.has(namespace.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['meshedNamespaces', index, 'name'],
          input: namespace.name,
          message: 'is injected by Istio (istio.injectedNamespaces); one namespace must not be in two meshes',
        });
      }
    });
  });

/** A cluster config as a person writes it (every field optional). */
export type ClusterConfigInput = z.input<typeof clusterConfigSchema>;
/** A cluster config with every default applied. */
export type ClusterConfig = z.output<typeof clusterConfigSchema>;
