/**
 * The Namespaces of the mesh's own parts, with the metadata the Linkerd CLI would set (its Namespace
 * templates render only for the CLI; installed with Helm, the Helm charts create none) and their Pod Security level
 * (lib/linkerd/pod-security.ts, stricter with the CNI plugin).
 */
import { CNI_NAMESPACE, TRACING_NAMESPACE, LINKERD_NAMESPACE, VIZ_NAMESPACE } from './names';
import { type LinkerdNamespaceHelmChart, linkerdNamespaceLevel, podSecurityLabels } from './pod-security';

/** A namespace's name and metadata. */
export interface MeshNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Its annotations.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** What the metadata depends on. */
export interface MeshNamespaceOptions {
  /** Whether Linkerd's CNI plugin is installed (the namespaces' Pod Security levels depend on it). */
  readonly cniEnabled: boolean;
  /**
   * The external Prometheus linkerd-viz reads (`linkerd viz check` reads it from the namespace).
   * @default - viz's own Prometheus
   */
  readonly vizPrometheusUrl?: string;
}

/** The Namespace the Helm chart `helmChart` installs into, as the Linkerd CLI would create it. */
export function meshNamespace(helmChart: LinkerdNamespaceHelmChart, options: MeshNamespaceOptions): MeshNamespace {
  const podSecurity = podSecurityLabels(linkerdNamespaceLevel(helmChart, options.cniEnabled));
  switch (helmChart) {
    case 'linkerd2-cni':
      // What `linkerd install-cni` sets; the proxy injector skips it (admission-webhooks: disabled).
      return {
        name: CNI_NAMESPACE,
        labels: {
          'config.linkerd.io/admission-webhooks': 'disabled',
          'linkerd.io/cni-resource': 'true',
          ...podSecurity,
        },
      };
    case 'linkerd-control-plane':
      return {
        name: LINKERD_NAMESPACE,
        labels: {
          'config.linkerd.io/admission-webhooks': 'disabled',
          'linkerd.io/control-plane-ns': LINKERD_NAMESPACE,
          'linkerd.io/is-control-plane': 'true',
          ...podSecurity,
        },
        annotations: { 'linkerd.io/inject': 'disabled' },
      };
    case 'linkerd-viz':
      return {
        name: VIZ_NAMESPACE,
        labels: { 'linkerd.io/extension': 'viz', ...podSecurity },
        // What `linkerd viz install --set prometheusUrl=...` sets; `linkerd viz check` reads it.
        ...(options.vizPrometheusUrl && {
          annotations: { 'viz.linkerd.io/external-prometheus': options.vizPrometheusUrl },
        }),
      };
    case 'linkerd-jaeger':
      return { name: TRACING_NAMESPACE, labels: { 'linkerd.io/extension': 'jaeger', ...podSecurity } };
    case 'jaeger':
      // Jaeger v2 keeps linkerd-jaeger's namespace (one name for make targets, docs and the upgrade), but no
      // `linkerd.io/extension` label: `linkerd check` would look for an extension CLI that no longer exists.
      // Its pods are meshed: proxies send traces to it over mTLS, to its mesh identity.
      return { name: TRACING_NAMESPACE, labels: podSecurity, annotations: { 'linkerd.io/inject': 'enabled' } };
  }
}
