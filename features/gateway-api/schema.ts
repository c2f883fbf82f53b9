/**
 * The Gateway API CRDs Linkerd's policy and routes use.
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';

export const gatewayApiSchema = z
  .strictObject({
    /**
     * true: install the Gateway API CRDs from upstream (kubernetes-sigs/gateway-api, at the release
     * lib/linkerd/support-matrix.ts names for the line's major) before the control plane; false: the
     * cluster already has them from elsewhere. linkerd-crds never installs them (`installGatewayAPI: false`).
     */
    install: z.boolean().default(true),
    /**
     * The Gateway API channel: `standard` (HTTPRoute, GRPCRoute: what Linkerd's policy, routing and
     * timeouts use) or `experimental` (adds TLSRoute, TCPRoute, ...; what linkerd-crds used to bundle).
     */
    channel: z.enum(['standard', 'experimental']).default('standard'),
  })
  .prefault({});
