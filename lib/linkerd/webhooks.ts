/**
 * The admission webhooks and API services of the Linkerd charts. Each serves TLS with a certificate
 * the Helm chart would generate at render time (365 days, its key in the Helm release, a new one on every
 * upgrade); with `<key>.externalSecret: true` the Helm chart mounts a Secret we have cert-manager issue
 * instead, and `<key>.injectCaFrom` lets cert-manager's CA injector fill the caBundle.
 *
 * Which webhooks a Helm chart has is read from its generated value keys (every key with an `externalSecret`
 * child), so a release line that adds one fails {@link helmChartWebhooks} until it is listed here.
 */
import { valueKeyTree } from './values-keys';
import type { LinkerdHelmChartName } from './helm-charts';
import { TRACING_NAMESPACE, LINKERD_NAMESPACE, VIZ_NAMESPACE } from './names';

/** One webhook (or API service) of a Helm chart, with the names its templates and Linkerd's docs use. */
export interface Webhook {
  readonly helmChart: LinkerdHelmChartName;
  /** Its key in the Helm chart's values, e.g. `proxyInjector`. */
  readonly valuesKey: string;
  /** The namespace it runs in. */
  readonly namespace: string;
  /** The cert-manager Certificate's name (`injectCaFrom: <namespace>/<certificate>`). */
  readonly certificate: string;
  /** The Secret the Helm chart mounts with `externalSecret: true`. */
  readonly secretName: string;
  /** The Service the API server calls: the certificate's DNS name is `<service>.<namespace>.svc`. */
  readonly service: string;
  /** The kind of object that holds its caBundle (one webhook per configuration; join 3 of test/render checks it). */
  readonly kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration' | 'APIService';
}

/**
 * Names from Linkerd's "Automatically Rotating Webhook TLS Credentials" (the same in 2.14 and edge);
 * the Secret names are those the Helm charts' templates mount.
 */
const WEBHOOKS: readonly Webhook[] = [
  {
    helmChart: 'linkerd-control-plane',
    valuesKey: 'proxyInjector',
    namespace: LINKERD_NAMESPACE,
    certificate: 'linkerd-proxy-injector',
    secretName: 'linkerd-proxy-injector-k8s-tls',
    service: 'linkerd-proxy-injector',
    kind: 'MutatingWebhookConfiguration',
  },
  {
    helmChart: 'linkerd-control-plane',
    valuesKey: 'profileValidator',
    namespace: LINKERD_NAMESPACE,
    certificate: 'linkerd-sp-validator',
    secretName: 'linkerd-sp-validator-k8s-tls',
    service: 'linkerd-sp-validator',
    kind: 'ValidatingWebhookConfiguration',
  },
  {
    helmChart: 'linkerd-control-plane',
    valuesKey: 'policyValidator',
    namespace: LINKERD_NAMESPACE,
    certificate: 'linkerd-policy-validator',
    secretName: 'linkerd-policy-validator-k8s-tls',
    service: 'linkerd-policy-validator',
    kind: 'ValidatingWebhookConfiguration',
  },
  {
    helmChart: 'linkerd-viz',
    valuesKey: 'tap',
    namespace: VIZ_NAMESPACE,
    certificate: 'tap',
    secretName: 'tap-k8s-tls',
    service: 'tap',
    kind: 'APIService',
  },
  {
    helmChart: 'linkerd-viz',
    valuesKey: 'tapInjector',
    namespace: VIZ_NAMESPACE,
    certificate: 'linkerd-tap-injector',
    secretName: 'tap-injector-k8s-tls',
    service: 'tap-injector',
    kind: 'MutatingWebhookConfiguration',
  },
  {
    helmChart: 'linkerd-jaeger',
    valuesKey: 'webhook',
    namespace: TRACING_NAMESPACE,
    certificate: 'jaeger-injector',
    secretName: 'jaeger-injector-k8s-tls',
    service: 'jaeger-injector',
    kind: 'MutatingWebhookConfiguration',
  },
];

/** The top-level value keys of `helmChart` in `line` that take an `externalSecret`: its webhooks. */
export function webhookValueKeys(line: string, helmChart: LinkerdHelmChartName): string[] {
  return webhookKeysIn(valueKeyTree(line, helmChart));
}

/**
 * The top-level keys of a Helm chart's values (a key tree or the parsed values.yaml) whose value is a mapping
 * with an `externalSecret` key: the Helm chart's webhooks. One rule for the generated key trees and for
 * release-line:add, which reads a new line's values before any tree exists.
 */
export function webhookKeysIn(values: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(values).filter((key) => {
    const node = values[key];
    return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, 'externalSecret');
  });
}

/**
 * The webhooks of `helmChart` in `line` (`keys`: its webhook value keys, read from the generated key tree);
 * throws for a webhook this list does not know yet.
 */
export function helmChartWebhooks(
  line: string,
  helmChart: LinkerdHelmChartName,
  keys: readonly string[] = webhookValueKeys(line, helmChart),
): Webhook[] {
  return keys.map((key) => {
    const webhook = WEBHOOKS.find((candidate) => candidate.helmChart === helmChart && candidate.valuesKey === key);
    if (!webhook) {
      throw new Error(
        `${helmChart} in ${line} has a webhook "${key}" (${key}.externalSecret) that lib/linkerd/webhooks.ts does not list: add its Certificate, Secret and Service names`,
      );
    }
    return webhook;
  });
}
