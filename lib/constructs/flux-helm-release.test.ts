/**
 * FluxHelmRelease on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults, then
 * its output, then the props it refuses. What the charts make of it is tested from configs elsewhere.
 */
import { Testing } from 'cdk8s';
import { FluxHelmRelease, type FluxHelmReleaseProps } from './flux-helm-release';
import { crdProblems, EMITTED_CRD_FOLDERS } from '../../test/support/crd-problems';
import { loadCrdValidators } from '../../test/support/crd-schemas';
import { describeWithShared } from '../../test/support/shared';

const PROPS: FluxHelmReleaseProps = {
  releaseName: 'linkerd-crds',
  namespace: 'flux-system',
  targetNamespace: 'linkerd',
  source: { helmRepository: 'linkerd-edge', chart: 'linkerd-crds', version: '2026.8.3' },
};

/** One release (and the releases it is given to depend on) in a chart of its own; the chart's manifests. */
function synth(
  props: Partial<FluxHelmReleaseProps> = {},
  before?: (chart: ReturnType<typeof Testing.chart>) => Pick<FluxHelmReleaseProps, 'dependsOn'>,
) {
  const chart = Testing.chart();
  const release = new FluxHelmRelease(chart, 'Release', { ...PROPS, ...before?.(chart), ...props });
  return { release, manifests: Testing.synth(chart) as any[] };
}

describe('defaults', () => {
  const { release, manifests } = synth();

  test('a 5m Helm timeout, a 10m interval, three retries and a rollback on a failed upgrade, Helm records in the target namespace', () => {
    expect(release.timeoutSeconds).toBe(300);
    expect(release.releaseName).toBe('linkerd-crds');
    expect(release.releaseNamespace).toBe('linkerd');
    expect(release.dependencies).toEqual([]);
    expect(manifests).toEqual([
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'linkerd-crds', namespace: 'flux-system' },
        spec: {
          interval: '10m',
          releaseName: 'linkerd-crds',
          targetNamespace: 'linkerd',
          storageNamespace: 'linkerd',
          chart: {
            spec: {
              chart: 'linkerd-crds',
              version: '2026.8.3',
              sourceRef: { kind: 'HelmRepository', name: 'linkerd-edge' },
            },
          },
          timeout: '5m',
          install: { remediation: { retries: 3 } },
          upgrade: {
            cleanupOnFail: true,
            remediation: { retries: 3, remediateLastFailure: true, strategy: 'rollback' },
          },
        },
      },
    ]);
  });

  test('no dependsOn, no drift detection, no values: the chart defaults', () => {
    const spec = manifests[0].spec;
    expect([spec.dependsOn, spec.driftDetection, spec.values]).toEqual([undefined, undefined, undefined]);
    // Empty values are no values either.
    expect(synth({ values: {} }).manifests[0].spec.values).toBeUndefined();
  });
});

