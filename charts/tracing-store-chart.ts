import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { Elasticsearch, type ElasticsearchProps } from '../lib/constructs/elasticsearch';

/** Props of the {@link TracingStoreChart}. */
export interface TracingStoreChartProps {
  /** The Elasticsearch ECK runs for traces (ClusterPlan.searchStore.provisioned). */
  readonly elasticsearch: ElasticsearchProps;
}

/**
 * The tracing-store layer: the Elasticsearch that keeps Jaeger's traces, applied once the prerequisites layer
 * has installed ECK's operator and its CRDs. Never pruned: it holds data.
 */
export class TracingStoreChart extends Chart {
  public constructor(scope: Construct, id: string, props: TracingStoreChartProps) {
    super(scope, id);
    new Elasticsearch(this, 'Elasticsearch', props.elasticsearch);
  }
}
