/**
 * Kubernetes label maps as the API server accepts them, for the labels a config passes through to
 * objects (PodMonitor labels, alert rule labels): a bad one is refused here, not by Helm in the cluster.
 */
import { z } from 'zod';

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a label key, or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `has the prefix "${prefix}", which must be a DNS subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return 'needs a name of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (with an optional "prefix/")';
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined when it is one. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '' || (value.length <= 63 && NAME.test(value))) return undefined;
  return 'must be a label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
}

/**
 * A map of Kubernetes labels; each bad key or value is reported at its own path. YAML numbers and
 * booleans (`tier: 1`, `enabled: true`) are taken as the strings a label value must be.
 */
const labelValue = z.preprocess(
  (value) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value),
  z.string(),
);

export const labelsSchema = z.record(z.string(), labelValue).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem)
      ctx.addIssue({ code: 'custom', path: [key], input: key, message: `is not a label key: it ${keyProblem}` });
    const valueProblem = labelValueProblem(value);
    if (valueProblem) ctx.addIssue({ code: 'custom', path: [key], input: value, message: valueProblem });
  }
});
