/**
 * Validators of single config fields: names, quantities, URLs, hosts, durations, certificates, paths.
 * Each says what is allowed in its message; lib/config/schema.ts arranges them into the config's tree.
 */
import { z } from 'zod';
import { CPU_FORMAT, MEMORY_FORMAT, memorySuggestion, parseCpu, parseMemory } from './quantity';
import { parseDuration, DURATION_FORMAT } from './duration';
import { checkPemCertificate } from './pem';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_RULE = 'a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** A Kubernetes object name of the DNS-1123 label kind (namespaces, most names). */
export const dnsLabel = z.string().refine((name) => DNS_LABEL.test(name) && name.length <= 63, { message: `must be ${DNS_LABEL_RULE}` });

/** A Kubernetes object name of the DNS-1123 subdomain kind (service accounts, StorageClasses). */
export const dnsSubdomain = z.string().refine((name) => /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) && name.length <= 253, {
  message: 'must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
});

/** A CPU quantity. */
export const cpuQuantity = z.string().refine((value) => parseCpu(value) !== undefined, { message: `must be ${CPU_FORMAT}` });

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

function requestLimit(kind: 'cpu' | 'memory') {
  const parse = kind === 'cpu' ? parseCpu : parseMemory;
  const value = quantity(kind === 'cpu' ? cpuQuantity : memoryQuantity);
  return z.strictObject({ request: value.optional(), limit: value.optional() }).superRefine((pair, ctx) => {
    if (pair.limit && parse(pair.limit) === 0) {
      const effect = kind === 'cpu' ? 'the container could never run' : 'the container would be killed at start';
      ctx.addIssue({ code: 'custom', path: ['limit'], input: pair.limit, message: `is zero: ${effect}; give a limit of at least the request, or leave it out (the profile's limit applies)` });
      return;
    }
    if (pair.request && pair.limit && parse(pair.limit)! < parse(pair.request)!) {
      ctx.addIssue({ code: 'custom', path: ['limit'], input: pair.limit, message: `is below the request "${pair.request}"; a limit must be at least the request` });
    }
  });
}

/** Linkerd's resource shape for one component. */
export const resourcesSchema = z.strictObject({ cpu: requestLimit('cpu').optional(), memory: requestLimit('memory').optional() });

/** An http:// or https:// URL. */
export const httpUrl = z.string().refine(isHttpUrl, { message: 'must be an http:// or https:// URL, e.g. "http://prometheus.monitoring.svc:9090"' });

/** `host:port` without a scheme (gRPC endpoints). */
export const hostPort = z.string().refine((value) => /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:\d{1,5}$/.test(value), {
  message: 'must be host:port without a scheme, e.g. "tempo.monitoring:4317"',
});

/** A DNS host name. */
export const hostName = z.string().refine((value) => /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value) && value.length <= 253, {
  message: 'must be a DNS host name such as "linkerd.home.example"',
});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A Go duration as cert-manager and Flux read it. */
export const duration = z.string().refine((value) => parseDuration(value) !== undefined, { message: `must be ${DURATION_FORMAT}` });

/** One public CA certificate in PEM form. */
export const pemCertificate = z.string().superRefine((value, ctx) => {
  const problem = checkPemCertificate(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
});

/** A path inside the Git repository, relative to its root. */
export const gitPath = z
  .string()
  .refine((value) => !value.startsWith('/') && !value.split('/').includes('..'), {
    message: 'must be a path relative to the repository root, without ".." (e.g. "." or "infrastructure/linkerd")',
  });
