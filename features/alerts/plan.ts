/**
 * The alerts layer, decided once: the MeshAlerts construct's props from `monitoring.alerts`, the certificates
 * the identity layer issues and each meshed namespace's inbound policy (features/core/basis.ts).
 */
import { parseDuration } from '../../lib/config/duration';
import type { MeshAlertsProps } from '../../lib/constructs/mesh-alerts';
import { IDENTITY_ISSUER, TRUST_ANCHOR } from '../../lib/constructs/trust-chain';
import { WEBHOOK_CA } from '../../lib/constructs/webhook-certificates';
import { CERT_MANAGER_NAMESPACE, FLUX_NAMESPACE, LINKERD_NAMESPACE } from '../../lib/linkerd/names';
import type { Webhook } from '../../lib/linkerd/webhooks';
import type { ClusterBasis } from '../core/basis';
import type { FluxObjectNames } from '../notifications/plan';
import type { TrafficPlan } from '../traffic/plan';

/** The proxy injector's webhook in the control-plane Helm chart's MutatingWebhookConfiguration. */
export const INJECTOR_WEBHOOK = 'linkerd-proxy-injector.linkerd.io';

/** The alerts of `basis`, or undefined without `monitoring.alerts.enabled`. */
export function alertsPlan(
  { config, line }: ClusterBasis,
  webhooks: readonly Webhook[],
  inboundPolicies: ReadonlyMap<string, string>,
  fluxObjects: FluxObjectNames & { readonly notReadyFor: string },
  traffic?: Pick<TrafficPlan, 'namespaces'>,
): MeshAlertsProps | undefined {
  const alerts = config.monitoring.alerts;
  if (!alerts.enabled) return undefined;
  const trustAnchor = { name: TRUST_ANCHOR, namespace: CERT_MANAGER_NAMESPACE };
  const identityIssuer = { name: IDENTITY_ISSUER, namespace: LINKERD_NAMESPACE };
  // The namespaces of the HTTPRoutes and GRPCRoutes the traffic layer writes (their routes' success rate).
  const routeNamespaces = (traffic?.namespaces ?? [])
    .filter((namespace) => namespace.routes.some((route) => route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute'))
    .map((namespace) => namespace.namespace);
  return {
    namespace: LINKERD_NAMESPACE,
    labels: alerts.labels,
    runbookUrl: alerts.runbookUrl,
    trustAnchor,
    identityIssuer,
    certificates: [
      trustAnchor,
      identityIssuer,
      { name: WEBHOOK_CA, namespace: CERT_MANAGER_NAMESPACE },
      ...webhooks.map((webhook) => ({ name: webhook.certificate, namespace: webhook.namespace })),
    ],
    bundleHasPreviousAnchor: config.identity.previousTrustAnchors.length > 0,
    controlPlaneNamespace: LINKERD_NAMESPACE,
    // issuer_cert_ttl_seconds arrived in edge-25.2.1: every supported edge line has it, stable-2.14 predates it.
    identityReportsIssuerTtl: line.channel === 'edge',
    injectorWebhookName: INJECTOR_WEBHOOK,
    // Flux's own objects for this cluster, as kube-state-metrics reports them (docs/alerts.md "LinkerdFluxNotReady").
    flux: {
      namespace: FLUX_NAMESPACE,
      kustomizations: fluxObjects.kustomizations,
      helmReleases: fluxObjects.helmReleases,
      notReadyFor: fluxObjects.notReadyFor,
    },
    ...(routeNamespaces.length > 0 && { routeNamespaces }),
    strictNamespaces: [...inboundPolicies]
      .filter(([, policy]) => policy !== 'all-unauthenticated')
      .map(([namespace]) => namespace),
    thresholds: {
      // Go durations (`15m`, `1h30m`) are Prometheus durations too.
      certificateNotReadyFor: alerts.certificates.notReadyFor,
      trustAnchorNoticeSeconds: parseDuration(alerts.trustAnchor.rotationNotice)!,
      // The issuer lives 48h and cert-manager renews it 25h before expiry (TrustChain): an identity service
      // still on it an hour after that did not load the renewed one.
      issuerTtlSeconds: 24 * 3600,
      // Proxies renew their 24h certificate at 70% of its life (about 7h left): 3h left is a failed renewal.
      proxyCertificateSeconds: 3 * 3600,
      // One denial a minute: below that, a rise is noise.
      denialsPerSecond: 1 / 60,
      successRate: alerts.workloads.successRate,
      p99LatencyMs: alerts.workloads.p99LatencyMs,
      minRequestsPerSecond: alerts.workloads.minRequestsPerSecond,
      window: alerts.workloads.window,
    },
  };
}
