import { ApiObject } from 'cdk8s';
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
 * synthesis start-up to load; see docs/development.md.)
 */
export class Namespace extends ApiObject {
  public constructor(scope: Construct, id: string, props: NamespaceProps) {
    const annotations =
      props.annotations || props.prunable === false
        ? { ...props.annotations, ...(props.prunable === false && PRUNE_DISABLED) }
        : undefined;
    super(scope, id, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name,
        ...(props.labels && { labels: { ...props.labels } }),
        ...(annotations && { annotations: { ...annotations } }),
      },
    });
  }
}
