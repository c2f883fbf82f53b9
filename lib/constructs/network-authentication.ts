import { Construct } from 'constructs';
import { NetworkAuthentication as NetworkAuthenticationObject } from '../../imports/policy.linkerd.io';

/** Props of a {@link NetworkAuthentication}. */
export interface NetworkAuthenticationProps {
  /** The authentication's name. */
  readonly name: string;
  /** Its namespace (an AuthorizationPolicy refers to it there). */
  readonly namespace: string;
  /** Client networks in CIDR notation, e.g. `10.0.0.0/8`. */
  readonly networks: readonly string[];
}

/**
 * A Linkerd `NetworkAuthentication` (policy.linkerd.io/v1alpha1): clients whose address is in one of a set
 * of networks, meshed or not. The way to authorize an unmeshed client, which has no mesh identity.
 */
export class NetworkAuthentication extends Construct {
  public readonly authenticationName: string;

  public constructor(scope: Construct, id: string, props: NetworkAuthenticationProps) {
    super(scope, id);
    if (props.networks.length === 0)
      throw new Error(`NetworkAuthentication ${props.namespace}/${props.name}: needs at least one network`);
    this.authenticationName = props.name;
    new NetworkAuthenticationObject(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: { networks: props.networks.map((cidr) => ({ cidr })) },
    });
  }
}
