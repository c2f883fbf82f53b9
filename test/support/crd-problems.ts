/** What the real CRD schemas (test/support/crd-schemas.ts) say of some objects, one line a problem. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CrdVersion } from './crd-schemas';
import { SHARED_DIR } from './shared';

/**
 * The ../shared folders of the CRDs our objects are instances of (Linkerd's come from the rendered
 * linkerd-crds Helm chart instead). One list, so every suite that loads them shares one compiled cache entry.
 */
export const EMITTED_CRD_FOLDERS: readonly string[] = [
  'flux-crds',
  'cert-manager-crds',
  'prometheus-operator-crds',
  // ECK's (the Elasticsearch of tracing.elasticsearch.provision); npm run fetch:test-data does not fetch it yet.
  ...(existsSync(join(SHARED_DIR, 'tracing-storage/crds/eck-3.5.0')) ? ['tracing-storage/crds/eck-3.5.0'] : []),
];

/** An object as cdk8s synthesizes it. */
export interface ApiObjectJson {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string };
}

/**
 * Every problem of `objects` against `validators` (by `group/version/Kind`): no CRD serves the kind, the
 * version is not served, or the schema refuses a field. Core objects (`apiVersion: v1`) have no CRD and
 * are passed over. `where` prefixes each line (e.g. the cluster).
 */
export function crdProblems(
  validators: ReadonlyMap<string, CrdVersion>,
  objects: readonly ApiObjectJson[],
  where = '',
): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    if (object.apiVersion === 'v1') continue;
    const at = `${where}${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const crd = validators.get(`${object.apiVersion}/${object.kind}`);
    if (!crd) {
      problems.push(`${at}: no CRD in ../shared serves ${object.apiVersion} ${object.kind}`);
      continue;
    }
    if (!crd.served) problems.push(`${at}: ${object.apiVersion} is not served`);
    if (!crd.validate(object)) {
      for (const error of crd.validate.errors ?? [])
        problems.push(`${at}: ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
  return problems;
}
