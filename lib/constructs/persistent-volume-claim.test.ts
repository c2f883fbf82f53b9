/**
 * PersistentVolumeClaim on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults,
 * then its output, then the Kubernetes schema of a PersistentVolumeClaim.
 */
import { Testing } from 'cdk8s';
import { PersistentVolumeClaim as PersistentVolumeClaimModel } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { unknownFieldsOf } from '../../test/render/joins/unknown-fields';
import { PRUNE_DISABLED } from './namespace';
import { PersistentVolumeClaim, type PersistentVolumeClaimProps } from './persistent-volume-claim';

const PROPS: PersistentVolumeClaimProps = { name: 'badger', namespace: 'tracing', size: '10Gi' };

function synth(props: Partial<PersistentVolumeClaimProps> = {}): any[] {
  const chart = Testing.chart();
  new PersistentVolumeClaim(chart, 'Claim', { ...PROPS, ...props });
  return Testing.synth(chart);
}

/** What the Kubernetes schema says of a claim: throws when it refuses it, else the unknown fields. */
const schemaProblems = (claim: unknown) =>
  unknownFieldsOf((data) => PersistentVolumeClaimModel.prototype.validate.call(data), claim);

describe('defaults', () => {
  test("ReadWriteOnce, the size requested, the cluster's default StorageClass (no storageClassName), never pruned", () => {
    expect(synth()).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'badger', namespace: 'tracing', annotations: { ...PRUNE_DISABLED } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      },
    ]);
  });
});

describe('output', () => {
  test('a StorageClass, as given', () => {
    expect(synth({ storageClassName: 'local-path' })[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'local-path',
    });
  });

  test('the prune annotation is the only annotation', () => {
    expect(synth({ size: '1G' })[0].metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
  });
});

describe('validation', () => {
  // The construct checks no prop: the config schema refuses a bad size first. The API server's schema would refuse it.
  test('a size that is no Kubernetes quantity reaches the output, where the Kubernetes schema refuses it', () => {
    const [claim] = synth({ size: '10 GB' });
    expect(claim.spec.resources.requests.storage).toBe('10 GB');
    expect(() => schemaProblems(claim)).toThrow(/quantity/);
  });
});

describe('against the Kubernetes schema of a v1 PersistentVolumeClaim (kubernetes-models)', () => {
  test('the defaults and a StorageClass are valid, with no unknown field', () => {
    for (const claim of [...synth(), ...synth({ storageClassName: 'local-path', size: '512Mi' })]) {
      expect(schemaProblems(claim)).toEqual([]);
    }
  });
});
