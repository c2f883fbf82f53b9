/**
 * Renders synthesized objects as the files of a layer folder: each HelmRelease in a file named after
 * its release (so a pull request's diff shows which component changed), every other kind in one file
 * per kind, and the kustomization.yaml that lists them.
 */
import { toYaml } from './yaml-writer';

/** A Kubernetes object as synthesized. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** How a layer folder groups its objects into files. */
export type FolderLayout = 'by-kind' | 'by-namespace';

/**
 * A layer folder's files by name and `kustomization.yaml`. `by-kind`: `<release>.yaml` per HelmRelease,
 * `<kind>.yaml` per other kind. `by-namespace`: `<namespace>.yaml` with every object of one namespace (the
 * policy layer, so that a namespace's rules read in one place).
 */
export function renderFolder(objects: readonly KubeObject[], layout: FolderLayout = 'by-kind'): Map<string, string> {
  const byFile = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const file =
      layout === 'by-namespace'
        ? `${object.metadata.namespace ?? 'cluster'}.yaml`
        : object.kind === 'HelmRelease'
          ? `${object.metadata.name}.yaml`
          : `${object.kind.toLowerCase()}.yaml`;
    const sameFile = byFile.get(file);
    if (sameFile && (object.kind === 'HelmRelease' || sameFile[0].kind === 'HelmRelease')) {
      throw new Error(
        `two objects would share ${file}: ${sameFile[0].kind} ${sameFile[0].metadata.name} and ${object.kind} ${object.metadata.name}`,
      );
    }
    if (sameFile) sameFile.push(object);
    else byFile.set(file, [object]);
  }
  const files = new Map<string, string>();
  const names = [...byFile.keys()].sort();
  for (const name of names) files.set(name, renderDocuments(byFile.get(name)!));
  files.set('kustomization.yaml', renderKustomization(names));
  return files;
}

/**
 * YAML documents separated by `---`, long strings never folded: `yaml`'s `stringify(object, {lineWidth: 0})`,
 * written by the faster yaml-writer.ts (byte-identical, see test/yaml-writer.test.ts).
 */
export function renderDocuments(objects: readonly object[]): string {
  return objects.map(toYaml).join('---\n');
}

/** A kustomize kustomization.yaml listing `resources`. */
export function renderKustomization(resources: readonly string[]): string {
  return renderDocuments([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }]);
}
