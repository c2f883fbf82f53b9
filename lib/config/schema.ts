/**
 * The schema of a cluster config file (clusters/<name>.yaml), and the checks that need more than
 * one field. Types, defaults and ranges live here and nowhere else; the TypeScript API and the
 * YAML loader both parse through `clusterConfigSchema`.
 */
import { z } from 'zod';
import { DEFAULT_RELEASE_LINE, RELEASE_LINE_NAMES, releaseLine } from '../catalog';
import { componentKeys, ComponentGroup } from '../components';
import { CPU_FORMAT, MEMORY_FORMAT, memorySuggestion, parseCpu, parseMemory } from '../quantity';
import { RESOURCE_PROFILES } from '../resources';
import { parseDuration, DURATION_FORMAT } from './duration';
import { checkPemCertificate } from './pem';

/** Namespaces no config may mesh: the cluster's own, Flux's, cert-manager's and Linkerd's. */
export const RESERVED_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'flux-system',
  'cert-manager',
  'linkerd',
  'linkerd-viz',
  'linkerd-jaeger',
  'linkerd-cni',
  'linkerd-multicluster',
];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_RULE = 'a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

const dnsLabel = z.string().refine((name) => DNS_LABEL.test(name) && name.length <= 63, { message: `must be ${DNS_LABEL_RULE}` });

const cpuQuantity = z.string().refine((value) => parseCpu(value) !== undefined, { message: `must be ${CPU_FORMAT}` });

const memoryQuantity = z.string().refine((value) => parseMemory(value) !== undefined, {
  error: (issue) => {
    const hint = typeof issue.input === 'string' ? memorySuggestion(issue.input) : undefined;
    return `must be ${MEMORY_FORMAT}${hint ? ` (did you mean "${hint}"?)` : ''}`;
  },
});

/** Quantities may be written as YAML numbers (`cpu: {request: 1}`); they are kept as strings. */
function quantity(inner: z.ZodType<string>) {
  return z.preprocess((value) => (typeof value === 'number' ? String(value) : value), inner);
}

function requestLimit(kind: 'cpu' | 'memory') {
  const parse = kind === 'cpu' ? parseCpu : parseMemory;
  const value = quantity(kind === 'cpu' ? cpuQuantity : memoryQuantity);
  return z
    .strictObject({ request: value.optional(), limit: value.optional() })
    .refine((pair) => !pair.request || !pair.limit || parse(pair.limit)! >= parse(pair.request)!, {
      message: 'limit must be greater than or equal to request',
      path: ['limit'],
    });
}

/** Linkerd's resource shape for one component. */
const resourcesSchema = z.strictObject({ cpu: requestLimit('cpu').optional(), memory: requestLimit('memory').optional() });

function componentOverrides(group: ComponentGroup) {
  const shape = Object.fromEntries(componentKeys(group).map((key) => [key, resourcesSchema.optional()]));
  return z.strictObject(shape).default({});
}

const duration = z.string().refine((value) => parseDuration(value) !== undefined, { message: `must be ${DURATION_FORMAT}` });

const pemCertificate = z.string().superRefine((value, ctx) => {
  const problem = checkPemCertificate(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: '(PEM text)' });
});

/** A namespace to mesh: a name, or `{name, inject}` for the ingress mode. */
const meshedNamespaceSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  z.strictObject({
    name: dnsLabel,
    /** `enabled` meshes every pod; `ingress` is for ingress controllers (see Linkerd's ingress docs). */
    inject: z.enum(['enabled', 'ingress']).default('enabled'),
  }),
);

const gitPath = z
  .string()
  .refine((value) => !value.startsWith('/') && !value.split('/').includes('..'), {
    message: 'must be a path relative to the repository root, without ".." (e.g. "." or "infrastructure/linkerd")',
  });

