/**
 * The one place every message to a person passes through before it is printed: the config loader's
 * problems (ConfigError), synth's warnings and notes, and every script's output (scripts/cli-args.ts
 * routes the console through {@link redactingConsole}).
 *
 * - {@link redactSecrets}: no credential is ever repeated: a URL's userinfo (`https://user:password@host`,
 *   `user:password@host:port`), the value of a query parameter named like a credential (`?token=...`,
 *   `&X-Amz-Signature=...`, with or without a scheme before it) and the body of a private key become `***`.
 * - {@link oneLine}: one problem is one line: a raw newline or other control character (from a config key,
 *   a file name) is written as an escape (`\n`, `\t`, `\u001b`).
 */

/**
 * Query parameter names that carry credentials: OAuth (`access_token`), API keys, passwords, and
 * pre-signed URLs (AWS `X-Amz-Signature`/`X-Amz-Credential`, Azure SAS `sig`, GCS `X-Goog-Signature`).
 */
export const CREDENTIAL_PARAMETER =
  /(^|[-_.])(token|access[-_]?token|id[-_]?token|auth|authorization|api[-_]?key|apikey|key|secret|password|passwd|pwd|sig|signature|credential|session)$|^x-(amz|goog)-(signature|credential|security-token)$/i;

/** What a redacted secret is shown as. */
export const REDACTED = '***';

/** `scheme://userinfo@`: everything between `//` and the `@` before the host. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>`]+@/gi;
/** `user:password@host` without a scheme (a gRPC endpoint, a `host:port` field). */
const BARE_USERINFO = /(^|[\s"'(<`=,[])[^\s/?#@:"'()<>`=,[\]]+:[^\s/?#@"'<>`]+@(?=[a-z0-9[])/gi;
/** One `name=value` of a query string (after `?`, `&` or `;`). */
const QUERY_PARAMETER = /([?&;])([^=&;\s#"'<>`]+)=([^&;\s#"'<>`]*)/g;
/** A private key's body, from its BEGIN line to its END line (or the end of the text). */
const PRIVATE_KEY_BODY = /(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** `text` with every credential it shows replaced by `***` (see the module's comment). */
export function redactSecrets(text: string): string {
  if (!/[@=]|PRIVATE KEY/.test(text)) return text;
  return text
    .replace(PRIVATE_KEY_BODY, (_match, begin: string, end: string) => `${begin}${REDACTED}${end}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(BARE_USERINFO, `$1${REDACTED}@`)
    .replace(QUERY_PARAMETER, (match, separator: string, name: string, value: string) =>
      value !== '' && CREDENTIAL_PARAMETER.test(safeDecode(name)) ? `${separator}${name}=${REDACTED}` : match,
    );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `text` on one line: newlines, tabs and other control characters written as escapes. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (character) => {
    switch (character) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/** A message as a person is shown it: one line, no secret. */
export function personMessage(text: string): string {
  return oneLine(redactSecrets(text));
}

let consoleRedacted = false;

/**
 * Routes `console.log`, `console.error`, `console.warn` and `console.info` through {@link redactSecrets}
 * (once per process): whatever a script prints, its own text or an error it passes on (a fetch error
 * that quotes the URL), shows no credential.
 */
export function redactingConsole(): void {
  if (consoleRedacted) return;
  consoleRedacted = true;
  for (const method of ['log', 'error', 'warn', 'info'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) =>
      original(...args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : redactErrorLike(arg))));
  }
}

function redactErrorLike(value: unknown): unknown {
  if (value instanceof Error) return redactSecrets(value.stack ?? `${value.name}: ${value.message}`);
  return value;
}
