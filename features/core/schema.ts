/**
 * The core install's part of the cluster config: the release line, the meshed namespaces, the proxy, resources
 * and budget, high availability, upgrades, where Flux finds this project, and Istio's namespaces.
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';
import { DEFAULT_RELEASE_LINE, RELEASE_LINE_NAMES } from '../../lib/linkerd/catalog';
import { componentKeys, type ComponentGroup } from '../../lib/linkerd/components';
import { RESERVED_NAMESPACES } from '../../lib/linkerd/names';
import { RESOURCE_PROFILES } from '../../lib/linkerd/resources';
import { podSecurityLevel } from '../cni/schema';
import { notificationsSchema } from '../notifications/schema';
import { namespaceProxySchema } from './namespace-proxy';
import { releaseLineReading, unknownReleaseLineMessage } from './release-line';
import {
  cpuQuantity,
  dnsLabel,
  duration,
  gitPath,
  memoryQuantity,
  quantity,
  resourcesSchema,
} from '../../lib/config/fields';

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
    /** The namespace's name. */
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
    /**
     * This namespace's proxy settings (ports, resources, log level, native sidecar), as Namespace annotations
     * the proxy injector reads (docs/customizing.md "Per-namespace proxy settings").
     * @default - the cluster's proxy settings
     */
    proxy: namespaceProxySchema.optional(),
  }),
);

/**
 * The Linkerd release line (docs/upgrading.md "Release lines"); `npm run release-line:add` adds newer ones. A
 * Linkerd version (`"2.20"`, `2.19`) is taken as the newest line of that major here, with a warning.
 */
export const releaseLineSchema = z
  .preprocess(
    (value, ctx) => {
      if (value === undefined || (typeof value === 'string' && RELEASE_LINE_NAMES.includes(value))) return value;
      const reading = releaseLineReading(value);
      if (reading) return reading.line;
      ctx.addIssue({ code: 'custom', input: value, message: unknownReleaseLineMessage(value) });
      return z.NEVER;
    },
    z.enum(RELEASE_LINE_NAMES as [string, ...string[]]),
  )
  .default(DEFAULT_RELEASE_LINE);

/** Namespaces whose pods get a Linkerd proxy. */
export const meshedNamespacesSchema = z
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
  });

export { highAvailabilitySchema } from './high-availability';

/** The data-plane proxy every meshed pod gets. */
export const proxySchema = z
  .strictObject({
    /** What a meshed pod accepts when no policy says otherwise; checked against the release line. */
    defaultInboundPolicy: z.string().default('all-unauthenticated'),
    /**
     * Run the proxy as a Kubernetes native sidecar (an init container that keeps running): it starts before
     * the app and a Job's pod completes. Defaults to true where the line has the value.
     */
    nativeSidecar: z.boolean().optional(),
  })
  .prefault({});

/** CPU and memory of the mesh's own components and of every proxy: a profile, and overrides per component. */
export const resourceSettingsSchema = z
  .strictObject({
    /** The resource profile every request and limit starts from (`home`: sized for a home lab). */
    profile: z.enum(Object.keys(RESOURCE_PROFILES) as [string, ...string[]]).default('home'),
    /** Overrides for the data-plane proxy of every meshed pod. */
    proxy: resourcesSchema.optional(),
    /** Overrides per control-plane component (`destination`, `identity`, `proxyInjector`, ...): `{cpu: {request, limit}, memory: {request, limit}}`. */
    controlPlane: componentOverrides('controlPlane'),
    /** Overrides per linkerd-viz component, as for `controlPlane`. */
    viz: componentOverrides('viz'),
    /** Overrides per tracing component, as for `controlPlane`. */
    jaeger: componentOverrides('jaeger'),
  })
  .prefault({});

/** How synth guards a Linkerd upgrade (one major at a time; docs/upgrading.md "Upgrading Linkerd"). */
export const upgradeSchema = z
  .strictObject({
    /**
     * true: allow a release line more than one Linkerd major past the one the committed dist/ installs
     * (a fresh install, or a cluster that runs nothing yet). Linkerd upgrades one major at a time.
     */
    allowMajorSkip: z.boolean().default(false),
  })
  .prefault({});

/** How Flux reads this project (docs/flux-repository.md "The project in your Flux repository"). */
export const fluxSchema = z
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
    /** Where Flux says that a layer or release of this project failed (docs/review.md "Hear when Flux fails"). */
    notifications: notificationsSchema,
  })
  .prefault({});

/** The most the mesh may request (docs/configuration.md "Footprint and budget"): synth refuses a config past it. */
export const budgetSchema = z
  .strictObject({
    /** Most CPU the control plane, viz and jaeger may request, their own proxies included. */
    cpu: quantity(cpuQuantity).default('2'),
    /** Most memory they may request, their own proxies included. */
    memory: quantity(memoryQuantity).default('2.5Gi'),
  })
  .prefault({});

/** Istio, where it runs beside Linkerd. */
export const istioSchema = z
  .strictObject({
    /** Namespaces that Istio injects; they must never be meshed by Linkerd too. */
    injectedNamespaces: z.array(dnsLabel).default([]),
  })
  .prefault({});
