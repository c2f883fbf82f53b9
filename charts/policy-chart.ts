import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { type AuthenticationRef, AuthorizationPolicy } from '../lib/constructs/authorization-policy';
import { MeshTlsAuthentication } from '../lib/constructs/mesh-tls-authentication';
import { NetworkAuthentication } from '../lib/constructs/network-authentication';
import { PolicyHttpRoute } from '../lib/constructs/policy-http-route';
import { PolicyServer } from '../lib/constructs/policy-server';
import {
  MESHED_PODS,
  type NamespacePolicyPlan,
  type PolicyPlan,
  PROXY_ADMIN,
  type Scraper,
  VIZ_PROMETHEUS_SERVER,
} from '../features/policy/plan';
import { VIZ_NAMESPACE } from '../lib/linkerd/names';

/** Props of the {@link PolicyChart}. */
export interface PolicyChartProps {
  readonly policy: PolicyPlan;
}

/** Networks kubelet probes come from: any (node addresses are not in the pod networks), as viz's `kubelet` authentication. */
const ANY_NETWORK = ['0.0.0.0/0', '::/0'];

/**
 * The policy layer: per namespace, the Servers, routes and authorizations that let scrapes, probes, span
 * exports and Grafana through a strict default policy, and the person's allow rules. A layer of its own
 * after the mesh layer, because these kinds exist only once linkerd-crds is installed there.
 */
export class PolicyChart extends Chart {
  public constructor(scope: Construct, id: string, props: PolicyChartProps) {
    super(scope, id);
    for (const namespace of props.policy.namespaces) {
      // Prefixed: a construct id such as `constructor` would clash with the object's own properties.
      new NamespacePolicy(this, `namespace-${namespace.namespace}`, { plan: props.policy, namespace });
    }
  }
}

interface NamespacePolicyProps {
  readonly plan: PolicyPlan;
  readonly namespace: NamespacePolicyPlan;
}

