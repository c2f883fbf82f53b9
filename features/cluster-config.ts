/**
 * The cluster config (clusters/<name>.yaml): every feature's part of the schema (features/<feature>/schema.ts)
 * assembled, one line per feature, and the checks that need more than one feature's fields. Single fields are
 * validated by lib/config/fields.ts; the TypeScript API and the YAML loader both parse through
 * `clusterConfigSchema`.
 */
import { z } from 'zod';
import type { FieldProblem } from '../lib/config/field-problem';
import { alertsChecks } from './alerts/rules';
import { alertsNeedPodMonitors, alertsSchema } from './alerts/schema';
import { cniChecks } from './cni/rules';
import { cniSchema, podSecuritySchema } from './cni/schema';
import { type ConfigBasis, configBasis } from './core/basis';
import { releaseLineReading } from './core/release-line';
import { coreChecks } from './core/rules';
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
import { dashboardsChecks } from './dashboards/rules';
import { dashboardsSchema } from './dashboards/schema';
import type { FeatureChecks } from './feature';
import { gatewayApiChecks } from './gateway-api/rules';
import { gatewayApiSchema } from './gateway-api/schema';
import { helmValuesChecks } from './helm-values/rules';
import { helmValuesSchema } from './helm-values/schema';
import { imagesSchema } from './images/schema';
import { namespaceProxyChecks } from './core/namespace-proxy';
import { placementChecks } from './placement/rules';
import { placementSchema } from './placement/schema';
import { identityChecks } from './identity/rules';
import { certManagerSchema, identitySchema } from './identity/schema';
import { metricsChecks } from './metrics/rules';
import { podMonitorsSchema, vizSchema } from './metrics/schema';
import { policyChecks } from './policy/rules';
import { policySchema } from './policy/schema';
import { tracingChecks } from './tracing/rules';
import { tracingSchema } from './tracing/schema';
import { trafficChecks } from './traffic/rules';
import { egressSchema, trafficSchema } from './traffic/schema';

export type { FieldProblem } from '../lib/config/field-problem';

export const clusterConfigSchema = z
  .strictObject({
    releaseLine: releaseLineSchema,
    /** Namespaces whose pods get a Linkerd proxy. */
    meshedNamespaces: meshedNamespacesSchema,
    /** Linkerd's CNI plugin instead of linkerd-init in every meshed pod (docs/cni-and-pod-security.md "CNI and Pod Security"). */
    cni: cniSchema,
    /** What the cluster's Pod Security Admission enforces. */
    podSecurity: podSecuritySchema,
    /**
     * Several replicas of the control plane and viz's tap: `true` for the Helm charts' own values-ha.yaml, or
     * `{nodes: 2}` and the settings below for a home lab (docs/configuration.md "High availability").
     */
    highAvailability: highAvailabilitySchema,
    proxy: proxySchema,
    resources: resourceSettingsSchema,
    viz: vizSchema,
    /** Prometheus Operator objects and Grafana dashboards for the person's monitoring stack. */
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
    flux: fluxSchema,
    budget: budgetSchema,
    /** Inbound policy: who may reach meshed pods under a strict default (docs/policy.md "Inbound policy"). */
    policy: policySchema,
    istio: istioSchema,
    /** Retries, timeouts, circuit breaking, rate limits and routes of your Services (docs/traffic.md); egress: what a namespace may reach outside the cluster. */
    traffic: trafficSchema,
    egress: egressSchema,
    /** Images from a mirror instead of each image's own registry (docs/customizing.md "Images from a mirror"). */
    images: imagesSchema,
    /** Where the control plane and the extensions run: nodeSelector, tolerations, priorityClassName (docs/customizing.md "Placement"). */
    placement: placementSchema,
    /** Helm values merged last, per Helm chart, each key checked against the Helm chart's own (docs/customizing.md "Helm values"). */
    helmValues: helmValuesSchema,
  })
  .superRefine((config, ctx) => {
    // The checks across fields run on the resolved basis (the release line, the Helm charts, the tracing mode:
    // features/core/basis.ts); zod only calls them, so a config's every problem is reported in one run.
    for (const problem of featureProblems(configBasis(config))) ctx.addIssue({ code: 'custom', ...problem });
  });

/** Every feature's checks of a whole config (features/feature.ts): one line per feature. */
const FEATURE_CHECKS: readonly FeatureChecks[] = [
  coreChecks,
  cniChecks,
  metricsChecks,
  tracingChecks,
  identityChecks,
  policyChecks,
  alertsChecks,
  dashboardsChecks,
  gatewayApiChecks,
  trafficChecks,
  namespaceProxyChecks,
  helmValuesChecks,
  placementChecks,
];

/** The problems of a whole config that no single field shows. */
export function featureProblems(basis: ConfigBasis): FieldProblem[] {
  return FEATURE_CHECKS.flatMap((feature) => feature.problems?.(basis) ?? []);
}

/**
 * `warning: <file>: <field>: <message>` for every setting of `config` that is valid but has no effect with
 * the rest of it: synthesis goes on, and the person learns their setting was not applied.
 */
export function configWarnings(config: ClusterConfig, file: string): string[] {
  const basis = configBasis(config);
  return FEATURE_CHECKS.flatMap((feature) => feature.warnings?.(basis) ?? []).map(
    ({ field, message }) => `warning: ${file}: ${field}: ${message}`,
  );
}

/**
 * `warning: <file>: <field>: <message>` for how a value of `input` (the config as written, before the schema)
 * was read: a Linkerd version given for `releaseLine` is taken as a line (features/core/release-line.ts).
 */
export function inputWarnings(input: unknown, file: string): string[] {
  const written =
    typeof input === 'object' && input !== null ? (input as { releaseLine?: unknown }).releaseLine : undefined;
  const reading = written === undefined ? undefined : releaseLineReading(written);
  return reading ? [`warning: ${file}: releaseLine: ${reading.note}`] : [];
}

/** A cluster config as a person writes it (every field optional). */
export type ClusterConfigInput = z.input<typeof clusterConfigSchema>;
/** A cluster config with every default applied. */
export type ClusterConfig = z.output<typeof clusterConfigSchema>;
