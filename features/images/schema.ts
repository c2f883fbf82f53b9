/**
 * Where container images are pulled from: a mirror instead of each image's own registry. Assembled into the
 * whole config by features/cluster-config.ts; set through each Helm chart's own image keys (./values.ts).
 */
import { z } from 'zod';
import { isHost } from '../../lib/config/fields';

/** The registries the installed Helm charts pull from: Linkerd's, Docker Hub (Prometheus, Jaeger, OpenTelemetry) and Quay (cert-manager, trust-manager). */
export const SOURCE_REGISTRIES = ['cr.l5d.io', 'docker.io', 'quay.io'] as const;
export type SourceRegistry = (typeof SOURCE_REGISTRIES)[number];

/** `host[:port][/path]`: what goes in front of an image's repository path. */
export function isRegistryPrefix(value: string): boolean {
  const [hostPort, ...path] = value.split('/');
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!match || !isHost(match[1]) || (match[2] !== undefined && Number(match[2]) > 65535)) return false;
  return path.every((segment) => /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(segment));
}

const registryPrefix = z.string().refine(isRegistryPrefix, {
  message:
    'must be a registry and an optional path, as it goes in front of an image\'s repository: "registry.home.lan", "registry.home.lan:5000/mirror" (no scheme, no trailing "/")',
});

export const imagesSchema = z
  .strictObject({
    /**
     * The mirror every image is pulled from: each image keeps its repository path and loses its registry's
     * host, so `cr.l5d.io/linkerd/proxy` comes from `<registry>/linkerd/proxy`, `quay.io/jetstack/cert-manager-controller`
     * from `<registry>/jetstack/cert-manager-controller` (as `crane copy`, `skopeo sync` or `regsync` lay a mirror out).
     * @default - none: each image from its own registry
     */
    registry: registryPrefix.optional(),
    /**
     * One prefix per source registry, over `registry` (a pull-through cache with a project per upstream, say:
     * `{ "docker.io": "harbor.home.lan/dockerhub" }`). Keys: `cr.l5d.io`, `docker.io`, `quay.io`.
     * @default - none: `registry` for every source
     */
    registries: z
      .strictObject({
        /** Linkerd's images (proxy, controller, CNI plugin, viz, jaeger-webhook). @default - `registry` */
        'cr.l5d.io': registryPrefix.optional(),
        /** Docker Hub's (Prometheus, Jaeger, the OpenTelemetry collector). @default - `registry` */
        'docker.io': registryPrefix.optional(),
        /** Quay's (cert-manager, trust-manager). @default - `registry` */
        'quay.io': registryPrefix.optional(),
      })
      .prefault({}),
  })
  .prefault({});
