import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, type JsonPatch, LazyResolver, NumberStringUnionResolver, type OwnerReference } from 'cdk8s';
import type { Construct } from 'constructs';

/** Props of a {@link Namespace}. */
export interface NamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * Labels, e.g. the ones the Linkerd CLI sets on its own namespaces.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations, e.g. `linkerd.io/inject`.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Whether Flux may delete the namespace (and everything in it) when it leaves the synthesized output.
   * @default true
   */
  readonly prunable?: boolean;
}

/** The annotation that keeps Flux's prune from deleting an object that left the output. */
export const PRUNE_DISABLED: Readonly<Record<string, string>> = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' };

/**
 * A plain v1 Namespace. (cdk8s-plus-28's Namespace adds nothing we use and costs a third of
 * synthesis start-up to load; see the design notes under README "Layout".)
 *
 * Its `toJson()` gives exactly what cdk8s's `ApiObject.toJson()` gives, faster (see {@link Namespace.toJson});
 * test/constructs/namespace.test.ts compares the two.
 */
export class Namespace extends ApiObject {
  /** Whether a JSON patch was ever added (cdk8s keeps the patches private). */
  private patched = false;
  /** The labels and annotations the metadata was made with, when they are all plain strings. */
  private readonly madeWith?: { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>> };

  public constructor(scope: Construct, id: string, props: NamespaceProps) {
    const annotations = props.annotations || props.prunable === false ? { ...props.annotations, ...(props.prunable === false && PRUNE_DISABLED) } : undefined;
    super(scope, id, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name,
        ...(props.labels && { labels: { ...props.labels } }),
        ...(annotations && { annotations: { ...annotations } }),
      },
    });
    // What ApiObject's constructor gave the metadata: the chart's labels under the object's own.
    const labels = { ...this.chart.labels, ...props.labels };
    if (plainStrings(labels) && plainStrings(annotations ?? {})) {
      this.madeWith = { labels, annotations: annotations ?? {} };
      // From now on the metadata says when it is changed (see TrackedMetadata).
      Object.setPrototypeOf(this.metadata, TrackedMetadata.prototype);
    }
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * cdk8s's `ApiObject.toJson()` is `{ ...props, metadata: metadata.toJson() }`, resolved and sanitized once more
   * as a whole, JSON-patched and its keys put in the order apiVersion, kind, metadata, the rest. A Namespace's
   * props hold apiVersion, kind and metadata only, and `metadata.toJson()` has already resolved and sanitized
   * what it holds (keys sorted, nulls and empties dropped). The second pass changes nothing there when
   * - no JSON patch was added;
   * - the app has only cdk8s's own resolvers (a resolver of the app's own may change any value it is shown
   *   again, now under the key path `metadata...`);
   * - what `metadata.toJson()` gave is plain data: strings, numbers, booleans and arrays and objects of them
   *   (a function survives sanitizing untouched and could be a token to the second pass; a plain object holding
   *   neither a function nor its own `constructor` key is no token to any of cdk8s's resolvers). Sorting again
   *   gives the same order, and `CDK8S_DISABLE_SORT` only spares the second sort (metadata always sorts).
   * Then the result is `{ apiVersion, kind, metadata }`; while the metadata holds only what it was made with, in
   * plain strings, that metadata is built here (as `metadata.toJson()` would: resolving strings changes nothing).
   * Anything else goes to cdk8s's own `toJson()` (where a Lazy in the metadata is then produced twice).
   */
  public override toJson(): any {
    if (this.patched || !onlyOwnResolvers(App.of(this))) return super.toJson();
    const metadata = this.unchangedMetadata() ?? this.plainMetadata();
    return metadata ? { apiVersion: this.apiVersion, kind: this.kind, metadata } : super.toJson();
  }

  /** `metadata.toJson()` while the metadata holds only the plain strings it was made with; else undefined. */
  private unchangedMetadata(): Record<string, unknown> | undefined {
    const { name, namespace } = this.metadata;
    if (!this.madeWith || CHANGED.has(this.metadata) || typeof name !== 'string' || (namespace !== undefined && typeof namespace !== 'string')) return undefined;
    // Its keys in sorted order: annotations, (finalizers, none), labels, name, namespace, (ownerReferences, none).
    const json: Record<string, unknown> = {};
    const annotations = sortedNonEmpty(this.madeWith.annotations);
    if (annotations) json.annotations = annotations;
    const labels = sortedNonEmpty(this.madeWith.labels);
    if (labels) json.labels = labels;
    json.name = name;
    if (namespace !== undefined) json.namespace = namespace;
    return json;
  }

  /** `metadata.toJson()` when it is plain data; else undefined (also when it throws, or the metadata is empty). */
  private plainMetadata(): Record<string, unknown> | undefined {
    try {
      const metadata = this.metadata.toJson();
      return isPlainData(metadata) ? metadata : undefined;
    } catch {
      return undefined; // cdk8s's toJson() throws it again, naming this object
    }
  }
}

