/**
 * Notifications, decided once: the FluxNotifications construct's props from `flux.notifications` and the Flux
 * objects this project emits for the cluster (the plan lists them from its layers and releases, lib/plan/plan.ts).
 */
import type { FluxNotificationsProps } from '../../lib/constructs/flux-notifications';
import { FLUX_NAMESPACE } from '../../lib/linkerd/names';
import type { ClusterConfig } from '../cluster-config';

/** The name of the Provider and the Alert (in flux-system), that of the entry point's Kustomization. */
export const NOTIFICATIONS_NAME = 'linkerd';

/** The Flux objects of one cluster, by name (all in flux-system). */
export interface FluxObjectNames {
  /** The entry point's Kustomization and every layer's. */
  readonly kustomizations: readonly string[];
  /** Every HelmRelease of every layer. */
  readonly helmReleases: readonly string[];
}

/** The notifications of cluster `name`, or undefined without `flux.notifications`. */
export function notificationsPlan(
  name: string,
  config: ClusterConfig,
  fluxObjects: FluxObjectNames,
): FluxNotificationsProps | undefined {
  const notifications = config.flux.notifications;
  if (!notifications) return undefined;
  return {
    namespace: FLUX_NAMESPACE,
    name: NOTIFICATIONS_NAME,
    providerType: notifications.type,
    secretName: notifications.secretName,
    ...(notifications.channel !== undefined && { channel: notifications.channel }),
    ...(notifications.username !== undefined && { username: notifications.username }),
    kustomizations: fluxObjects.kustomizations,
    helmReleases: fluxObjects.helmReleases,
    eventMetadata: { cluster: name },
  };
}
