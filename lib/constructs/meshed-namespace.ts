import type { Construct } from 'constructs';
import { Namespace } from './namespace';
import { type PodSecurityLevel, podSecurityLabels } from '../linkerd/pod-security';

/** Props of a {@link MeshedNamespace}. */
export interface MeshedNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * The proxy injector's mode: `enabled` meshes every pod, `ingress` is for ingress controllers.
   * @default 'enabled'
   */
  readonly inject?: 'enabled' | 'ingress';
  /**
   * What the namespace's meshed pods accept when no policy says otherwise, e.g. `all-authenticated`.
   * @default - the cluster's `proxy.defaultInboundPolicy`
   */
  readonly defaultInboundPolicy?: string;
  /**
   * The Pod Security Standard the namespace enforces (label `pod-security.kubernetes.io/enforce`). Anything
   * but `privileged` needs Linkerd's CNI plugin: without it every meshed pod runs linkerd-init, which adds
   * NET_ADMIN and NET_RAW.
   * @default - no label: the cluster's default level applies
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * The proxy injector's settings for the namespace's pods, as `config.linkerd.io/...` annotations (opaque and
   * skipped ports, resources, log level, native sidecar: features/core/namespace-proxy.ts).
   * @default - none: the cluster's proxy settings
   */
  readonly proxyAnnotations?: Readonly<Record<string, string>>;
}

/**
 * A namespace whose pods get a Linkerd proxy.
 *
 * The injector reads the ANNOTATION `linkerd.io/inject` (a label of that name does nothing); the only
 * label is Pod Security's, when a level is given. Flux never deletes it when it leaves the config (prune disabled: it holds a person's
 * workloads) and merges rather than replaces its metadata, so another owner of the namespace keeps
 * its own labels and annotations.
 */
export class MeshedNamespace extends Namespace {
  public constructor(scope: Construct, id: string, props: MeshedNamespaceProps) {
    super(scope, id, {
      name: props.name,
      prunable: false,
      ...(props.podSecurity && { labels: podSecurityLabels(props.podSecurity) }),
      annotations: {
        'kustomize.toolkit.fluxcd.io/ssa': 'merge',
        'linkerd.io/inject': props.inject ?? 'enabled',
        ...(props.defaultInboundPolicy && { 'config.linkerd.io/default-inbound-policy': props.defaultInboundPolicy }),
        ...props.proxyAnnotations,
      },
    });
  }
}
