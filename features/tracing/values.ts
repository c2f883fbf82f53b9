/**
 * Tracing's Helm values on the Linkerd Helm charts: where proxies export spans (edge lines whose proxies export
 * them), the Jaeger UI viz's dashboard links to, and linkerd-jaeger's collector forwarding to the person's OTLP
 * backend. Jaeger v2's own values are in ./jaeger-values.ts.
 */
import { stringify } from 'yaml';
import type { LinkerdHelmChartName } from '../../lib/linkerd/catalog';
import { TRACING_NAMESPACE } from '../../lib/linkerd/names';
import { JAEGER_OTLP, JAEGER_UI } from '../../lib/linkerd/services';
import { type HelmValues, setPath } from '../../lib/linkerd/value-paths';
import type { ConfigBasis } from '../core/basis';

export function tracingValues(basis: ConfigBasis, helmChart: LinkerdHelmChartName): HelmValues {
  const values: HelmValues = {};
  const { config } = basis;
  if (helmChart === 'linkerd-control-plane' && (basis.tracing === 'jaeger' || basis.tracing === 'otlp')) {
    // Proxies export OTLP themselves, over mTLS to the meshed collector: a span per request they proxy
    // that carries trace headers.
    const collector = traceCollector(basis);
    setPath(values, 'proxy.tracing.enabled', true);
    setPath(values, 'proxy.tracing.collector.endpoint', collector.endpoint);
    setPath(values, 'proxy.tracing.collector.meshIdentity.serviceAccountName', collector.serviceAccount);
    setPath(values, 'proxy.tracing.collector.meshIdentity.namespace', collector.namespace);
    // The control plane's own tracing (controller.tracing) stays off: Linkerd ships it for debugging the
    // controllers, its export protocol changed between releases (OpenCensus, later OTLP), and on
    // edge-25.10.1 to 25.10.6 the Helm chart refuses it without a separate controller.tracing.collector.endpoint.
  }
  if (helmChart === 'linkerd-viz') {
    const jaegerUrl = jaegerUiAddress(basis);
    if (jaegerUrl) setPath(values, 'jaegerUrl', jaegerUrl);
  }
  if (helmChart === 'linkerd-jaeger' && config.tracing.backend === 'otlp') {
    setPath(values, 'jaeger.enabled', false);
    setPath(values, 'collector.config', collectorConfig(basis));
  }
  return values;
}

/**
 * The Jaeger UI viz links to: the bundled one (linkerd-jaeger's or Jaeger v2's, both Service `jaeger` in
 * linkerd-jaeger), or the config's external one, or none.
 */
function jaegerUiAddress(basis: ConfigBasis): string | undefined {
  if (basis.tracing === 'off') return undefined;
  if (basis.config.tracing.backend === 'jaeger') return `${JAEGER_UI.service}.${JAEGER_UI.namespace}:${JAEGER_UI.port}`;
  return basis.config.tracing.jaegerUrl;
}

/**
 * Where proxies send traces on a line whose proxies export them: the Jaeger v2 we install (Service and
 * ServiceAccount `jaeger`, release name `jaeger`), or the person's collector.
 */
function traceCollector(basis: ConfigBasis): { endpoint: string; serviceAccount: string; namespace: string } {
  const { tracing } = basis.config;
  if (basis.tracing === 'jaeger')
    return {
      endpoint: `${JAEGER_OTLP.service}.${JAEGER_OTLP.namespace}:${JAEGER_OTLP.port}`,
      serviceAccount: 'jaeger',
      namespace: TRACING_NAMESPACE,
    };
  return {
    endpoint: tracing.otlpEndpoint!,
    serviceAccount: tracing.collectorIdentity!.serviceAccount,
    namespace: tracing.collectorIdentity!.namespace,
  };
}

/**
 * The collector's config for an external OTLP backend. Edge Helm charts take a map that Helm merges into
 * the Helm chart's default (so its receivers and Kubernetes processors stay; `null` deletes the bundled
 * Jaeger exporter). 2.14 takes one YAML string that replaces the default, so it is written whole,
 * with the same receivers as the Helm chart's default so proxies of every protocol keep reporting.
 */
function collectorConfig(basis: ConfigBasis): unknown {
  const otlp = {
    endpoint: basis.config.tracing.otlpEndpoint,
    tls: { insecure: basis.config.tracing.otlpInsecure ?? true },
  };
  if (!basis.line.collectorConfigIsString) {
    return { exporters: { jaeger: null, otlp }, service: { pipelines: { traces: { exporters: ['otlp'] } } } };
  }
  const receivers = ['otlp', 'opencensus', 'zipkin', 'jaeger'];
  return stringify(
    {
      receivers: {
        otlp: { protocols: { grpc: null, http: null } },
        opencensus: null,
        zipkin: null,
        jaeger: { protocols: { grpc: null, thrift_http: null, thrift_compact: null, thrift_binary: null } },
      },
      processors: { batch: null },
      extensions: { health_check: null },
      exporters: { otlp },
      service: {
        extensions: ['health_check'],
        pipelines: { traces: { receivers, processors: ['batch'], exporters: ['otlp'] } },
      },
    },
    { lineWidth: 0 },
  );
}
