import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { FluxNotifications, type FluxNotificationsProps } from '../lib/constructs/flux-notifications';

/** Props of the {@link NotificationsChart}. */
export interface NotificationsChartProps {
  /** The plan's notifications (ClusterPlan.notifications, features/notifications/plan.ts). */
  readonly notifications: FluxNotificationsProps;
}

/**
 * Flux's failures told to a person (only with `flux.notifications`): a Provider and an Alert, written into the entry
 * point's folder (notifications.yaml), which the entry Kustomization applies before any layer. So they arrive first
 * and depend on nothing this project installs (not on cert-manager, nor the mesh), and they report the first layer's
 * failure too. They need only notification-controller's CRDs, which a default Flux install has.
 */
export class NotificationsChart extends Chart {
  public readonly notifications: FluxNotifications;

  public constructor(scope: Construct, id: string, props: NotificationsChartProps) {
    super(scope, id);
    this.notifications = new FluxNotifications(this, 'Notifications', props.notifications);
  }
}
