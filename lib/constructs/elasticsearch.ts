import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { dnsLabelProp, invalidProp } from './validate';
import { PRUNE_DISABLED } from './namespace';

/** Kubernetes' container resources: `{requests: {cpu, memory}, limits: {cpu, memory}}`. */
export interface ContainerResources {
  readonly requests: { readonly cpu?: string; readonly memory?: string };
  readonly limits: { readonly cpu?: string; readonly memory?: string };
}

/** Props of an {@link Elasticsearch}. */
export interface ElasticsearchProps {
  /** The cluster's name: ECK names its Service `<name>-es-http` and its password Secret `<name>-es-elastic-user`. */
  readonly name: string;
  readonly namespace: string;
  /** The Elasticsearch version ECK runs, e.g. `8.19.11`. */
  readonly version: string;
  /** Nodes of the one node set (each master, data and ingest). */
  readonly nodeCount: number;
  /** Each node's data volume, a Kubernetes quantity such as `10Gi`. */
  readonly storage: string;
  /**
   * The StorageClass of each node's volume.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /** The `elasticsearch` container's resources (ECK sizes the JVM heap to half the memory limit). */
  readonly resources: ContainerResources;
  /**
   * Annotations of the nodes' pods, e.g. `linkerd.io/inject: disabled`.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** The node set's name: ECK names the StatefulSet `<name>-es-default`. */
export const ELASTICSEARCH_NODE_SET = 'default';

/**
 * An ECK Elasticsearch (`elasticsearch.k8s.elastic.co/v1`): one node set of `nodeCount` nodes, each with a
 * ReadWriteOnce volume. It holds data, so Flux never prunes it (`kustomize.toolkit.fluxcd.io/prune:
 * disabled`) and ECK keeps the volumes when it is deleted (`volumeClaimDeletePolicy: DeleteOnScaledownOnly`).
 * Memory-mapped stores are off (`node.store.allow_mmap: false`), so no node needs `vm.max_map_count` raised by
 * a privileged init container. ECK generates the `elastic` user's password and the HTTPS certificate.
 */
export class Elasticsearch extends ApiObject {
  public constructor(scope: Construct, id: string, props: ElasticsearchProps) {
    const what = `Elasticsearch ${props.namespace}/${props.name}`;
    // ECK's names derived from it (<name>-es-<nodeSet>-<n>, <name>-es-transport) must stay DNS labels.
    dnsLabelProp(what, 'name', props.name, 36);
    dnsLabelProp(what, 'namespace', props.namespace);
    if (!/^\d+\.\d+\.\d+$/.test(props.version))
      invalidProp(what, 'version', props.version, 'is not a version such as "8.19.11"');
    if (!Number.isInteger(props.nodeCount) || props.nodeCount < 1)
      invalidProp(what, 'nodeCount', props.nodeCount, 'is not a whole number of nodes, 1 or more');
    super(scope, id, {
      apiVersion: 'elasticsearch.k8s.elastic.co/v1',
      kind: 'Elasticsearch',
      metadata: { name: props.name, namespace: props.namespace, annotations: { ...PRUNE_DISABLED } },
      spec: {
        version: props.version,
        volumeClaimDeletePolicy: 'DeleteOnScaledownOnly',
        nodeSets: [
          {
            name: ELASTICSEARCH_NODE_SET,
            count: props.nodeCount,
            config: { 'node.store.allow_mmap': false },
            podTemplate: {
              ...(props.podAnnotations && { metadata: { annotations: { ...props.podAnnotations } } }),
              spec: {
                // What Pod Security's restricted level asks, beside ECK's own container defaults.
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 1000,
                  runAsGroup: 1000,
                  fsGroup: 1000,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                containers: [{ name: 'elasticsearch', resources: props.resources }],
              },
            },
            volumeClaimTemplates: [
              {
                // ECK mounts the claim of this name as the data directory.
                metadata: { name: 'elasticsearch-data' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  resources: { requests: { storage: props.storage } },
                  ...(props.storageClassName && { storageClassName: props.storageClassName }),
                },
              },
            ],
          },
        ],
      },
    });
  }
}

/** ECK's names for what it creates from an Elasticsearch `name` (its Service, Secrets and port). */
export function eckNames(name: string) {
  return {
    /** The HTTPS Service in front of every node. */
    httpService: `${name}-es-http`,
    httpPort: 9200,
    /** The Secret with the `elastic` superuser's generated password (key `elastic`). */
    elasticUserSecret: `${name}-es-elastic-user`,
    elasticUser: 'elastic',
    /** The Secret with the CA of the self-signed HTTP certificate (keys `ca.crt`, `tls.crt`). */
    httpCaSecret: `${name}-es-http-certs-public`,
  } as const;
}
