import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** The Gateway API route kinds Linkerd reads for outbound traffic, with the version this project writes. */
export const GATEWAY_ROUTE_API_VERSIONS = {
  HTTPRoute: 'gateway.networking.k8s.io/v1',
  GRPCRoute: 'gateway.networking.k8s.io/v1',
  // Linkerd's policy controller watches TLSRoute v1alpha2 (served by the experimental channel of every release).
  TLSRoute: 'gateway.networking.k8s.io/v1alpha2',
} as const;
export type GatewayRouteKind = keyof typeof GATEWAY_ROUTE_API_VERSIONS;

/** The parent of an outbound route: one of the person's Services, or an EgressNetwork. */
export type RouteParent =
  | { readonly kind: 'Service'; readonly name: string; readonly port: number }
  | { readonly kind: 'EgressNetwork'; readonly name: string; readonly port: number };

/** What one rule of the route matches (a rule without matches matches every request). */
export type RouteMatch =
  | { readonly path?: { readonly type: 'PathPrefix' | 'Exact'; readonly value: string }; readonly method?: string }
  | { readonly grpc: { readonly service?: string; readonly method?: string } };

/** Props of a {@link GatewayRoute}. */
export interface GatewayRouteProps {
  readonly kind: GatewayRouteKind;
  readonly name: string;
  readonly namespace: string;
  readonly parent: RouteParent;
  /**
   * What the route's one rule matches (HTTPRoute, GRPCRoute).
   * @default - every request
   */
  readonly matches?: readonly RouteMatch[];
  /**
   * Host names (HTTPRoute, TLSRoute; an egress route allows these).
   * @default - any
   */
  readonly hostnames?: readonly string[];
  /**
   * Linkerd's retry and timeout annotations (`retry.linkerd.io/*`, `timeout.linkerd.io/*`).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A Gateway API route (gateway.networking.k8s.io) whose parent is a Service of the person's or an
 * EgressNetwork: how Linkerd's proxies route, retry and time out outbound requests, with per-route metrics.
 * Traffic to an egress parent goes to where it was going (the rule's backend is the EgressNetwork itself).
 */
export class GatewayRoute extends Construct {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: GatewayRouteProps) {
    super(scope, id);
    const where = `${props.kind} ${props.namespace}/${props.name}`;
    if (props.kind === 'TLSRoute' && (!props.hostnames || props.hostnames.length === 0))
      throw new Error(`${where}: a TLSRoute needs hostnames`);
    if (props.kind === 'TLSRoute' && props.matches) throw new Error(`${where}: a TLSRoute has no matches`);
    for (const match of props.matches ?? []) {
      const grpc = 'grpc' in match;
      if (grpc !== (props.kind === 'GRPCRoute'))
        throw new Error(`${where}: ${grpc ? 'a gRPC match' : 'an HTTP match'} on a ${props.kind}`);
    }
    const parentRef =
      props.parent.kind === 'Service'
        ? { group: 'core', kind: 'Service', name: props.parent.name, port: props.parent.port }
        : { group: 'policy.linkerd.io', kind: 'EgressNetwork', name: props.parent.name, port: props.parent.port };
    const backendRefs =
      props.parent.kind === 'EgressNetwork'
        ? [{ group: 'policy.linkerd.io', kind: 'EgressNetwork', name: props.parent.name }]
        : undefined;
    const matches = props.matches?.map((match) =>
      'grpc' in match
        ? { method: { type: 'Exact', ...match.grpc } }
        : { ...(match.path && { path: { ...match.path } }), ...(match.method && { method: match.method }) },
    );
    const rule = {
      ...(matches && matches.length > 0 && { matches }),
      ...(backendRefs && { backendRefs }),
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: GATEWAY_ROUTE_API_VERSIONS[props.kind],
      kind: props.kind,
      metadata: {
        name: props.name,
        namespace: props.namespace,
        ...(props.annotations &&
          Object.keys(props.annotations).length > 0 && { annotations: { ...props.annotations } }),
      },
      spec: {
        parentRefs: [parentRef],
        ...(props.hostnames && props.hostnames.length > 0 && { hostnames: [...props.hostnames] }),
        rules: [rule],
      },
    });
  }
}
