/** Kubernetes' DNS-1123 label (namespaces, most object names): the one pattern every folder checks names with. */

/** Lowercase letters, digits and "-", starting and ending with a letter or digit (the length is checked apart). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What a DNS-1123 label is, for messages. */
export const DNS_LABEL_RULE =
  'a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** Whether `value` is a DNS-1123 label of at most `maxLength` characters (63, Kubernetes' limit, unless a tighter one applies). */
export function isDnsLabel(value: string, maxLength = 63): boolean {
  return DNS_LABEL.test(value) && value.length <= maxLength;
}
