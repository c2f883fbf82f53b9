import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { PRUNE_DISABLED } from './namespace';

/** Props of a {@link PersistentVolumeClaim}. */
export interface PersistentVolumeClaimProps {
  readonly name: string;
  readonly namespace: string;
  /** The size requested, a Kubernetes quantity such as `10Gi`. */
  readonly size: string;
  /**
   * The StorageClass.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

/**
 * A ReadWriteOnce v1 PersistentVolumeClaim that Flux never deletes: it holds data, so removing it from
 * the config (or turning its user off) leaves it in place until a person deletes it
 * (`kustomize.toolkit.fluxcd.io/prune: disabled`).
 */
export class PersistentVolumeClaim extends ApiObject {
  public constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    super(scope, id, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: { ...PRUNE_DISABLED },
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: props.size } },
        ...(props.storageClassName && { storageClassName: props.storageClassName }),
      },
    });
  }
}
