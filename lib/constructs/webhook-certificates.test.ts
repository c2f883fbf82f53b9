/**
 * WebhookCertificates on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults,
 * then its output, then the props it refuses. Which webhooks each chart has, and that every one gets its
 * Certificate, is tested from configs in test/webhook-certificates.test.ts.
 */
import { Testing } from 'cdk8s';
import {
  WEBHOOK_CA,
  WEBHOOK_ISSUER,
  WEBHOOK_ROOT_ISSUER,
  type WebhookCertificate,
  WebhookCertificates,
  type WebhookCertificatesProps,
} from './webhook-certificates';
import { crdProblems, EMITTED_CRD_FOLDERS } from '../../test/support/crd-problems';
import { loadCrdValidators } from '../../test/support/crd-schemas';
import { describeWithShared } from '../../test/support/shared';

const INJECTOR: WebhookCertificate = {
  name: 'linkerd-proxy-injector',
  namespace: 'linkerd',
  secretName: 'linkerd-proxy-injector-k8s-tls',
  dnsName: 'linkerd-proxy-injector.linkerd.svc',
};
const TAP: WebhookCertificate = {
  name: 'tap',
  namespace: 'linkerd-viz',
  secretName: 'tap-k8s-tls',
  dnsName: 'tap.linkerd-viz.svc',
};
const PROPS: WebhookCertificatesProps = { certManagerNamespace: 'cert-manager', certificates: [INJECTOR, TAP] };

function synth(props: Partial<WebhookCertificatesProps> = {}): any[] {
  const chart = Testing.chart();
  new WebhookCertificates(chart, 'Webhooks', { ...PROPS, ...props });
  return Testing.synth(chart);
}

const serving = (manifests: any[]) =>
  manifests.filter((manifest) => manifest.kind === 'Certificate' && manifest.spec.issuerRef.name === WEBHOOK_ISSUER);

describe('defaults', () => {
  test('each serving certificate lives 90 days and renews 30 days before expiry, with a new ECDSA key', () => {
    const certificates = serving(synth());
    expect(certificates).toHaveLength(2);
    for (const certificate of certificates) {
      expect(certificate.spec).toMatchObject({
        duration: '2160h0m0s',
        renewBefore: '720h0m0s',
        privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
      });
    }
  });

  test('the webhook CA lives 10 years, renews a year before, signed by its own self-signed issuer', () => {
    const manifests = synth({ certificates: [] });
    expect(
      manifests
        .map((manifest) => `${manifest.kind} ${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`)
        .sort(),
    ).toEqual([
      `Certificate cert-manager/${WEBHOOK_CA}`,
      `ClusterIssuer /${WEBHOOK_ISSUER}`,
      `Issuer cert-manager/${WEBHOOK_ROOT_ISSUER}`,
    ]);
    const ca = manifests.find((manifest) => manifest.kind === 'Certificate');
    expect(ca.spec).toEqual({
      secretName: WEBHOOK_CA,
      issuerRef: { kind: 'Issuer', name: WEBHOOK_ROOT_ISSUER },
      isCA: true,
      commonName: 'webhook.linkerd.cluster.local',
      duration: '87600h0m0s',
      renewBefore: '8760h0m0s',
      privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
    });
    expect(manifests.find((manifest) => manifest.kind === 'ClusterIssuer').spec).toEqual({
      ca: { secretName: WEBHOOK_CA },
    });
  });
});

describe('output', () => {
  test('one serving Certificate per webhook: in its namespace, for the Secret the chart mounts and the name the API server calls', () => {
    expect(serving(synth()).map((certificate) => [certificate.metadata, certificate.spec])).toEqual(
      [INJECTOR, TAP].map((webhook) => [
        { name: webhook.name, namespace: webhook.namespace },
        {
          secretName: webhook.secretName,
          issuerRef: { kind: 'ClusterIssuer', name: WEBHOOK_ISSUER },
          commonName: webhook.dnsName,
          dnsNames: [webhook.dnsName],
          isCA: false,
          duration: '2160h0m0s',
          renewBefore: '720h0m0s',
          privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
          usages: ['server auth'],
        },
      ]),
    );
  });

  test('the lifetimes as given', () => {
    for (const certificate of serving(synth({ duration: '720h', renewBefore: '240h' })))
      expect(certificate.spec).toMatchObject({ duration: '720h', renewBefore: '240h' });
  });

  test('the CA is not the identity trust chain: no name of it is shared', () => {
    const names = synth()
      .map((manifest) => manifest.metadata.name)
      .concat(synth().flatMap((manifest) => (manifest.spec.issuerRef ? [manifest.spec.issuerRef.name] : [])));
    expect(names.filter((name) => /trust|identity/.test(name))).toEqual([]);
  });
});

describe('validation: early, naming the field and the value', () => {
  test.each<[string, Partial<WebhookCertificatesProps>, string]>([
    [
      'renewBefore as long as the duration',
      { renewBefore: '2160h0m0s' },
      'WebhookCertificates Webhooks: renewBefore "2160h0m0s" must be shorter than duration "2160h0m0s"',
    ],
    ['a duration that is no duration', { duration: '90d' }, 'duration "90d" is not a duration'],
    [
      'a DNS name in another namespace',
      { certificates: [{ ...TAP, dnsName: 'tap.linkerd.svc' }] },
      'certificates[0].dnsName "tap.linkerd.svc" is not <service>.linkerd-viz.svc',
    ],
    [
      'a DNS name outside the cluster',
      { certificates: [{ ...TAP, dnsName: 'tap.example.com' }] },
      'certificates[0].dnsName "tap.example.com" is not <service>.linkerd-viz.svc',
    ],
    [
      'a Secret name that is no DNS label',
      { certificates: [{ ...TAP, secretName: 'tap_tls' }] },
      'certificates[0].secretName "tap_tls" is not a DNS-1123 label',
    ],
    [
      'the same certificate twice',
      { certificates: [INJECTOR, TAP, INJECTOR] },
      'certificates[2].name "linkerd-proxy-injector" is already a Certificate in namespace linkerd',
    ],
    [
      'a cert-manager namespace that is no DNS label',
      { certManagerNamespace: 'cert manager' },
      'certManagerNamespace "cert manager" is not a DNS-1123 label',
    ],
  ])('%s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describeWithShared('against the cert-manager CRDs in ../shared', () => {
  test('the CA and every serving certificate are accepted with no unknown field', () => {
    expect(crdProblems(loadCrdValidators(EMITTED_CRD_FOLDERS), synth())).toEqual([]);
  });
});
