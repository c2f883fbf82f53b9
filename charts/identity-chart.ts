import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { TrustChain } from '../lib/constructs/trust-chain';
import { WebhookCertificates } from '../lib/constructs/webhook-certificates';
import type { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link IdentityChart}. */
export interface IdentityChartProps {
  readonly plan: ClusterPlan;
}

/**
 * The second layer: Linkerd's trust anchor and identity issuer, and the webhooks' TLS certificates.
 * Applied only after cert-manager and trust-manager are ready, since their CRDs must exist for Flux's
 * dry-run to accept these objects, and before the mesh layer, whose Helm charts mount their Secrets.
 */
export class IdentityChart extends Chart {
  public constructor(scope: Construct, id: string, props: IdentityChartProps) {
    super(scope, id);
    new TrustChain(this, 'TrustChain', props.plan.trustChain);
    // Before the mesh layer: the Helm charts mount these Secrets (externalSecret) and need the CA injected.
    new WebhookCertificates(this, 'WebhookCertificates', props.plan.webhookCertificates);
  }
}
