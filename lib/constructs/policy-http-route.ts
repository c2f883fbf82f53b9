import { Construct } from 'constructs';
import { HttpRouteV1Beta3, HttpRouteV1Beta3SpecRulesMatchesPathType } from '../../imports/policy.linkerd.io';

/** Props of a {@link PolicyHttpRoute}. */
export interface PolicyHttpRouteProps {
  /** The route's name. */
  readonly name: string;
  /** The namespace of the route and of its Server. */
  readonly namespace: string;
  /** The Server (policy.linkerd.io) the route is a part of. */
  readonly serverName: string;
  /** Path prefixes the route matches, e.g. `/metrics`. */
  readonly pathPrefixes: readonly string[];
}

/**
 * A Linkerd `HTTPRoute` (policy.linkerd.io/v1beta3, served by every supported line) on a Server: the requests
 * to some paths, which an AuthorizationPolicy can then allow. Once a Server has routes, requests that match
 * none get 404, and Linkerd's automatic probe authorizations no longer apply to it.
 */
export class PolicyHttpRoute extends Construct {
  public readonly routeName: string;

  public constructor(scope: Construct, id: string, props: PolicyHttpRouteProps) {
    super(scope, id);
    if (props.pathPrefixes.length === 0 || props.pathPrefixes.some((path) => !path.startsWith('/'))) {
      throw new Error(
        `HTTPRoute ${props.namespace}/${props.name}: pathPrefixes must be absolute paths, got ${JSON.stringify(props.pathPrefixes)}`,
      );
    }
    this.routeName = props.name;
    new HttpRouteV1Beta3(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: props.serverName }],
        rules: [
          {
            matches: props.pathPrefixes.map((value) => ({
              path: { type: HttpRouteV1Beta3SpecRulesMatchesPathType.PATH_PREFIX, value },
            })),
          },
        ],
      },
    });
  }
}
