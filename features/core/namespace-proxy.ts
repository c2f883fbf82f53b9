/**
 * A meshed namespace's own proxy settings (`meshedNamespaces[].proxy`): opaque and skipped ports, the proxy's
 * resources, its log level and the native sidecar, written as the Namespace annotations the line's proxy
 * injector reads as its pods' defaults (lib/linkerd/proxy-annotations.ts), and checked against the line and
 * against the cluster's proxy resources they are merged with.
 */
import { z } from 'zod';
import { parseCpu, parseMemory } from '../../lib/config/quantity';
import { resourcesSchema } from '../../lib/config/fields';
import type { ReleaseLine } from '../../lib/linkerd/catalog';
import { nativeSidecarAnnotation, PROXY_ANNOTATIONS } from '../../lib/linkerd/proxy-annotations';
import { type LinkerdResources, mergeResources, RESOURCE_PROFILES } from '../../lib/linkerd/resources';
import { linesThat, type FeatureChecks, type FieldProblem, type FieldWarning } from '../feature';
import type { ConfigBasis } from './basis';

/** A port (1 to 65535) or a range `low-high`. */
const PORT_OR_RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** Why `item` is not a port or a port range, or undefined. */
function portProblem(item: string): string | undefined {
  const match = PORT_OR_RANGE.exec(item);
  const [low, high] = match ? [Number(match[1]), Number(match[2] ?? match[1])] : [NaN, NaN];
  if (!match || low < 1 || high > 65535) return `"${item}" is not a port (1 to 65535) or a range such as "10000-10100"`;
  if (low > high) return `"${item}" is a range from high to low; write "${high}-${low}"`;
  return undefined;
}

/**
 * Ports and port ranges, as a list (`[3306, 5432, "10000-10100"]`) or as the annotation writes them
 * (`"3306,5432,10000-10100"`); the output is the annotation's text.
 */
