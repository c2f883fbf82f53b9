/** The CNI plugin's Helm values, and the control plane's switch from linkerd-init to the network validator. */
import type { LinkerdHelmChartName } from '../../lib/linkerd/catalog';
import { type HelmValues, setPath } from '../../lib/linkerd/value-paths';
import { valueKeyTree } from '../../lib/linkerd/values-keys';
import type { ConfigBasis } from '../core/basis';
import { cniSettings } from './presets';

export function cniValues({ config, line }: ConfigBasis, helmChart: LinkerdHelmChartName): HelmValues {
  const values: HelmValues = {};
  if (helmChart === 'linkerd2-cni') {
    // The node directories and iptables of the person's distribution (./presets.ts).
    const cni = cniSettings(config.cni.preset, config.cni);
    setPath(values, 'destCNINetDir', cni.netDir);
    setPath(values, 'destCNIBinDir', cni.binDir);
    // stable-2.14.10's plugin has no iptablesMode (./rules.ts refuses the field there).
    if (valueKeyTree(line.name, helmChart).iptablesMode !== undefined)
      setPath(values, 'iptablesMode', cni.iptablesMode);
    setPath(values, 'repairController.enabled', cni.repairController);
  }
  // The CNI plugin rewrites each pod's iptables: the injector adds linkerd-network-validator, not linkerd-init.
  // The only Helm chart with the key on every line (viz's and jaeger's templates read it only in their CLI-only Namespace).
  if (helmChart === 'linkerd-control-plane' && config.cni.enabled) setPath(values, 'cniEnabled', true);
  return values;
}
