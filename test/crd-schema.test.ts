/**
 * Every Flux, cert-manager and trust-manager object we emit is accepted by the real CRD schema of a
 * served version, with no unknown field; every other object is a core v1 Namespace. Linkerd's policy
 * objects are checked here against the newest linkerd-crds, and per line in features/policy/policy.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crdProblems, EMITTED_CRD_FOLDERS } from './support/crd-problems';
import { crdValidators, loadCrdValidators } from './support/crd-schemas';
import { newestLinkerdCrds } from './support/linkerd-crds';
import { describeWithShared, SHARED_DIR } from './support/shared';
import { synthesizeConfig, synthesizeProject } from './support/synth';

const FIXTURES = resolve(__dirname, 'fixtures/clusters');
const FLUX_FLOOR_CRDS = 'flux-floor-crds';

const outputs = [
  ['project clusters', () => synthesizeProject()],
  [
    'everything (edge)',
    () => synthesizeConfig(readFileSync(resolve(FIXTURES, 'everything.yaml'), 'utf8'), 'everything'),
  ],
  [
    'everything (stable)',
    () => synthesizeConfig(readFileSync(resolve(FIXTURES, 'everything-stable.yaml'), 'utf8'), 'stable'),
  ],
  ['viz and tracing off', () => synthesizeConfig('viz: {enabled: false}\ntracing: {enabled: false}\n', 'bare')],
  [
    'newest (Jaeger v2 on Badger, alerts)',
    () => synthesizeConfig(readFileSync(resolve(FIXTURES, 'newest.yaml'), 'utf8'), 'newest'),
  ],
  [
    'Jaeger v2 on an Elasticsearch ECK runs',
    () => synthesizeConfig(readFileSync(resolve(FIXTURES, 'tracing-eck.yaml'), 'utf8'), 'eck'),
  ],
  [
    'CNI plugin on Talos (Pod Security baseline)',
    () => synthesizeConfig(readFileSync(resolve(FIXTURES, 'cni-talos.yaml'), 'utf8'), 'talos'),
  ],
  [
    'CNI plugin on k3s (stable)',
    () => synthesizeConfig(readFileSync(resolve(FIXTURES, 'cni-k3s-stable.yaml'), 'utf8'), 'k3s'),
  ],
] as const;

/** The Flux objects of an output (every `*.fluxcd.io` kind). */
const fluxObjects = (synthesize: () => ReturnType<typeof synthesizeProject>) =>
  synthesize().objects.filter(({ object }) => object.apiVersion.split('/')[0].endsWith('.fluxcd.io'));

// Flux 2.6 is the oldest Flux `make up` accepts (scripts/ops/up.sh): every Flux object must be one its CRDs
// accept, as well as the newest Flux's (flux-crds/, above).
const describeFloor = existsSync(join(SHARED_DIR, FLUX_FLOOR_CRDS))
  ? describeWithShared
  : (name: string) =>
      describeWithShared(name, () =>
        test(`${FLUX_FLOOR_CRDS}/ in ${SHARED_DIR}`, () => {
          throw new Error(`${SHARED_DIR} has no ${FLUX_FLOOR_CRDS}/ (Flux 2.6's CRDs): run npm run fetch:test-data`);
        }),
      );

describeFloor("every Flux object against the oldest Flux's CRDs (Flux 2.6, flux-floor-crds/)", () => {
  const floor = loadCrdValidators([FLUX_FLOOR_CRDS]);

  test.each(outputs)('%s', (_name, synthesize) => {
    const objects = fluxObjects(synthesize);
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap(({ cluster, object }) => crdProblems(floor, [object], `${cluster}: `))).toEqual([]);
  });

  test('the floor is older: a field only newer Flux serves (Kustomization spec.ignoreMissingComponents, Flux 2.7) is refused there', () => {
    const kustomization = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'x', namespace: 'flux-system' },
      spec: { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    };
    const newer = { ...kustomization, spec: { ...kustomization.spec, ignoreMissingComponents: true } };
    expect(crdProblems(floor, [kustomization])).toEqual([]);
    expect(crdProblems(loadCrdValidators(['flux-crds']), [newer])).toEqual([]);
    expect(crdProblems(floor, [newer]).join('\n')).toContain('must NOT have additional properties');
  });
});

describeWithShared('emitted objects against the CRD schemas in ../shared', () => {
  const validators = new Map([...loadCrdValidators(EMITTED_CRD_FOLDERS), ...crdValidators(newestLinkerdCrds())]);

  test.each(outputs)('%s', (_name, synthesize) => {
    const problems = synthesize().objects.flatMap(({ cluster, object }) =>
      crdProblems(validators, [object], `${cluster}: `),
    );
    expect(problems).toEqual([]);
  });

  test('the strict schemas reject an unknown field and a wrong type', () => {
    const helmRelease = validators.get('helm.toolkit.fluxcd.io/v2/HelmRelease')!;
    const valid = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'x' },
      spec: { interval: '5m', chartRef: { kind: 'OCIRepository', name: 'x' } },
    };
    expect(helmRelease.validate(valid)).toBe(true);
    expect(helmRelease.validate({ ...valid, spec: { ...valid.spec, intervall: '5m' } })).toBe(false);
    expect(helmRelease.validate({ ...valid, spec: { ...valid.spec, timeout: 5 } })).toBe(false);
    // Helm values are free-form: anything goes below spec.values.
    expect(helmRelease.validate({ ...valid, spec: { ...valid.spec, values: { any: { thing: [1, null] } } } })).toBe(
      true,
    );
  });

  test('no beta Flux API is emitted', () => {
    const versions = new Set(synthesizeProject().objects.map(({ object }) => object.apiVersion));
    expect([...versions].filter((version) => /fluxcd\.io\/v\d+beta/.test(version))).toEqual([]);
  });
});
