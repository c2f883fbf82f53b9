import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import type { DashboardSource } from '../../imports/linkerd-grafana';

/** Props of {@link GrafanaSidecarDashboards}. */
export interface GrafanaSidecarDashboardsProps {
  /** Linkerd's dashboards of the release line (generated from linkerd2's grafana/ at its tag). */
  readonly dashboards: readonly DashboardSource[];
  /** Where the ConfigMaps go; Grafana's sidecar must search this namespace. */
  readonly namespace: string;
  /** Labels the sidecar picks ConfigMaps by, e.g. `grafana_dashboard: "1"`. */
  readonly labels: Readonly<Record<string, string>>;
  /** The name of the Prometheus datasource in the person's Grafana that the dashboards select. */
  readonly datasource: string;
  /**
   * Prefix of every dashboard uid (viz's `grafana.uidPrefix`: its links open `<prefix>linkerd-<resource>`).
   * @default - none
   */
  readonly uidPrefix?: string;
}

/**
 * Linkerd's dashboards for kube-prometheus-stack's Grafana sidecar: one ConfigMap per dashboard, labelled so the
 * sidecar loads it, holding the dashboard JSON with its uid prefixed and its `datasource` variable set to the
 * person's Prometheus (every panel reads through that variable: checked when the JSON was generated).
 */
export class GrafanaSidecarDashboards extends Construct {
  /** The ConfigMaps' names, by dashboard name. */
  public readonly configMapNames: ReadonlyMap<string, string>;

  public constructor(scope: Construct, id: string, props: GrafanaSidecarDashboardsProps) {
    super(scope, id);
    const names = new Map<string, string>();
    for (const dashboard of props.dashboards) {
      const name = `linkerd-dashboard-${dashboard.name}`;
      new ApiObject(this, dashboard.name, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: props.namespace, labels: { ...props.labels } },
        data: { [`${dashboard.name}.json`]: sidecarJson(dashboard, props.datasource, props.uidPrefix ?? '') },
      });
      names.set(dashboard.name, name);
    }
    this.configMapNames = names;
  }
}

/** The parts of a Grafana dashboard's JSON model that {@link sidecarJson} reads. */
interface DashboardModel {
  templating: { list: readonly { readonly name?: unknown; readonly type?: unknown }[] };
  [key: string]: unknown;
}

/** The dashboard's JSON for file provisioning: uid prefixed, no database id, the datasource variable set. */
export function sidecarJson(dashboard: DashboardSource, datasource: string, uidPrefix: string): string {
  const digest = createHash('sha256').update(dashboard.json, 'utf8').digest('hex');
  if (digest !== dashboard.sha256) {
    throw new Error(
      `the generated dashboard ${dashboard.name} does not match its sha256 (imports/linkerd-grafana is damaged: run npm run gen:dashboards)`,
    );
  }
  const { __inputs: _inputs, ...model } = JSON.parse(dashboard.json) as DashboardModel;
  model.id = null;
  model.uid = `${uidPrefix}${dashboard.uid}`;
  model.templating = {
    ...model.templating,
    list: model.templating.list.map((variable) =>
      variable.name === 'datasource' && variable.type === 'datasource'
        ? { ...variable, current: { selected: true, text: datasource, value: datasource } }
        : variable,
    ),
  };
  return JSON.stringify(model);
}
