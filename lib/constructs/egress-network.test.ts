/**
 * EgressNetwork on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults (no networks:
 * everything outside the cluster networks), its output (networks with exceptions, Allow), what it refuses, then the
 * real CRD of the newest linkerd-crds in ../shared.
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { crdValidators } from '../../test/support/crd-schemas';
import { newestLinkerdCrds } from '../../test/support/linkerd-crds';
import { describeWithShared } from '../../test/support/shared';
import { EgressNetwork, type EgressNetworkProps } from './egress-network';

const PROPS: EgressNetworkProps = { name: 'egress', namespace: 'media', trafficPolicy: 'Deny' };

function synth(props: Partial<EgressNetworkProps> = {}) {
  const chart = Testing.chart();
  const network = new EgressNetwork(chart, 'Egress', { ...PROPS, ...props });
  return { network, manifests: Testing.synth(chart) as any[] };
}

describe('defaults', () => {
  test('a policy.linkerd.io/v1alpha1 EgressNetwork without networks (the CRD: outside the cluster networks), Deny as given', () => {
    const { network, manifests } = synth();
    expect(network.egressNetworkName).toBe('egress');
    expect(manifests).toEqual([
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'EgressNetwork',
        metadata: { name: 'egress', namespace: 'media' },
        spec: { trafficPolicy: 'Deny' },
      },
    ]);
  });
});

describe('output', () => {
  test('Allow, networks with and without exceptions, copied', () => {
    const except = ['203.0.113.128/25'];
    const { manifests } = synth({
      name: 'egress-allowed',
      trafficPolicy: 'Allow',
      networks: [{ cidr: '203.0.113.0/24', except }, { cidr: '2001:db8::/32' }],
    });
    except.push('later');
    expect(manifests[0].spec).toEqual({
      trafficPolicy: 'Allow',
      networks: [{ cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] }, { cidr: '2001:db8::/32' }],
    });
  });
});

describe('validation: early, naming the EgressNetwork', () => {
  test('networks given but empty (the CRD would read it as "none", not as the default)', () => {
    expect(() => synth({ networks: [] })).toThrow(
      'EgressNetwork media/egress: networks, when given, needs at least one',
    );
  });
});

describeWithShared('against the EgressNetwork CRD of the newest linkerd-crds in ../shared', () => {
  test("the default the JSDoc promises is the CRD's: networks is optional", () => {
    const crd = (newestLinkerdCrds() as any[]).find(
      (entry) => entry.spec.group === 'policy.linkerd.io' && entry.spec.names.kind === 'EgressNetwork',
    );
    const schema = crd.spec.versions.find((version: any) => version.name === 'v1alpha1').schema.openAPIV3Schema
      .properties.spec;
    expect(schema.required ?? []).not.toContain('networks');
    expect(schema.properties.trafficPolicy.enum ?? ['Allow', 'Deny']).toEqual(
      expect.arrayContaining(['Allow', 'Deny']),
    );
  });

  test('both policies, every option: accepted with no unknown field; a field the CRD lacks refused', () => {
    const validators = crdValidators(newestLinkerdCrds());
    const all = [
      ...synth().manifests,
      ...synth({
        name: 'egress-allowed',
        trafficPolicy: 'Allow',
        networks: [{ cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] }, { cidr: '2001:db8::/32' }],
      }).manifests,
    ];
    expect(crdProblems(validators, all)).toEqual([]);
    const [object] = synth().manifests;
    expect(crdProblems(validators, [{ ...object, spec: { ...object.spec, hosts: ['a.example'] } }])).not.toEqual([]);
  });
});
