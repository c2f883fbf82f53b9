import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ServerV1Beta1,
  ServerV1Beta1SpecPodSelectorMatchExpressionsOperator,
  ServerV1Beta3,
  ServerV1Beta3SpecPodSelectorMatchExpressionsOperator,
} from '../../imports/policy.linkerd.io';

/** The `policy.linkerd.io` versions of Server this project emits: `v1beta3` (edge lines) or `v1beta1` (stable-2.14). */
export type ServerApiVersion = 'v1beta1' | 'v1beta3';

/** A label selector of pods in the Server's namespace. */
export interface PodSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

/** Props of a {@link PolicyServer}. */
export interface PolicyServerProps {
  /** The Server's name. */
  readonly name: string;
  /** The namespace of the Server and of the pods it selects. */
  readonly namespace: string;
  /** The pods whose port this Server is. */
  readonly podSelector: PodSelector;
  /** A container port name or number of those pods. */
  readonly port: string | number;
  /**
   * How the proxy treats connections to the port.
   * @default - protocol detection ('unknown')
   */
  readonly proxyProtocol?: 'unknown' | 'HTTP/1' | 'HTTP/2' | 'gRPC' | 'opaque' | 'TLS';
  /**
   * What happens to traffic no authorization allows: `deny`, `audit` (allowed, and flagged in the proxy's
   * logs and metrics with `authz_name="audit"`), or one of the default inbound policies (what a namespace's
   * default admits stays admitted, e.g. under a rate limit's Server). Only `v1beta3` has the field.
   * @default 'deny'
   */
  readonly accessPolicy?:
    | 'deny'
    | 'audit'
    | 'all-unauthenticated'
    | 'all-authenticated'
    | 'cluster-unauthenticated'
    | 'cluster-authenticated';
  /**
   * The Server version the release line's linkerd-crds serves.
   * @default 'v1beta3'
   */
  readonly apiVersion?: ServerApiVersion;
}

/**
 * A Linkerd `Server` (policy.linkerd.io): one port of a set of pods. Once a Server exists, traffic to that
 * port is denied unless an AuthorizationPolicy allows it (or `accessPolicy: audit`). Servers must not
 * overlap: Linkerd's admission webhook refuses a second Server on the same pod and port.
 */
export class PolicyServer extends Construct {
  /** The emitted object, for references. */
  public readonly apiObject: ApiObject;
  public readonly serverName: string;

  public constructor(scope: Construct, id: string, props: PolicyServerProps) {
    super(scope, id);
    const apiVersion = props.apiVersion ?? 'v1beta3';
    const selector = props.podSelector;
    if (!selector.matchLabels && !selector.matchExpressions) {
      throw new Error(`Server ${props.namespace}/${props.name}: podSelector needs matchLabels or matchExpressions`);
    }
    if (props.accessPolicy && apiVersion !== 'v1beta3') {
      throw new Error(
        `Server ${props.namespace}/${props.name}: accessPolicy "${props.accessPolicy}" needs Server v1beta3; this line serves ${apiVersion}`,
      );
    }
    const spec = {
      port: props.port,
      ...(props.proxyProtocol && { proxyProtocol: props.proxyProtocol }),
    };
    const metadata = { name: props.name, namespace: props.namespace };
    this.serverName = props.name;
    this.apiObject =
      apiVersion === 'v1beta3'
        ? new ServerV1Beta3(this, 'Resource', {
            metadata,
            spec: {
              podSelector: podSelectorOf(selector, ServerV1Beta3SpecPodSelectorMatchExpressionsOperator),
              ...spec,
              ...(props.accessPolicy && { accessPolicy: props.accessPolicy }),
            },
          })
        : new ServerV1Beta1(this, 'Resource', {
            metadata,
            spec: {
              podSelector: podSelectorOf(selector, ServerV1Beta1SpecPodSelectorMatchExpressionsOperator),
              ...spec,
            },
          });
  }
}

/**
 * The selector in one Server version's generated types: each version has an operator enum of its own (with the
 * same four values), so the operator is looked up in `operators`.
 */
function podSelectorOf<Operator extends string>(selector: PodSelector, operators: Readonly<Record<string, Operator>>) {
  return {
    ...(selector.matchLabels && { matchLabels: { ...selector.matchLabels } }),
    ...(selector.matchExpressions && {
      matchExpressions: selector.matchExpressions.map(({ key, operator, values }) => ({
        key,
        operator: operatorIn(operators, operator),
        ...(values && { values: [...values] }),
      })),
    }),
  };
}

function operatorIn<Operator extends string>(operators: Readonly<Record<string, Operator>>, name: string): Operator {
  const operator = Object.values(operators).find((value) => value === name);
  if (operator === undefined) throw new Error(`unknown podSelector operator "${name}"`);
  return operator;
}
