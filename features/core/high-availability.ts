/**
 * High availability as a setting: `highAvailability: true` (the Helm charts' values-ha.yaml: 3 replicas, one
 * per node required, fail-closed webhooks), or `{nodes, replicas, spreading, webhookFailurePolicy}` with
 * defaults that fit the nodes the person says they have. features/core/values.ts applies it through each
 * Helm chart's own keys; the footprint counts the replicas.
 */
import { z } from 'zod';

/** How replicas of one component are spread over nodes. */
export const SPREADING = ['required', 'preferred'] as const;
export type Spreading = (typeof SPREADING)[number];

/** What the control plane's webhooks do when their pod does not answer. */
export const WEBHOOK_FAILURE_POLICIES = ['Fail', 'Ignore'] as const;
export type WebhookFailurePolicy = (typeof WEBHOOK_FAILURE_POLICIES)[number];

/** The fewest nodes on which one replica per node, required, still leaves room to drain one (Linkerd's HA advice). */
export const NODES_FOR_REQUIRED_SPREADING = 3;

/** values-ha.yaml's replica count. */
export const CHART_HA_REPLICAS = 3;

/**
 * Run the control plane (destination, identity, proxy injector) and viz's tap with several replicas, disruption
 * budgets and anti-affinity (docs/configuration.md "High availability"): `true` for the Helm charts' own
 * values-ha.yaml, or a mapping of the settings below.
 */
export const highAvailabilitySchema = z
  .preprocess(
    (value, ctx) => {
      if (typeof value === 'boolean') return { enabled: value };
      if (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))) return value;
      ctx.addIssue({
        code: 'custom',
        input: value,
        message:
          'must be true, false or a mapping (e.g. {nodes: 2}: enabled, nodes, replicas, spreading, webhookFailurePolicy)',
      });
      return z.NEVER;
    },
    z.strictObject({
      /** Whether HA is on (a mapping without it: on). */
      enabled: z.boolean().default(true),
      /**
       * How many nodes the control plane may run on; the defaults below follow from it (2 nodes: 2 replicas,
       * spreading preferred, webhookFailurePolicy Ignore).
       * @default - unknown: values-ha.yaml's settings (3 replicas, one per node required, Fail)
       */
      nodes: z.number().int().min(1).max(10000).optional(),
      /**
       * Replicas of each HA component (controllerReplicas; viz's tap.replicas): each one adds its requests to the
       * footprint.
       * @default - 3; with `nodes`, that many, between 2 and 3
       */
      replicas: z.number().int().min(1).max(10).optional(),
      /**
       * `required`: at most one replica per node (the Helm charts' enablePodAntiAffinity; with fewer nodes than
       * replicas the rest stay Pending); `preferred`: no anti-affinity, the scheduler's default spreading puts
       * replicas on different nodes when it can.
       * @default - required, or preferred with fewer than 3 nodes
       */
      spreading: z.enum(SPREADING).optional(),
      /**
       * What the proxy injector's and the policy validators' webhooks do while none of their pods answers: `Fail`
       * refuses the pods and resources they check; `Ignore` lets them through (a pod may then start without a proxy).
       * @default - Fail, or Ignore with fewer than 3 nodes
       */
      webhookFailurePolicy: z.enum(WEBHOOK_FAILURE_POLICIES).optional(),
    }),
  )
  .default({ enabled: false });

/** The HA the config asks for, every default resolved. */
export interface HighAvailability {
  readonly replicas: number;
  readonly spreading: Spreading;
  readonly webhookFailurePolicy: WebhookFailurePolicy;
  /** @default - unknown */
  readonly nodes?: number;
}

/** The resolved HA of `config`, or undefined when it is off. */
export function highAvailability(config: {
  highAvailability: z.output<typeof highAvailabilitySchema>;
}): HighAvailability | undefined {
  const ha = config.highAvailability;
  if (!ha.enabled) return undefined;
  const { nodes } = ha;
  const roomy = nodes === undefined || nodes >= NODES_FOR_REQUIRED_SPREADING;
  return {
    replicas:
      ha.replicas ?? (nodes === undefined ? CHART_HA_REPLICAS : Math.min(CHART_HA_REPLICAS, Math.max(2, nodes))),
    spreading: ha.spreading ?? (roomy ? 'required' : 'preferred'),
    webhookFailurePolicy: ha.webhookFailurePolicy ?? (roomy ? 'Fail' : 'Ignore'),
    ...(nodes !== undefined && { nodes }),
  };
}
