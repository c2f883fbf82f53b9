/**
 * NetworkAuthentication on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its output, the
 * props it refuses, then the real CRD.
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { crdValidators } from '../../test/support/crd-schemas';
import { newestLinkerdCrds } from '../../test/support/linkerd-crds';
import { describeWithShared } from '../../test/support/shared';
import { NetworkAuthentication, type NetworkAuthenticationProps } from './network-authentication';

const PROPS: NetworkAuthenticationProps = { name: 'kubelet', namespace: 'media', networks: ['10.0.0.0/8'] };

function synth(props: Partial<NetworkAuthenticationProps> = {}) {
  const chart = Testing.chart();
  const authentication = new NetworkAuthentication(chart, 'Authentication', { ...PROPS, ...props });
  return { authentication, manifests: Testing.synth(chart) as any[] };
}

describe('defaults', () => {
  test('one policy.linkerd.io/v1alpha1 NetworkAuthentication, one cidr a network, no exceptions', () => {
    const { authentication, manifests } = synth();
    expect(authentication.authenticationName).toBe('kubelet');
    expect(manifests).toEqual([
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'NetworkAuthentication',
        metadata: { name: 'kubelet', namespace: 'media' },
        spec: { networks: [{ cidr: '10.0.0.0/8' }] },
      },
    ]);
  });
});

describe('output', () => {
  test('every network in order, IPv4 and IPv6', () => {
    expect(synth({ networks: ['192.168.0.0/16', 'fd00::/8', '0.0.0.0/0'] }).manifests[0].spec.networks).toEqual([
      { cidr: '192.168.0.0/16' },
      { cidr: 'fd00::/8' },
      { cidr: '0.0.0.0/0' },
    ]);
  });
});

describe('validation: early, naming the authentication', () => {
  test('no network (an authentication nobody can satisfy)', () => {
    expect(() => synth({ networks: [] })).toThrow('NetworkAuthentication media/kubelet: needs at least one network');
  });
});

describeWithShared('against the NetworkAuthentication CRD of the newest linkerd-crds in ../shared', () => {
  test('accepted, with no unknown field', () => {
    const validators = crdValidators(newestLinkerdCrds());
    expect(crdProblems(validators, synth({ networks: ['10.0.0.0/8', 'fd00::/8'] }).manifests)).toEqual([]);
  });
});