/** The metadata objects that were changed after their Namespace was made. */
const CHANGED = new WeakSet<ApiObjectMetadataDefinition>();

/**
 * A Namespace's metadata once made: cdk8s's own, noting every change made through its public methods (all
 * that change what it holds; test/constructs/namespace.test.ts checks the list against cdk8s's).
 */
class TrackedMetadata extends ApiObjectMetadataDefinition {
  public override add(key: string, value: any): void {
    CHANGED.add(this);
    super.add(key, value);
  }

  public override addAnnotation(key: string, value: string): void {
    CHANGED.add(this);
    super.addAnnotation(key, value);
  }

  public override addFinalizers(...finalizers: string[]): void {
    CHANGED.add(this);
    super.addFinalizers(...finalizers);
  }

  public override addLabel(key: string, value: string): void {
    CHANGED.add(this);
    super.addLabel(key, value);
  }

  public override addOwnerReference(owner: OwnerReference): void {
    CHANGED.add(this);
    super.addOwnerReference(owner);
  }
}

/**
 * Whether every value is a string, under keys that are plain to cdk8s's resolve and sanitize: an own
 * `constructor` makes the record no plain object to them, and `__proto__` is no key once copied.
 */
function plainStrings(record: Readonly<Record<string, unknown>>): boolean {
  for (const key of Object.keys(record)) if (typeof record[key] !== 'string' || key === 'constructor' || key === '__proto__') return false;
  return true;
}

/** A copy of `record` with its keys sorted as cdk8s's sanitize sorts them; undefined when it has none. */
function sortedNonEmpty(record: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const keys = Object.keys(record);
  if (keys.length === 0) return undefined;
  const sorted: Record<string, string> = {};
  for (const key of keys.sort()) sorted[key] = record[key];
  return sorted;
}

/** cdk8s's own resolvers, as every App lists them after any of its own. */
const CDK8S_RESOLVERS = [LazyResolver.prototype.resolve, ImplicitTokenResolver.prototype.resolve, NumberStringUnionResolver.prototype.resolve];

/** Whether `app` (the root of the tree) resolves with cdk8s's own resolvers and nothing else. */
function onlyOwnResolvers(app: unknown): boolean {
  const resolvers = (app as Partial<App>).resolvers;
  return Array.isArray(resolvers) && resolvers.length === CDK8S_RESOLVERS.length && resolvers.every((resolver, i) => resolver.resolve === CDK8S_RESOLVERS[i]);
}

/**
 * Whether `value` is a string, number or boolean, or an array (of these or undefined) or a plain object (of
 * these, without an own `constructor`) all the way down: data that cdk8s's resolvers leave as it is.
 */
function isPlainData(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (const item of value) if (item !== undefined && !isPlainData(item)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, 'constructor')) return false;
      for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false; // undefined (outside an array), function, symbol, bigint
  }
}
