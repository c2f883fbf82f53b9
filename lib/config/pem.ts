/** Checks for the PEM certificates a config may carry (previous trust anchors). */
import { X509Certificate } from 'node:crypto';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Why `text` is not one public CA certificate in PEM form, or undefined when it is.
 * A private key anywhere in the text is refused first: it must never reach Git.
 */
export function checkPemCertificate(text: string): string | undefined {
  if (/PRIVATE KEY/.test(text)) {
    return 'contains a private key; give only the certificate (the tls.crt of the old anchor), never tls.key';
  }
  const blocks = [...text.matchAll(BLOCK)];
  if (blocks.length !== 1 || blocks[0][1] !== 'CERTIFICATE') {
    return 'must be exactly one PEM block "-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----"';
  }
  if (text.replace(blocks[0][0], '').trim() !== '') {
    return 'must hold nothing but the PEM certificate block';
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(blocks[0][0]);
  } catch {
    return 'is not a readable X.509 certificate (the base64 between the PEM lines is damaged)';
  }
  if (!certificate.ca) {
    return `is not a CA certificate (subject "${certificate.subject}"); a trust anchor is a CA`;
  }
  return undefined;
}
