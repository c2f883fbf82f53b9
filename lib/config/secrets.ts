/**
 * No secret reaches dist/ (which is committed to Git) through a field that is not meant to hold one.
 * Every string of a config is looked at, whatever its field, so a field added later is covered too:
 * - a private key (a PEM block `-----BEGIN ... PRIVATE KEY-----`, an OpenSSH key) anywhere;
 * - credentials in a URL's userinfo (`https://user:password@host`), in any string that is a URL;
 * - a token, key, password or signature in a URL's query string (`?access_token=...`, `?X-Amz-Signature=...`);
 * - a password, token or API key written as a field (`password: ...`, `token: ...`): credentials are given as a
 *   reference to a Secret the person creates (e.g. tracing.elasticsearch.credentials).
 * Messages name the field and what was found, never the secret itself.
 */

import { CREDENTIAL_PARAMETER } from '../common/message-text';

/** A problem with a field: where it is and what is wrong (the value is not repeated). */
export interface SecretProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Whether `text` holds a private key in any of the forms keys are pasted in. */
export function containsPrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PRIVATE KEY-----|-----BEGIN OPENSSH PRIVATE KEY/.test(text);
}

/** What a private key found in a field is told (the same for every field, the trust anchors included). */
export const PRIVATE_KEY_MESSAGE =
  'contains a private key; dist/ is committed to Git, so no private key may be written there: give only a public certificate (a tls.crt, never a tls.key)';

/** Why `value` (at some field) carries a secret, or undefined. */
export function secretProblem(value: string): string | undefined {
  if (containsPrivateKey(value)) return PRIVATE_KEY_MESSAGE;
  // host:port fields (gRPC endpoints) carry no scheme: `user:password@host:port` is credentials too.
  if (/^[^\s/@:]+:[^\s/@]+@[^\s/@]+$/.test(value.trim())) {
    return "holds credentials (user:password@); dist/ is committed to Git, so none may be written there: give the address without them and configure access on the server's side";
  }
  const url = urlIn(value);
  if (!url) {
    // A value without a scheme (a host:port field) may still carry a query string: `tempo:4317?token=...`.
    const query = value.includes('?') ? value.slice(value.indexOf('?') + 1).split('#')[0] : '';
    const names = [...new URLSearchParams(query).keys()].filter((name) => CREDENTIAL_PARAMETER.test(name));
    if (names.length > 0)
      return `holds a credential in a query string (${[...new Set(names)].map((name) => `${name}=`).join(', ')}); dist/ is committed to Git, so none may be written there: give the address without it and configure access on the server's side`;
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    return `holds credentials in its URL (${url.password !== '' ? 'a user and password' : 'a user name'} before @${url.host}); dist/ is committed to Git, so none may be written there: give the URL without them (${redacted(url)}) and configure access on the server's side`;
  }
  const credentials = [...url.searchParams.keys()].filter((name) => CREDENTIAL_PARAMETER.test(name));
  if (credentials.length > 0) {
    return `holds a credential in its query string (${[...new Set(credentials)].map((name) => `${name}=`).join(', ')}); dist/ is committed to Git, so none may be written there: give the URL without it (${redacted(url)})`;
  }
  return undefined;
}

/** Field names that hold a credential itself (a reference to one is `secretName`, `passwordKey`, ...). */
export const CREDENTIAL_FIELD = /^(password|passwd|pwd|token|bearer[-_]?token|access[-_]?token|api[-_]?key|secret)$/i;

/** What a credential written as a field is told (the value is never repeated). */
export const CREDENTIAL_FIELD_MESSAGE =
  'is a credential written in the config; dist/ is committed to Git, so none may be written there: create a Secret in the cluster and reference it (e.g. tracing.elasticsearch.credentials: {secretName, usernameKey, passwordKey}; docs/tracing.md)';

/** Every string of `input` that carries a secret, with its path. */
export function secretProblems(input: unknown, path: (string | number)[] = []): SecretProblem[] {
  if (typeof input === 'string') {
    const message = secretProblem(input);
    return message ? [{ path, message }] : [];
  }
  if (Array.isArray(input)) return input.flatMap((item, index) => secretProblems(item, [...path, index]));
  if (input !== null && typeof input === 'object') {
    return Object.entries(input).flatMap(([key, value]) => {
      if (CREDENTIAL_FIELD.test(key) && (typeof value === 'string' || typeof value === 'number') && value !== '')
        return [{ path: [...path, key], message: CREDENTIAL_FIELD_MESSAGE }];
      return [
        ...(secretProblem(key)
          ? [{ path: [...path, key], message: `is a field name that ${secretProblem(key)!}` }]
          : []),
        ...secretProblems(value, [...path, key]),
      ];
    });
  }
  return [];
}

/** `value` as a URL when it is one with a scheme and an authority (`scheme://...`). */
function urlIn(value: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) return undefined;
  try {
    return new URL(value.trim());
  } catch {
    return undefined;
  }
}

/** The URL without its userinfo and with every query value replaced by `...`. */
function redacted(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  const names = [...copy.searchParams.keys()];
  copy.search = '';
  const query = [...new Set(names)]
    .filter((name) => !CREDENTIAL_PARAMETER.test(name))
    .map((name) => `${name}=...`)
    .join('&');
  return `${copy.origin}${copy.pathname}${query ? `?${query}` : ''}`;
}
