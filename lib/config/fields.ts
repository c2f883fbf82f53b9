/**
 * Validators of single config fields: names, quantities, URLs, hosts, durations, certificates, paths.
 * Each says what is allowed in its message; features/cluster-config.ts arranges them into the config's tree.
 */
import { z } from 'zod';
import { DNS_LABEL_RULE, isDnsLabel } from '../common/dns-label';
import { CPU_FORMAT, formatMemory, MEMORY_FORMAT, memorySuggestion, parseCpu, parseMemory } from './quantity';
import { parseDuration, DURATION_FORMAT, MAX_DURATION, MAX_DURATION_SECONDS } from './duration';
import { checkPemCertificate } from './pem';

/** A Kubernetes object name of the DNS-1123 label kind (namespaces, most names). */
export const dnsLabel = z.string().refine((name) => isDnsLabel(name), { message: `must be ${DNS_LABEL_RULE}` });

/** A Kubernetes object name of the DNS-1123 subdomain kind (service accounts, StorageClasses). */
export const dnsSubdomain = z.string().refine((name) => isHost(name), {
  message:
    'must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
});

/** A CPU quantity. */
export const cpuQuantity = z
  .string()
  .refine((value) => parseCpu(value) !== undefined, { message: `must be ${CPU_FORMAT}` });

/** A memory (or storage) quantity; a wrongly cased suffix gets a suggestion. */
export const memoryQuantity = z.string().refine((value) => parseMemory(value) !== undefined, {
  error: (issue) => {
    const hint = typeof issue.input === 'string' ? memorySuggestion(issue.input) : undefined;
    return `must be ${MEMORY_FORMAT}${hint ? ` (did you mean "${hint}"?)` : ''}`;
  },
});

/** Quantities may be written as YAML numbers (`cpu: {request: 1}`); they are kept as strings. */
export function quantity(inner: z.ZodType<string>) {
  return z.preprocess((value) => (typeof value === 'number' ? String(value) : value), inner);
}

/**
 * The least memory limit a container may get: 6 MiB, dockerd's floor ("to account for overhead during
 * startup", linuxMinMemory in moby's daemon/daemon_unix.go); with less, a container is OOM-killed as it starts.
 */
export const MIN_MEMORY_LIMIT = 6 * 2 ** 20;

/**
 * A volume's size: a memory-style quantity above zero (Kubernetes validates a claim's storage request
 * "must be greater than zero", ValidatePersistentVolumeClaimSpec in pkg/apis/core/validation).
 */
export const volumeSize = quantity(memoryQuantity).superRefine((value, ctx) => {
  if (parseMemory(value) === 0)
    ctx.addIssue({
      code: 'custom',
      input: value,
      message:
        'is zero; the API server refuses a volume claim of zero bytes ("must be greater than zero"): give a size such as "10Gi"',
    });
});

function requestLimit(kind: 'cpu' | 'memory') {
  const parse = kind === 'cpu' ? parseCpu : parseMemory;
  const value = quantity(kind === 'cpu' ? cpuQuantity : memoryQuantity);
  return z.strictObject({ request: value.optional(), limit: value.optional() }).superRefine((pair, ctx) => {
    if (pair.limit && parse(pair.limit) === 0) {
      const effect = kind === 'cpu' ? 'the container could never run' : 'the container would be killed at start';
      ctx.addIssue({
        code: 'custom',
        path: ['limit'],
        input: pair.limit,
        message: `is zero: ${effect}; give a limit of at least the request, or leave it out (the profile's limit applies)`,
      });
      return;
    }
    if (kind === 'memory' && pair.limit && parse(pair.limit)! < MIN_MEMORY_LIMIT) {
      ctx.addIssue({
        code: 'custom',
        path: ['limit'],
        input: pair.limit,
        message: `is below ${formatMemory(MIN_MEMORY_LIMIT)}: no container starts with less (dockerd refuses such a limit outright, moby's linuxMinMemory), and the Linkerd proxy alone needs more; give at least ${formatMemory(MIN_MEMORY_LIMIT)}, or leave it out (the profile's limit applies)`,
      });
      return;
    }
    if (pair.request && pair.limit && parse(pair.limit)! < parse(pair.request)!) {
      ctx.addIssue({
        code: 'custom',
        path: ['limit'],
        input: pair.limit,
        message: `is below the request "${pair.request}"; a limit must be at least the request`,
      });
    }
  });
}

/** Linkerd's resource shape for one component. */
export const resourcesSchema = z.strictObject({
  /** CPU: `{request, limit}`, e.g. `{request: 100m, limit: "1"}`. */
  cpu: requestLimit('cpu').optional(),
  /** Memory: `{request, limit}`, e.g. `{request: 64Mi, limit: 256Mi}`. */
  memory: requestLimit('memory').optional(),
});

/** Space, tab, newline and the other control characters: never part of a URL, a host or a path. */
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;

/**
 * Whether `host` is a DNS name as Kubernetes Services and ingress hosts are (RFC 1123: labels of 1 to 63
 * lowercase letters, digits and "-", not starting or ending with "-"; at most 253 characters; apimachinery's
 * IsDNS1123Subdomain) or an IPv4 address.
 */
export function isHost(host: string): boolean {
  if (isIpv4(host)) return true;
  if (host.length === 0 || host.length > 253) return false;
  return host.split('.').every((label) => isDnsLabel(label));
}

