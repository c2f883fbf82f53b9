import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { DashboardSource } from '../../imports/linkerd-grafana';
import { checkOwnDashboards, type OwnDashboard, ownDashboardJson } from './grafana-sidecar-dashboards';

/** Props of {@link GrafanaOperatorDashboards}. */
export interface GrafanaOperatorDashboardsProps {
  /** Linkerd's dashboards of the release line (their grafana.com id and revision). */
  readonly dashboards: readonly DashboardSource[];
  /**
   * Dashboards of this project's own (the Gateway API routes' dashboard): no grafana.com id, so their JSON model
   * goes inline (`spec.json`).
   * @default - none
   */
  readonly ownDashboards?: readonly OwnDashboard[];
  /** Where the GrafanaDashboards go. */
  readonly namespace: string;
  /** Labels of the Grafana resources that import them (`spec.instanceSelector.matchLabels`). */
  readonly instanceSelector: Readonly<Record<string, string>>;
  /**
   * Prefix of every dashboard uid (viz's `grafana.uidPrefix`).
   * @default - none
   */
  readonly uidPrefix?: string;
}

/** grafana-operator's API group and version (the one it serves for GrafanaDashboard). */
export const GRAFANA_DASHBOARD_API_VERSION = 'grafana.integreatly.org/v1beta1';

/**
 * Linkerd's dashboards for grafana-operator: one GrafanaDashboard per dashboard, fetched by the operator from
 * grafana.com at the id and revision linkerd2's grafana/values.yaml pins for this release, with the uid viz links
 * to, importable into the selected Grafanas of any namespace. Dashboards of this project's own carry their JSON
 * model inline (`spec.json`, grafana-operator's api/v1beta1 GrafanaContentSpec), its uid set the same way.
 */
export class GrafanaOperatorDashboards extends Construct {
  public constructor(scope: Construct, id: string, props: GrafanaOperatorDashboardsProps) {
    super(scope, id);
    for (const dashboard of props.dashboards) {
      new ApiObject(this, dashboard.name, {
        apiVersion: GRAFANA_DASHBOARD_API_VERSION,
        kind: 'GrafanaDashboard',
        metadata: { name: `linkerd-${dashboard.name}`, namespace: props.namespace },
        spec: {
          instanceSelector: { matchLabels: { ...props.instanceSelector } },
          allowCrossNamespaceImport: true,
          grafanaCom: { id: dashboard.gnetId, revision: dashboard.revision },
          uid: `${props.uidPrefix ?? ''}${dashboard.uid}`,
        },
      });
    }
    const own = props.ownDashboards ?? [];
    checkOwnDashboards(`GrafanaOperatorDashboards ${id}`, props.dashboards, own);
    for (const dashboard of own) {
      new ApiObject(this, dashboard.name, {
        apiVersion: GRAFANA_DASHBOARD_API_VERSION,
        kind: 'GrafanaDashboard',
        metadata: { name: `linkerd-${dashboard.name}`, namespace: props.namespace },
        spec: {
          instanceSelector: { matchLabels: { ...props.instanceSelector } },
          allowCrossNamespaceImport: true,
          json: ownDashboardJson(dashboard, props.uidPrefix ?? ''),
          uid: `${props.uidPrefix ?? ''}${dashboard.uid}`,
        },
      });
    }
  }
}
