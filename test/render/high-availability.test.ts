/**
 * highAvailability on what `helm template` renders: the replicas, the anti-affinity and the webhooks' failure
 * policy we set through each Helm chart's own keys (controllerReplicas, tap.replicas, enablePodAntiAffinity,
 * webhookFailurePolicy) reach the Deployments and webhook configurations, for values-ha.yaml's settings
 * (`true`) and for a two-node home lab (`{nodes: 2}`).
 */
import type { K8sObject, RenderedCluster } from '../support/helm-render';
import { renderConfigText } from '../support/helm-render';
import { describeWithShared } from '../support/shared';

const BUDGET = 'budget: {cpu: "4", memory: 6Gi}\ntracing: {enabled: false}\n';
const HA_DEPLOYMENTS = [
  'linkerd-control-plane/linkerd-destination',
  'linkerd-control-plane/linkerd-identity',
  'linkerd-control-plane/linkerd-proxy-injector',
  'linkerd-viz/tap',
];

function deployments(rendered: RenderedCluster): Map<string, K8sObject> {
  return new Map(
    rendered.releases.flatMap((release) =>
      release.objects
        .filter((object) => object.kind === 'Deployment')
        .map((object) => [`${release.name}/${object.metadata.name}`, object] as const),
    ),
  );
}

/** failurePolicy of every webhook of the control plane's webhook configurations. */
function controlPlanePolicies(rendered: RenderedCluster): string[] {
  const release = rendered.releases.find((candidate) => candidate.name === 'linkerd-control-plane')!;
  return release.objects
    .filter((object) => /WebhookConfiguration$/.test(object.kind))
    .flatMap((object) =>
      ((object as any).webhooks as { failurePolicy: string }[]).map((webhook) => webhook.failurePolicy),
    );
}

describeWithShared('highAvailability, rendered', () => {
  test.each([
    ['true', 3, 'required', 'Fail'],
    ['{nodes: 3}', 3, 'required', 'Fail'],
    ['{nodes: 2}', 2, 'preferred', 'Ignore'],
    ['{nodes: 2, replicas: 2, spreading: required, webhookFailurePolicy: Fail}', 2, 'required', 'Fail'],
  ])('highAvailability: %s → %d replicas, spreading %s, webhooks %s', (setting, replicas, spreading, policy) => {
    const rendered = renderConfigText(`releaseLine: edge-26.8.3\nhighAvailability: ${setting}\n${BUDGET}`, 'ha');
    const found = deployments(rendered);
    for (const name of HA_DEPLOYMENTS) {
      const deployment = found.get(name) as any;
      expect([name, deployment?.spec.replicas]).toEqual([name, replicas]);
      const antiAffinity = deployment.spec.template.spec.affinity?.podAntiAffinity;
      if (spreading === 'required') {
        expect(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe(
          'kubernetes.io/hostname',
        );
      } else {
        // No required one-per-node rule: the scheduler's default spreading places the replicas.
        expect(antiAffinity).toBeUndefined();
      }
    }
    const policies = controlPlanePolicies(rendered);
    expect(policies.length).toBeGreaterThan(0);
    expect(new Set(policies)).toEqual(new Set([policy]));
    // Disruption budgets, as values-ha.yaml sets them, with every replica count.
    expect(
      rendered.releases
        .find((release) => release.name === 'linkerd-control-plane')!
        .objects.some((object) => object.kind === 'PodDisruptionBudget'),
    ).toBe(true);
  });
});
