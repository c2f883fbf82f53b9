/**
 * The schema tree of a cluster config file (clusters/<name>.yaml): which fields exist, their defaults,
 * and the checks that need more than one field. Single fields are validated by ./fields.ts, what a
 * release line lacks by ./release-line-rules.ts; the TypeScript API and the YAML loader both parse
 * through `clusterConfigSchema`.
 */
import { z } from 'zod';
import { DEFAULT_RELEASE_LINE, RELEASE_LINE_NAMES, releaseLine } from '../linkerd/catalog';
import { componentKeys, type ComponentGroup } from '../linkerd/components';
import { RESERVED_NAMESPACES } from '../linkerd/names';
import { RESOURCE_PROFILES } from '../linkerd/resources';
import {
  cpuQuantity,
  dnsLabel,
  dnsSubdomain,
  duration,
  gitPath,
  hostName,
  hostPort,
  httpUrl,
  memoryQuantity,
  pemCertificate,
  quantity,
  resourcesSchema,
  runbookUrl,
  volumeSize,
} from './fields';
import { configProblems } from './config-rules';
import { labelsSchema } from './kubernetes-labels';
import { policyProblems, policySchema, systemMeshedNamespaces } from './policy';
import { releaseLineProblems } from './release-line-rules';
import { cniSchema, podSecurityLevel, podSecurityProblems, podSecuritySchema } from './cni-schema';

export { releaseLineProblems } from './release-line-rules';
export type { FieldProblem } from './release-line-rules';

function componentOverrides(group: ComponentGroup) {
  const shape = Object.fromEntries(componentKeys(group).map((key) => [key, resourcesSchema.optional()]));
  return z.strictObject(shape).prefault({});
}

/** A namespace to mesh: a name, or `{name, inject}` for the ingress mode. */
const meshedNamespaceSchema = z.preprocess(
  (value, ctx) => {
    if (typeof value === 'number' || typeof value === 'boolean') {
      // YAML reads `- 2024` as a number and `- yes`... as a string; a namespace name is a string either way.
      ctx.addIssue({
        code: 'custom',
        input: value,
        message: `is not a namespace name: YAML reads it as a ${typeof value}; write it in quotes ("${String(value)}"), or {name: "${String(value)}"}`,
      });
      return z.NEVER;
    }
    return typeof value === 'string' ? { name: value } : value;
  },
  z.strictObject({
    name: dnsLabel,
    /** `enabled` meshes every pod; `ingress` is for ingress controllers (see Linkerd's ingress docs). */
    inject: z.enum(['enabled', 'ingress']).default('enabled'),
    /**
     * What this namespace's meshed pods accept when no policy says otherwise (annotation
     * `config.linkerd.io/default-inbound-policy`); the cluster's `proxy.defaultInboundPolicy` otherwise.
     */
    defaultInboundPolicy: z.string().optional(),
    /**
     * Who declares the Namespace: `here` (this project emits it, with the annotation) or `elsewhere` (your own
     * manifests do, and carry the annotation; this project emits nothing for it). One owner per Namespace.
     */
    declared: z.enum(['here', 'elsewhere']).default('here'),
    /**
     * The Pod Security Standard this namespace enforces (its `pod-security.kubernetes.io/enforce` label);
     * `podSecurity.enforce` otherwise. Anything but `privileged` needs cni.enabled: true.
     */
    podSecurity: podSecurityLevel.optional(),
  }),
);

