/**
 * SelfSignedCa on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its output (it has no
 * optional props), then the props it refuses, then the real cert-manager CRDs.
 */
import { Testing } from 'cdk8s';
import { crdProblems, EMITTED_CRD_FOLDERS } from '../../test/support/crd-problems';
import { loadCrdValidators } from '../../test/support/crd-schemas';
import { describeWithShared } from '../../test/support/shared';
import { ROTATED_ECDSA_KEY, SelfSignedCa, type SelfSignedCaProps } from './self-signed-ca';

const PROPS: SelfSignedCaProps = {
  namespace: 'cert-manager',
  rootIssuerName: 'webhook-root',
  caName: 'webhook-ca',
  commonName: 'webhook.linkerd.cluster.local',
  duration: '87600h',
  renewBefore: '8760h',
  clusterIssuerName: 'webhook-issuer',
};

function synth(props: Partial<SelfSignedCaProps> = {}): any[] {
  const chart = Testing.chart();
  new SelfSignedCa(chart, 'Ca', { ...PROPS, ...props });
  return Testing.synth(chart);
}

describe('output', () => {
  test('a self-signed Issuer, the CA Certificate it signs (its Secret of the same name), a ClusterIssuer reading it', () => {
    expect(synth()).toEqual([
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Issuer',
        metadata: { name: 'webhook-root', namespace: 'cert-manager' },
        spec: { selfSigned: {} },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: 'webhook-ca', namespace: 'cert-manager' },
        spec: {
          secretName: 'webhook-ca',
          issuerRef: { kind: 'Issuer', name: 'webhook-root' },
          isCA: true,
          commonName: 'webhook.linkerd.cluster.local',
          duration: '87600h',
          renewBefore: '8760h',
          privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
        },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: 'webhook-issuer' },
        spec: { ca: { secretName: 'webhook-ca' } },
      },
    ]);
  });

  test('ROTATED_ECDSA_KEY: ECDSA, a new key on every renewal', () => {
    expect(ROTATED_ECDSA_KEY).toEqual({ algorithm: 'ECDSA', rotationPolicy: 'Always' });
  });

  test('durations pass through as written (cert-manager reads Go durations)', () => {
    const ca = synth({ duration: '1h30m', renewBefore: '30m' }).find((manifest) => manifest.kind === 'Certificate');
    expect(ca.spec).toMatchObject({ duration: '1h30m', renewBefore: '30m' });
  });
});

describe('validation: early, naming the construct, the field and the value', () => {
  test.each<[string, Partial<SelfSignedCaProps>, string]>([
    [
      'a namespace that is no DNS label',
      { namespace: 'Cert-Manager' },
      'SelfSignedCa Ca: namespace "Cert-Manager" is not a DNS-1123 label',
    ],
    [
      'a root issuer name with a dot',
      { rootIssuerName: 'root.issuer' },
      'rootIssuerName "root.issuer" is not a DNS-1123 label',
    ],
    ['a CA name with a space', { caName: 'My CA' }, 'caName "My CA" is not a DNS-1123 label'],
    [
      'a ClusterIssuer name over 63 characters',
      { clusterIssuerName: 'i'.repeat(64) },
      `clusterIssuerName "${'i'.repeat(64)}" is not a DNS-1123 label`,
    ],
    ['an empty common name', { commonName: '' }, 'SelfSignedCa Ca: commonName "" is empty: a CA needs a subject'],
    ['a blank common name', { commonName: '  ' }, 'commonName "  " is empty'],
    ['a duration in days', { duration: '3650d' }, 'SelfSignedCa Ca: duration "3650d" is not a duration'],
    ['a renewBefore that is no duration', { renewBefore: '1y' }, 'renewBefore "1y" is not a duration'],
    [
      'renewBefore as long as the duration (renewed at once, forever)',
      { duration: '8760h', renewBefore: '8760h' },
      'SelfSignedCa Ca: renewBefore "8760h" must be shorter than duration "8760h"',
    ],
  ])('%s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('nothing is added to the chart when a prop is refused', () => {
    const chart = Testing.chart();
    expect(() => new SelfSignedCa(chart, 'Ca', { ...PROPS, renewBefore: '87600h' })).toThrow();
    expect(Testing.synth(chart)).toEqual([]);
  });
});

describeWithShared('against the cert-manager CRDs in ../shared', () => {
  test('every object is accepted, with no unknown field', () => {
    expect(crdProblems(loadCrdValidators(EMITTED_CRD_FOLDERS), synth())).toEqual([]);
  });
});
