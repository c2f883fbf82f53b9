/**
 * The core install's checks of a whole config: the inbound policies and the native sidecar the release line
 * offers, resources as they are once the profile is merged in, and a namespace in two meshes.
 */
import type { LinkerdResources } from '../../lib/linkerd/resources';
import { componentKeys, type ComponentGroup } from '../../lib/linkerd/components';
import { componentResources, mergeResources, RESOURCE_PROFILES } from '../../lib/linkerd/resources';
import { parseCpu, parseMemory } from '../../lib/config/quantity';
import type { ClusterConfig } from '../cluster-config';
import type { ConfigBasis } from './basis';
import { type FeatureChecks, type FieldProblem, type FieldWarning, setKeys } from '../feature';
import { highAvailability } from './high-availability';

/** What the config asks of its release line that the line does not have. */
function lineProblems({ config, line }: ConfigBasis): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { proxy } = config;
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
  return problems;
}

/**
 * A request-only or limit-only override is merged with the profile's other half; the API server refuses a
 * container whose request is above its limit ("must be less than or equal to ... limit"), so the merged
 * pair is checked, not only what the config wrote.
 */
function mergedResourceProblems(config: Pick<ClusterConfig, 'resources'>): FieldProblem[] {
  const { resources } = config;
  const profileName = resources.profile;
  const profile = RESOURCE_PROFILES[profileName];
  const problems: FieldProblem[] = [];
  const check = (path: string[], override: LinkerdResources | undefined, merged: LinkerdResources) => {
    for (const kind of ['cpu', 'memory'] as const) {
      const written = override?.[kind];
      const pair = merged[kind];
      if (!written || !pair?.request || !pair.limit || (written.request && written.limit)) continue;
      const parse = kind === 'cpu' ? parseCpu : parseMemory;
      const [request, limit] = [parse(pair.request), parse(pair.limit)];
      // A value that is no quantity (or a zero limit) has its own message already.
      if (request === undefined || limit === undefined || limit === 0 || limit >= request) continue;
      problems.push(
        written.request
          ? {
              path: [...path, kind, 'request'],
              input: written.request,
              message: `is above the limit "${pair.limit}" this component gets from the "${profileName}" profile; the API server refuses a request above its limit: give a limit too (at least the request), or a smaller request`,
            }
          : {
              path: [...path, kind, 'limit'],
              input: written.limit,
              message: `is below the request "${pair.request}" this component gets from the "${profileName}" profile; the API server refuses a request above its limit: give a request too (at most the limit), or a larger limit`,
            },
      );
    }
  };
  check(['resources', 'proxy'], resources.proxy, mergeResources(profile.proxy, resources.proxy));
  for (const group of ['controlPlane', 'viz', 'jaeger'] as ComponentGroup[]) {
    for (const key of componentKeys(group)) {
      const override = (resources[group] as Record<string, LinkerdResources | undefined>)[key];
      if (override) check(['resources', group, key], override, componentResources(profile, group, key, override));
    }
  }
  return problems;
}

/** A namespace Istio injects must never be meshed by Linkerd too. */
function istioProblems({ config }: ConfigBasis): FieldProblem[] {
  const istio = new Set(config.istio.injectedNamespaces);
  return config.meshedNamespaces.flatMap((namespace, index) =>
    istio.has(namespace.name)
      ? [
          {
            path: ['meshedNamespaces', index, 'name'],
            input: namespace.name,
            message: 'is injected by Istio (istio.injectedNamespaces); one namespace must not be in two meshes',
          },
        ]
      : [],
  );
}

/** Replicas that one-per-node spreading cannot place on the nodes the config says it has. */
function highAvailabilityProblems({ config }: ConfigBasis): FieldProblem[] {
  const ha = highAvailability(config);
  if (ha?.spreading !== 'required' || ha.nodes === undefined || ha.replicas <= ha.nodes) return [];
  return [
    {
      path: ['highAvailability', 'replicas'],
      input: ha.replicas,
      message: `is more replicas than nodes: with spreading: required (at most one per node) on ${ha.nodes} node${ha.nodes === 1 ? '' : 's'}, ${ha.replicas - ha.nodes} replica${ha.replicas - ha.nodes === 1 ? '' : 's'} of each component would stay Pending; set highAvailability.replicas: ${ha.nodes}, or spreading: preferred`,
    },
  ];
}

/** HA settings while HA is off. */
function highAvailabilityWarnings({ config }: ConfigBasis): FieldWarning[] {
  const { enabled, ...settings } = config.highAvailability;
  if (enabled) return [];
  return setKeys(settings).map((key) => ({
    field: `highAvailability.${key}`,
    message: 'has no effect with highAvailability.enabled: false',
  }));
}

/** A namespace declared elsewhere gets no annotation from here. */
function warnings(basis: ConfigBasis): FieldWarning[] {
  const { config } = basis;
  return [
    ...highAvailabilityWarnings(basis),
    ...config.meshedNamespaces.flatMap((namespace, index) =>
      namespace.declared === 'elsewhere' && namespace.defaultInboundPolicy !== undefined
        ? [
            {
              field: `meshedNamespaces[${index}].defaultInboundPolicy`,
              message: `has no effect with declared: elsewhere (this project emits no Namespace "${namespace.name}"); put "config.linkerd.io/default-inbound-policy: ${namespace.defaultInboundPolicy}" under metadata.annotations in its own manifest`,
            },
          ]
        : [],
    ),
  ];
}

export const coreChecks: FeatureChecks = {
  problems: (basis) => [
    ...lineProblems(basis),
    ...mergedResourceProblems(basis.config),
    ...istioProblems(basis),
    ...highAvailabilityProblems(basis),
  ],
  warnings,
};
