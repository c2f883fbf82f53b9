/** The Gateway API settings without effect. */
import type { ConfigBasis } from '../core/basis';
import type { FeatureChecks, FieldWarning } from '../feature';

function warnings({ config, line }: ConfigBasis): FieldWarning[] {
  const found: FieldWarning[] = [];
  if (!config.gatewayApi.install && config.gatewayApi.channel !== 'standard' && !config.gatewayApi.version) {
    found.push({
      field: 'gatewayApi.channel',
      message:
        'has no effect with gatewayApi.install: false (the Gateway API CRDs come from elsewhere; their channel is theirs)',
    });
  }
  if (config.gatewayApi.install && config.gatewayApi.version) {
    found.push({
      field: 'gatewayApi.version',
      message:
        'has no effect with gatewayApi.install: true (this project installs the release lib/linkerd/support-matrix.ts names for the line)',
    });
  }
  if (!line.gatewayApiOptIn && config.gatewayApi.install === false) {
    found.push({
      field: 'gatewayApi.install',
      message: `has no effect on ${line.name}: its linkerd-crds installs the Gateway API CRDs it needs with no option to leave them out`,
    });
  }
  return found;
}

export const gatewayApiChecks: FeatureChecks = { warnings };
