/**
 * Helm charts from other projects that the mesh installs beside Linkerd's own, pinned to exact versions.
 * One place for them, so `npm run outdated` and the Helm charts read the same pins.
 */

/** A Helm chart published by another project. */
export interface CompanionHelmChart {
  /** The Helm chart's name in its repository. */
  readonly name: string;
  /** Where it is published: an `oci://` repository of the Helm chart itself, or an HTTP Helm repository. */
  readonly repositoryUrl: string;
  /** The exact version installed (jetstack's OCI tags carry a leading "v"). */
  readonly version: string;
}

/** cert-manager: issues and rotates every certificate of the mesh. */
export const CERT_MANAGER_HELM_CHART: CompanionHelmChart = {
  name: 'cert-manager',
  repositoryUrl: 'oci://quay.io/jetstack/charts/cert-manager',
  version: 'v1.21.1',
};

/** trust-manager: publishes the trust anchor's public certificate as the trust-roots ConfigMap. */
export const TRUST_MANAGER_HELM_CHART: CompanionHelmChart = {
  name: 'trust-manager',
  repositoryUrl: 'oci://quay.io/jetstack/charts/trust-manager',
  version: 'v0.24.0',
};

/** Jaeger v2, the Jaeger project's own Helm chart: tracing on lines without linkerd-jaeger. */
export const JAEGER_HELM_CHART: CompanionHelmChart = {
  name: 'jaeger',
  repositoryUrl: 'https://jaegertracing.github.io/helm-charts',
  version: '4.11.1',
};

/**
 * ECK (Elastic Cloud on Kubernetes), Elastic's operator: runs the Elasticsearch that keeps traces with
 * `tracing.elasticsearch.provision` (Elastic License 2.0; the basic tier it runs is free).
 */
export const ECK_OPERATOR_HELM_CHART: CompanionHelmChart = {
  name: 'eck-operator',
  repositoryUrl: 'https://helm.elastic.co',
  version: '3.5.0',
};

/** Helm values: a tree of plain data. */
type Values = Record<string, unknown>;

/**
 * cert-manager's values that make a Prometheus Operator scrape its controller (the `certmanager_certificate_*`
 * series the certificate alerts read): the Helm chart's own PodMonitor, with the labels the person's Prometheus
 * selects PodMonitors by, and `honorLabels` so that a Certificate's `namespace` label stays `namespace`
 * (without it the scrape target's namespace wins and the Certificate's becomes `exported_namespace`).
 */
export function certManagerMonitoringValues(labels: Readonly<Record<string, string>>): Values {
  return { prometheus: { enabled: true, podmonitor: { enabled: true, honorLabels: true, labels: { ...labels } } } };
}

/**
 * trust-manager's values for the same Prometheus: the Helm chart offers a ServiceMonitor (no PodMonitor) on its
 * metrics Service, with the same labels and `honorLabels`.
 */
export function trustManagerMonitoringValues(labels: Readonly<Record<string, string>>): Values {
  return {
    app: {
      metrics: {
        service: {
          enabled: true,
          servicemonitor: { enabled: true, labels: { ...labels }, endpointAdditionalProperties: { honorLabels: true } },
        },
      },
    },
  };
}
