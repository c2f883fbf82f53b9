/**
 * One Flux owner per Namespace. Both this project's Kustomization and a person's own apply with the same
 * field manager (kustomize-controller), so server-side apply cannot keep their fields apart: each
 * reconcile of one removes what the other set (the inject annotation among them). So a namespace we
 * declare must not be declared elsewhere in the repository, and a meshed namespace the person's own
 * manifests declare (`declared: elsewhere`) must carry the annotation there.
 */
import type { ServiceScan } from '../../features/traffic/plan';

export type { ServiceManifest, ServiceProfileManifest, ServiceScan } from '../../features/traffic/plan';
import type { ClusterPlan } from './plan';

/** A Namespace declared in a file of the repository (lib/input/namespace-manifests.ts finds them). */
export interface NamespaceManifest {
  /** The file, relative to the repository root (posix separators). */
  readonly file: string;
  readonly name: string;
  /** Its `linkerd.io/inject` annotation, when it has one. */
  readonly inject?: string;
  /** The 1-based line of `metadata:` in the file (where the annotation belongs). */
  readonly line: number;
}

/** What the scan of the repository found: the manifests, or why it could not look. */
export type RepositoryScan =
  | {
      readonly root: string;
      readonly manifests: readonly NamespaceManifest[];
      /** Files that look like they declare a Namespace but were not read, and why (said as warnings). */
      readonly skipped?: readonly { readonly file: string; readonly reason: string }[];
      /** The person's Services and ServiceProfiles, when the scan looked for them (a config has `traffic`). */
      readonly services?: ServiceScan;
    }
  | { readonly root?: undefined; readonly reason: string };

/** What the scan means for one cluster: problems (synthesis stops) and warnings. */
export interface OwnershipFindings {
  readonly problems: string[];
  readonly warnings: string[];
}

/**
 * Checks the namespaces `plan` declares (ClusterPlan.namespaces) and the meshed namespaces it leaves to
 * the person's manifests against the repository `scan`.
 */
export function namespaceOwnership(
  plan: Pick<ClusterPlan, 'config' | 'file' | 'namespaces'>,
  scan: RepositoryScan,
): OwnershipFindings {
  const { file } = plan;
  const declared = plan.namespaces.map((namespace) => namespace.name);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (scan.root === undefined) {
    warnings.push(
      `warning: ${file}: could not look for Namespace manifests elsewhere (${scan.reason}); make sure no other manifest declares ${namesInShort(declared)}`,
    );
    return { problems, warnings };
  }
  const byName = new Map<string, NamespaceManifest[]>();
  for (const manifest of scan.manifests) byName.set(manifest.name, [...(byName.get(manifest.name) ?? []), manifest]);
  const meshed = plan.config.meshedNamespaces;

  for (const name of declared) {
    const elsewhere = byName.get(name);
    if (!elsewhere) continue;
    const index = meshed.findIndex((namespace) => namespace.name === name);
    const where = elsewhere.map((manifest) => manifest.file).join(', ');
    if (index >= 0) {
      const annotation = `linkerd.io/inject: ${meshed[index].inject}`;
      problems.push(
        `${file}: meshedNamespaces[${index}].name: "${name}" is also declared by ${where}; two Flux owners would undo each other's fields ` +
          `(the inject annotation among them). Either set {name: ${name}, declared: elsewhere} here and add "${annotation}" under metadata.annotations in ${elsewhere[0].file}, ` +
          `or delete the Namespace from ${where} and let this project declare it`,
      );
    } else {
      problems.push(
        `${file}: the namespace "${name}", which this project declares for Linkerd, is also declared by ${where}; two Flux owners would undo each other's fields. Delete it from ${where}`,
      );
    }
  }
  meshed.forEach((namespace, index) => {
    if (namespace.declared !== 'elsewhere') return;
    const manifests = byName.get(namespace.name);
    const annotation = `linkerd.io/inject: ${namespace.inject}`;
    if (!manifests) {
      warnings.push(
        `warning: ${file}: meshedNamespaces[${index}]: no manifest in the repository declares the namespace "${namespace.name}" (declared: elsewhere); its pods get a proxy only where "${annotation}" is set on it`,
      );
      return;
    }
    for (const manifest of manifests.filter((candidate) => candidate.inject !== namespace.inject)) {
      warnings.push(
        `warning: ${file}: meshedNamespaces[${index}]: ${manifest.file}:${manifest.line} declares the namespace "${namespace.name}" without "${annotation}"; ` +
          `add it under metadata.annotations there (make linkerd-inject NS=${namespace.name} does)`,
      );
    }
  });
  return { problems, warnings };
}

/** How many names a warning lists before it counts the rest: one line a person reads, even for 20000 namespaces. */
const LISTED_NAMES = 10;

/** `names` joined with commas, the ones past the first {@link LISTED_NAMES} counted, not listed. */
function namesInShort(names: readonly string[]): string {
  const rest = names.length - LISTED_NAMES;
  return rest > 0
    ? `${names.slice(0, LISTED_NAMES).join(', ')} and ${rest} more (every Namespace of the plan)`
    : names.join(', ');
}
