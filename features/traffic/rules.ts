/** Traffic's checks of a whole config: what the line, the Gateway API and the inbound policy allow of the routes, limits and egress. */
import type { FeatureChecks } from '../feature';
import { gatewayApiOf, trafficProblems } from './schema';

export const trafficChecks: FeatureChecks = {
  problems: ({ config, line }) => {
    // The ports the person's allow rules give a Server: a rate limit must not take one of them over.
    const policyPorts = new Map(
      Object.entries(config.policy.allow).map(([namespace, rules]) => [
        namespace,
        rules.flatMap((rule, ruleIndex) => (rule.ports ?? []).map((port, index) => ({ port, rule: ruleIndex, index }))),
      ]),
    );
    return trafficProblems({ ...config, line, gatewayApi: gatewayApiOf(config, line), policyPorts });
  },
};
