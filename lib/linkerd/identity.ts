/**
 * The lifetimes of Linkerd's identity certificates that this project fixes (the trust anchor's come
 * from the config): the identity issuer, signed by the anchor, is renewed a day before its 48h expiry,
 * so it rotates (a new key) every day with no person involved.
 */
export const IDENTITY_ISSUER_DURATION = '48h0m0s';
/** How long before its expiry cert-manager renews the identity issuer. */
export const IDENTITY_ISSUER_RENEW_BEFORE = '25h0m0s';