const portList = z
  .union([z.string(), z.number(), z.array(z.union([z.number(), z.string()]))])
  .transform((value, ctx) => {
    const items = (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((item) => item.trim());
    if (items.length === 0 || items.every((item) => item === '')) {
      ctx.addIssue({ code: 'custom', message: 'is empty; give at least one port, or leave the field out' });
      return z.NEVER;
    }
    for (const item of items) {
      const problem = portProblem(item);
      if (problem) ctx.addIssue({ code: 'custom', input: value, message: `has ${problem}` });
    }
    return items.join(',');
  });

/** The proxy's log levels (the tracing crate's, as its env filter reads them). */
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'off'];
const LOG_TARGET = /^[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*$/;

/** `warn`, or directives such as `warn,linkerd=info,linkerd_proxy_http=debug`. */
const logLevel = z.string().superRefine((value, ctx) => {
  for (const directive of value.split(',')) {
    const [target, level] = directive.includes('=') ? directive.split('=', 2) : [undefined, directive];
    const levelOk = LOG_LEVELS.includes(level.trim().toLowerCase());
    if (!levelOk || (target !== undefined && !LOG_TARGET.test(target.trim()))) {
      ctx.addIssue({
        code: 'custom',
        message: `has "${directive}", which is not a log level (${LOG_LEVELS.join(', ')}) or a "target=level" directive such as "linkerd=debug"`,
      });
      return;
    }
  }
});

/** One meshed namespace's proxy settings: each an annotation of its Namespace, a default for its pods. */
export const namespaceProxySchema = z.strictObject({
  /**
   * Ports whose traffic the proxy forwards without protocol detection (server-speaks-first protocols such as
   * MySQL, PostgreSQL, SMTP): `[3306, 5432, "10000-10100"]` or `"3306,5432,10000-10100"`.
   * Annotation `config.linkerd.io/opaque-ports`.
   * @default - the control plane's list
   */
  opaquePorts: portList.optional(),
  /** Inbound ports that bypass the proxy altogether. Annotation `config.linkerd.io/skip-inbound-ports`. @default - none */
  skipInboundPorts: portList.optional(),
  /** Outbound ports that bypass the proxy altogether. Annotation `config.linkerd.io/skip-outbound-ports`. @default - none */
  skipOutboundPorts: portList.optional(),
  /**
   * The proxy's CPU and memory requests and limits in this namespace, over the cluster's (`resources.proxy` and
   * the profile), each half checked against the other. Annotations `config.linkerd.io/proxy-cpu-request`,
   * `-cpu-limit`, `-memory-request`, `-memory-limit`.
   * @default - the cluster's proxy resources
   */
  resources: resourcesSchema.optional(),
  /**
   * The proxy's log level: `warn`, or directives such as `warn,linkerd=info`. Annotation
   * `config.linkerd.io/proxy-log-level`.
   * @default - the control plane's (`warn,linkerd=info,hickory=error,...`)
   */
  logLevel: logLevel.optional(),
  /**
   * Run this namespace's proxies as native sidecars (true) or as plain containers (false), against the cluster's
   * `proxy.nativeSidecar`. Refused on lines without native sidecars (stable-2.14). Annotation
   * `config.linkerd.io/proxy-enable-native-sidecar` (`config.beta.` on edge-25.10, `config.alpha.` before).
   * @default - the cluster's `proxy.nativeSidecar`
   */
  nativeSidecar: z.boolean().optional(),
});

export type NamespaceProxy = z.output<typeof namespaceProxySchema>;

/** The Namespace annotations of `proxy` for `line` (a native sidecar setting on a line without one is left out: refused by the checks). */
export function namespaceProxyAnnotations(
  proxy: NamespaceProxy | undefined,
  line: Pick<ReleaseLine, 'name' | 'channel' | 'nativeSidecar'>,
): Record<string, string> {
  if (!proxy) return {};
  const annotations: Record<string, string> = {};
  const put = (name: string, value: string | undefined) => {
    if (value !== undefined) annotations[name] = value;
  };
  put(PROXY_ANNOTATIONS.opaquePorts, proxy.opaquePorts);
  put(PROXY_ANNOTATIONS.skipInboundPorts, proxy.skipInboundPorts);
  put(PROXY_ANNOTATIONS.skipOutboundPorts, proxy.skipOutboundPorts);
  put(PROXY_ANNOTATIONS.cpuRequest, proxy.resources?.cpu?.request);
  put(PROXY_ANNOTATIONS.cpuLimit, proxy.resources?.cpu?.limit);
  put(PROXY_ANNOTATIONS.memoryRequest, proxy.resources?.memory?.request);
  put(PROXY_ANNOTATIONS.memoryLimit, proxy.resources?.memory?.limit);
  put(PROXY_ANNOTATIONS.logLevel, proxy.logLevel);
  const sidecar = nativeSidecarAnnotation(line);
  if (sidecar && proxy.nativeSidecar !== undefined) put(sidecar, String(proxy.nativeSidecar));
  return annotations;
}

/** Native sidecars on a line without them, and a request above (or a limit below) the other half it is merged with. */
function problems({ config, line }: ConfigBasis): FieldProblem[] {
  const clusterProxy = mergeResources(RESOURCE_PROFILES[config.resources.profile].proxy, config.resources.proxy);
  return config.meshedNamespaces.flatMap((namespace, index): FieldProblem[] => {
    const proxy = namespace.proxy;
    if (!proxy) return [];
    const path = ['meshedNamespaces', index, 'proxy'];
    const found: FieldProblem[] = [];
    if (proxy.nativeSidecar !== undefined && !nativeSidecarAnnotation(line)) {
      found.push({
        path: [...path, 'nativeSidecar'],
        input: proxy.nativeSidecar,
        message: `is not a setting of ${line.name}: its proxy always runs as a plain container (native sidecars: ${linesThat((candidate) => nativeSidecarAnnotation(candidate) !== undefined)})`,
      });
    }
    found.push(...mergedProblems([...path, 'resources'], proxy.resources, clusterProxy));
    return found;
  });
}

/** A namespace's half (request or limit) against the cluster's other half, as the injector merges them. */
function mergedProblems(
  path: (string | number)[],
  own: LinkerdResources | undefined,
  cluster: LinkerdResources,
): FieldProblem[] {
  if (!own) return [];
  return (['cpu', 'memory'] as const).flatMap((kind): FieldProblem[] => {
    const written = own[kind];
    if (!written || (written.request && written.limit)) return [];
    const merged = { ...cluster[kind], ...written };
    if (!merged.request || !merged.limit) return [];
    const parse = kind === 'cpu' ? parseCpu : parseMemory;
    const [request, limit] = [parse(merged.request), parse(merged.limit)];
    if (request === undefined || limit === undefined || limit === 0 || limit >= request) return [];
    return written.request
      ? [
          {
            path: [...path, kind, 'request'],
            input: written.request,
            message: `is above the limit "${merged.limit}" this namespace's proxies get from the cluster (resources.proxy and the profile); the API server refuses a request above its limit: give a limit too, or a smaller request`,
          },
        ]
      : [
          {
            path: [...path, kind, 'limit'],
            input: written.limit,
            message: `is below the request "${merged.request}" this namespace's proxies get from the cluster (resources.proxy and the profile); the API server refuses a request above its limit: give a request too, or a larger limit`,
          },
        ];
  });
}

/** A namespace declared elsewhere gets no annotation from here: the ones to put in its own manifest. */
function warnings({ config, line }: ConfigBasis): FieldWarning[] {
  return config.meshedNamespaces.flatMap((namespace, index): FieldWarning[] => {
    if (namespace.declared !== 'elsewhere' || !namespace.proxy) return [];
    const annotations = Object.entries(namespaceProxyAnnotations(namespace.proxy, line));
    if (annotations.length === 0) return [];
    return [
      {
        field: `meshedNamespaces[${index}].proxy`,
        message: `has no effect with declared: elsewhere (this project emits no Namespace "${namespace.name}"); put these under metadata.annotations in its own manifest: ${annotations.map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join(', ')}`,
      },
    ];
  });
}

export const namespaceProxyChecks: FeatureChecks = { problems, warnings };
