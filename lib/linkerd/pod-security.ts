/**
 * Pod Security Admission levels (the `pod-security.kubernetes.io/enforce` namespace label) for the
 * namespaces this project declares: Linkerd's own, and the meshed ones.
 *
 * Without Linkerd's CNI plugin every meshed pod runs the `linkerd-init` container, which adds NET_ADMIN and
 * NET_RAW: only `privileged` admits it (`baseline` forbids added capabilities beyond its default set). With the
 * plugin, meshed pods get `linkerd-network-validator` instead, which drops every capability and runs as
 * non-root, so the namespace can enforce what its own workloads allow.
 */

/** The Pod Security Standards, loosest first. */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** The label Pod Security Admission enforces a namespace's level from. */
export const POD_SECURITY_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** Linkerd's namespaces, by the Helm chart whose pods run there. */
export type LinkerdNamespaceHelmChart =
  | 'linkerd2-cni'
  | 'linkerd-control-plane'
  | 'linkerd-viz'
  | 'linkerd-jaeger'
  | 'jaeger';

/**
 * The level of a Linkerd namespace. What the Helm charts' own Namespace templates (rendered by the CLI only)
 * choose: control plane, viz and linkerd-jaeger `restricted` with `cniEnabled`, else `privileged`; the CNI
 * plugin's namespace always `privileged` (its DaemonSet writes to the node). The Jaeger project's Helm chart has no
 * Namespace template and renders its container without a securityContext, which `restricted` refuses and
 * `baseline` admits: `baseline` with the CNI.
 */
export function linkerdNamespaceLevel(helmChart: LinkerdNamespaceHelmChart, cniEnabled: boolean): PodSecurityLevel {
  if (helmChart === 'linkerd2-cni' || !cniEnabled) return 'privileged';
  return helmChart === 'jaeger' ? 'baseline' : 'restricted';
}

/** The namespace labels of a level. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return { [POD_SECURITY_ENFORCE_LABEL]: level };
}

/** Whether meshed pods (which run linkerd-init without the CNI plugin) are admitted at `level`. */
export function admitsMeshedPods(level: PodSecurityLevel, cniEnabled: boolean): boolean {
  return cniEnabled || level === 'privileged';
}

/**
 * The level a meshed namespace declared here enforces: its own `podSecurity`, else what the cluster enforces
 * by default (`podSecurity.enforce`, e.g. `baseline` on Talos), else none (no label).
 */
export function meshedNamespaceLevel(
  namespace: { readonly podSecurity?: PodSecurityLevel },
  cluster: { readonly enforce?: PodSecurityLevel },
): PodSecurityLevel | undefined {
  return namespace.podSecurity ?? cluster.enforce;
}
