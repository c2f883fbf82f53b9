/**
 * MeshTlsAuthentication on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults, then
 * its output, then the props it refuses, then the real CRD.
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { crdValidators } from '../../test/support/crd-schemas';
import { newestLinkerdCrds } from '../../test/support/linkerd-crds';
import { describeWithShared } from '../../test/support/shared';
import { MeshTlsAuthentication, type MeshTlsAuthenticationProps } from './mesh-tls-authentication';

const PROPS: MeshTlsAuthenticationProps = { name: 'clients', namespace: 'media', namespaces: ['monitoring'] };

function synth(props: Partial<MeshTlsAuthenticationProps> = {}) {
  const chart = Testing.chart();
  const authentication = new MeshTlsAuthentication(chart, 'Authentication', { ...PROPS, ...props });
  return { authentication, manifests: Testing.synth(chart) as any[] };
}

describe('defaults', () => {
  test("one namespace: every ServiceAccount's identity there, in trust domain cluster.local; no identityRefs", () => {
    const { authentication, manifests } = synth();
    expect(authentication.authenticationName).toBe('clients');
    expect(manifests).toEqual([
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'MeshTLSAuthentication',
        metadata: { name: 'clients', namespace: 'media' },
        spec: { identities: ['*.monitoring.serviceaccount.identity.linkerd.cluster.local'] },
      },
    ]);
  });

  test('anyMeshed is false by default: no `*` identity', () => {
    expect(synth().manifests[0].spec.identities).not.toContain('*');
    expect(synth({ anyMeshed: false }).manifests).toEqual(synth().manifests);
  });
});

describe('output', () => {
  test('ServiceAccounts only: identityRefs of core ServiceAccounts, no identities', () => {
    const spec = synth({
      namespaces: undefined,
      serviceAccounts: [
        { name: 'prometheus', namespace: 'monitoring' },
        { name: 'tap', namespace: 'linkerd-viz' },
      ],
    }).manifests[0].spec;
    expect(spec).toEqual({
      identityRefs: [
        { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
        { kind: 'ServiceAccount', name: 'tap', namespace: 'linkerd-viz' },
      ],
    });
  });

  test('anyMeshed first, then each namespace in the given trust domain', () => {
    const spec = synth({ anyMeshed: true, namespaces: ['a', 'b'], trustDomain: 'mesh.example' }).manifests[0].spec;
    expect(spec).toEqual({
      identities: [
        '*',
        '*.a.serviceaccount.identity.linkerd.mesh.example',
        '*.b.serviceaccount.identity.linkerd.mesh.example',
      ],
    });
  });

  test('ServiceAccounts beside namespaces are identities too: the CRD takes identities or identityRefs, not both', () => {
    const spec = synth({
      namespaces: ['a'],
      trustDomain: 'mesh.example',
      serviceAccounts: [{ name: 's', namespace: 'c' }],
    }).manifests[0].spec;
    expect(spec).toEqual({
      identities: [
        '*.a.serviceaccount.identity.linkerd.mesh.example',
        's.c.serviceaccount.identity.linkerd.mesh.example',
      ],
    });
  });

  test('anyMeshed alone is enough', () => {
    expect(synth({ namespaces: undefined, anyMeshed: true }).manifests[0].spec).toEqual({ identities: ['*'] });
  });
});

describe('validation: early, naming the authentication', () => {
  test.each<[string, Partial<MeshTlsAuthenticationProps>]>([
    ['nothing to authenticate', { namespaces: undefined }],
    ['empty lists and anyMeshed false', { namespaces: [], serviceAccounts: [], anyMeshed: false }],
  ])('%s', (_case, props) => {
    expect(() => synth(props)).toThrow(
      'MeshTLSAuthentication media/clients: needs namespaces, serviceAccounts or anyMeshed',
    );
  });
});

describeWithShared('against the MeshTLSAuthentication CRD of the newest linkerd-crds in ../shared', () => {
  test('identities, identityRefs, and namespaces with ServiceAccounts are accepted, with no unknown field', () => {
    const validators = crdValidators(newestLinkerdCrds());
    const all = [
      ...synth().manifests,
      ...synth({ name: 'accounts', namespaces: undefined, serviceAccounts: [{ name: 's', namespace: 'c' }] }).manifests,
      ...synth({ name: 'both', anyMeshed: true, serviceAccounts: [{ name: 's', namespace: 'c' }] }).manifests,
      ...synth({ name: 'mixed', serviceAccounts: [{ name: 's', namespace: 'c' }] }).manifests,
    ];
    expect(crdProblems(validators, all)).toEqual([]);
  });
});