/** An IPv6 address (RFC 4291 text forms: `::1`, `fd00::10`, `::ffff:10.0.0.1`), without brackets. */
export function isIpv6(host: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(host) || host.length > 45) return false;
  const halves = host.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const parts = [...groups(halves[0]), ...(halves.length === 2 ? groups(halves[1]) : [])];
  // An IPv4 tail counts as two groups.
  const last = parts[parts.length - 1] ?? '';
  const v4 = last.includes('.');
  if (v4 && !isIpv4(last)) return false;
  const hex = v4 ? parts.slice(0, -1) : parts;
  if (!hex.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
  const count = hex.length + (v4 ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

function isIpv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

/** A TCP port as Kubernetes and every client take it: 1 to 65535 (apimachinery IsValidPortNum). */
export function isPort(port: string): boolean {
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

/**
 * Why `value` is not an http(s) URL a Kubernetes client can use, or undefined. The WHATWG parser (Node's URL)
 * silently drops tabs and newlines and percent-encodes spaces, so those are refused before parsing; the
 * host must be a DNS name or an IP address and the port 1 to 65535.
 */
export function httpUrlProblem(value: string): string | undefined {
  const example = 'e.g. "http://prometheus.monitoring.svc:9090"';
  if (WHITESPACE_OR_CONTROL.test(value))
    return `contains whitespace or a control character (a newline, a tab); a URL has none: ${example}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an http:// or https:// URL, ${example}`;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    return `must be an http:// or https:// URL, ${example}`;
  const host = url.hostname.startsWith('[') ? undefined : url.hostname;
  if (host !== undefined && !isHost(host)) {
    return `has the host "${host}", which is not a DNS name (labels of lowercase letters, digits and "-", at most 63 characters each) or an IP address; ${example}`;
  }
  if (/^[a-z]+:\/\/[^/]*:0+(\/|$)/i.test(value)) return `has port 0; a port is 1 to 65535, ${example}`;
  return undefined;
}

/** An http:// or https:// URL. */
export const httpUrl = z.string().superRefine((value, ctx) => {
  const problem = httpUrlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});

/**
 * Whether `value` is `host:port` without a scheme: a DNS name, an IPv4 address or a bracketed IPv6 literal
 * (`[fd00::10]:4317`, as in a URL: RFC 3986's IP-literal) and a port of 1 to 65535.
 */
export function isHostPort(value: string): boolean {
  const colon = value.lastIndexOf(':');
  if (colon <= 0 || !isPort(value.slice(colon + 1))) return false;
  const host = value.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) return isIpv6(host.slice(1, -1));
  return isHost(host);
}

/** `host:port` without a scheme (gRPC endpoints), see {@link isHostPort}. */
export const hostPort = z.string().refine(isHostPort, {
  message:
    'must be host:port without a scheme: a DNS name, an IPv4 address or a bracketed IPv6 address ("[fd00::10]:4317") and a port of 1 to 65535, e.g. "tempo.monitoring:4317"',
});

/** A DNS host name. */
export const hostName = z.string().refine((value) => isHost(value) && !isIpv4(value), {
  message:
    'must be a DNS host name such as "linkerd.home.example": labels of lowercase letters, digits and "-" (at most 63 characters each), separated by "."',
});

/**
 * The base of the alerts' runbook links (`<runbookUrl>#<section>`), a URL or a path. It lands in a
 * Prometheus alerting rule annotation, which Prometheus expands as a Go text/template (Prometheus docs,
 * "Alerting rules: Templating"): a "{{" or "}}" would be read as template code and `promtool check rules`
 * refuses the rule; whitespace or a "#" would break the link.
 */
export const runbookUrl = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const problem = /\{\{|\}\}/.test(value)
      ? 'contains "{{" or "}}", which Prometheus reads as template code in an alert annotation (promtool check rules refuses the rule)'
      : WHITESPACE_OR_CONTROL.test(value)
        ? 'contains whitespace or a control character (a newline, a tab); a link has none (write a space as %20)'
        : value.includes('#')
          ? 'contains "#"; each alert adds its own "#<section>", so give the page without one'
          : /^[a-z][a-z0-9+.-]*:/i.test(value)
            ? httpUrlProblem(value)
            : undefined;
    if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
  });

/** A Go duration as cert-manager and Flux read it (at most Go's largest, see ./duration.ts). */
export const duration = z.string().superRefine((value, ctx) => {
  if (parseDuration(value) === undefined)
    ctx.addIssue({ code: 'custom', input: value, message: `must be ${DURATION_FORMAT}` });
  else if (parseDuration(value)! > MAX_DURATION_SECONDS)
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: `is longer than ${MAX_DURATION}, the longest duration Go (and so cert-manager, Flux and Prometheus) can hold`,
    });
});

/** One public CA certificate in PEM form. */
export const pemCertificate = z.string().superRefine((value, ctx) => {
  const problem = checkPemCertificate(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
});

/** A path inside the Git repository, relative to its root. */
export const gitPath = z.string().superRefine((value, ctx) => {
  const problem =
    value === '' || value.startsWith('/') || value.split('/').includes('..')
      ? 'must be a path relative to the repository root, without ".." (e.g. "." or "infrastructure/linkerd")'
      : WHITESPACE_OR_CONTROL.test(value) || value.includes('\\')
        ? 'contains whitespace (a space, a newline, a tab), a control character or a backslash; a path Flux reads here has none (e.g. "infrastructure/linkerd"): rename the folder without spaces'
        : undefined;
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});
