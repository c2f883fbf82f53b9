/**
 * The annotations Linkerd's proxy injector reads from a pod or, as a default for its pods, from its Namespace
 * (pkg/k8s/labels.go, inherited through pkg/inject's ProxyAnnotations and ProxyAlphaConfigAnnotations lists),
 * checked at each supported line's tag.
 */
import type { ReleaseLine } from './catalog';

/** The annotations every supported line reads under the same name (stable-2.14.10 through edge-26.8.3). */
export const PROXY_ANNOTATIONS = {
  opaquePorts: 'config.linkerd.io/opaque-ports',
  skipInboundPorts: 'config.linkerd.io/skip-inbound-ports',
  skipOutboundPorts: 'config.linkerd.io/skip-outbound-ports',
  cpuRequest: 'config.linkerd.io/proxy-cpu-request',
  cpuLimit: 'config.linkerd.io/proxy-cpu-limit',
  memoryRequest: 'config.linkerd.io/proxy-memory-request',
  memoryLimit: 'config.linkerd.io/proxy-memory-limit',
  logLevel: 'config.linkerd.io/proxy-log-level',
} as const;

/**
 * The native sidecar annotation `line`'s injector reads, or undefined where the proxy always runs as a plain
 * container (no `proxy.nativeSidecar` value: stable-2.14). The name moved twice: `config.alpha.linkerd.io/`
 * up to edge-25.10.1, `config.beta.linkerd.io/` from edge-25.10.2, `config.linkerd.io/` from edge-26.5.2 (the
 * older names still read there, deprecated).
 */
export function nativeSidecarAnnotation(
  line: Pick<ReleaseLine, 'name' | 'channel' | 'nativeSidecar'>,
): string | undefined {
  if (!line.nativeSidecar) return undefined;
  const version = /^edge-(\d+)\.(\d+)\.(\d+)$/.exec(line.name)?.slice(1).map(Number);
  const atLeast = (year: number, month: number, patch: number) =>
    version !== undefined &&
    (version[0] !== year ? version[0] > year : version[1] !== month ? version[1] > month : version[2] >= patch);
  // A stable line with native sidecars would be newer than every edge release named here.
  if (line.channel === 'stable' || atLeast(26, 5, 2)) return 'config.linkerd.io/proxy-enable-native-sidecar';
  if (atLeast(25, 10, 2)) return 'config.beta.linkerd.io/proxy-enable-native-sidecar';
  return 'config.alpha.linkerd.io/proxy-enable-native-sidecar';
}
