/**
 * The Gateway API CRDs Linkerd's policy and routes use.
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';

/** The Gateway API CRDs Linkerd's policy and routes use (docs/gateway-api.md "Gateway API"). */
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
    /**
     * With `install: false`: the Gateway API release the cluster has (a tag such as `v1.5.1`), which the
     * traffic routes are written and checked for (docs/traffic.md); unset, routes are refused.
     */
    version: z
      .string()
      .regex(/^v\d+\.\d+\.\d+$/, { message: 'must be a Gateway API release tag such as "v1.4.0"' })
      .optional(),
  })
  .prefault({});
