/**
 * Checks of a whole config that no single field can make: resources as they are after the profile is
 * merged in, and the lifetimes of the identity certificates against each other and against cert-manager.
 */
import { BADGER_DEFAULT_MEMORY_LIMIT, BADGER_MINIMUM_MEMORY_LIMIT, BADGER_STORE_MEMORY } from './tracing/badger-memory';
import { componentKeys, type ComponentGroup } from '../lib/linkerd/components';
import { IDENTITY_ISSUER_DURATION } from '../lib/linkerd/identity';
import { componentResources, type LinkerdResources, mergeResources, RESOURCE_PROFILES } from '../lib/linkerd/resources';
import { parseDuration } from '../lib/config/duration';
import { parseCpu, parseMemory } from '../lib/config/quantity';
import type { FieldProblem } from './release-line-rules';
import type { ClusterConfig } from './cluster-config';

/**
 * cert-manager's webhook refuses a Certificate whose duration is under an hour or whose renewBefore is
 * under five minutes (MinimumCertificateDuration, MinimumRenewBefore in cert-manager's
 * pkg/apis/certmanager; checked in internal/apis/certmanager/validation/certificate.go).
 */
const CERT_MANAGER_MINIMUM = { duration: 3600, renewBefore: 300 };

/** Every problem of `config` that needs more than one field. */
export function configProblems(
  config: Pick<ClusterConfig, 'resources' | 'identity' | 'monitoring'> & Partial<Pick<ClusterConfig, 'tracing'>>,
): FieldProblem[] {
  return [...mergedResourceProblems(config), ...certificateProblems(config), ...badgerMemoryProblems(config)];
}

/**
 * Jaeger on Badger needs BADGER_MINIMUM_MEMORY_LIMIT (features/tracing/badger-memory.ts says why); a limit the
 * config sets below it would be OOM-killed. (A limit from the profile is raised by the plan instead.)
 */
function badgerMemoryProblems(
  config: Pick<ClusterConfig, 'resources'> & Partial<Pick<ClusterConfig, 'tracing'>>,
): FieldProblem[] {
  const limit = config.resources.jaeger?.jaeger?.memory?.limit;
  if (config.tracing?.storage !== 'badger' || limit === undefined) return [];
  const bytes = parseMemory(limit);
  // A value that is no quantity has its own message already.
  if (bytes === undefined || bytes >= BADGER_MINIMUM_MEMORY_LIMIT) return [];
  return [
    {
      path: ['resources', 'jaeger', 'jaeger', 'memory', 'limit'],
      input: limit,
      message: `is below ${BADGER_MINIMUM_MEMORY_LIMIT / (1024 * 1024)}Mi, what Jaeger needs with tracing.storage: badger (Badger's memtables and block cache take ${BADGER_STORE_MEMORY / (1024 * 1024)} MiB at its defaults, which Jaeger v2 cannot change): give at least that, leave the limit out (it is then ${BADGER_DEFAULT_MEMORY_LIMIT}), or use tracing.storage: memory`,
    },
  ];
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

function certificateProblems(config: Pick<ClusterConfig, 'identity' | 'monitoring'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const anchor = config.identity.trustAnchor;
  const duration = parseDuration(anchor.duration);
  const renewBefore = parseDuration(anchor.renewBefore);
  // A value that is no duration has its own message already.
  if (duration === undefined || renewBefore === undefined) return problems;
  const at = (field: string) => ['identity', 'trustAnchor', field];
  if (duration < CERT_MANAGER_MINIMUM.duration) {
    problems.push({
      path: at('duration'),
      input: anchor.duration,
      message:
        'is shorter than 1h, the shortest certificate cert-manager issues ("certificate duration must be greater than 1h0m0s")',
    });
  }
  if (renewBefore < CERT_MANAGER_MINIMUM.renewBefore) {
    problems.push({
      path: at('renewBefore'),
      input: anchor.renewBefore,
      message:
        'is shorter than 5m, the least cert-manager accepts ("certificate renewBefore must be greater than 5m0s")',
    });
  }
  if (renewBefore >= duration) {
    problems.push({
      path: at('renewBefore'),
      input: anchor.renewBefore,
      message: `must be shorter than identity.trustAnchor.duration "${anchor.duration}" (cert-manager renews that long before expiry)`,
    });
  }
  const issuer = parseDuration(IDENTITY_ISSUER_DURATION)!;
  if (duration <= issuer) {
    problems.push({
      path: at('duration'),
      input: anchor.duration,
      message: `is not longer than the identity issuer it signs (${IDENTITY_ISSUER_DURATION}); cert-manager cuts a certificate off at its CA's expiry, so the issuer would expire with the anchor: give the anchor months or years (e.g. "87600h")`,
    });
  }
  // The rotation alert fires `rotationNotice` before cert-manager renews the anchor: it must come after the anchor is issued.
  const notice = config.monitoring.alerts.trustAnchor.rotationNotice;
  const untilRenewal = duration - renewBefore;
  const noticeSeconds = parseDuration(notice);
  if (untilRenewal > 0 && noticeSeconds !== undefined && noticeSeconds >= untilRenewal) {
    problems.push({
      path: ['monitoring', 'alerts', 'trustAnchor', 'rotationNotice'],
      input: notice,
      message: `is not shorter than the time from the trust anchor's issue to its renewal (identity.trustAnchor.duration "${anchor.duration}" minus renewBefore "${anchor.renewBefore}"); the alert would fire from the day an anchor is issued`,
    });
  }
  return problems;
}
