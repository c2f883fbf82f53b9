import { Construct } from 'constructs';
import { Certificate, CertificateSpecUsages } from '../../imports/cert-manager.io';
import { ROTATED_ECDSA_KEY, SelfSignedCa } from './self-signed-ca';
import { dnsLabelProp, invalidProp, renewalProps } from './validate';
import { isDnsLabel } from '../common/dns-label';

/** One webhook's serving certificate. */
export interface WebhookCertificate {
  /** The Certificate's name (what the Helm chart's `injectCaFrom` names). */
  readonly name: string;
  /** Where the webhook runs: the Certificate and its Secret live there. */
  readonly namespace: string;
  /** The Secret the Helm chart mounts. */
  readonly secretName: string;
  /** The DNS name the API server calls, `<service>.<namespace>.svc` (in `namespace`). */
  readonly dnsName: string;
}

/** Props of {@link WebhookCertificates}. */
export interface WebhookCertificatesProps {
  /** Where cert-manager runs: the webhook CA's Secret lives there (a ClusterIssuer reads only that namespace). */
  readonly certManagerNamespace: string;
  /** The certificates to issue. */
  readonly certificates: readonly WebhookCertificate[];
  /**
   * How long a webhook certificate lives, a Go duration.
   * @default '2160h0m0s' (90 days)
   */
  readonly duration?: string;
  /**
   * How long before expiry cert-manager renews it (the webhooks reload their Secret by themselves);
   * shorter than `duration`.
   * @default '720h0m0s' (30 days)
   */
  readonly renewBefore?: string;
}

/** Names of the webhook CA's objects. */
export const WEBHOOK_ROOT_ISSUER = 'linkerd-webhook-root-issuer';
export const WEBHOOK_CA = 'linkerd-webhook-ca';
export const WEBHOOK_ISSUER = 'linkerd-webhook-issuer';

/**
 * TLS for Linkerd's admission webhooks and API services, issued by cert-manager from a CA of their own,
 * separate from the identity trust chain (Linkerd doc "Automatically Rotating Webhook TLS Credentials"):
 * a self-signed issuer signs the webhook CA (10 years, renewed a year before expiry), a ClusterIssuer
 * backed by it signs one serving Certificate per webhook. No private key is in Git or in a Helm release.
 *
 * The Helm charts are told `injectCaFrom: <namespace>/<certificate>`, so cert-manager's CA injector copies
 * the `ca.crt` of that certificate's own Secret into the webhook's caBundle: the bundle always matches
 * the CA that signed the serving certificate, across renewals of either.
 */
export class WebhookCertificates extends Construct {
  public constructor(scope: Construct, id: string, props: WebhookCertificatesProps) {
    super(scope, id);
    const what = `WebhookCertificates ${id}`;
    const duration = props.duration ?? '2160h0m0s';
    const renewBefore = props.renewBefore ?? '720h0m0s';
    dnsLabelProp(what, 'certManagerNamespace', props.certManagerNamespace);
    renewalProps(what, 'duration', duration, 'renewBefore', renewBefore);
    const seen = new Set<string>();
    props.certificates.forEach((certificate, index) => {
      const field = `certificates[${index}]`;
      dnsLabelProp(what, `${field}.namespace`, certificate.namespace);
      dnsLabelProp(what, `${field}.name`, certificate.name);
      dnsLabelProp(what, `${field}.secretName`, certificate.secretName);
      const suffix = `.${certificate.namespace}.svc`;
      if (!certificate.dnsName.endsWith(suffix) || !isDnsLabel(certificate.dnsName.slice(0, -suffix.length))) {
        invalidProp(
          what,
          `${field}.dnsName`,
          certificate.dnsName,
          `is not <service>.${certificate.namespace}.svc, the name the API server calls a Service in namespace ${certificate.namespace} by`,
        );
      }
      const key = `${certificate.namespace}/${certificate.name}`;
      if (seen.has(key))
        invalidProp(
          what,
          `${field}.name`,
          certificate.name,
          `is already a Certificate in namespace ${certificate.namespace}`,
        );
      seen.add(key);
    });
    new SelfSignedCa(this, 'Ca', {
      namespace: props.certManagerNamespace,
      rootIssuerName: WEBHOOK_ROOT_ISSUER,
      caName: WEBHOOK_CA,
      commonName: 'webhook.linkerd.cluster.local',
      duration: '87600h0m0s',
      renewBefore: '8760h0m0s',
      clusterIssuerName: WEBHOOK_ISSUER,
    });
    for (const certificate of props.certificates) {
      new Certificate(this, `${certificate.namespace}-${certificate.name}`, {
        metadata: { name: certificate.name, namespace: certificate.namespace },
        spec: {
          secretName: certificate.secretName,
          issuerRef: { kind: 'ClusterIssuer', name: WEBHOOK_ISSUER },
          commonName: certificate.dnsName,
          dnsNames: [certificate.dnsName],
          isCa: false,
          duration,
          renewBefore,
          privateKey: ROTATED_ECDSA_KEY,
          usages: [CertificateSpecUsages.SERVER_AUTH],
        },
      });
    }
  }
}
