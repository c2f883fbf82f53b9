/**
 * The config fields of Linkerd's CNI plugin (`cni`) and of Pod Security (`podSecurity`, and
 * `meshedNamespaces[].podSecurity`), and the rule that joins them: a meshed namespace may enforce more than
 * `privileged` only with the CNI plugin. docs/cni-and-pod-security.md "CNI and Pod Security".
 */
import { z } from 'zod';
import { closest } from '../../lib/common/did-you-mean';
import {
  CNI_PRESET_NAMES,
  CNI_PRESETS,
  type CniPresetName,
  DEFAULT_CNI_PRESET,
  IPTABLES_MODES,
  nodeDirectoryProblem,
} from './presets';
import {
  admitsMeshedPods,
  meshedNamespaceLevel,
  POD_SECURITY_LEVELS,
  type PodSecurityLevel,
} from '../../lib/linkerd/pod-security';
import type { FieldProblem } from '../../lib/config/field-problem';

/** A Pod Security Standard: `privileged`, `baseline` or `restricted`. */
export const podSecurityLevel = z.enum(POD_SECURITY_LEVELS);

/** A directory on the node, as the CNI Helm chart mounts it. */
const nodeDirectory = z.string().superRefine((value, ctx) => {
  const problem = nodeDirectoryProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});

/** A preset's name; an unknown one lists the known ones with what each is for. */
const presetName = z
  .string()
  .superRefine((value, ctx) => {
    if ((CNI_PRESET_NAMES as readonly string[]).includes(value)) return;
    const guess = closest(value, CNI_PRESET_NAMES);
    const known = CNI_PRESET_NAMES.map((name) => `"${name}" (${CNI_PRESETS[name].description})`).join(', ');
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: `is not a CNI preset${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${known}`,
    });
  })
  .transform((value) => value as CniPresetName);

/** `cni`: Linkerd's CNI plugin (Helm chart linkerd2-cni) instead of linkerd-init in every meshed pod. */
export const cniSchema = z
  .strictObject({
    /** Install the CNI plugin; meshed pods then need neither NET_ADMIN nor NET_RAW. */
    enabled: z.boolean().default(false),
    /** The distribution's settings by name (features/cni/presets.ts); the fields below override them. */
    preset: presetName.default(DEFAULT_CNI_PRESET),
    /** The node directory of the CNI configuration; the preset's otherwise. */
    netDir: nodeDirectory.optional(),
    /** The node directory of the CNI plugin binaries; the preset's otherwise. */
    binDir: nodeDirectory.optional(),
    /** Which iptables command the plugin runs: `nft`, `legacy` or `plain`; the preset's otherwise. */
    iptablesMode: z.enum(IPTABLES_MODES).optional(),
    /** Run the repair controller, which restarts meshed pods that started before the plugin; the preset's otherwise. */
    repairController: z.boolean().optional(),
  })
  .prefault({})
  .superRefine((cni, ctx) => {
    if (cni.enabled) return;
    for (const key of ['netDir', 'binDir', 'iptablesMode', 'repairController'] as const) {
      if (cni[key] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: cni[key],
          message: 'only applies with cni.enabled: true; set that too, or remove it',
        });
    }
  });

/** `podSecurity`: what the cluster's Pod Security Admission enforces. */
export const podSecuritySchema = z
  .strictObject({
    /**
     * The Pod Security Standard the cluster enforces where a namespace has no label (Talos: `baseline`). Meshed
     * namespaces declared here get it as their label; anything but `privileged` needs cni.enabled: true.
     */
    enforce: podSecurityLevel.optional(),
  })
  .prefault({});

/** What {@link podSecurityProblems} reads of a config. */
interface PodSecurityConfig {
  readonly cni: { readonly enabled: boolean };
  readonly podSecurity: { readonly enforce?: PodSecurityLevel };
  readonly meshedNamespaces: ReadonlyArray<{
    readonly name: string;
    readonly declared: 'here' | 'elsewhere';
    readonly podSecurity?: PodSecurityLevel;
  }>;
}

/**
 * Meshed namespaces declared here whose Pod Security level would refuse their meshed pods: without the CNI
 * plugin every meshed pod runs linkerd-init, which adds NET_ADMIN and NET_RAW, and only `privileged` admits it.
 */
export function podSecurityProblems(config: PodSecurityConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  config.meshedNamespaces.forEach((namespace, index) => {
    if (namespace.declared !== 'here') return;
    const level = meshedNamespaceLevel(namespace, config.podSecurity);
    if (!level || admitsMeshedPods(level, config.cni.enabled)) return;
    const from = namespace.podSecurity ? 'its podSecurity' : 'podSecurity.enforce';
    problems.push({
      path: ['meshedNamespaces', index, namespace.podSecurity ? 'podSecurity' : 'name'],
      input: namespace.podSecurity ?? namespace.name,
      message:
        `would enforce Pod Security "${level}" (${from}) on namespace "${namespace.name}", which refuses every meshed pod: ` +
        'without the CNI plugin each one runs linkerd-init, which adds NET_ADMIN and NET_RAW; ' +
        'set cni.enabled: true (docs/cni-and-pod-security.md "CNI and Pod Security"), or podSecurity: privileged on this namespace',
    });
  });
  return problems;
}
