import { Construct } from 'constructs';
import { EgressNetwork as EgressNetworkObject, EgressNetworkSpecTrafficPolicy } from '../../imports/policy.linkerd.io';

/** Props of an {@link EgressNetwork}. */
export interface EgressNetworkProps {
  readonly name: string;
  /** Its namespace: it applies to the meshed clients of this namespace (and of none other, but Linkerd's global egress namespace). */
  readonly namespace: string;
  readonly trafficPolicy: 'Allow' | 'Deny';
  /**
   * The networks it covers.
   * @default - everything outside the cluster networks the control plane is configured with
   */
  readonly networks?: readonly { readonly cidr: string; readonly except?: readonly string[] }[];
}

/**
 * A Linkerd `EgressNetwork` (policy.linkerd.io/v1alpha1, Linkerd 2.17+): what meshed clients of its namespace
 * may reach outside the cluster; the most specific network that holds an address decides, and routes whose
 * parent it is allow named hosts under `Deny`.
 */
export class EgressNetwork extends Construct {
  public readonly egressNetworkName: string;

  public constructor(scope: Construct, id: string, props: EgressNetworkProps) {
    super(scope, id);
    if (props.networks && props.networks.length === 0)
      throw new Error(`EgressNetwork ${props.namespace}/${props.name}: networks, when given, needs at least one`);
    this.egressNetworkName = props.name;
    new EgressNetworkObject(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        trafficPolicy:
          props.trafficPolicy === 'Allow' ? EgressNetworkSpecTrafficPolicy.ALLOW : EgressNetworkSpecTrafficPolicy.DENY,
        ...(props.networks && {
          networks: props.networks.map((network) => ({
            cidr: network.cidr,
            ...(network.except && { except: [...network.except] }),
          })),
        }),
      },
    });
  }
}
