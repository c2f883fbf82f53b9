/**
 * MeshedNamespace on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults (what its
 * JSDoc promises: the injector's ANNOTATION, never a label; prune disabled; server-side apply merge), then its
 * output for every prop, then the Kubernetes schema of a Namespace. It refuses no prop: the config schema
 * checks namespace names and policies before a plan reaches it.
 */
import { Testing } from 'cdk8s';
import { Namespace as NamespaceModel } from 'kubernetes-models/v1/Namespace';
import { unknownFieldsOf } from '../../test/render/joins/unknown-fields';
import { POD_SECURITY_ENFORCE_LABEL, POD_SECURITY_LEVELS } from '../linkerd/pod-security';
import { MeshedNamespace, type MeshedNamespaceProps } from './meshed-namespace';
import { PRUNE_DISABLED } from './namespace';

function synth(props: Partial<MeshedNamespaceProps> = {}): any[] {
  const chart = Testing.chart();
  new MeshedNamespace(chart, 'Namespace', { name: 'media', ...props });
  return Testing.synth(chart);
}

describe('defaults', () => {
  const manifests = synth();

  test('a v1 Namespace annotated linkerd.io/inject: enabled, unprunable, merged by server-side apply; no labels', () => {
    expect(manifests).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'media',
          annotations: {
            'kustomize.toolkit.fluxcd.io/prune': 'disabled',
            'kustomize.toolkit.fluxcd.io/ssa': 'merge',
            'linkerd.io/inject': 'enabled',
          },
        },
      },
    ]);
  });

  test('linkerd.io/inject is an annotation, never a label (the injector ignores a label of that name)', () => {
    const [namespace] = manifests;
    expect(namespace.metadata.annotations['linkerd.io/inject']).toBe('enabled');
    expect(namespace.metadata.labels).toBeUndefined();
  });

  test("Flux's prune is disabled with the same annotation as any unprunable Namespace", () => {
    expect(manifests[0].metadata.annotations).toMatchObject(PRUNE_DISABLED);
  });

  test('no default-inbound-policy annotation: the cluster default applies', () => {
    expect(Object.keys(manifests[0].metadata.annotations)).not.toContain('config.linkerd.io/default-inbound-policy');
  });
});

describe('output', () => {
  test('inject: ingress, for ingress controllers', () => {
    expect(synth({ inject: 'ingress' })[0].metadata.annotations['linkerd.io/inject']).toBe('ingress');
  });

  test('defaultInboundPolicy is the config.linkerd.io annotation, beside the others', () => {
    expect(synth({ defaultInboundPolicy: 'all-authenticated' })[0].metadata.annotations).toEqual({
      'config.linkerd.io/default-inbound-policy': 'all-authenticated',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      'kustomize.toolkit.fluxcd.io/ssa': 'merge',
      'linkerd.io/inject': 'enabled',
    });
  });

  test.each(POD_SECURITY_LEVELS)('podSecurity %s is the one label, Pod Security enforce', (level) => {
    const [namespace] = synth({ podSecurity: level });
    expect(namespace.metadata.labels).toEqual({ [POD_SECURITY_ENFORCE_LABEL]: level });
    expect(namespace.metadata.annotations['linkerd.io/inject']).toBe('enabled');
  });
});

describe('against the Kubernetes schema of a v1 Namespace (kubernetes-models)', () => {
  test('the defaults and every prop are valid, with no unknown field', () => {
    const namespaces = [
      ...synth(),
      ...synth({ inject: 'ingress', defaultInboundPolicy: 'deny', podSecurity: 'restricted' }),
    ];
    for (const namespace of namespaces) {
      expect(unknownFieldsOf((data) => NamespaceModel.prototype.validate.call(data), namespace)).toEqual([]);
    }
  });
});
