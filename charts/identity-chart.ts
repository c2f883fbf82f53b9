import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { TrustChain } from '../lib/constructs/trust-chain';
import { CERT_MANAGER_NAMESPACE, LINKERD_NAMESPACE } from '../lib/linkerd/names';
import { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link IdentityChart}. */
export interface IdentityChartProps {
  readonly plan: ClusterPlan;
}

/**
 * The second layer: Linkerd's trust anchor and identity issuer. Applied only after cert-manager and
 * trust-manager are ready, since their CRDs must exist for Flux's dry-run to accept these objects.
 */
export class IdentityChart extends Chart {
  public constructor(scope: Construct, id: string, props: IdentityChartProps) {
    super(scope, id);
    const { identity } = props.plan.config;
    new TrustChain(this, 'TrustChain', {
      certManagerNamespace: CERT_MANAGER_NAMESPACE,
      linkerdNamespace: LINKERD_NAMESPACE,
      trustAnchorDuration: identity.trustAnchor.duration,
      trustAnchorRenewBefore: identity.trustAnchor.renewBefore,
      previousTrustAnchors: identity.previousTrustAnchors,
    });
  }
}
