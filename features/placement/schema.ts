/**
 * Where the control plane and the extensions run: a node selector, tolerations and a priority class for their
 * pods, through each Helm chart's own keys (./values.ts). Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';
import { dnsSubdomain } from '../../lib/config/fields';
import { labelsSchema } from '../../lib/config/kubernetes-labels';

/** A Kubernetes toleration (core/v1 Toleration). */
const tolerationSchema = z
  .strictObject({
    /** The taint key; empty with `operator: Exists` tolerates every taint. @default - every key (with Exists) */
    key: z.string().optional(),
    /** `Equal` (the default) or `Exists`. @default 'Equal' */
    operator: z.enum(['Equal', 'Exists']).optional(),
    /** The taint value, with `operator: Equal`. @default - empty */
    value: z.string().optional(),
    /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. @default - every effect */
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
    /** With `NoExecute`: how long the pod stays once tainted. @default - forever */
    tolerationSeconds: z.number().int().optional(),
  })
  .superRefine((toleration, ctx) => {
    if (toleration.operator === 'Exists' && toleration.value !== undefined && toleration.value !== '')
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be empty with operator: Exists' });
    if (toleration.key === undefined && toleration.operator !== 'Exists')
      ctx.addIssue({ code: 'custom', path: ['operator'], message: 'must be Exists when no key is given' });
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute')
      ctx.addIssue({ code: 'custom', path: ['tolerationSeconds'], message: 'needs effect: NoExecute' });
  });

export const placementSchema = z
  .strictObject({
    /**
     * Node labels the pods of the control plane, linkerd-viz, tracing, cert-manager and trust-manager must
     * match (added to each Helm chart's own, e.g. `kubernetes.io/os: linux`). The CNI plugin's DaemonSet is left
     * on every node: each node that runs meshed pods needs it.
     * @default - none: the Helm charts' own
     */
    nodeSelector: labelsSchema.optional(),
    /**
     * Taints those pods tolerate, e.g. `[{ key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }]`.
     * @default - none
     */
    tolerations: z.array(tolerationSchema).optional(),
    /**
     * The PriorityClass of those pods, where the Helm chart has the key (linkerd-control-plane, cert-manager,
     * trust-manager; linkerd-viz, linkerd-jaeger and Jaeger's have none: a warning says so).
     * @default - none: the cluster's default priority
     */
    priorityClassName: dnsSubdomain.optional(),
  })
  .prefault({});