/** The policy objects of one namespace. */
class NamespacePolicy extends Construct {
  public constructor(scope: Construct, id: string, props: NamespacePolicyProps) {
    super(scope, id);
    const { plan, namespace: policy } = props;
    const namespace = policy.namespace;
    const serverCommon = {
      namespace,
      apiVersion: plan.serverApiVersion,
      ...(policy.audit && { accessPolicy: 'audit' as const }),
    };

    if (policy.proxyAdmin) {
      // What `linkerd viz allow-scrapes` emits: the admin port, a route for /metrics and one for the probes.
      const server = new PolicyServer(this, 'proxy-admin', {
        ...serverCommon,
        name: 'proxy-admin',
        podSelector: MESHED_PODS,
        port: PROXY_ADMIN.port,
        proxyProtocol: 'HTTP/1',
      });
      const metrics = new PolicyHttpRoute(this, 'proxy-metrics', {
        namespace,
        name: 'proxy-metrics',
        serverName: server.serverName,
        pathPrefixes: [PROXY_ADMIN.metricsPath],
      });
      const probes = new PolicyHttpRoute(this, 'proxy-probes', {
        namespace,
        name: 'proxy-probes',
        serverName: server.serverName,
        pathPrefixes: PROXY_ADMIN.probePaths,
      });
      const kubelet = new NetworkAuthentication(this, 'proxy-probes-networks', {
        namespace,
        name: 'proxy-probes',
        networks: ANY_NETWORK,
      });
      new AuthorizationPolicy(this, 'proxy-probes-authorization', {
        namespace,
        name: 'proxy-probes',
        target: { kind: 'HTTPRoute', name: probes.routeName },
        authentications: [{ kind: 'NetworkAuthentication', name: kubelet.authenticationName }],
      });
      for (const scraper of policy.proxyAdmin.scrapers) {
        const name = `proxy-metrics-${scraper.name}`;
        const authentication = this.scraperAuthentication(namespace, name, scraper);
        new AuthorizationPolicy(this, `${name}-authorization`, {
          namespace,
          name,
          target: { kind: 'HTTPRoute', name: metrics.routeName },
          authentications: [authentication],
        });
      }
    }

    if (policy.componentAdmin) {
      // The extensions' components (their Helm charts label each with linkerd.io/extension and component); viz's
      // Prometheus pod keeps the Helm chart's own Server on that port (Servers must not overlap).
      const server = new PolicyServer(this, 'component-admin', {
        ...serverCommon,
        name: 'component-admin',
        podSelector: {
          matchExpressions: [
            { key: 'linkerd.io/extension', operator: 'Exists' },
            ...(namespace === VIZ_NAMESPACE
              ? [{ key: 'component', operator: 'NotIn' as const, values: ['prometheus'] }]
              : []),
          ],
        },
        port: policy.componentAdmin.port,
        proxyProtocol: 'HTTP/1',
      });
      for (const scraper of policy.componentAdmin.scrapers) {
        const name = `component-admin-${scraper.name}`;
        const authentication = this.scraperAuthentication(namespace, name, scraper);
        new AuthorizationPolicy(this, `${name}-authorization`, {
          namespace,
          name,
          target: { kind: 'Server', name: server.serverName },
          authentications: [authentication],
        });
        if (policy.componentAdmin.vizPrometheusServer) {
          new AuthorizationPolicy(this, `${name}-viz-prometheus-authorization`, {
            namespace,
            name: `${VIZ_PROMETHEUS_SERVER}-${scraper.name}`,
            target: { kind: 'Server', name: VIZ_PROMETHEUS_SERVER },
            authentications: [authentication],
          });
        }
      }
    }

    if (policy.otlpCollector) {
      const server = new PolicyServer(this, 'otlp-collector', {
        ...serverCommon,
        name: 'otlp-collector',
        podSelector: policy.otlpCollector.podSelector,
        port: policy.otlpCollector.port,
        proxyProtocol: 'gRPC',
      });
      const meshed = new MeshTlsAuthentication(this, 'otlp-collector-clients', {
        namespace,
        name: 'otlp-collector',
        anyMeshed: true,
        trustDomain: plan.trustDomain,
      });
      new AuthorizationPolicy(this, 'otlp-collector-authorization', {
        namespace,
        name: 'otlp-collector',
        target: { kind: 'Server', name: server.serverName },
        authentications: [{ kind: 'MeshTLSAuthentication', name: meshed.authenticationName }],
      });
    }

    if (policy.jaegerQuery) {
      const server = new PolicyServer(this, 'jaeger-query', {
        ...serverCommon,
        name: 'jaeger-query',
        podSelector: policy.jaegerQuery.podSelector,
        port: policy.jaegerQuery.port,
        proxyProtocol: 'HTTP/1',
      });
      new AuthorizationPolicy(this, 'jaeger-query-authorization', {
        namespace,
        name: 'jaeger-query',
        target: { kind: 'Server', name: server.serverName },
        authentications: [
          {
            kind: 'ServiceAccount',
            name: policy.jaegerQuery.client.serviceAccount,
            namespace: policy.jaegerQuery.client.namespace,
          },
        ],
      });
    }

    if (policy.grafana) {
      // Linkerd's grafana/authzpolicy-grafana.yaml: Grafana may query viz's Prometheus.
      new AuthorizationPolicy(this, 'grafana', {
        namespace,
        name: 'grafana',
        target: { kind: 'Server', name: VIZ_PROMETHEUS_SERVER },
        authentications: [
          { kind: 'ServiceAccount', name: policy.grafana.serviceAccount, namespace: policy.grafana.namespace },
        ],
      });
    }

    const servers = new Map<string, PolicyServer>();
    for (const rule of policy.rules) {
      for (const port of rule.ports ?? []) {
        if (servers.has(String(port))) continue;
        servers.set(
          String(port),
          new PolicyServer(this, `inbound-${port}`, {
            ...serverCommon,
            name: `inbound-${port}`,
            podSelector: MESHED_PODS,
            port,
          }),
        );
      }
    }
    for (const rule of policy.rules) {
      const callers = new MeshTlsAuthentication(this, rule.name, {
        namespace,
        name: rule.name,
        namespaces: rule.namespaces,
        serviceAccounts: rule.serviceAccounts,
        trustDomain: plan.trustDomain,
      });
      const authentications: AuthenticationRef[] = [
        { kind: 'MeshTLSAuthentication', name: callers.authenticationName },
      ];
      if (!rule.ports) {
        new AuthorizationPolicy(this, `${rule.name}-authorization`, {
          namespace,
          name: rule.name,
          target: { kind: 'Namespace' },
          authentications,
        });
        continue;
      }
      for (const port of rule.ports) {
        const server = servers.get(String(port))!;
        new AuthorizationPolicy(this, `${rule.name}-${port}-authorization`, {
          namespace,
          name: `${rule.name}-${server.serverName}`,
          target: { kind: 'Server', name: server.serverName },
          authentications,
        });
      }
    }
  }

  /** How `scraper` is known to the proxy: its mesh identity, or (unmeshed) a NetworkAuthentication of its networks named `name`. */
  private scraperAuthentication(namespace: string, name: string, scraper: Scraper): AuthenticationRef {
    if ('identity' in scraper) {
      return { kind: 'ServiceAccount', name: scraper.identity.serviceAccount, namespace: scraper.identity.namespace };
    }
    const networks = new NetworkAuthentication(this, `${name}-networks`, {
      namespace,
      name,
      networks: scraper.networks,
    });
    return { kind: 'NetworkAuthentication', name: networks.authenticationName };
  }
}
