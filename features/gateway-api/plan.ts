/** Where the Gateway API CRDs come from, decided once: upstream at the line's release, or elsewhere. */
import type { ClusterConfig } from '../cluster-config';
import type { ReleaseLine } from '../../lib/linkerd/catalog';

/** A release of the upstream Gateway API CRDs and its channel. */
export interface GatewayApiSource {
  /** A tag of kubernetes-sigs/gateway-api, e.g. `v1.4.0`. */
  readonly release: string;
  readonly channel: 'standard' | 'experimental';
}

/**
 * The Gateway API CRDs installed from upstream (kubernetes-sigs/gateway-api) before the control plane, or
 * undefined: `gatewayApi.install: false`, or a line whose linkerd-crds ships its own.
 */
export function gatewayApiSource(
  config: Pick<ClusterConfig, 'gatewayApi'>,
  line: Pick<ReleaseLine, 'gatewayApi'>,
): GatewayApiSource | undefined {
  if (!config.gatewayApi.install || !line.gatewayApi) return undefined;
  return { release: line.gatewayApi.install, channel: config.gatewayApi.channel };
}
