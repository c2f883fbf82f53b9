/**
 * TrustChain on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults, then its
 * output (a chain whose every link names the next), then the props it refuses.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Testing } from 'cdk8s';
import { SelfSignedCa, type SelfSignedCaProps } from './self-signed-ca';
import { IDENTITY_ISSUER, TRUST_ANCHOR, TRUST_ROOTS_BUNDLE, TrustChain, type TrustChainProps } from './trust-chain';
import { crdProblems, EMITTED_CRD_FOLDERS } from '../../test/support/crd-problems';
import { loadCrdValidators } from '../../test/support/crd-schemas';
import { describeWithShared } from '../../test/support/shared';

const PROPS: TrustChainProps = {
  certManagerNamespace: 'cert-manager',
  linkerdNamespace: 'linkerd',
  trustAnchorDuration: '87600h',
  trustAnchorRenewBefore: '8760h',
};
const OLD_ANCHOR = readFileSync(resolve(__dirname, '../../test/fixtures/trust-anchor-old.pem'), 'utf8');

function synth(props: Partial<TrustChainProps> = {}): any[] {
  const chart = Testing.chart();
  new TrustChain(chart, 'TrustChain', { ...PROPS, ...props });
  return Testing.synth(chart);
}

const find = (manifests: any[], kind: string, name: string) =>
  manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);

describe('defaults', () => {
  const manifests = synth();

  test('five objects: root issuer, trust anchor, its ClusterIssuer, the identity issuer, the trust bundle', () => {
    expect(
      manifests
        .map(
          (manifest) =>
            `${manifest.apiVersion} ${manifest.kind} ${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`,
        )
        .sort(),
    ).toEqual([
      `cert-manager.io/v1 Certificate cert-manager/${TRUST_ANCHOR}`,
      `cert-manager.io/v1 Certificate linkerd/${IDENTITY_ISSUER}`,
      `cert-manager.io/v1 ClusterIssuer /${IDENTITY_ISSUER}`,
      'cert-manager.io/v1 Issuer cert-manager/linkerd-trust-root-issuer',
      `trust.cert-manager.io/v1alpha1 Bundle /${TRUST_ROOTS_BUNDLE}`,
    ]);
  });

  test("no previous anchors: the bundle carries the anchor Secret's public certificate only", () => {
    expect(find(manifests, 'Bundle', TRUST_ROOTS_BUNDLE).spec).toEqual({
      sources: [{ secret: { name: TRUST_ANCHOR, key: 'tls.crt' } }],
      target: {
        configMap: { key: 'ca-bundle.crt' },
        namespaceSelector: { matchLabels: { 'linkerd.io/is-control-plane': 'true' } },
      },
    });
  });

  test('the identity issuer lives 48h and renews 25h before expiry: a new ECDSA key every day', () => {
    expect(find(manifests, 'Certificate', IDENTITY_ISSUER).spec).toEqual({
      secretName: IDENTITY_ISSUER,
      issuerRef: { kind: 'ClusterIssuer', name: IDENTITY_ISSUER },
      isCA: true,
      commonName: 'identity.linkerd.cluster.local',
      dnsNames: ['identity.linkerd.cluster.local'],
      duration: '48h0m0s',
      renewBefore: '25h0m0s',
      privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
      usages: ['cert sign', 'crl sign', 'server auth', 'client auth'],
    });
  });
});

describe('output', () => {
  const manifests = synth();

  test('each link names the next: root issuer -> anchor -> ClusterIssuer -> identity issuer; the bundle reads the anchor', () => {
    const anchor = find(manifests, 'Certificate', TRUST_ANCHOR);
    const root = manifests.find((manifest) => manifest.kind === 'Issuer');
    expect(root.spec).toEqual({ selfSigned: {} });
    expect(anchor.spec).toMatchObject({
      isCA: true,
      issuerRef: { kind: 'Issuer', name: root.metadata.name },
      secretName: TRUST_ANCHOR,
      duration: '87600h',
      renewBefore: '8760h',
    });
    expect(anchor.spec.privateKey).toEqual({ algorithm: 'ECDSA', rotationPolicy: 'Always' });
    // A ClusterIssuer reads its Secret from cert-manager's namespace: the anchor's Secret must live there.
    expect(anchor.metadata.namespace).toBe(PROPS.certManagerNamespace);
    expect(find(manifests, 'ClusterIssuer', IDENTITY_ISSUER).spec).toEqual({
      ca: { secretName: anchor.spec.secretName },
    });
    expect(find(manifests, 'Certificate', IDENTITY_ISSUER).spec.issuerRef).toEqual({
      kind: 'ClusterIssuer',
      name: IDENTITY_ISSUER,
    });
    expect(find(manifests, 'Bundle', TRUST_ROOTS_BUNDLE).spec.sources[0]).toEqual({
      secret: { name: anchor.spec.secretName, key: 'tls.crt' },
    });
  });

  test("the namespaces and the anchor lifetime are the props'", () => {
    const other = synth({
      certManagerNamespace: 'certs',
      linkerdNamespace: 'mesh',
      trustAnchorDuration: '43800h',
      trustAnchorRenewBefore: '2160h',
    });
    expect(find(other, 'Certificate', TRUST_ANCHOR)).toMatchObject({
      metadata: { namespace: 'certs' },
      spec: { duration: '43800h', renewBefore: '2160h' },
    });
    expect(find(other, 'Certificate', IDENTITY_ISSUER).metadata.namespace).toBe('mesh');
  });

  test('previous anchors go inline, one trailing newline each: public certificates, no copy of a Secret', () => {
    const sources = find(synth({ previousTrustAnchors: [`\n${OLD_ANCHOR.trim()}\n\n`] }), 'Bundle', TRUST_ROOTS_BUNDLE)
      .spec.sources;
    expect(sources).toEqual([{ secret: { name: TRUST_ANCHOR, key: 'tls.crt' } }, { inLine: `${OLD_ANCHOR.trim()}\n` }]);
  });

  test('nothing emitted holds a Secret or a private key', () => {
    const text = JSON.stringify(synth({ previousTrustAnchors: [OLD_ANCHOR] }));
    expect(text).not.toMatch(/PRIVATE KEY|"kind":"Secret"|tls\.key/);
  });
});

describe('validation: early, naming the field and the value', () => {
  test.each<[string, Partial<TrustChainProps>, string]>([
    [
      'a namespace that is no DNS label',
      { linkerdNamespace: 'Linkerd' },
      'TrustChain TrustChain: linkerdNamespace "Linkerd" is not a DNS-1123 label',
    ],
    ['a duration that is no duration', { trustAnchorDuration: '10y' }, 'trustAnchorDuration "10y" is not a duration'],
    [
      'renewBefore as long as the duration (renewed at once, forever)',
      { trustAnchorRenewBefore: '87600h' },
      'trustAnchorRenewBefore "87600h" must be shorter than trustAnchorDuration "87600h"',
    ],
    [
      'a previous anchor that is no certificate',
      { previousTrustAnchors: ['hello'] },
      'previousTrustAnchors[0] must be exactly one PEM block',
    ],
  ])('%s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('a private key among the previous anchors is refused without repeating it', () => {
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBsecretsecretsecret\n-----END EC PRIVATE KEY-----\n';
    let message = '';
    try {
      synth({ previousTrustAnchors: [OLD_ANCHOR, `${OLD_ANCHOR}${key}`] });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('TrustChain TrustChain: previousTrustAnchors[1] contains a private key');
    expect(message).not.toContain('secretsecret');
  });
});

describe('SelfSignedCa, the building block of the trust anchor (and of the webhook CA)', () => {
  const CA: SelfSignedCaProps = {
    namespace: 'cert-manager',
    rootIssuerName: 'root',
    caName: 'ca',
    commonName: 'ca.example',
    duration: '87600h',
    renewBefore: '8760h',
    clusterIssuerName: 'issuer',
  };
  const ca = (props: Partial<SelfSignedCaProps>) => new SelfSignedCa(Testing.chart(), 'Ca', { ...CA, ...props });

  test('the issuer chain: self-signed Issuer -> CA Certificate (its Secret) -> ClusterIssuer', () => {
    const chart = Testing.chart();
    new SelfSignedCa(chart, 'Ca', CA);
    expect(
      Testing.synth(chart).map((manifest: any) => [
        manifest.kind,
        manifest.metadata.name,
        manifest.spec.issuerRef ?? manifest.spec.ca ?? manifest.spec.selfSigned,
      ]),
    ).toEqual([
      ['Issuer', 'root', {}],
      ['Certificate', 'ca', { kind: 'Issuer', name: 'root' }],
      ['ClusterIssuer', 'issuer', { secretName: 'ca' }],
    ]);
  });

  test.each<[string, Partial<SelfSignedCaProps>, string]>([
    [
      'a Secret name that is no DNS label',
      { caName: 'My CA' },
      'SelfSignedCa Ca: caName "My CA" is not a DNS-1123 label',
    ],
    ['no common name', { commonName: '' }, 'commonName "" is empty'],
    [
      'renewBefore longer than the duration',
      { duration: '1h', renewBefore: '2h' },
      'renewBefore "2h" must be shorter than duration "1h"',
    ],
  ])('refuses %s', (_case, props, message) => {
    expect(() => ca(props)).toThrow(message);
  });
});

describeWithShared('against the cert-manager and trust-manager CRDs in ../shared', () => {
  test('every object, with and without previous anchors, is accepted with no unknown field', () => {
    const validators = loadCrdValidators(EMITTED_CRD_FOLDERS);
    expect(crdProblems(validators, [...synth(), ...synth({ previousTrustAnchors: [OLD_ANCHOR] })])).toEqual([]);
  });
});
