/**
 * mTLS identity: the trust anchor cert-manager issues and rotates, and whether this project installs
 * cert-manager and trust-manager.
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';
import { duration, pemCertificate } from '../../lib/config/fields';

/** cert-manager and trust-manager, which issue and distribute the mesh's identity certificates. */
export const certManagerSchema = z
  .strictObject({
    /** false: the cluster already runs cert-manager and trust-manager (in `cert-manager`); install neither. */
    install: z.boolean().default(true),
  })
  .prefault({});

/** The trust anchor cert-manager issues and rotates (docs/identity.md "Identity and certificates"). */
export const identitySchema = z
  .strictObject({
    /** The trust anchor: the root every proxy trusts. */
    trustAnchor: z
      .strictObject({
        /** Lifetime of the trust anchor (root) certificate. */
        duration: duration.default('87600h'),
        /** cert-manager renews the anchor this long before it expires: a new key, see README. */
        renewBefore: duration.default('8760h'),
      })
      .prefault({}),
    /** Public certificates of earlier trust anchors that proxies must still trust while rotating. */
    previousTrustAnchors: z.array(pemCertificate).default([]),
  })
  .prefault({});
