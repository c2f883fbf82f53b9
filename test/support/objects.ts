/** Looking objects up in what a synthesis emitted (test/support/synth.ts's `objects`). */
import type { KubeObject } from '../../lib/output/render';

/** The emitted objects by `kind/namespace/name` (namespace empty for cluster-scoped ones). */
export function objectsByKey(objects: ReadonlyArray<{ readonly object: KubeObject }>): Map<string, KubeObject> {
  return new Map(
    objects.map(({ object }) => [`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`, object]),
  );
}

/** The first emitted object of `kind` named `name`, or undefined. */
export function findObject(
  objects: ReadonlyArray<{ readonly object: KubeObject }>,
  kind: string,
  name: string,
): KubeObject | undefined {
  return objects.find(({ object }) => object.kind === kind && object.metadata.name === name)?.object;
}
