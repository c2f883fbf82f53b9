/**
 * Resource profiles: the requests and limits every component and the data-plane proxy get.
 */
import type { ComponentGroup } from './components';

/** A request and a limit of one resource, as Kubernetes quantities. */
export interface RequestLimit {
  readonly request?: string;
  readonly limit?: string;
}

/** Linkerd's resource value shape (not Kubernetes' `requests`/`limits`). */
export interface LinkerdResources {
  readonly cpu?: RequestLimit;
  readonly memory?: RequestLimit;
}

/** A named set of resources for every component and for the proxy. */
export interface ResourceProfile {
  /** What most components get. */
  readonly component: Required<LinkerdResources>;
  /** Components that need more than `component` (by `group.key`, e.g. `viz.prometheus`). */
  readonly exceptions: Readonly<Record<string, Required<LinkerdResources>>>;
  /** The data-plane proxy in every meshed pod. */
  readonly proxy: Required<LinkerdResources>;
}

/**
 * The "home" profile: small nodes, a handful of meshed workloads.
 * Components: CPU 100m/200m, memory 128Mi/256Mi; viz's Prometheus keeps metrics in memory, so it gets
 * the top of the range. The proxy runs in every meshed pod, so it reserves little (10m, 20Mi: Linkerd's
 * own HA request) and may burst to 200m/128Mi; see docs/configuration.md "Resources".
 */
export const HOME_PROFILE: ResourceProfile = {
  component: {
    cpu: { request: '100m', limit: '200m' },
    memory: { request: '128Mi', limit: '256Mi' },
  },
  exceptions: {
    'viz.prometheus': {
      cpu: { request: '200m', limit: '400m' },
      memory: { request: '256Mi', limit: '512Mi' },
    },
  },
  proxy: {
    cpu: { request: '10m', limit: '200m' },
    memory: { request: '20Mi', limit: '128Mi' },
  },
};

/** Profiles by the name a config uses. */
export const RESOURCE_PROFILES: Readonly<Record<string, ResourceProfile>> = { home: HOME_PROFILE };

/** A component's resources: its profile entry with the config's override merged over it. */
export function componentResources(
  profile: ResourceProfile,
  group: ComponentGroup,
  key: string,
  override: LinkerdResources | undefined,
): LinkerdResources {
  const base = profile.exceptions[`${group}.${key}`] ?? profile.component;
  return mergeResources(base, override);
}

/** `base` with each request/limit that `override` sets replaced. */
export function mergeResources(base: LinkerdResources, override: LinkerdResources | undefined): LinkerdResources {
  if (!override) return base;
  return {
    cpu: { ...base.cpu, ...override.cpu },
    memory: { ...base.memory, ...override.memory },
  };
}
