/**
 * The proxy's outbound route metrics: what every Linkerd proxy exports on its admin port (`/metrics` on
 * `linkerd-admin`, scraped by the Helm chart's `linkerd-proxy` PodMonitor) for each Gateway API HTTPRoute or
 * GRPCRoute its outbound requests take. Read from linkerd2-proxy's source at the proxy versions the edge lines pin
 * (`.proxy-version` in linkerd2: edge-25.9.4 v2.320.0, edge-25.10.7 v2.326.0, edge-26.6.3 v2.359.0, edge-26.8.3
 * v2.366.0), and from linkerd2's own reader of them, `linkerd viz stat-outbound` (viz/cmd/stat-outbound.go):
 *
 * - the registry: `outbound` (linkerd/app/src/lib.rs) + `http`/`grpc` + `route` (linkerd/app/outbound/src/http.rs);
 *   under it `request_duration` (seconds, a histogram: `_bucket`, `_sum`, `_count`), `request_statuses` (a counter:
 *   `_total`; registered as `request_statuses` up to v2.326.0, as `request` + `statuses` from v2.359.0), `retry` +
 *   `requests`, `successes`, `limit_exceeded`, `overflow` (linkerd/http/retry/src/lib.rs), and `backend` + ... per
 *   backend (linkerd/app/outbound/src/http/logical/policy/route/metrics.rs);
 * - the labels (…/route/metrics/labels.rs, linkerd/app/outbound/src/metrics.rs): the parent
 *   `parent_group`, `parent_kind`, `parent_namespace`, `parent_name`, `parent_port`, `parent_section_name`; the route
 *   `route_group`, `route_kind`, `route_namespace`, `route_name`; `hostname`; on the statuses `http_status` (the
 *   code, empty on an error) or `grpc_status` (`OK`, `UNAVAILABLE`, ...), and `error` (`REQUEST_TIMEOUT`,
 *   `FAIL_FAST`, ..., empty on a response). A route the person wrote has `route_kind` `HTTPRoute`/`GRPCRoute`; the
 *   routes the policy controller makes up for a Service without any have `route_kind="default"`;
 * - success as `linkerd viz stat-outbound` counts it: HTTP without an error and not 5xx, gRPC `OK` without an error;
 * - the request duration's buckets are 0.05, 0.5, 1 and 10 seconds (REQUEST_BUCKETS): quantiles between them are
 *   interpolated, so read a p99 of 0.3 s as "between 50 and 500 ms".
 *
 * stable-2.14's proxy has none of them: routes (and so these series) need Linkerd 2.16 (features/traffic refuses
 * routes on older lines).
 */

/** The protocols with route metrics of their own. */
export type RouteProtocol = 'http' | 'grpc';

/** The metric names of one protocol's routes, as Prometheus stores them. */
export function routeMetrics(protocol: RouteProtocol) {
  const prefix = `outbound_${protocol}_route`;
  return {
    /** A histogram (seconds) of each request, retries included: `_bucket` with `le`. */
    requestDurationBucket: `${prefix}_request_duration_seconds_bucket`,
    /** Completed requests by their final outcome (after retries). */
    requestStatuses: `${prefix}_request_statuses_total`,
    /** Retries sent. */
    retryRequests: `${prefix}_retry_requests_total`,
    /** Retries that got a successful response. */
    retrySuccesses: `${prefix}_retry_successes_total`,
    /** Retryable requests not retried: the retry limit was reached ("Retryable requests not sent due to retry limits"). */
    retryLimitExceeded: `${prefix}_retry_limit_exceeded_total`,
    /** Retryable requests not retried because the backends were not ready ("... due to circuit breakers"). */
    retryOverflow: `${prefix}_retry_overflow_total`,
  } as const;
}

/** The labels that name a route's parent (a Service, or an EgressNetwork) and the route. */
export const ROUTE_LABELS = {
  parentNamespace: 'parent_namespace',
  parentName: 'parent_name',
  routeNamespace: 'route_namespace',
  routeName: 'route_name',
  routeKind: 'route_kind',
} as const;

/** `route_kind` of the routes the policy controller makes up for a parent without routes of its own. */
export const DEFAULT_ROUTE_KIND = 'default';

/**
 * Matchers of a successful request of `protocol` on the statuses counter (viz stat-outbound's rule): no `error`,
 * and an HTTP status that is not 5xx, or gRPC `OK`.
 */
export function routeSuccessMatchers(protocol: RouteProtocol): string {
  return protocol === 'http' ? 'error="",http_status!~"5.."' : 'error="",grpc_status="OK"';
}

/** Every label the proxy itself puts on its outbound route series (the render join's list of what the series carry). */
export const ROUTE_SERIES_LABELS: readonly string[] = [
  'parent_group',
  'parent_kind',
  'parent_namespace',
  'parent_name',
  'parent_port',
  'parent_section_name',
  'route_group',
  'route_kind',
  'route_namespace',
  'route_name',
  'hostname',
  'http_status',
  'grpc_status',
  'error',
  'backend_group',
  'backend_kind',
  'backend_namespace',
  'backend_name',
  'backend_port',
  'backend_section_name',
];
