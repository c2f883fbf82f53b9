/**
 * Identity's Helm values: the control plane takes its issuer from cert-manager and its trust roots from
 * trust-manager, and every webhook mounts the Secret of the certificate the identity layer issues.
 */
import type { LinkerdHelmChartName } from '../../lib/linkerd/catalog';
import { type HelmValues, type LinkerdValuePath, setPath } from '../../lib/linkerd/value-paths';
import { helmChartWebhooks } from '../../lib/linkerd/webhooks';
import type { ConfigBasis } from '../core/basis';

export function identityValues({ line }: ConfigBasis, helmChart: LinkerdHelmChartName): HelmValues {
  const values: HelmValues = {};
  // Webhook TLS from cert-manager (identity layer): the Helm chart mounts the Secret and generates no key;
  // cert-manager's CA injector fills the caBundle from the Certificate named here.
  for (const webhook of helmChartWebhooks(line.name, helmChart)) {
    setPath(values, `${webhook.valuesKey}.externalSecret` as LinkerdValuePath, true);
    setPath(
      values,
      `${webhook.valuesKey}.injectCaFrom` as LinkerdValuePath,
      `${webhook.namespace}/${webhook.certificate}`,
    );
  }
  if (helmChart === 'linkerd-control-plane') {
    // cert-manager writes the issuer Secret and trust-manager the trust-roots ConfigMap
    // (identity layer), so the Helm chart renders neither and needs no PEM values.
    setPath(values, 'identity.externalCA', true);
    setPath(values, 'identity.issuer.scheme', 'kubernetes.io/tls');
  }
  return values;
}
