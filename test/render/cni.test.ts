/**
 * The CNI plugin and Pod Security, on what `helm template` renders: on every line that publishes linkerd2-cni
 * its Helm chart renders with our values, writes to the preset's node directories and redirects to the ports and
 * user of the proxy the control plane renders; and every namespace we label enforces exactly the strictest
 * Pod Security level its rendered pods pass, with the containers the proxy injector adds (taken from the
 * rendered control plane, whose pods the Helm chart injects from the same templates). Lines come from the catalog.
 */
import { CNI_PRESET_NAMES, CNI_PRESETS, type CniPresetName } from '../../features/cni/presets';
import { RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';
import { POD_SECURITY_ENFORCE_LABEL, type PodSecurityLevel } from '../../lib/linkerd/pod-security';
import { type K8sObject, type RenderedCluster, renderOutput } from '../support/helm-render';
import { strictestAdmitted, violations } from '../support/pod-security';
import { describeWithShared } from '../support/shared';
import { synthesizeConfig } from '../support/synth';

/** The containers the proxy injector adds to a pod. */
const INJECTED = new Set(['linkerd-init', 'linkerd-network-validator', 'linkerd-proxy']);

function render(cluster: string, text: string): RenderedCluster {
  const files = new Map<string, string>();
  for (const [path, content] of synthesizeConfig(text, cluster).dist)
    files.set(path.slice(cluster.length + 1), content);
  return renderOutput(cluster, files);
}

/** The pod spec and pod annotations of a workload, or undefined for other objects. */
function podOf(object: K8sObject): { spec: Record<string, any>; annotations: Record<string, string> } | undefined {
  const template =
    object.kind === 'CronJob'
      ? object.spec?.jobTemplate?.spec?.template
      : object.kind === 'Pod'
        ? object
        : object.spec?.template;
  if (!template?.spec?.containers) return undefined;
  return { spec: template.spec, annotations: template.metadata?.annotations ?? {} };
}

/** What the injector adds, as the rendered linkerd-identity Deployment carries it. */
function injectedContainers(rendered: RenderedCluster): { initContainers: any[]; containers: any[] } {
  const identity = rendered.objects.find(
    ({ object }) => object.kind === 'Deployment' && object.metadata.name === 'linkerd-identity',
  )!.object;
  const pod = podOf(identity)!.spec;
  return {
    initContainers: (pod.initContainers ?? []).filter((container: any) => INJECTED.has(container.name)),
    containers: pod.containers.filter((container: any) => INJECTED.has(container.name)),
  };
}

/** Every labelled namespace of dist/ with its level and the pod specs that run in it, injected as the injector would. */
function namespacePods(rendered: RenderedCluster) {
  const injection = injectedContainers(rendered);
  const namespaces = rendered.dist.filter(({ object }) => object.kind === 'Namespace').map(({ object }) => object);
  return namespaces.flatMap((namespace) => {
    const level = namespace.metadata.labels?.[POD_SECURITY_ENFORCE_LABEL] as PodSecurityLevel | undefined;
    if (!level) return [];
    const namespaceInject = namespace.metadata.annotations?.['linkerd.io/inject'];
    const pods = rendered.objects.flatMap(({ object, source }) => {
      const pod =
        source.kind === 'release' && object.metadata.namespace === namespace.metadata.name ? podOf(object) : undefined;
      if (!pod) return [];
      const inject = pod.annotations['linkerd.io/inject'] ?? namespaceInject;
      const hasProxy = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].some(
        (container: any) => container.name === 'linkerd-proxy',
      );
      if (hasProxy || (inject !== 'enabled' && inject !== 'ingress'))
        return [{ name: `${object.kind}/${object.metadata.name}`, spec: pod.spec }];
      const spec = {
        ...pod.spec,
        initContainers: [...injection.initContainers, ...(pod.spec.initContainers ?? [])],
        containers: [...pod.spec.containers, ...injection.containers],
      };
      return [{ name: `${object.kind}/${object.metadata.name} (injected)`, spec }];
    });
    return [
      {
        name: namespace.metadata.name,
        level,
        pods,
        injectOnly: namespaceInject === 'enabled' || namespaceInject === 'ingress' ? { ...injection } : undefined,
      },
    ];
  });
}

const CNI_LINES = RELEASE_LINE_NAMES.filter((line) => releaseLine(line).helmChartVersions['linkerd2-cni']);