export const clusterConfigSchema = z
  .strictObject({
    /** The Linkerd release line (see lib/catalog.ts). */
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
    /** Apply the charts' own HA values (values-ha.yaml) to the control plane and viz. */
    highAvailability: z.boolean().default(false),
    proxy: z
      .strictObject({
        /** What a meshed pod accepts when no policy says otherwise; checked against the release line. */
        defaultInboundPolicy: z.string().default('all-unauthenticated'),
      })
      .default({ defaultInboundPolicy: 'all-unauthenticated' }),
    resources: z
      .strictObject({
        profile: z.enum(Object.keys(RESOURCE_PROFILES) as [string, ...string[]]).default('home'),
        /** Overrides for the data-plane proxy of every meshed pod. */
        proxy: resourcesSchema.optional(),
        controlPlane: componentOverrides('controlPlane'),
        viz: componentOverrides('viz'),
        jaeger: componentOverrides('jaeger'),
      })
      .default({ profile: 'home', controlPlane: {}, viz: {}, jaeger: {} }),
    viz: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
    tracing: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
    certManager: z
      .strictObject({
        /** false: the cluster already runs cert-manager and trust-manager (in `cert-manager`); install neither. */
        install: z.boolean().default(true),
      })
      .default({ install: true }),
    gatewayApi: z
      .strictObject({
        /** false: the cluster already has the Gateway API CRDs; linkerd-crds must not install them. */
        install: z.boolean().default(true),
      })
      .default({ install: true }),
    identity: z
      .strictObject({
        trustAnchor: z
          .strictObject({
            /** Lifetime of the trust anchor (root) certificate. */
            duration: duration.default('87600h'),
            /** cert-manager renews the anchor this long before it expires: a new key, see README. */
            renewBefore: duration.default('8760h'),
          })
          .default({ duration: '87600h', renewBefore: '8760h' })
          .refine((anchor) => parseDuration(anchor.renewBefore)! < parseDuration(anchor.duration)!, {
            message: 'renewBefore must be shorter than duration',
            path: ['renewBefore'],
          }),
        /** Public certificates of earlier trust anchors that proxies must still trust while rotating. */
        previousTrustAnchors: z.array(pemCertificate).default([]),
      })
      .default({ trustAnchor: { duration: '87600h', renewBefore: '8760h' }, previousTrustAnchors: [] }),
    flux: z
      .strictObject({
        /** The GitRepository (in flux-system) that holds this project. */
        gitRepository: dnsLabel.default('flux-system'),
        /** Where this project sits in that repository. */
        path: gitPath.default('.'),
        /** How often Flux re-applies the layers and checks the HelmReleases for drift. */
        interval: duration.default('10m'),
      })
      .default({ gitRepository: 'flux-system', path: '.', interval: '10m' }),
    budget: z
      .strictObject({
        /** Most CPU the control plane, viz and jaeger may request, their own proxies included. */
        cpu: quantity(cpuQuantity).default('2'),
        /** Most memory they may request, their own proxies included. */
        memory: quantity(memoryQuantity).default('2.5Gi'),
      })
      .default({ cpu: '2', memory: '2.5Gi' }),
    istio: z
      .strictObject({
        /** Namespaces that Istio injects; they must never be meshed by Linkerd too. */
        injectedNamespaces: z.array(dnsLabel).default([]),
      })
      .default({ injectedNamespaces: [] }),
  })
  .superRefine((config, ctx) => {
    const line = releaseLine(config.releaseLine);
    if (!line.inboundPolicies.includes(config.proxy.defaultInboundPolicy)) {
      ctx.addIssue({
        code: 'custom',
        path: ['proxy', 'defaultInboundPolicy'],
        input: config.proxy.defaultInboundPolicy,
        message: `is not a policy of ${line.name}; allowed: ${line.inboundPolicies.join(', ')}`,
      });
    }
    if (config.tracing.enabled && !line.chartVersions['linkerd-jaeger']) {
      ctx.addIssue({
        code: 'custom',
        path: ['tracing', 'enabled'],
        input: true,
        message: `needs linkerd-jaeger, which ${line.name} does not publish; set tracing.enabled: false or choose a line that has it`,
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
