/**
 * Where the Kubernetes API keeps a caBundle that cert-manager's CA injector writes: each webhook of a
 * Mutating/ValidatingWebhookConfiguration, an APIService that calls a Service, a CRD's conversion webhook.
 * The render joins (test/render/joins/webhooks.ts) read it over what Helm renders; the light tests over
 * stand-in objects built from what the webhooks are.
 */

/** A caBundle field of an object: its JSON pointer, its value, and the Service it calls (when it calls one). */
export interface CaBundleField {
  readonly path: string;
  readonly caBundle: string | undefined;
  readonly service?: { name: string; namespace: string; port?: number };
}

/** The caBundle fields of `object` (none for a kind that has none). */
export function caBundleFields(object: { readonly kind: string; readonly [field: string]: any }): CaBundleField[] {
  switch (object.kind) {
    case 'MutatingWebhookConfiguration':
    case 'ValidatingWebhookConfiguration':
      return ((object.webhooks ?? []) as any[]).map((webhook, index) => ({
        path: `/webhooks/${index}/clientConfig/caBundle`,
        caBundle: webhook.clientConfig?.caBundle,
        service: webhook.clientConfig?.service,
      }));
    case 'APIService':
      return object.spec?.service
        ? [{ path: '/spec/caBundle', caBundle: object.spec.caBundle, service: object.spec.service }]
        : [];
    case 'CustomResourceDefinition': {
      const webhook = object.spec?.conversion?.webhook;
      return webhook
        ? [
            {
              path: '/spec/conversion/webhook/clientConfig/caBundle',
              caBundle: webhook.clientConfig?.caBundle,
              service: webhook.clientConfig?.service,
            },
          ]
        : [];
    }
    default:
      return [];
  }
}
