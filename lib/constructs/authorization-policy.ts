import { Construct } from 'constructs';
import { AuthorizationPolicy as AuthorizationPolicyObject } from '../../imports/policy.linkerd.io';

/** What an AuthorizationPolicy applies to: a Server, an HTTPRoute (policy.linkerd.io), or its whole Namespace. */
export type AuthorizationTarget =
  | { readonly kind: 'Server' | 'HTTPRoute'; readonly name: string }
  | { readonly kind: 'Namespace' };

/** Who must be authenticated: a ServiceAccount (any namespace), or a Mesh TLS or Network authentication. */
export type AuthenticationRef =
  | { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string }
  | {
      readonly kind: 'MeshTLSAuthentication' | 'NetworkAuthentication';
      readonly name: string;
      readonly namespace?: string;
    };

/** Props of an {@link AuthorizationPolicy}. */
export interface AuthorizationPolicyProps {
  /** The policy's name. */
  readonly name: string;
  /** The namespace of the policy and of its target. */
  readonly namespace: string;
  /** What it authorizes traffic to. */
  readonly target: AuthorizationTarget;
  /** The authentications a client must satisfy, every one of them (at least one). */
  readonly authentications: readonly AuthenticationRef[];
}

/**
 * A Linkerd `AuthorizationPolicy` (policy.linkerd.io/v1alpha1): traffic to its target is allowed for
 * clients that satisfy all of its required authentications.
 */
export class AuthorizationPolicy extends Construct {
  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps) {
    super(scope, id);
    if (props.authentications.length === 0) {
      // An empty list authorizes every client: never emit that by accident.
      throw new Error(`AuthorizationPolicy ${props.namespace}/${props.name}: needs at least one authentication`);
    }
    const targetRef =
      props.target.kind === 'Namespace'
        ? { kind: 'Namespace', name: props.namespace }
        : { group: 'policy.linkerd.io', kind: props.target.kind, name: props.target.name };
    new AuthorizationPolicyObject(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        targetRef,
        requiredAuthenticationRefs: props.authentications.map((ref) =>
          ref.kind === 'ServiceAccount'
            ? { kind: 'ServiceAccount', name: ref.name, namespace: ref.namespace }
            : {
                group: 'policy.linkerd.io',
                kind: ref.kind,
                name: ref.name,
                ...(ref.namespace && { namespace: ref.namespace }),
              },
        ),
      },
    });
  }
}
