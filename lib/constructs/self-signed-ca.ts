import { Construct } from 'constructs';
import {
  Certificate,
  CertificateSpecPrivateKeyAlgorithm,
  CertificateSpecPrivateKeyRotationPolicy,
  ClusterIssuer,
  Issuer,
} from '../../imports/cert-manager.io';
import { dnsLabelProp, invalidProp, renewalProps } from './validate';

/** Props of a {@link SelfSignedCa}. */
export interface SelfSignedCaProps {
  /** Where cert-manager runs: the CA's Secret must live there for a ClusterIssuer to read it. */
  readonly namespace: string;
  /** The self-signed Issuer that signs the CA. */
  readonly rootIssuerName: string;
  /** The CA's Certificate and Secret. */
  readonly caName: string;
  /** The CA certificate's subject common name (e.g. `root.linkerd.cluster.local`). */
  readonly commonName: string;
  /** The CA's lifetime, a Go duration. */
  readonly duration: string;
  /** How long before expiry cert-manager renews it (with a new key); shorter than `duration`. */
  readonly renewBefore: string;
  /** The ClusterIssuer that signs with the CA. */
  readonly clusterIssuerName: string;
}

/** ECDSA keys, a new one on every renewal: what every certificate of the mesh uses. */
export const ROTATED_ECDSA_KEY = {
  algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA,
  rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
};

/**
 * A CA that cert-manager makes and renews by itself: a self-signed Issuer signs the CA Certificate, and a
 * ClusterIssuer signs with it. The identity trust anchor and the webhook CA are each one.
 */
export class SelfSignedCa extends Construct {
  public constructor(scope: Construct, id: string, props: SelfSignedCaProps) {
    super(scope, id);
    const what = `SelfSignedCa ${id}`;
    dnsLabelProp(what, 'namespace', props.namespace);
    for (const field of ['rootIssuerName', 'caName', 'clusterIssuerName'] as const)
      dnsLabelProp(what, field, props[field]);
    if (props.commonName.trim() === '')
      invalidProp(what, 'commonName', props.commonName, 'is empty: a CA needs a subject');
    renewalProps(what, 'duration', props.duration, 'renewBefore', props.renewBefore);
    new Issuer(this, 'RootIssuer', {
      metadata: { name: props.rootIssuerName, namespace: props.namespace },
      spec: { selfSigned: {} },
    });
    new Certificate(this, 'Ca', {
      metadata: { name: props.caName, namespace: props.namespace },
      spec: {
        secretName: props.caName,
        issuerRef: { kind: 'Issuer', name: props.rootIssuerName },
        isCa: true,
        commonName: props.commonName,
        duration: props.duration,
        renewBefore: props.renewBefore,
        privateKey: ROTATED_ECDSA_KEY,
      },
    });
    new ClusterIssuer(this, 'ClusterIssuer', {
      metadata: { name: props.clusterIssuerName },
      spec: { ca: { secretName: props.caName } },
    });
  }
}
