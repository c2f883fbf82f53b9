import { Construct } from 'constructs';
import { HttpLocalRateLimitPolicy as HttpLocalRateLimitPolicyObject } from '../../imports/policy.linkerd.io';

/** Props of an {@link HttpLocalRateLimitPolicy}. */
export interface HttpLocalRateLimitPolicyProps {
  readonly name: string;
  readonly namespace: string;
  /** The Server (policy.linkerd.io) whose pods limit their inbound requests. */
  readonly serverName: string;
  /**
   * Requests per second each pod accepts in all.
   * @default - no total limit
   */
  readonly total?: number;
  /**
   * Requests per second each pod accepts from one client identity.
   * @default - no per-identity limit
   */
  readonly identity?: number;
  /**
   * Limits of their own for some clients (ServiceAccounts).
   * @default - none
   */
  readonly overrides?: readonly {
    readonly requestsPerSecond: number;
    readonly serviceAccounts: readonly { readonly namespace: string; readonly name: string }[];
  }[];
}

/**
 * A Linkerd `HTTPLocalRateLimitPolicy` (policy.linkerd.io/v1alpha1, Linkerd 2.17+): each proxy of the Server's
 * pods answers 429 past the limit. Checked as Linkerd's admission webhook checks it.
 */
export class HttpLocalRateLimitPolicy extends Construct {
  public constructor(scope: Construct, id: string, props: HttpLocalRateLimitPolicyProps) {
    super(scope, id);
    const where = `HTTPLocalRateLimitPolicy ${props.namespace}/${props.name}`;
    const rates = [
      props.total,
      props.identity,
      ...(props.overrides ?? []).map((override) => override.requestsPerSecond),
    ];
    if (rates.every((rate) => rate === undefined)) throw new Error(`${where}: limits nothing`);
    for (const rate of rates)
      if (rate !== undefined && (!Number.isInteger(rate) || rate < 1))
        throw new Error(`${where}: requestsPerSecond ${rate} must be a whole number above 0`);
    if (props.total !== undefined && rates.some((rate) => rate !== undefined && rate > props.total!))
      throw new Error(`${where}: no limit may be above total (${props.total})`);
    new HttpLocalRateLimitPolicyObject(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: props.serverName },
        ...(props.total !== undefined && { total: { requestsPerSecond: props.total } }),
        ...(props.identity !== undefined && { identity: { requestsPerSecond: props.identity } }),
        ...(props.overrides && {
          overrides: props.overrides.map((override) => ({
            requestsPerSecond: override.requestsPerSecond,
            clientRefs: override.serviceAccounts.map((account) => ({
              kind: 'ServiceAccount',
              namespace: account.namespace,
              name: account.name,
            })),
          })),
        }),
      },
    });
  }
}
