/** Policy's checks of a whole config: rules that name a namespace that is not meshed, as callee or caller. */
import type { FeatureChecks } from '../feature';
import { policyProblems, systemMeshedNamespaces } from './schema';

export const policyChecks: FeatureChecks = {
  problems: ({ config, tracing }) =>
    policyProblems({
      policy: config.policy,
      meshedNamespaces: config.meshedNamespaces,
      systemMeshedNamespaces: systemMeshedNamespaces({ viz: config.viz, tracing }),
    }),
};
