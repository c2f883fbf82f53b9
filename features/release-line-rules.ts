/**
 * What a config asks of its release line that the line does not have. The lines a message suggests
 * instead are looked up in the catalog, so adding or removing a line changes no text here.
 */
import { RELEASE_LINE_NAMES, releaseLine, type ReleaseLine } from '../lib/linkerd/catalog';
import { valueKeyTree } from '../lib/linkerd/values-keys';
import type { ClusterConfig } from './cluster-config';

/** A problem with a field, found by a check that needs more than its value. */
export interface FieldProblem {
  readonly path: (string | number)[];
  readonly input: unknown;
  readonly message: string;
}

/** The facts of a line these rules read. */
export type LineFacts = Pick<
  ReleaseLine,
  'name' | 'inboundPolicies' | 'helmChartVersions' | 'nativeSidecar' | 'proxyTracing'
>;

/** Whether the line installs linkerd-jaeger (its collector receives from the proxies and forwards). */
const hasLinkerdJaeger = (line: LineFacts) => line.helmChartVersions['linkerd-jaeger'] !== undefined;
/** Whether the line's proxies export traces themselves, so this project installs Jaeger v2 when asked. */
const exportsFromProxies = (line: LineFacts) => !hasLinkerdJaeger(line) && line.proxyTracing;

/** The supported lines that `has`, as "a, b", or a note that none does. */
function linesThat(has: (line: LineFacts) => boolean): string {
  const names = RELEASE_LINE_NAMES.filter((name) => has(releaseLine(name)));
  return names.length > 0 ? names.join(', ') : 'no supported line';
}

/** What the config asks of its release line that the line does not have. */
export function releaseLineProblems(
  config: Pick<ClusterConfig, 'proxy' | 'tracing' | 'viz' | 'meshedNamespaces' | 'cni'>,
  line: LineFacts,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { proxy, tracing, viz } = config;
  if (!line.inboundPolicies.includes(proxy.defaultInboundPolicy)) {
    problems.push({
      path: ['proxy', 'defaultInboundPolicy'],
      input: proxy.defaultInboundPolicy,
      message: `is not a policy of ${line.name}; allowed: ${line.inboundPolicies.join(', ')}`,
    });
  }
  config.meshedNamespaces.forEach((namespace, index) => {
    if (
      namespace.defaultInboundPolicy !== undefined &&
      !line.inboundPolicies.includes(namespace.defaultInboundPolicy)
    ) {
      problems.push({
        path: ['meshedNamespaces', index, 'defaultInboundPolicy'],
        input: namespace.defaultInboundPolicy,
        message: `is not a policy of ${line.name}; allowed: ${line.inboundPolicies.join(', ')}`,
      });
    }
  });
  if (proxy.nativeSidecar !== undefined && !line.nativeSidecar) {
    problems.push({
      path: ['proxy', 'nativeSidecar'],
      input: proxy.nativeSidecar,
      message: `is not a setting of ${line.name}: its proxy always runs as a plain container`,
    });
  }
  if (config.cni.enabled && !line.helmChartVersions['linkerd2-cni']) {
    problems.push({
      path: ['cni', 'enabled'],
      input: true,
      message: `needs linkerd2-cni, which ${line.name} does not publish; set cni.enabled: false or choose a line that has it (${linesThat((other) => other.helmChartVersions['linkerd2-cni'] !== undefined)})`,
    });
  }
  // Which iptables the plugin runs is a value of the newer CNI Helm charts; stable-2.14.10's has none.
  if (
    config.cni.iptablesMode !== undefined &&
    line.helmChartVersions['linkerd2-cni'] &&
    valueKeyTree(line.name, 'linkerd2-cni').iptablesMode === undefined
  ) {
    problems.push({
      path: ['cni', 'iptablesMode'],
      input: config.cni.iptablesMode,
      message: `is not a setting of ${line.name}: its CNI plugin has no iptablesMode; remove it, or choose a line that has it (${linesThat((other) => other.helmChartVersions['linkerd2-cni'] !== undefined && valueKeyTree(other.name, 'linkerd2-cni').iptablesMode !== undefined)})`,
    });
  }
  if (viz.enabled && !line.helmChartVersions['linkerd-viz']) {
    problems.push({
      path: ['viz', 'enabled'],
      input: true,
      message: `needs linkerd-viz, which ${line.name} does not publish; set viz.enabled: false or choose a line that has it`,
    });
  }
  if (!tracing.enabled) return problems;
  if (!hasLinkerdJaeger(line) && !line.proxyTracing) {
    problems.push({
      path: ['tracing', 'enabled'],
      input: true,
      message: `needs linkerd-jaeger or proxies that export traces themselves, and ${line.name} has neither; set tracing.enabled: false or choose a line that has one`,
    });
    return problems;
  }
  if (hasLinkerdJaeger(line)) {
    // linkerd-jaeger: its collector receives from the proxies and forwards; its Jaeger keeps traces in memory.
    if (tracing.storage === 'badger') {
      problems.push({
        path: ['tracing', 'storage'],
        input: tracing.storage,
        message: `needs Jaeger v2, which this project installs on lines without linkerd-jaeger (e.g. ${linesThat(exportsFromProxies)}); ${line.name} installs linkerd-jaeger, whose Jaeger keeps traces in memory only`,
      });
    }
    if (tracing.collectorIdentity) {
      problems.push({
        path: ['tracing', 'collectorIdentity'],
        input: tracing.collectorIdentity,
        message: `is for lines whose proxies export traces themselves (e.g. ${linesThat(exportsFromProxies)}); on ${line.name} linkerd-jaeger's collector forwards to tracing.otlpEndpoint`,
      });
    }
    return problems;
  }
  // Proxies export OTLP themselves, over mTLS, to a meshed collector.
  if (tracing.otlpInsecure !== undefined) {
    problems.push({
      path: ['tracing', 'otlpInsecure'],
      input: tracing.otlpInsecure,
      message: `is for linkerd-jaeger's collector (${linesThat(hasLinkerdJaeger)}); on ${line.name} proxies export straight to your collector over mTLS`,
    });
  }
  if (tracing.backend === 'otlp' && !tracing.collectorIdentity) {
    problems.push({
      path: ['tracing', 'collectorIdentity'],
      input: undefined,
      message:
        `is required with tracing.backend: otlp on ${line.name}: proxies export to your collector over mTLS, so it must be meshed; ` +
        'give its service account and namespace, e.g. {serviceAccount: otel-collector, namespace: monitoring}',
    });
  }
  return problems;
}
