/**
 * Elasticsearch (ECK) on its own: one construct in `Testing.chart()`, its defaults, its output, what it refuses,
 * then the real CRD of ECK 3.5.0 (../shared/tracing-storage/crds/eck-3.5.0).
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { loadCrdValidators } from '../../test/support/crd-schemas';
import { describeWithShared } from '../../test/support/shared';
import { Elasticsearch, type ElasticsearchProps, eckNames } from './elasticsearch';
import { PRUNE_DISABLED } from './namespace';

const PROPS: ElasticsearchProps = {
  name: 'traces',
  namespace: 'linkerd-jaeger',
  version: '8.19.11',
  nodeCount: 1,
  storage: '10Gi',
  resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } },
};

function synth(props: Partial<ElasticsearchProps> = {}): any[] {
  const chart = Testing.chart();
  new Elasticsearch(chart, 'Store', { ...PROPS, ...props });
  return Testing.synth(chart);
}

describe('defaults', () => {
  test('one node set, never pruned, volumes kept when it goes, no mmap, the default StorageClass', () => {
    const [object] = synth();
    expect(object.metadata).toEqual({
      name: 'traces',
      namespace: 'linkerd-jaeger',
      annotations: { ...PRUNE_DISABLED },
    });
    expect(object.spec.volumeClaimDeletePolicy).toBe('DeleteOnScaledownOnly');
    expect(object.spec.nodeSets).toHaveLength(1);
    const [nodeSet] = object.spec.nodeSets;
    expect(nodeSet.count).toBe(1);
    expect(nodeSet.config).toEqual({ 'node.store.allow_mmap': false });
    expect(nodeSet.podTemplate.metadata).toBeUndefined();
    expect(nodeSet.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'elasticsearch-data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      },
    ]);
  });
});

describe('output', () => {
  test('the node count, the StorageClass, the resources and the pod annotations, as given', () => {
    const [object] = synth({
      nodeCount: 3,
      storageClassName: 'fast-ssd',
      podAnnotations: { 'linkerd.io/inject': 'disabled' },
    });
    const [nodeSet] = object.spec.nodeSets;
    expect(nodeSet.count).toBe(3);
    expect(nodeSet.volumeClaimTemplates[0].spec.storageClassName).toBe('fast-ssd');
    expect(nodeSet.podTemplate.metadata.annotations).toEqual({ 'linkerd.io/inject': 'disabled' });
    expect(nodeSet.podTemplate.spec.containers).toEqual([{ name: 'elasticsearch', resources: PROPS.resources }]);
  });

  test("ECK's names: Service, password Secret, CA Secret", () => {
    expect(eckNames('traces')).toEqual({
      httpService: 'traces-es-http',
      httpPort: 9200,
      elasticUserSecret: 'traces-es-elastic-user',
      elasticUser: 'elastic',
      httpCaSecret: 'traces-es-http-certs-public',
    });
  });
});

describe('validation', () => {
  test('a name ECK cannot derive its names from, a version and a node count that are none', () => {
    expect(() => synth({ name: 'Traces' })).toThrow(
      /Elasticsearch linkerd-jaeger\/Traces: name "Traces" is not a DNS-1123 label/,
    );
    expect(() => synth({ version: 'latest' })).toThrow(/version "latest" is not a version such as "8.19.11"/);
    expect(() => synth({ nodeCount: 0 })).toThrow(/nodeCount 0 is not a whole number of nodes/);
  });
});

describeWithShared("against ECK 3.5.0's Elasticsearch CRD", () => {
  const validators = loadCrdValidators(['tracing-storage/crds/eck-3.5.0']);
  test('the defaults and every option are valid, with no unknown field', () => {
    const objects = [
      ...synth(),
      ...synth({ nodeCount: 3, storageClassName: 'fast-ssd', podAnnotations: { 'linkerd.io/inject': 'disabled' } }),
    ];
    expect(crdProblems(validators, objects)).toEqual([]);
  });

  test('the schema is strict: a misspelled field is refused', () => {
    const [object] = synth();
    expect(crdProblems(validators, [{ ...object, spec: { ...object.spec, nodeSet: [] } }]).join('\n')).toContain(
      'must NOT have additional properties',
    );
  });
});