describeWithShared('CNI plugin and Pod Security, rendered', () => {
  // Each line with the plugin, on a preset each (so every preset renders somewhere), on a Talos-like cluster.
  const withCni = CNI_LINES.map((line, index) => {
    const preset: CniPresetName = CNI_PRESET_NAMES[index % CNI_PRESET_NAMES.length];
    const text = `releaseLine: ${line}\ncni: {enabled: true, preset: ${preset}}\npodSecurity: {enforce: baseline}\nmeshedNamespaces: [apps, {name: payments, podSecurity: restricted}]\n`;
    return { line, preset, text };
  });

  test.each(withCni)(
    "$line ($preset): linkerd2-cni renders and writes to the preset's node directories",
    ({ line, preset, text }) => {
      const rendered = render(`cni-${line.replace(/\./g, '-')}`, text);
      const cni = rendered.releases.find((release) => release.helmChart === 'linkerd2-cni')!;
      expect(cni.version).toBe(releaseLine(line).helmChartVersions['linkerd2-cni']);
      const daemonSet = cni.objects.find((object) => object.kind === 'DaemonSet')!;
      const hostPaths = podOf(daemonSet)!.spec.volumes.flatMap((volume: any) =>
        volume.hostPath ? [volume.hostPath.path] : [],
      );
      expect(hostPaths.sort()).toEqual([CNI_PRESETS[preset].binDir, CNI_PRESETS[preset].netDir].sort());
      const config = cni.objects.find(
        (object) => object.kind === 'ConfigMap' && object.metadata.name === 'linkerd-cni-config',
      )!;
      expect([config.data.dest_cni_net_dir, config.data.dest_cni_bin_dir]).toEqual([
        CNI_PRESETS[preset].netDir,
        CNI_PRESETS[preset].binDir,
      ]);
      expect(podOf(daemonSet)!.spec.containers.map((container: any) => container.name)).toContain('repair-controller');
    },
  );

  test.each(withCni)(
    '$line: the plugin redirects to the ports and the user of the proxy the control plane renders',
    ({ line, text }) => {
      const rendered = render(`cni-${line.replace(/\./g, '-')}`, text);
      const cni = rendered.releases.find((release) => release.helmChart === 'linkerd2-cni')!;
      const config = cni.objects.find(
        (object) => object.kind === 'ConfigMap' && object.metadata.name === 'linkerd-cni-config',
      )!;
      const plugin = JSON.parse(config.data.cni_network_config).linkerd;
      const proxy = [...injectedContainers(rendered).initContainers, ...injectedContainers(rendered).containers].find(
        (container) => container.name === 'linkerd-proxy',
      );
      const port = (name: string) =>
        Number(
          proxy.env
            .find((entry: any) => entry.name === name)
            .value.split(':')
            .pop(),
        );
      expect(plugin['proxy-uid']).toBe(proxy.securityContext.runAsUser);
      expect(plugin['incoming-proxy-port']).toBe(port('LINKERD2_PROXY_INBOUND_LISTEN_ADDR'));
      expect(plugin['outgoing-proxy-port']).toBe(port('LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR'));
      expect(plugin['inbound-ports-to-ignore'].map(Number)).toEqual(
        expect.arrayContaining([port('LINKERD2_PROXY_ADMIN_LISTEN_ADDR'), port('LINKERD2_PROXY_CONTROL_LISTEN_ADDR')]),
      );
    },
  );

  test.each(withCni)('$line: meshed pods get linkerd-network-validator, not linkerd-init', ({ line, text }) => {
    const names = injectedContainers(render(`cni-${line.replace(/\./g, '-')}`, text)).initContainers.map(
      (container) => container.name,
    );
    expect(names).toContain('linkerd-network-validator');
    expect(names).not.toContain('linkerd-init');
  });

  test.each(withCni)(
    '$line: each namespace enforces the strictest level its pods pass; meshed ones admit what the injector adds',
    ({ line, text }) => {
      const found: string[] = [];
      for (const { name, level, pods, injectOnly } of namespacePods(render(`cni-${line.replace(/\./g, '-')}`, text))) {
        if (pods.length > 0) {
          const strictest = strictestAdmitted(pods.map((pod) => pod.spec));
          if (strictest !== level)
            found.push(
              `${name}: labelled ${level}, its pods pass ${strictest}: ${pods.flatMap((pod) => violations(pod.spec, level).map((problem) => `${pod.name} ${problem}`)).join('; ')}`,
            );
        } else if (injectOnly) {
          for (const problem of violations(injectOnly, level))
            found.push(`${name} (${level}): the injected ${problem}`);
        }
      }
      expect(found).toEqual([]);
    },
  );

  test('without the plugin, meshed pods need privileged: linkerd-init adds NET_ADMIN and NET_RAW', () => {
    const [line] = RELEASE_LINE_NAMES;
    const rendered = render('no-cni', `releaseLine: ${line}\nmeshedNamespaces: [apps]\n`);
    const injected = injectedContainers(rendered);
    expect(injected.initContainers.map((container) => container.name)).toContain('linkerd-init');
    expect(violations(injected, 'baseline')).toEqual(
      expect.arrayContaining(['container "linkerd-init": adds NET_ADMIN', 'container "linkerd-init": adds NET_RAW']),
    );
    for (const { name, level, pods } of namespacePods(rendered)) {
      if (pods.length > 0) expect([name, level]).toEqual([name, strictestAdmitted(pods.map((pod) => pod.spec))]);
    }
  });
});
