/** Checks for the PEM certificates a config may carry (previous trust anchors). */
import { X509Certificate } from 'node:crypto';
import { containsPrivateKey, PRIVATE_KEY_MESSAGE } from './secrets';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Why `text` is not one public CA certificate in PEM form, or undefined when it is.
 * A private key anywhere in the text is refused first: it must never reach Git.
 */
export function checkPemCertificate(text: string): string | undefined {
  if (containsPrivateKey(text)) return PRIVATE_KEY_MESSAGE;
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
  const validFrom = new Date(certificate.validFrom);
  if (validFrom.getTime() > Date.now()) {
    return `is not valid before ${validFrom.toISOString()} (subject "${certificate.subject}"): proxies would refuse it until then; is it the right certificate, and is the clock of the machine that made it right?`;
  }
  return undefined;
}

/** When a PEM certificate expires, or undefined when `text` is not one. */
export function certificateExpiry(text: string): Date | undefined {
  try {
    return new Date(new X509Certificate(text.trim()).validTo);
  } catch {
    return undefined;
  }
}
