import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import type { DashboardSource } from '../../imports/linkerd-grafana';

/**
 * A dashboard of this project's own (not one of Linkerd's): its JSON model, built in code, with a `datasource`
 * variable of type datasource that every panel reads through, like Linkerd's.
 */
export interface OwnDashboard {
  /** Its name: `linkerd-dashboard-<name>` (ConfigMap), `linkerd-<name>` (GrafanaDashboard); not one of Linkerd's. */
  readonly name: string;
  readonly title: string;
  /** Its uid, before the prefix (`linkerd-<name>`). */
  readonly uid: string;
  /** The dashboard's JSON model. */
  readonly json: string;
}

/** Props of {@link GrafanaSidecarDashboards}. */
export interface GrafanaSidecarDashboardsProps {
  /** Linkerd's dashboards of the release line (generated from linkerd2's grafana/ at its tag). */
  readonly dashboards: readonly DashboardSource[];
  /**
   * Dashboards of this project's own, beside Linkerd's (the Gateway API routes' dashboard).
   * @default - none
   */
  readonly ownDashboards?: readonly OwnDashboard[];
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
    const own = props.ownDashboards ?? [];
    checkOwnDashboards(`GrafanaSidecarDashboards ${id}`, props.dashboards, own);
    const entries = [
      ...props.dashboards.map((dashboard) => ({
        name: dashboard.name,
        json: () => sidecarJson(dashboard, props.datasource, props.uidPrefix ?? ''),
      })),
      ...own.map((dashboard) => ({
        name: dashboard.name,
        json: () => provisionedJson(dashboard.json, `${props.uidPrefix ?? ''}${dashboard.uid}`, props.datasource),
      })),
    ];
    for (const dashboard of entries) {
      const name = `linkerd-dashboard-${dashboard.name}`;
      new ApiObject(this, dashboard.name, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: props.namespace, labels: { ...props.labels } },
        data: { [`${dashboard.name}.json`]: dashboard.json() },
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
  return provisionedJson(dashboard.json, `${uidPrefix}${dashboard.uid}`, datasource);
}

/** A dashboard's JSON for file provisioning: `uid`, no database id nor `__inputs`, the datasource variable set. */
function provisionedJson(json: string, uid: string, datasource: string | undefined): string {
  const { __inputs: _inputs, ...model } = JSON.parse(json) as DashboardModel;
  model.id = null;
  model.uid = uid;
  if (datasource === undefined) return JSON.stringify(model);
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

/** The JSON of an own dashboard for grafana-operator's `spec.json`: its uid prefixed, its variables as built. */
export function ownDashboardJson(dashboard: OwnDashboard, uidPrefix: string): string {
  return provisionedJson(dashboard.json, `${uidPrefix}${dashboard.uid}`, undefined);
}

/**
 * Own dashboards must not take a name or uid of Linkerd's (one ConfigMap or GrafanaDashboard would replace the
 * other), nor of each other, and must be dashboards that read through a `datasource` variable.
 */
export function checkOwnDashboards(
  what: string,
  linkerd: readonly DashboardSource[],
  own: readonly OwnDashboard[],
): void {
  const names = new Set(linkerd.map((dashboard) => dashboard.name));
  const uids = new Set(linkerd.map((dashboard) => dashboard.uid));
  for (const dashboard of own) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(dashboard.name) || dashboard.name.length > 40)
      throw new Error(`${what}: own dashboard name "${dashboard.name}" is not a DNS label of at most 40 characters`);
    if (names.has(dashboard.name))
      throw new Error(
        `${what}: own dashboard name "${dashboard.name}" is taken (by Linkerd's or another own dashboard)`,
      );
    if (uids.has(dashboard.uid))
      throw new Error(`${what}: own dashboard uid "${dashboard.uid}" is taken (by Linkerd's or another own dashboard)`);
    names.add(dashboard.name);
    uids.add(dashboard.uid);
    let model: DashboardModel;
    try {
      model = JSON.parse(dashboard.json) as DashboardModel;
    } catch (error) {
      throw new Error(`${what}: own dashboard ${dashboard.name} is not JSON (${(error as Error).message})`);
    }
    if (model.uid !== dashboard.uid)
      throw new Error(
        `${what}: own dashboard ${dashboard.name} has uid "${String(model.uid)}" in its JSON, not "${dashboard.uid}"`,
      );
    if (!model.templating?.list?.some((variable) => variable.name === 'datasource' && variable.type === 'datasource'))
      throw new Error(
        `${what}: own dashboard ${dashboard.name} has no "datasource" variable to point at your Prometheus`,
      );
  }
}
