/**
 * Turning the CNI plugin on in a running cluster is one line of its config (`cni: {enabled: true}`), and what
 * that changes in dist/ is what docs/cni-and-pod-security.md "CNI and Pod Security" says: the plugin's release and namespace are
 * added, the control plane waits for it and stops adding linkerd-init, Linkerd's namespaces enforce the levels
 * their Helm charts choose, and nothing is removed. Pods already running keep linkerd-init until restarted.
 */
import { RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';
import type { KubeObject } from '../../lib/output/render';
import { objectsByKey } from '../../test/support/objects';
import { synthesizeConfig } from '../../test/support/synth';

const CONFIG = 'meshedNamespaces: [media]\n';

/** What a config synthesizes, by `kind/namespace/name`. */
const synthesized = (text: string) => objectsByKey(synthesizeConfig(text, 'home').objects);

describe.each(RELEASE_LINE_NAMES.filter((line) => releaseLine(line).helmChartVersions['linkerd2-cni']))(
  'turning the CNI plugin on (%s)',
  (line) => {
    const before = synthesized(`releaseLine: ${line}\n${CONFIG}`);
    const after = synthesized(`releaseLine: ${line}\n${CONFIG}cni: {enabled: true}\n`);
    const changed = [...after.keys()].filter(
      (key) => before.has(key) && JSON.stringify(before.get(key)) !== JSON.stringify(after.get(key)),
    );
    const tracingNamespace = before.has('Namespace//linkerd-jaeger') ? ['Namespace//linkerd-jaeger'] : [];

    test('removes nothing', () => {
      expect([...before.keys()].filter((key) => !after.has(key))).toEqual([]);
    });

    test("adds only the plugin's HelmRelease and its namespace", () => {
      expect([...after.keys()].filter((key) => !before.has(key)).sort()).toEqual([
        'HelmRelease/flux-system/linkerd2-cni',
        'Namespace//linkerd-cni',
      ]);
    });

    test("changes only the control plane and Linkerd's namespace labels; the meshed namespace stays as it was", () => {
      expect(changed.sort()).toEqual(
        [
          'HelmRelease/flux-system/linkerd-control-plane',
          'Namespace//linkerd',
          'Namespace//linkerd-viz',
          ...tracingNamespace,
        ].sort(),
      );
      const spec = (object: KubeObject | undefined) => object?.spec as any;
      const { cniEnabled, ...values } = spec(after.get('HelmRelease/flux-system/linkerd-control-plane')).values;
      expect(cniEnabled).toBe(true);
      expect(values).toEqual(spec(before.get('HelmRelease/flux-system/linkerd-control-plane')).values);
      expect(spec(after.get('HelmRelease/flux-system/linkerd-control-plane')).dependsOn).toEqual([
        { name: 'linkerd-crds' },
        { name: 'linkerd2-cni' },
      ]);
      for (const key of ['Namespace//linkerd', 'Namespace//linkerd-viz', ...tracingNamespace]) {
        const { labels: labelsBefore, ...restBefore } = before.get(key)!.metadata as {
          labels?: Record<string, string>;
        };
        const { labels: labelsAfter, ...restAfter } = after.get(key)!.metadata as { labels?: Record<string, string> };
        expect(restAfter).toEqual(restBefore);
        expect(labelsBefore?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
        expect({ ...labelsAfter, 'pod-security.kubernetes.io/enforce': 'privileged' }).toEqual(labelsBefore);
      }
    });
  },
);
