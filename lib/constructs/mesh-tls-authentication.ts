import { Construct } from 'constructs';
import { MeshTlsAuthentication as MeshTlsAuthenticationObject } from '../../imports/policy.linkerd.io';

/** Props of a {@link MeshTlsAuthentication}. */
export interface MeshTlsAuthenticationProps {
  /** The authentication's name. */
  readonly name: string;
  /** Its namespace (an AuthorizationPolicy refers to it there). */
  readonly namespace: string;
  /**
   * Namespaces every ServiceAccount of which is authenticated (identities `*.<namespace>.serviceaccount.identity.linkerd.<trust domain>`).
   * @default - none
   */
  readonly namespaces?: readonly string[];
  /**
   * ServiceAccounts that are authenticated: `identityRefs`, or, beside `namespaces` or `anyMeshed`, their
   * identities (`<name>.<namespace>.serviceaccount.identity.linkerd.<trust domain>`), as the CRD allows only one
   * of the two fields.
   * @default - none
   */
  readonly serviceAccounts?: readonly { readonly name: string; readonly namespace: string }[];
  /**
   * Every meshed client (identity `*`).
   * @default false
   */
  readonly anyMeshed?: boolean;
  /**
   * The mesh's trust domain (the control plane's `identityTrustDomain`, by default its `clusterDomain`).
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/**
 * A Linkerd `MeshTLSAuthentication` (policy.linkerd.io/v1alpha1): clients with one of a set of mesh
 * identities. Only meshed clients have one.
 */
export class MeshTlsAuthentication extends Construct {
  public readonly authenticationName: string;

  public constructor(scope: Construct, id: string, props: MeshTlsAuthenticationProps) {
    super(scope, id);
    const trustDomain = props.trustDomain ?? 'cluster.local';
    const identity = (account: string, namespace: string) =>
      `${account}.${namespace}.serviceaccount.identity.linkerd.${trustDomain}`;
    const accounts = props.serviceAccounts ?? [];
    const patterns = [
      ...(props.anyMeshed ? ['*'] : []),
      ...(props.namespaces ?? []).map((namespace) => identity('*', namespace)),
    ];
    // The CRD takes identities or identityRefs, never both (a oneOf): beside patterns, the ServiceAccounts are
    // identities too; alone, they are refs.
    const identities = patterns.length
      ? [...patterns, ...accounts.map((account) => identity(account.name, account.namespace))]
      : [];
    const identityRefs = patterns.length
      ? []
      : accounts.map((account) => ({ kind: 'ServiceAccount', name: account.name, namespace: account.namespace }));
    if (identities.length === 0 && identityRefs.length === 0) {
      throw new Error(
        `MeshTLSAuthentication ${props.namespace}/${props.name}: needs namespaces, serviceAccounts or anyMeshed`,
      );
    }
    this.authenticationName = props.name;
    new MeshTlsAuthenticationObject(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: { ...(identities.length && { identities }), ...(identityRefs.length && { identityRefs }) },
    });
  }
}
