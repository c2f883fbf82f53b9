/** The Gateway API's Helm values: linkerd-crds never installs the Gateway API CRDs where the line lets us say so. */
import type { LinkerdHelmChartName } from '../../lib/linkerd/catalog';
import { type HelmValues, setPath } from '../../lib/linkerd/value-paths';
import type { ConfigBasis } from '../core/basis';

export function gatewayApiValues({ config, line }: ConfigBasis, helmChart: LinkerdHelmChartName): HelmValues {
  const values: HelmValues = {};
  // The Gateway API CRDs come from upstream (basis.gatewayApi) or from elsewhere, never from linkerd-crds
  // (Linkerd's gateway-api-ownership-migration). A line the support matrix has no Gateway API range for
  // keeps the Helm chart's bundled CRDs when asked.
  if (helmChart === 'linkerd-crds' && line.gatewayApiOptIn) {
    setPath(values, 'installGatewayAPI', line.gatewayApi ? false : config.gatewayApi.install);
  }
  return values;
}
