/**
 * AuthorizationPolicy on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults, then
 * its output for every kind of target and authentication, then the props it refuses, then the real CRD.
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { crdValidators } from '../../test/support/crd-schemas';
import { newestLinkerdCrds } from '../../test/support/linkerd-crds';
import { describeWithShared } from '../../test/support/shared';
import { AuthorizationPolicy, type AuthorizationPolicyProps } from './authorization-policy';

const PROPS: AuthorizationPolicyProps = {
  name: 'web-http',
  namespace: 'media',
  target: { kind: 'Server', name: 'web-http' },
  authentications: [{ kind: 'MeshTLSAuthentication', name: 'clients' }],
};

function synth(props: Partial<AuthorizationPolicyProps> = {}): any[] {
  const chart = Testing.chart();
  new AuthorizationPolicy(chart, 'Policy', { ...PROPS, ...props });
  return Testing.synth(chart);
}

describe('defaults', () => {
  test('one policy.linkerd.io/v1alpha1 AuthorizationPolicy: the Server, the authentication in its own namespace', () => {
    expect(synth()).toEqual([
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'web-http', namespace: 'media' },
        spec: {
          targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'web-http' },
          requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'clients' }],
        },
      },
    ]);
  });
});

describe('output', () => {
  test('an HTTPRoute target is the policy.linkerd.io one (not Gateway API)', () => {
    expect(synth({ target: { kind: 'HTTPRoute', name: 'metrics' } })[0].spec.targetRef).toEqual({
      group: 'policy.linkerd.io',
      kind: 'HTTPRoute',
      name: 'metrics',
    });
  });

  test("a Namespace target is the policy's own namespace, a core kind with no group", () => {
    expect(synth({ target: { kind: 'Namespace' } })[0].spec.targetRef).toEqual({ kind: 'Namespace', name: 'media' });
  });

  test('every authentication, in order: a ServiceAccount is core (no group) and always namespaced', () => {
    const refs = synth({
      authentications: [
        { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
        { kind: 'NetworkAuthentication', name: 'kubelet', namespace: 'linkerd' },
        { kind: 'MeshTLSAuthentication', name: 'clients' },
      ],
    })[0].spec.requiredAuthenticationRefs;
    expect(refs).toEqual([
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
      { group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'kubelet', namespace: 'linkerd' },
      { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'clients' },
    ]);
  });
});

describe('validation: early, naming the policy', () => {
  test('no authentication at all (an empty list would authorize every client)', () => {
    expect(() => synth({ authentications: [] })).toThrow(
      'AuthorizationPolicy media/web-http: needs at least one authentication',
    );
  });
});

describeWithShared('against the AuthorizationPolicy CRD of the newest linkerd-crds in ../shared', () => {
  test('every kind of target and authentication is accepted, with no unknown field', () => {
    const validators = crdValidators(newestLinkerdCrds());
    const all = [
      ...synth(),
      ...synth({ name: 'route', target: { kind: 'HTTPRoute', name: 'metrics' } }),
      ...synth({
        name: 'namespace',
        target: { kind: 'Namespace' },
        authentications: [
          { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
          { kind: 'NetworkAuthentication', name: 'kubelet', namespace: 'linkerd' },
        ],
      }),
    ];
    expect(crdProblems(validators, all)).toEqual([]);
  });
});
