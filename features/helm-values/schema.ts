/**
 * Helm values a person gives a Helm chart directly, for what the config does not foresee: merged last, over
 * everything this project computes, each key checked against that Helm chart's own keys for the cluster's
 * release line (./rules.ts), and refused or warned where it overrides a value this project manages
 * (./managed.ts). Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';

/** One Helm chart's values: a map, as in a values.yaml. */
const helmChartValues = z.record(z.string(), z.unknown()).optional();

export const helmValuesSchema = z
  .strictObject({
    /**
     * Values of linkerd-crds.
     * @default - none: only what this project computes
     */
    'linkerd-crds': helmChartValues,
    /**
     * Values of linkerd-control-plane, e.g. `{ proxy: { logFormat: json } }`.
     * @default - none: only what this project computes
     */
    'linkerd-control-plane': helmChartValues,
    /**
     * Values of linkerd2-cni (installed with `cni.enabled: true`).
     * @default - none: only what this project computes
     */
    'linkerd2-cni': helmChartValues,
    /**
     * Values of linkerd-viz (installed with `viz.enabled: true`).
     * @default - none: only what this project computes
     */
    'linkerd-viz': helmChartValues,
    /**
     * Values of linkerd-jaeger (tracing on lines that publish it: edge-25.9.4, stable-2.14.10).
     * @default - none: only what this project computes
     */
    'linkerd-jaeger': helmChartValues,
    /**
     * Values of the Jaeger project's Helm chart (Jaeger v2: tracing on lines without linkerd-jaeger).
     * @default - none: only what this project computes
     */
    jaeger: helmChartValues,
    /**
     * Values of cert-manager (installed with `certManager.install: true`).
     * @default - none: only what this project computes
     */
    'cert-manager': helmChartValues,
    /**
     * Values of trust-manager (installed with `certManager.install: true`).
     * @default - none: only what this project computes
     */
    'trust-manager': helmChartValues,
  })
  .prefault({});

/** The Helm charts `helmValues` names. */
export type HelmValuesChart = keyof z.output<typeof helmValuesSchema>;
