/**
 * The project's integrity checks as one function, for generated configs (test/property): what the
 * example-based tests check case by case, returned as a list of problems.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../lib/output/render';
import type { CrdVersion } from './crd-schemas';

/** What synthesizing some configs produced (test/support/synth). */
export interface Synthesized {
  readonly dist: ReadonlyMap<string, string>;
  readonly objects: ReadonlyArray<{ readonly cluster: string; readonly layer: string; readonly object: KubeObject }>;
}

/** Problems of a synthesized dist/: duplicates, dangling references, files, secrets, CRD schemas (when given). */
export function integrityProblems(result: Synthesized, crds?: ReadonlyMap<string, CrdVersion>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const names = new Set(
    result.objects.map(
      ({ cluster, object }) => `${cluster} ${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`,
    ),
  );
  for (const { cluster, object } of result.objects) {
    const key = `${cluster} ${object.apiVersion} ${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    if (seen.has(key)) problems.push(`duplicate object ${key}`);
    seen.add(key);
    if (object.kind === 'HelmRelease') {
      const spec = object.spec as any;
      for (const dependency of spec.dependsOn ?? []) {
        if (!names.has(`${cluster} HelmRelease ${object.metadata.namespace}/${dependency.name}`))
          problems.push(`${key}: dependsOn ${dependency.name} is not emitted`);
      }
      const source = spec.chartRef ?? spec.chart?.spec?.sourceRef;
      if (!names.has(`${cluster} ${source?.kind} ${object.metadata.namespace}/${source?.name}`))
        problems.push(`${key}: source ${source?.kind}/${source?.name} is not emitted`);
    }
    const group = object.apiVersion.includes('/') ? object.apiVersion : `core/${object.apiVersion}`;
    const validator = crds?.get(`${group}/${object.kind}`);
    if (crds && object.apiVersion.includes('.') && !validator)
      problems.push(`${key}: no CRD in ../shared serves ${object.apiVersion} ${object.kind}`);
    if (validator && !validator.served) problems.push(`${key}: ${object.apiVersion} is not served`);
    if (validator && !validator.validate(object))
      problems.push(`${key}: ${JSON.stringify(validator.validate.errors?.slice(0, 2))}`);
  }
  for (const [path, content] of result.dist) {
    if (/PRIVATE KEY|BEGIN EC|BEGIN RSA/.test(content)) problems.push(`${path}: holds a private key`);
    if (path.endsWith('.yaml')) {
      const documents = parseAllDocuments(content);
      for (const document of documents)
        if (document.errors.length > 0) problems.push(`${path}: not valid YAML: ${document.errors[0].message}`);
      if (path.endsWith('kustomization.yaml')) {
        const folder = path.slice(0, path.lastIndexOf('/') + 1);
        for (const resource of (documents[0]?.toJS()?.resources ?? []) as string[]) {
          if (!result.dist.has(`${folder}${resource}`))
            problems.push(`${path}: lists ${resource}, which is not written`);
        }
      }
    }
  }
  return problems;
}