describe('output', () => {
  test('an OCIRepository source is a chartRef (the repository holds one chart version)', () => {
    const spec = synth({ source: { ociRepository: 'cert-manager' } }).manifests[0].spec;
    expect(spec.chartRef).toEqual({ kind: 'OCIRepository', name: 'cert-manager' });
    expect(spec.chart).toBeUndefined();
  });

  test('timeout, interval and dependsOn as given; timeoutSeconds for the layer budget', () => {
    const { release, manifests } = synth({ timeout: '1h2m3s', interval: '30m' }, (chart) => ({
      dependsOn: [new FluxHelmRelease(chart, 'First', { ...PROPS, releaseName: 'first' })],
    }));
    expect(release.timeoutSeconds).toBe(3723);
    expect(release.dependencies.map((dependency) => dependency.releaseName)).toEqual(['first']);
    const spec = manifests.find((manifest) => manifest.metadata.name === 'linkerd-crds').spec;
    expect(spec).toMatchObject({ timeout: '1h2m3s', interval: '30m', dependsOn: [{ name: 'first' }] });
  });

  test('drift detection: enabled, with the ignore rules given (none given: no ignore list)', () => {
    const ignore = [{ paths: ['/spec/caBundle'], target: { kind: 'APIService' } }];
    expect(synth({ driftDetection: { ignore } }).manifests[0].spec.driftDetection).toEqual({ mode: 'enabled', ignore });
    expect(synth({ driftDetection: {} }).manifests[0].spec.driftDetection).toEqual({ mode: 'enabled' });
    expect(synth({ driftDetection: { ignore: [] } }).manifests[0].spec.driftDetection).toEqual({ mode: 'enabled' });
  });

  test('values: keys sorted, null kept (how Helm deletes a chart default), undefined dropped, no shared objects (no YAML aliases)', () => {
    const shared = { enabled: true };
    const { manifests } = synth({
      values: { z: shared, a: shared, gone: undefined, deleted: null, list: [{ b: 1, a: 2 }] },
    });
    const values = manifests[0].spec.values;
    expect(Object.keys(values)).toEqual(['a', 'deleted', 'list', 'z']);
    expect(values.deleted).toBeNull();
    expect(Object.keys(values.list[0])).toEqual(['a', 'b']);
    expect(values.a).toEqual(shared);
    expect(values.a).not.toBe(values.z);
    expect(values.a).not.toBe(shared);
  });
});

describe('validation: early, naming the field and the value', () => {
  const elsewhere = (chart: ReturnType<typeof Testing.chart>) => ({
    dependsOn: [new FluxHelmRelease(chart, 'Elsewhere', { ...PROPS, releaseName: 'elsewhere', namespace: 'apps' })],
  });
  test.each<[string, Partial<FluxHelmReleaseProps>, string]>([
    [
      'a timeout that is no duration',
      { timeout: '5 minutes' },
      'FluxHelmRelease flux-system/linkerd-crds: timeout "5 minutes" is not a duration',
    ],
    ['a zero interval', { interval: '0s' }, 'interval "0s" is not a duration'],
    [
      "a release name over Helm's 53 characters",
      { releaseName: 'r'.repeat(54) },
      `releaseName "${'r'.repeat(54)}" is not a DNS-1123 label`,
    ],
    ['a namespace with capitals', { targetNamespace: 'Linkerd' }, 'targetNamespace "Linkerd" is not a DNS-1123 label'],
    [
      'a version range',
      { source: { helmRepository: 'edge', chart: 'linkerd-crds', version: '>=2026.8.0' } },
      'source.version ">=2026.8.0" is not an exact semantic version',
    ],
    [
      'an empty chart name',
      { source: { helmRepository: 'edge', chart: '', version: '1.0.0' } },
      'source.chart "" is empty',
    ],
    [
      'an OCIRepository name with a slash',
      { source: { ociRepository: 'ghcr.io/x' } },
      'source.ociRepository "ghcr.io/x" is not a DNS-1123 label',
    ],
  ])('%s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test("a dependency in another namespace (Flux would look for it in the release's own)", () => {
    expect(() => synth({}, elsewhere)).toThrow(
      'FluxHelmRelease flux-system/linkerd-crds: dependsOn "apps/elsewhere" is not in namespace "flux-system"',
    );
  });
});

describeWithShared('against the HelmRelease CRD in ../shared', () => {
  const validators = loadCrdValidators(EMITTED_CRD_FOLDERS);

  test('the defaults and every option are accepted, with no unknown field', () => {
    const everything = synth(
      {
        source: { ociRepository: 'cert-manager' },
        timeout: '15m',
        values: { a: null, b: [1] },
        driftDetection: { ignore: [{ paths: ['/spec/caBundle'], target: { kind: 'APIService' } }] },
      },
      (chart) => ({ dependsOn: [new FluxHelmRelease(chart, 'First', { ...PROPS, releaseName: 'first' })] }),
    );
    expect(crdProblems(validators, [...synth().manifests, ...everything.manifests])).toEqual([]);
  });
});
