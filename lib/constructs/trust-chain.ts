import { Construct } from 'constructs';
import { Certificate, CertificateSpecUsages } from '../../imports/cert-manager.io';
import { Bundle } from '../../imports/trust.cert-manager.io';
import { IDENTITY_ISSUER_DURATION, IDENTITY_ISSUER_RENEW_BEFORE } from '../linkerd/identity';
import { checkPemCertificate } from '../config/pem';
import { ROTATED_ECDSA_KEY, SelfSignedCa } from './self-signed-ca';
import { dnsLabelProp, renewalProps } from './validate';

/** Props of a {@link TrustChain}. */
export interface TrustChainProps {
  /** Where cert-manager and trust-manager run; the trust anchor's Secret lives there. */
  readonly certManagerNamespace: string;
  /** Linkerd's control-plane namespace; the identity issuer's Secret lives there. */
  readonly linkerdNamespace: string;
  /** Lifetime of the trust anchor, a Go duration (e.g. `87600h`). */
  readonly trustAnchorDuration: string;
  /** How long before expiry cert-manager renews the anchor (with a new key); shorter than its duration. */
  readonly trustAnchorRenewBefore: string;
  /**
   * Public certificates (PEM, one CA certificate each, never a key) of earlier anchors that proxies must
   * keep trusting during a rotation.
   * @default - none
   */
  readonly previousTrustAnchors?: readonly string[];
}

/** Names shared with the Linkerd Helm chart and docs; the Helm chart reads these exact names. */
export const TRUST_ANCHOR = 'linkerd-trust-anchor';
export const IDENTITY_ISSUER = 'linkerd-identity-issuer';
export const TRUST_ROOTS_BUNDLE = 'linkerd-identity-trust-roots';

/**
 * Linkerd's identity, issued and rotated by cert-manager, distributed by trust-manager, with no
 * private key in Git (Linkerd doc "Automatically Rotating Control Plane TLS Credentials").
 *
 * A self-signed root issuer signs the trust anchor; a ClusterIssuer backed by the anchor signs the
 * identity issuer certificate, which rotates on its own every day. The Bundle publishes the anchor's
 * (and any previous anchors') public certificate as ConfigMap `linkerd-identity-trust-roots` in the
 * namespaces labelled `linkerd.io/is-control-plane: "true"`.
 */
export class TrustChain extends Construct {
  public constructor(scope: Construct, id: string, props: TrustChainProps) {
    super(scope, id);
    const what = `TrustChain ${id}`;
    dnsLabelProp(what, 'certManagerNamespace', props.certManagerNamespace);
    dnsLabelProp(what, 'linkerdNamespace', props.linkerdNamespace);
    renewalProps(
      what,
      'trustAnchorDuration',
      props.trustAnchorDuration,
      'trustAnchorRenewBefore',
      props.trustAnchorRenewBefore,
    );
    (props.previousTrustAnchors ?? []).forEach((pem, index) => {
      const problem = checkPemCertificate(pem);
      // The message, never the text: it may hold a private key.
      if (problem) throw new Error(`${what}: previousTrustAnchors[${index}] ${problem}`);
    });
    // The trust anchor: self-signed, renewed (with a new key) `renewBefore` ahead of its expiry.
    new SelfSignedCa(this, 'TrustAnchor', {
      namespace: props.certManagerNamespace,
      rootIssuerName: 'linkerd-trust-root-issuer',
      caName: TRUST_ANCHOR,
      commonName: 'root.linkerd.cluster.local',
      duration: props.trustAnchorDuration,
      renewBefore: props.trustAnchorRenewBefore,
      clusterIssuerName: IDENTITY_ISSUER,
    });

    new Certificate(this, 'IdentityIssuer', {
      metadata: { name: IDENTITY_ISSUER, namespace: props.linkerdNamespace },
      spec: {
        secretName: IDENTITY_ISSUER,
        issuerRef: { kind: 'ClusterIssuer', name: IDENTITY_ISSUER },
        isCa: true,
        commonName: 'identity.linkerd.cluster.local',
        dnsNames: ['identity.linkerd.cluster.local'],
        // Renewed a day before its 48h expiry: a new key every day, no person involved.
        duration: IDENTITY_ISSUER_DURATION,
        renewBefore: IDENTITY_ISSUER_RENEW_BEFORE,
        privateKey: ROTATED_ECDSA_KEY,
        usages: [
          CertificateSpecUsages.CERT_SIGN,
          CertificateSpecUsages.CRL_SIGN,
          CertificateSpecUsages.SERVER_AUTH,
          CertificateSpecUsages.CLIENT_AUTH,
        ],
      },
    });

    new Bundle(this, 'TrustRoots', {
      metadata: { name: TRUST_ROOTS_BUNDLE },
      spec: {
        sources: [
          { secret: { name: TRUST_ANCHOR, key: 'tls.crt' } },
          // Earlier anchors as inline PEM: public certificates only, never a copy of the Secret.
          ...(props.previousTrustAnchors ?? []).map((pem) => ({ inLine: `${pem.trim()}\n` })),
        ],
        target: {
          configMap: { key: 'ca-bundle.crt' },
          namespaceSelector: { matchLabels: { 'linkerd.io/is-control-plane': 'true' } },
        },
      },
    });
  }
}
