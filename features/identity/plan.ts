/**
 * mTLS identity, decided once: the trust chain cert-manager issues (trust anchor, identity issuer, trust
 * bundle), the webhooks' certificates, and, when this project installs them, cert-manager's and
 * trust-manager's Helm values.
 */
import { mergeValues } from '../../lib/common/merge-values';
import type { ClusterConfig } from '../cluster-config';
import type { TrustChainProps } from '../../lib/constructs/trust-chain';
import type { WebhookCertificatesProps } from '../../lib/constructs/webhook-certificates';
import { certManagerMonitoringValues, trustManagerMonitoringValues } from '../../lib/linkerd/companion-helm-charts';
import { CERT_MANAGER_NAMESPACE, LINKERD_NAMESPACE } from '../../lib/linkerd/names';
import type { Webhook } from '../../lib/linkerd/webhooks';

/** Helm values: a tree of plain data. */
type Values = Record<string, unknown>;

/** The Helm values of cert-manager and trust-manager, when this project installs them. */
export interface CertManagerPlan {
  readonly certManagerValues: Values;
  readonly trustManagerValues: Values;
}

/** The trust anchor and identity issuer of `config`. */
export function trustChainProps(config: Pick<ClusterConfig, 'identity'>): TrustChainProps {
  const { identity } = config;
  return {
    certManagerNamespace: CERT_MANAGER_NAMESPACE,
    linkerdNamespace: LINKERD_NAMESPACE,
    trustAnchorDuration: identity.trustAnchor.duration,
    trustAnchorRenewBefore: identity.trustAnchor.renewBefore,
    previousTrustAnchors: identity.previousTrustAnchors,
  };
}

/** A certificate per webhook of the installed Helm charts (they mount its Secret; cert-manager injects the CA). */
export function webhookCertificatesProps(webhooks: readonly Webhook[]): WebhookCertificatesProps {
  return {
    certManagerNamespace: CERT_MANAGER_NAMESPACE,
    certificates: webhooks.map((webhook) => ({
      name: webhook.certificate,
      namespace: webhook.namespace,
      secretName: webhook.secretName,
      dnsName: `${webhook.service}.${webhook.namespace}.svc`,
    })),
  };
}

/**
 * cert-manager's and trust-manager's values, or undefined with `certManager.install: false`. With PodMonitors
 * (and so with alerts), the person's Prometheus scrapes them too: the certificate alerts read cert-manager's series.
 */
export function certManagerPlan(
  config: Pick<ClusterConfig, 'certManager' | 'monitoring'>,
): CertManagerPlan | undefined {
  if (!config.certManager.install) return undefined;
  const monitoring = config.monitoring.podMonitors;
  return {
    certManagerValues: {
      crds: { enabled: true },
      ...(monitoring.enabled && certManagerMonitoringValues(monitoring.labels)),
    },
    // trust-manager's own webhook certificate comes from cert-manager.
    trustManagerValues: mergeValues(
      { app: { trust: { namespace: CERT_MANAGER_NAMESPACE } } },
      monitoring.enabled ? trustManagerMonitoringValues(monitoring.labels) : {},
    ),
  };
}
