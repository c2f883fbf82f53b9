import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { EgressNetwork } from '../lib/constructs/egress-network';
import { GatewayRoute } from '../lib/constructs/gateway-route';
import { HttpLocalRateLimitPolicy } from '../lib/constructs/http-local-rate-limit-policy';
import { PolicyServer } from '../lib/constructs/policy-server';
import type { TrafficPlan } from '../features/traffic/plan';

/** Props of the {@link TrafficChart}. */
export interface TrafficChartProps {
  readonly traffic: TrafficPlan;
}

/**
 * The traffic layer: per namespace, the Gateway API routes of the person's Services (retries, timeouts, per-route
 * metrics), the Servers and HTTPLocalRateLimitPolicies of their rate limits, and the EgressNetworks and egress
 * routes of the namespace. Never the person's Services themselves: what only a Service can carry is annotated
 * in their own manifest (make linkerd-annotate-service).
 */
export class TrafficChart extends Chart {
  public constructor(scope: Construct, id: string, props: TrafficChartProps) {
    super(scope, id);
    for (const namespace of props.traffic.namespaces) {
      const prefix = `namespace-${namespace.namespace}`;
      for (const network of namespace.egressNetworks)
        new EgressNetwork(this, `${prefix}-egress-${network.name}`, network);
      for (const route of namespace.routes) new GatewayRoute(this, `${prefix}-${route.kind}-${route.name}`, route);
      for (const limit of namespace.rateLimits) {
        new PolicyServer(this, `${prefix}-server-${limit.server.name}`, limit.server);
        new HttpLocalRateLimitPolicy(this, `${prefix}-ratelimit-${limit.policy.name}`, limit.policy);
      }
    }
  }
}
