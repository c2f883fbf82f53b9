import type { Construct } from 'constructs';
import {
  HelmRelease,
  HelmReleaseSpecChartRefKind,
  HelmReleaseSpecChartSpecSourceRefKind,
  type HelmReleaseSpecDriftDetectionIgnore,
  HelmReleaseSpecDriftDetectionMode,
  HelmReleaseSpecUpgradeRemediationStrategy,
} from '../../imports/helm.toolkit.fluxcd.io';
import { dnsLabelProp, durationProp, invalidProp } from './validate';

/** Where a release's Helm chart comes from. */
export type HelmChartSource =
  /** A Helm chart in an HTTP Helm repository, at an exact version. */
  | { readonly helmRepository: string; readonly chart: string; readonly version: string }
  /** An OCIRepository that holds exactly one Helm chart version (its tag). */
  | { readonly ociRepository: string };

/** Props of a {@link FluxHelmRelease}. */
export interface FluxHelmReleaseProps {
  /** The Helm release name (a DNS label of at most 53 characters, Helm's limit); also the HelmRelease's name. */
  readonly releaseName: string;
  /** Where the Helm chart installs its objects; Helm keeps its release records there too. */
  readonly targetNamespace: string;
  /** Namespace of the HelmRelease object and of its source (the releases it depends on live there too). */
  readonly namespace: string;
  /** The Helm chart: a version of a Helm chart in a HelmRepository, or the one Helm chart an OCIRepository holds. */
  readonly source: HelmChartSource;
  /**
   * How long Helm waits for the release's workloads to be ready.
   * @default '5m'
   */
  readonly timeout?: string;
  /**
   * How often Flux reconciles the release.
   * @default '10m'
   */
  readonly interval?: string;
  /**
   * Releases that must be ready first; they are HelmReleases in the same `namespace` (Flux looks for a
   * `dependsOn` entry without a namespace there).
   * @default - none
   */
  readonly dependsOn?: readonly FluxHelmRelease[];
  /**
   * Helm values.
   * @default - the Helm chart's defaults
   */
  readonly values?: Readonly<Record<string, unknown>>;
  /**
   * Turn on drift detection: at every reconcile helm-controller compares the cluster's objects with the
   * release's manifest and reverts a hand edit. `ignore` lists the fields others legitimately write.
   * @default - off
   */
  readonly driftDetection?: { readonly ignore?: readonly HelmReleaseSpecDriftDetectionIgnore[] };
}

/** What a HelmRelease renders to: a plain object with a spec (cdk8s's `toJson()` is typed `any`). */
export type HelmReleaseJson = Record<string, unknown> & { spec: Record<string, unknown> };

/**
 * A Flux HelmRelease with the defaults a GitOps install wants: an exact Helm chart version, retries with
 * rollback on failed upgrades, and the Helm release kept in its target namespace (so `helm ls -n`
 * shows what a manual install would).
 */
export class FluxHelmRelease extends HelmRelease {
  public readonly releaseName: string;
  public readonly releaseNamespace: string;
  public readonly dependencies: readonly FluxHelmRelease[];
  /** The Helm timeout in seconds, for budgeting the layer that waits for this release. */
  public readonly timeoutSeconds: number;
  private readonly values?: Readonly<Record<string, unknown>>;

  public constructor(scope: Construct, id: string, props: FluxHelmReleaseProps) {
    const timeout = props.timeout ?? '5m';
    const interval = props.interval ?? '10m';
    const seconds = checkProps(props, timeout, interval);
    const source = props.source;
    super(scope, id, {
      metadata: { name: props.releaseName, namespace: props.namespace },
      spec: {
        interval,
        releaseName: props.releaseName,
        targetNamespace: props.targetNamespace,
        storageNamespace: props.targetNamespace,
        ...('ociRepository' in source
          ? { chartRef: { kind: HelmReleaseSpecChartRefKind.OCI_REPOSITORY, name: source.ociRepository } }
          : {
              chart: {
                spec: {
                  chart: source.chart,
                  version: source.version,
                  sourceRef: {
                    kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY,
                    name: source.helmRepository,
                  },
                },
              },
            }),
        ...(props.dependsOn?.length && {
          dependsOn: props.dependsOn.map((release) => ({ name: release.releaseName })),
        }),
        timeout,
        ...(props.driftDetection && {
          driftDetection: {
            mode: HelmReleaseSpecDriftDetectionMode.ENABLED,
            ...(props.driftDetection.ignore?.length && { ignore: [...props.driftDetection.ignore] }),
          },
        }),
        install: { remediation: { retries: 3 } },
        upgrade: {
          cleanupOnFail: true,
          remediation: {
            retries: 3,
            remediateLastFailure: true,
            strategy: HelmReleaseSpecUpgradeRemediationStrategy.ROLLBACK,
          },
        },
        // values are set in toJson(): cdk8s drops nulls, and a null value is how Helm deletes a default of the Helm chart.
      },
    });
    this.releaseName = props.releaseName;
    this.releaseNamespace = props.targetNamespace;
    this.dependencies = props.dependsOn ?? [];
    this.timeoutSeconds = seconds;
    this.values = props.values && Object.keys(props.values).length > 0 ? props.values : undefined;
  }

  public override toJson(): HelmReleaseJson {
    const json: HelmReleaseJson = super.toJson();
    if (this.values) json.spec.values = plainSortedCopy(this.values);
    return json;
  }
}

/** Checks the props before anything is built; returns the timeout in seconds. */
function checkProps(props: FluxHelmReleaseProps, timeout: string, interval: string): number {
  const what = `FluxHelmRelease ${props.namespace}/${props.releaseName}`;
  dnsLabelProp(what, 'releaseName', props.releaseName, 53);
  dnsLabelProp(what, 'namespace', props.namespace);
  dnsLabelProp(what, 'targetNamespace', props.targetNamespace);
  const source = props.source;
  if ('ociRepository' in source) {
    dnsLabelProp(what, 'source.ociRepository', source.ociRepository);
  } else {
    dnsLabelProp(what, 'source.helmRepository', source.helmRepository);
    if (source.chart === '') invalidProp(what, 'source.chart', source.chart, 'is empty: name the Helm chart');
    // An exact version: a range would let Flux upgrade by itself, outside Git.
    if (!/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(source.version)) {
      invalidProp(
        what,
        'source.version',
        source.version,
        'is not an exact semantic version such as "1.16.0" (a range would upgrade outside Git)',
      );
    }
  }
  durationProp(what, 'interval', interval);
  for (const dependency of props.dependsOn ?? []) {
    if (dependency.metadata.namespace !== props.namespace) {
      invalidProp(
        what,
        'dependsOn',
        `${dependency.metadata.namespace}/${dependency.releaseName}`,
        `is not in namespace "${props.namespace}", where Flux looks for it`,
      );
    }
  }
  return durationProp(what, 'timeout', timeout);
}

/** A deep copy with keys sorted (as cdk8s sorts the rest), nulls kept and no shared references (YAML aliases). */
function plainSortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainSortedCopy);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) copy[key] = plainSortedCopy(item);
  }
  return copy;
}
