import { ApiObject, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';

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
 * Its `toJson()` gives exactly what cdk8s's `ApiObject.toJson()` gives, without that method's second pass
 * over the whole object (see {@link Namespace.toJson}); test/constructs/namespace.test.ts compares the two.
 */
export class Namespace extends ApiObject {
  /** Whether a JSON patch was ever added (cdk8s keeps the patches private). */
  private patched = false;

  public constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name,
        ...(props.labels && { labels: { ...props.labels } }),
        ...((props.annotations || props.prunable === false) && {
          annotations: { ...props.annotations, ...(props.prunable === false && PRUNE_DISABLED) },
        }),
      },
    });
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * cdk8s's `ApiObject.toJson()` is `{ ...props, metadata: metadata.toJson() }`, resolved and sanitized once more
   * as a whole, JSON-patched and its keys put in the order apiVersion, kind, metadata, the rest. A Namespace's
   * props hold apiVersion, kind and metadata only, and `metadata.toJson()` has already resolved, sanitized (keys
   * sorted, nulls and empties dropped) what it holds; the second pass changes nothing there when
   * - no JSON patch was added;
   * - the app has only cdk8s's own resolvers (a resolver of the app's own may change any value it is shown
   *   again, now under the key path `metadata...`);
   * - what `metadata.toJson()` gave is plain data: strings, numbers, booleans and arrays and objects of them
   *   (a function survives sanitizing untouched and could be a token to the second pass; a plain object holding
   *   neither a function nor its own `constructor` key is no token to any of cdk8s's resolvers). Sorting again
   *   gives the same order, and `CDK8S_DISABLE_SORT` only spares the second sort (metadata always sorts).
   * Anything else goes to cdk8s's own `toJson()` (where a Lazy in the metadata is then produced twice).
   */
  public override toJson(): any {
    if (this.patched || !onlyOwnResolvers(App.of(this))) return super.toJson();
    let metadata: unknown;
    try {
      metadata = this.metadata.toJson();
    } catch {
      return super.toJson(); // which throws it again, naming this object
    }
    // (An empty metadata, which toJson() gives as undefined, is no plain data: cdk8s then drops the key.)
    if (!isPlainData(metadata)) return super.toJson();
    return { apiVersion: this.apiVersion, kind: this.kind, metadata };
  }
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