export const clusterConfigSchema = z
  .strictObject({
    /** The Linkerd release line (see lib/linkerd/catalog.ts). */
    releaseLine: z.enum(RELEASE_LINE_NAMES as [string, ...string[]]).default(DEFAULT_RELEASE_LINE),
    /** Namespaces whose pods get a Linkerd proxy. */
    meshedNamespaces: z
      .array(meshedNamespaceSchema)
      .default([])
      .superRefine((namespaces, ctx) => {
        const seen = new Set<string>();
        namespaces.forEach((namespace, index) => {
          if (RESERVED_NAMESPACES.includes(namespace.name)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'name'],
              input: namespace.name,
              message: `is reserved: ${RESERVED_NAMESPACES.join(', ')} are never meshed from here`,
            });
          }
          if (seen.has(namespace.name)) {
            ctx.addIssue({ code: 'custom', path: [index, 'name'], input: namespace.name, message: 'is listed twice' });
          }
          seen.add(namespace.name);
        });
      }),
    /** Linkerd's CNI plugin instead of linkerd-init in every meshed pod (README "CNI and Pod Security"). */
    cni: cniSchema,
    /** What the cluster's Pod Security Admission enforces. */
    podSecurity: podSecuritySchema,
    /** Apply the Helm charts' own HA values (values-ha.yaml) to the control plane and viz. */
    highAvailability: z.boolean().default(false),
    proxy: z
      .strictObject({
        /** What a meshed pod accepts when no policy says otherwise; checked against the release line. */
        defaultInboundPolicy: z.string().default('all-unauthenticated'),
        /**
         * Run the proxy as a Kubernetes native sidecar (an init container that keeps running): it starts before
         * the app and a Job's pod completes. Defaults to true where the line has the value.
         */
        nativeSidecar: z.boolean().optional(),
      })
      .prefault({}),
    resources: z
      .strictObject({
        profile: z.enum(Object.keys(RESOURCE_PROFILES) as [string, ...string[]]).default('home'),
        /** Overrides for the data-plane proxy of every meshed pod. */
        proxy: resourcesSchema.optional(),
        controlPlane: componentOverrides('controlPlane'),
        viz: componentOverrides('viz'),
        jaeger: componentOverrides('jaeger'),
      })
      .prefault({}),
    viz: z
      .strictObject({
        /** Install linkerd-viz (metrics API, tap, dashboard). */
        enabled: z.boolean().default(true),
        prometheus: z
          .strictObject({
            /** An existing Prometheus that scrapes the proxies; viz then installs none of its own. */
            url: httpUrl.optional(),
          })
          .prefault({}),
        grafana: z
          .strictObject({
            /** An in-cluster Grafana behind viz's reverse proxy, for the dashboard's links. */
            url: httpUrl.optional(),
            /** A Grafana outside the cluster, for the dashboard's links (not with `url`). */
            externalUrl: httpUrl.optional(),
            /** Prefix of the Linkerd dashboards' UIDs in that Grafana (with `externalUrl`). */
            uidPrefix: z.string().optional(),
          })
          .prefault({})
          .superRefine((grafana, ctx) => {
            if (grafana.url && grafana.externalUrl) {
              ctx.addIssue({
                code: 'custom',
                path: ['externalUrl'],
                input: grafana.externalUrl,
                message: 'cannot be set together with viz.grafana.url; the chart takes one of them',
              });
            }
            if (grafana.uidPrefix && !grafana.externalUrl) {
              ctx.addIssue({
                code: 'custom',
                path: ['uidPrefix'],
                input: grafana.uidPrefix,
                message: 'only applies with viz.grafana.externalUrl',
              });
            }
          }),
        dashboard: z
          .strictObject({
            /** Host names the dashboard answers besides localhost and its Service names (e.g. an ingress host). */
            extraHosts: z.array(hostName).default([]),
          })
          .prefault({}),
      })
      .prefault({}),
    monitoring: z
      .strictObject({
        /** Prometheus Operator PodMonitors for the control plane and the proxies (from the control-plane Helm chart). */
        podMonitors: z
          .strictObject({
            enabled: z.boolean().default(false),
            /** Labels your Prometheus selects PodMonitors by, e.g. `release: kube-prometheus-stack`. */
            labels: labelsSchema.default({}),
          })
          .prefault({}),
        /** Prometheus Operator alerting rules for the mesh (README "Alerts"). */
        alerts: z
          .strictObject({
            enabled: z.boolean().default(false),
            /** Labels your Prometheus selects PrometheusRules by, e.g. `release: kube-prometheus-stack`. */
            labels: labelsSchema.default({}),
            /** Where the runbooks live: each alert links `<runbookUrl>#<section>` (your copy of this README). */
            runbookUrl: runbookUrl.default('README.md'),
            certificates: z
              .strictObject({
                /** How long a certificate may be not Ready before it alerts. */
                notReadyFor: duration.default('15m'),
              })
              .prefault({}),
            trustAnchor: z
              .strictObject({
                /** How long before cert-manager renews the trust anchor (with a new key) to warn: time to rotate first. */
                rotationNotice: duration.default('1008h'),
              })
              .prefault({}),
            workloads: z
              .strictObject({
                /** Alert when a meshed workload's inbound success rate stays below this share. */
                successRate: z.number().gt(0).lt(1).default(0.95),
                /** Alert when a meshed workload's inbound p99 latency stays above this many milliseconds. */
                p99LatencyMs: z.number().int().positive().default(1000),
                /** Judge only workloads that serve at least this many requests per second. */
                minRequestsPerSecond: z.number().positive().default(0.1),
                /** The window rates and quantiles are taken over. */
                window: duration.default('10m'),
              })
              .prefault({}),
          })
          .prefault({}),
        /** Linkerd's Grafana dashboards for your Grafana, from linkerd2's grafana/ at the release tag (README "Dashboards"). */
        dashboards: z
          .strictObject({
            /** kube-prometheus-stack's Grafana sidecar: one ConfigMap per dashboard, holding its JSON. */
            sidecar: z
              .strictObject({
                enabled: z.boolean().default(false),
                /** Where the ConfigMaps go; the sidecar must search it (`searchNamespace: ALL`, or this namespace). */
                namespace: dnsLabel.default('linkerd'),
                /** Labels the sidecar picks ConfigMaps by (kube-prometheus-stack: `grafana_dashboard: "1"`). */
                labels: labelsSchema.default({ grafana_dashboard: '1' }),
                /** The name of the Prometheus datasource in your Grafana that the dashboards select. */
                datasource: z.string().min(1).max(190).default('Prometheus'),
              })
              .prefault({}),
            /** grafana-operator: one GrafanaDashboard per dashboard, by its grafana.com id and revision. */
            grafanaOperator: z
              .strictObject({
                enabled: z.boolean().default(false),
                /** Where the GrafanaDashboards go (they may import into Grafanas of other namespaces). */
                namespace: dnsLabel.default('linkerd'),
                /** Labels of the Grafana resources that import the dashboards (`instanceSelector.matchLabels`). */
                instanceSelector: labelsSchema.default({}),
              })
              .prefault({}),
          })
          .prefault({})
          .superRefine((dashboards, ctx) => {
            if (
              dashboards.grafanaOperator.enabled &&
              Object.keys(dashboards.grafanaOperator.instanceSelector).length === 0
            ) {
              ctx.addIssue({
                code: 'custom',
                path: ['grafanaOperator', 'instanceSelector'],
                input: {},
                message:
                  'needs the labels of your Grafana resource (e.g. {dashboards: grafana}): grafana-operator imports a dashboard only into the Grafanas it selects',
              });
            }
          }),
      })
      .prefault({})
      .superRefine((monitoring, ctx) => {
        if (monitoring.alerts.enabled && !monitoring.podMonitors.enabled) {
          ctx.addIssue({
            code: 'custom',
            path: ['alerts', 'enabled'],
            input: true,
            message:
              'needs monitoring.podMonitors.enabled: true: the alerts read the metrics the Linkerd PodMonitors scrape, and would stay silent (or cry "targets missing") without them',
          });
        }
      }),
    tracing: z
      .strictObject({
        /** Install tracing: linkerd-jaeger where the line has it, else the Jaeger project's Jaeger v2 (or nothing with `otlp`). */
        enabled: z.boolean().default(true),
        /** `jaeger`: the bundled Jaeger. `otlp`: export to your own backend (Tempo, an OpenTelemetry Collector). */
        backend: z.enum(['jaeger', 'otlp']).default('jaeger'),
        /** The OTLP gRPC endpoint (`host:port`) traces go to with `backend: otlp`. */
        otlpEndpoint: hostPort.optional(),
        /** linkerd-jaeger's collector sends OTLP without TLS (in-cluster backends usually listen in plain gRPC). */
        otlpInsecure: z.boolean().optional(),
        /**
         * The meshed identity of your collector with `backend: otlp` on a line where proxies export traces
         * themselves: the proxies send to it over mTLS, and the Helm chart refuses an empty one.
         */
        collectorIdentity: z.strictObject({ serviceAccount: dnsSubdomain, namespace: dnsLabel }).optional(),
        /** A Jaeger UI that shows these traces with `backend: otlp` (for viz's links); the bundled one is found by itself. */
        jaegerUrl: hostPort.optional(),
        /** Where the bundled Jaeger keeps traces: `memory` (bounded, lost on restart) or `badger` (a volume). */
        storage: z
          .string()
          .default('memory')
          .superRefine((value, ctx) => {
            if (value === 'memory' || value === 'badger') return;
            const hint =
              value === 'elasticsearch' || value === 'opensearch' || value === 'cassandra'
                ? 'is not offered: it needs a database cluster of its own. For traces that survive a restart use tracing.storage: badger ' +
                  '(a volume), or run your own backend and set tracing.backend: otlp and tracing.otlpEndpoint (README "Tracing")'
                : 'is not a storage; allowed: "memory", "badger"';
            ctx.addIssue({ code: 'custom', input: value, message: hint });
          }),
        /** Jaeger v2's Badger store on a PersistentVolumeClaim, with `storage: badger`. */
        badger: z
          .strictObject({
            /** The claim's size. */
            size: volumeSize.default('10Gi'),
            /** The StorageClass of the claim; the cluster's default class when unset. */
            storageClassName: dnsSubdomain.optional(),
            /** How long spans are kept. */
            retention: duration.default('168h'),
          })
          .optional(),
      })
      .prefault({})
      .superRefine((tracing, ctx) => {
        if (tracing.backend === 'otlp' && !tracing.otlpEndpoint) {
          ctx.addIssue({
            code: 'custom',
            path: ['otlpEndpoint'],
            input: undefined,
            message: 'is required with tracing.backend: otlp (e.g. "tempo.monitoring:4317")',
          });
        }
        if (tracing.backend === 'jaeger' && tracing.otlpEndpoint) {
          ctx.addIssue({
            code: 'custom',
            path: ['otlpEndpoint'],
            input: tracing.otlpEndpoint,
            message: 'is only used with tracing.backend: otlp; set that too, or remove it',
          });
        }
        if (tracing.backend === 'jaeger' && tracing.jaegerUrl) {
          ctx.addIssue({
            code: 'custom',
            path: ['jaegerUrl'],
            input: tracing.jaegerUrl,
            message:
              'is only for an external Jaeger UI with tracing.backend: otlp; the bundled Jaeger is linked by itself',
          });
        }
        if (tracing.backend === 'jaeger' && tracing.collectorIdentity) {
          ctx.addIssue({
            code: 'custom',
            path: ['collectorIdentity'],
            input: tracing.collectorIdentity,
            message: 'is only used with tracing.backend: otlp; the bundled Jaeger is found by itself',
          });
        }
        if (tracing.storage === 'badger' && tracing.backend === 'otlp') {
          ctx.addIssue({
            code: 'custom',
            path: ['storage'],
            input: tracing.storage,
            message:
              "is the bundled Jaeger's storage; with tracing.backend: otlp nothing is installed to store traces (your backend keeps them)",
          });
        }
        if (tracing.badger && tracing.storage !== 'badger') {
          ctx.addIssue({
            code: 'custom',
            path: ['badger'],
            input: tracing.badger,
            message: 'only applies with tracing.storage: badger; set that too, or remove it',
          });
        }
      })
      .transform((tracing) => ({ ...tracing, badger: { size: '10Gi', retention: '168h', ...tracing.badger } })),
    certManager: z
      .strictObject({
        /** false: the cluster already runs cert-manager and trust-manager (in `cert-manager`); install neither. */
        install: z.boolean().default(true),
      })
      .prefault({}),
    gatewayApi: z
      .strictObject({
        /**
         * true: install the Gateway API CRDs from upstream (kubernetes-sigs/gateway-api, at the release
         * lib/linkerd/support-matrix.ts names for the line's major) before the control plane; false: the
         * cluster already has them from elsewhere. linkerd-crds never installs them (`installGatewayAPI: false`).
         */
        install: z.boolean().default(true),
        /**
         * The Gateway API channel: `standard` (HTTPRoute, GRPCRoute: what Linkerd's policy, routing and
         * timeouts use) or `experimental` (adds TLSRoute, TCPRoute, ...; what linkerd-crds used to bundle).
         */
        channel: z.enum(['standard', 'experimental']).default('standard'),
      })
      .prefault({}),
    upgrade: z
      .strictObject({
        /**
         * true: allow a release line more than one Linkerd major past the one the committed dist/ installs
         * (a fresh install, or a cluster that runs nothing yet). Linkerd upgrades one major at a time.
         */
        allowMajorSkip: z.boolean().default(false),
      })
      .prefault({}),
    identity: z
      .strictObject({
        trustAnchor: z
          .strictObject({
            /** Lifetime of the trust anchor (root) certificate. */
            duration: duration.default('87600h'),
            /** cert-manager renews the anchor this long before it expires: a new key, see README. */
            renewBefore: duration.default('8760h'),
          })
          .prefault({}),
        /** Public certificates of earlier trust anchors that proxies must still trust while rotating. */
        previousTrustAnchors: z.array(pemCertificate).default([]),
      })
      .prefault({}),
    flux: z
      .strictObject({
        /** The GitRepository (in flux-system) that holds this project. */
        gitRepository: dnsLabel.default('flux-system'),
        /**
         * Where this project sits in that repository. Default: where synth finds it in its Git repository
         * (the plan's `fluxPath`), `.` outside one; a value that differs from where it sits is refused.
         */
        path: gitPath.optional(),
        /** How often Flux re-applies the layers and checks the HelmReleases for drift. */
        interval: duration.default('10m'),
      })
      .prefault({}),
    budget: z
      .strictObject({
        /** Most CPU the control plane, viz and jaeger may request, their own proxies included. */
        cpu: quantity(cpuQuantity).default('2'),
        /** Most memory they may request, their own proxies included. */
        memory: quantity(memoryQuantity).default('2.5Gi'),
      })
      .prefault({}),
    /** Inbound policy: who may reach meshed pods under a strict default (README "Policy"). */
    policy: policySchema,
    istio: z
      .strictObject({
        /** Namespaces that Istio injects; they must never be meshed by Linkerd too. */
        injectedNamespaces: z.array(dnsLabel).default([]),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    for (const problem of [
      ...releaseLineProblems(config, releaseLine(config.releaseLine)),
      ...configProblems(config),
    ]) {
      ctx.addIssue({ code: 'custom', ...problem });
    }
    for (const problem of podSecurityProblems(config)) ctx.addIssue({ code: 'custom', ...problem });
    for (const problem of policyProblems({
      policy: config.policy,
      meshedNamespaces: config.meshedNamespaces,
      systemMeshedNamespaces: systemMeshedNamespaces({
        ...config,
        lineHasLinkerdJaeger: releaseLine(config.releaseLine).helmChartVersions['linkerd-jaeger'] !== undefined,
      }),
    })) {
      ctx.addIssue({ code: 'custom', ...problem });
    }
    // Dashboard uids are the prefix and Linkerd's uid (the longest, linkerd-replicationcontroller, has 29 of Grafana's 40).
    const { dashboards } = config.monitoring;
    const prefix = config.viz.grafana.uidPrefix ?? '';
    if ((dashboards.sidecar.enabled || dashboards.grafanaOperator.enabled) && !/^[A-Za-z0-9_-]{0,11}$/.test(prefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['viz', 'grafana', 'uidPrefix'],
        input: prefix,
        message:
          "prefixes the dashboards' uids: at most 11 letters, digits, - or _ (a Grafana uid has at most 40 characters)",
      });
    }
    const istio = new Set(config.istio.injectedNamespaces);
    config.meshedNamespaces.forEach((namespace, index) => {
      if (istio.has(namespace.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['meshedNamespaces', index, 'name'],
          input: namespace.name,
          message: 'is injected by Istio (istio.injectedNamespaces); one namespace must not be in two meshes',
        });
      }
    });
  });

/** A cluster config as a person writes it (every field optional). */
export type ClusterConfigInput = z.input<typeof clusterConfigSchema>;
/** A cluster config with every default applied. */
export type ClusterConfig = z.output<typeof clusterConfigSchema>;
