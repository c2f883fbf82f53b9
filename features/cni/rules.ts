/**
 * The CNI plugin's and Pod Security's checks of a whole config: what the release line's CNI Helm chart
 * offers, Pod Security levels that would refuse meshed pods, and settings a namespace declared elsewhere
 * must carry in its own manifest.
 */
import { valueKeyTree } from '../../lib/linkerd/values-keys';
import type { ConfigBasis } from '../core/basis';
import { type FeatureChecks, type FieldProblem, type FieldWarning, linesThat } from '../feature';
import { podSecurityProblems } from './schema';

/** What the config asks of the line's CNI plugin that it does not have. */
function lineProblems({ config, line }: ConfigBasis): FieldProblem[] {
  const problems: FieldProblem[] = [];
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
  return problems;
}

/** Pod Security settings of namespaces declared elsewhere, which this project cannot label. */
function warnings({ config }: ConfigBasis): FieldWarning[] {
  const found: FieldWarning[] = [];
  config.meshedNamespaces.forEach((namespace, index) => {
    if (namespace.declared !== 'elsewhere') return;
    if (namespace.podSecurity !== undefined) {
      found.push({
        field: `meshedNamespaces[${index}].podSecurity`,
        message: `has no effect with declared: elsewhere (this project emits no Namespace "${namespace.name}"); put "pod-security.kubernetes.io/enforce: ${namespace.podSecurity}" under metadata.labels in its own manifest`,
      });
    }
    // Pods of a namespace declared elsewhere get the cluster's level unless its own manifest labels it.
    const clusterLevel = config.podSecurity.enforce;
    if (!config.cni.enabled && namespace.podSecurity === undefined && clusterLevel && clusterLevel !== 'privileged') {
      found.push({
        field: `meshedNamespaces[${index}]`,
        message:
          `"${namespace.name}" is declared elsewhere and the cluster enforces Pod Security "${clusterLevel}" (podSecurity.enforce), which refuses meshed pods without the CNI plugin: ` +
          'label it "pod-security.kubernetes.io/enforce: privileged" in its own manifest, or set cni.enabled: true (docs/cni-and-pod-security.md "CNI and Pod Security")',
      });
    }
  });
  return found;
}

export const cniChecks: FeatureChecks = {
  problems: (basis) => [...lineProblems(basis), ...podSecurityProblems(basis.config)],
  warnings,
};
