/**
 * Every control-plane and extension component whose resources we set, and where its
 * resources live in its Helm chart's values (Linkerd's `{cpu: {request, limit}, memory: {...}}` shape).
 */
import type { JaegerValues } from '../../imports/jaeger-values/jaeger';
import type { MeshHelmChartName } from './catalog';
import type { LinkerdValuePath, ValuePath } from './value-paths';

/** Which part of the mesh a component belongs to; also the key in the config's `resources`. */
export type ComponentGroup = 'controlPlane' | 'viz' | 'jaeger';

/** One component that runs in the cluster. */
export interface Component {
  /** Its key under `resources.<group>` in a cluster config. */
  readonly key: string;
  readonly group: ComponentGroup;
  readonly helmChart: MeshHelmChartName;
  /** The dotted path of its resources value in the Helm chart (a misspelled one fails to compile). */
  readonly valuesPath: LinkerdValuePath | ValuePath<JaegerValues>;
  /**
   * The shape of that value: Linkerd's `{cpu: {request, limit}, memory: {...}}`, or Kubernetes'
   * `{requests: {cpu, memory}, limits: {...}}` (the Jaeger project's Helm chart).
   * @default 'linkerd'
   */
  readonly resourcesShape?: 'linkerd' | 'kubernetes';
  /**
   * The Kubernetes workload (`deploy/<name>` or `cronjob/<name>`) and, in parentheses, the container when the
   * pod has several: for people reading the footprint, and for {@link controlPlaneDeployments}.
   */
  readonly workload: `${'deploy' | 'cronjob'}/${string}`;
  /**
   * Whether the pod gets a Linkerd proxy of its own (containers sharing a pod share one proxy,
   * so only one component of each pod says true).
   */
  readonly ownsProxy: boolean;
  /** Whether it runs all the time (false for the heartbeat CronJob). */
  readonly alwaysRunning: boolean;
}

export const COMPONENTS: readonly Component[] = [
  {
    key: 'destination',
    group: 'controlPlane',
    helmChart: 'linkerd-control-plane',
    valuesPath: 'destinationResources',
    workload: 'deploy/linkerd-destination (destination)',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'spValidator',
    group: 'controlPlane',
    helmChart: 'linkerd-control-plane',
    valuesPath: 'spValidatorResources',
    workload: 'deploy/linkerd-destination (sp-validator)',
    ownsProxy: false,
    alwaysRunning: true,
  },
  {
    key: 'policyController',
    group: 'controlPlane',
    helmChart: 'linkerd-control-plane',
    valuesPath: 'policyController.resources',
    workload: 'deploy/linkerd-destination (policy)',
    ownsProxy: false,
    alwaysRunning: true,
  },
  {
    key: 'identity',
    group: 'controlPlane',
    helmChart: 'linkerd-control-plane',
    valuesPath: 'identityResources',
    workload: 'deploy/linkerd-identity',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'proxyInjector',
    group: 'controlPlane',
    helmChart: 'linkerd-control-plane',
    valuesPath: 'proxyInjectorResources',
    workload: 'deploy/linkerd-proxy-injector',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'heartbeat',
    group: 'controlPlane',
    helmChart: 'linkerd-control-plane',
    valuesPath: 'heartbeatResources',
    workload: 'cronjob/linkerd-heartbeat',
    ownsProxy: false,
    alwaysRunning: false,
  },
  {
    key: 'metricsAPI',
    group: 'viz',
    helmChart: 'linkerd-viz',
    valuesPath: 'metricsAPI.resources',
    workload: 'deploy/metrics-api',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'tap',
    group: 'viz',
    helmChart: 'linkerd-viz',
    valuesPath: 'tap.resources',
    workload: 'deploy/tap',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'tapInjector',
    group: 'viz',
    helmChart: 'linkerd-viz',
    valuesPath: 'tapInjector.resources',
    workload: 'deploy/tap-injector',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'dashboard',
    group: 'viz',
    helmChart: 'linkerd-viz',
    valuesPath: 'dashboard.resources',
    workload: 'deploy/web',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'prometheus',
    group: 'viz',
    helmChart: 'linkerd-viz',
    valuesPath: 'prometheus.resources',
    workload: 'deploy/prometheus',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'collector',
    group: 'jaeger',
    helmChart: 'linkerd-jaeger',
    valuesPath: 'collector.resources',
    workload: 'deploy/collector',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'jaeger',
    group: 'jaeger',
    helmChart: 'linkerd-jaeger',
    valuesPath: 'jaeger.resources',
    workload: 'deploy/jaeger',
    ownsProxy: true,
    alwaysRunning: true,
  },
  {
    key: 'webhook',
    group: 'jaeger',
    helmChart: 'linkerd-jaeger',
    valuesPath: 'webhook.resources',
    workload: 'deploy/jaeger-injector',
    ownsProxy: true,
    alwaysRunning: true,
  },
  // Jaeger v2 (all-in-one: OTLP receiver, storage, UI) on lines without linkerd-jaeger; same config key as
  // linkerd-jaeger's Jaeger, since a line has one or the other.
  {
    key: 'jaeger',
    group: 'jaeger',
    helmChart: 'jaeger',
    valuesPath: 'jaeger.resources',
    workload: 'deploy/jaeger (Jaeger v2)',
    ownsProxy: true,
    alwaysRunning: true,
    resourcesShape: 'kubernetes',
  },
];

/**
 * The Deployments of the control plane that always run (destination, identity, proxy injector), in the order
 * {@link COMPONENTS} lists them: what the alert that the control plane is down watches.
 */
export function controlPlaneDeployments(): string[] {
  const names = COMPONENTS.filter((component) => component.group === 'controlPlane' && component.alwaysRunning)
    .map((component) => /^deploy\/([a-z0-9-]+)/.exec(component.workload)?.[1])
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)];
}

/** The component keys of one group, for the config schema and error messages. */
export function componentKeys(group: ComponentGroup): string[] {
  return [...new Set(COMPONENTS.filter((component) => component.group === group).map((component) => component.key))];
}
