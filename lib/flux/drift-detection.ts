/**
 * What Flux's drift detection must leave alone on a HelmRelease's objects: fields others write.
 */
import type { HelmReleaseSpecDriftDetectionIgnore } from '../../imports/helm.toolkit.fluxcd.io';
import type { Webhook } from '../linkerd/webhooks';

/**
 * The caBundle cert-manager's CA injector fills in (from `injectCaFrom`) on each webhook configuration
 * of a release (each Linkerd one holds a single webhook) and on viz's tap APIService; the Helm chart renders
 * them empty. Only the kinds of `webhooks` (the release's own): a rule for an object the release does
 * not render would hide nothing but mislead (test/render checks the rules against the rendered objects).
 */
export function caBundleDriftIgnore(webhooks: readonly Webhook[]): HelmReleaseSpecDriftDetectionIgnore[] {
  const kinds = [...new Set(webhooks.map((webhook) => webhook.kind))].sort();
  return kinds.map((kind) => ({
    paths: [kind === 'APIService' ? '/spec/caBundle' : '/webhooks/0/clientConfig/caBundle'],
    target: { kind },
  }));
}
