/**
 * The Services people and our values reach by name: the viz dashboard and Prometheus, the Jaeger UI
 * and its OTLP receiver, as the Helm charts render them (linkerd-jaeger's Jaeger and the Jaeger project's
 * Jaeger v2 are both Service `jaeger` in linkerd-jaeger). The make targets port-forward these
 * (scripts/cluster-facts.ts prints them) and the Helm values link to them.
 */
import { TRACING_NAMESPACE, VIZ_NAMESPACE } from './names';

/** A Service port in a namespace. */
export interface ServicePort {
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
}

/** viz's dashboard: Service `web`, port 8084 (`http`). */
export const VIZ_DASHBOARD: ServicePort = { namespace: VIZ_NAMESPACE, service: 'web', port: 8084 };
/** viz's bundled Prometheus. */
export const VIZ_PROMETHEUS: ServicePort = { namespace: VIZ_NAMESPACE, service: 'prometheus', port: 9090 };
/** The Jaeger UI (query). */
export const JAEGER_UI: ServicePort = { namespace: TRACING_NAMESPACE, service: 'jaeger', port: 16686 };
/** Jaeger v2's OTLP gRPC receiver, where proxies export traces. */
export const JAEGER_OTLP: ServicePort = { namespace: TRACING_NAMESPACE, service: 'jaeger', port: 4317 };
