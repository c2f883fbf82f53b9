/**
 * Join 3: every webhook's CA comes from a Certificate we emit, and Flux's drift detection ignores
 * exactly the caBundle fields that exist.
 *
 * For every admission webhook (each entry of a Mutating/ValidatingWebhookConfiguration), APIService and
 * CRD conversion webhook rendered: cert-manager's CA injector fills its caBundle from the Certificate its
 * `cert-manager.io/inject-ca-from` annotation names (which must be in the output, cover the Service's
 * DNS name, and be the Secret the Service's pods mount), or from a Secret its `inject-ca-from-secret`
 * names (which must exist, rendered or known at run time). A caBundle baked in by the Helm chart, or none, fails.
 *
 * For every HelmRelease with drift detection on: each caBundle field of its objects is covered by an
 * ignore rule, and each ignore rule's path is a caBundle field of an object it targets. The assumption
 * "one webhook per configuration" is then checked, not assumed.
 */
import type { ClusterObject, K8sObject } from '../../support/helm-render';
import { type CaBundleField, caBundleFields } from '../../support/ca-bundle-fields';
import { RUNTIME_OBJECTS } from './mounts';
import { type ClusterIndex, describe, type JoinResult, matchesLabels, named } from './model';

/** A caBundle field of a rendered object. */
interface CaField extends CaBundleField {
  readonly entry: ClusterObject;
}

/** The caBundle fields of a rendered object (webhook configurations, APIServices, CRD conversion webhooks). */
export function caFields(entry: ClusterObject): CaField[] {
  return caBundleFields(entry.object).map((field) => ({ ...field, entry }));
}

export function checkWebhooks(index: ClusterIndex): JoinResult {
  const failures: string[] = [];
  const warnings: string[] = [];
  let checked = 0;
  const fields = index.cluster.objects.filter((entry) => entry.source.kind === 'release').flatMap(caFields);
  for (const field of fields) {
    checked += 1;
    failures.push(...caProblems(index, field));
  }
  for (const { object: release } of index.all('HelmRelease')) {
    const mode = release.spec?.driftDetection?.mode;
    if (mode !== 'enabled' && mode !== 'warn') continue;
    const id = `${release.metadata.namespace}/${release.metadata.name}`;
    const objects = index.cluster.objects.filter(
      (entry) => entry.source.kind === 'release' && entry.source.release === id,
    );
    const rules = (release.spec.driftDetection.ignore ?? []) as Array<{
      paths: string[];
      target?: Record<string, any>;
    }>;
    const ownFields = objects.flatMap(caFields);
    for (const field of ownFields) {
      checked += 1;
      const covered = rules.some((rule) => targets(rule.target, field.entry.object) && rule.paths.includes(field.path));
      if (!covered)
        failures.push(
          `HelmRelease ${id} drift detection reverts ${named(field.entry)} ${field.path}, which cert-manager's CA injector writes: no ignore rule covers it`,
        );
    }
    for (const rule of rules) {
      const targeted = objects.filter((entry) => targets(rule.target, entry.object));
      for (const path of rule.paths) {
        checked += 1;
        const real = ownFields.filter((field) => field.path === path && targeted.includes(field.entry));
        if (real.length === 0) {
          const what = rule.target ? JSON.stringify(rule.target) : 'every object';
          failures.push(
            `HelmRelease ${id} drift detection ignores ${path} on ${what}, but no object the release renders has that caBundle field (${targeted.length === 0 ? 'no object matches the target' : `it matches ${targeted.map((entry) => describe(entry.object)).join(', ')}`})`,
          );
        }
      }
    }
  }
  return { join: 'webhook-ca', checked, failures, warnings };
}

/** Where a caBundle comes from, and whether that source is in the output. */
function caProblems(index: ClusterIndex, field: CaField): string[] {
  const { object } = field.entry;
  const annotations = object.metadata.annotations ?? {};
  const side = `${named(field.entry)} ${field.path}`;
  const fromCertificate = annotations['cert-manager.io/inject-ca-from'];
  const fromSecret = annotations['cert-manager.io/inject-ca-from-secret'];
  if (fromCertificate) {
    const [namespace, name] = fromCertificate.split('/');
    const certificate = index.find('Certificate', name, namespace);
    if (!certificate)
      return [
        `${side} takes its CA from Certificate ${fromCertificate} (cert-manager.io/inject-ca-from), which the output does not hold`,
      ];
    return field.service ? servingProblems(index, field, certificate) : [];
  }
  if (fromSecret) {
    const [namespace, name] = fromSecret.split('/');
    const secret =
      index.find('Secret', name, namespace) ??
      index.cluster.objects.find(
        ({ object: candidate }) =>
          candidate.kind === 'Certificate' &&
          candidate.metadata.namespace === namespace &&
          candidate.spec?.secretName === name,
      );
    const runtime = RUNTIME_OBJECTS.some(
      (entry) => entry.kind === 'Secret' && entry.name === name && entry.namespace === namespace,
    );
    if (!secret && !runtime)
      return [
        `${side} takes its CA from Secret ${fromSecret} (cert-manager.io/inject-ca-from-secret), which nothing creates`,
      ];
    return [];
  }
  if (annotations['cert-manager.io/inject-apiserver-ca'] === 'true') return [];
  if (field.caBundle)
    return [
      `${side} holds a CA the Helm chart generated at render time (a new one at every upgrade), not one injected from a Certificate we emit`,
    ];
  return [
    `${side} is empty and nothing injects it (no cert-manager.io/inject-ca-from annotation): the API server cannot trust the webhook`,
  ];
}

/** The Certificate must name the Service's DNS name, and the Service's pods must serve with its Secret. */
function servingProblems(index: ClusterIndex, field: CaField, certificate: ClusterObject): string[] {
  const problems: string[] = [];
  const { name, namespace } = field.service!;
  const dnsName = `${name}.${namespace}.svc`;
  const cert = certificate.object;
  const names: string[] = [...(cert.spec?.dnsNames ?? []), ...(cert.spec?.commonName ? [cert.spec.commonName] : [])];
  const side = `${named(field.entry)} ${field.path}`;
  if (!names.includes(dnsName))
    problems.push(
      `${side} calls ${dnsName}, but its CA's Certificate ${describe(cert)} [${certificate.source.kind === 'dist' ? certificate.source.file : 'rendered'}] names ${names.join(', ') || 'no DNS name'}`,
    );
  const service = index.find('Service', name, namespace);
  if (!service) {
    problems.push(`${side} calls Service ${namespace}/${name}, which the output does not hold`);
    return problems;
  }
  const pods = index.podsOf(service.object);
  if (pods.length === 0)
    problems.push(`${side} calls Service ${namespace}/${name} [${named(service)}], which selects no pod`);
  for (const pod of pods) {
    const mounted = pod.volumes.some(
      (volume) =>
        volume.secret?.secretName === cert.spec.secretName ||
        (volume.projected?.sources ?? []).some((source: any) => source.secret?.name === cert.spec.secretName),
    );
    if (!mounted)
      problems.push(
        `${side}: the pods behind Service ${namespace}/${name} (${named(pod.owner)}) do not mount Secret ${cert.spec.secretName} of Certificate ${describe(cert)}, so they serve another certificate than the CA the webhook trusts`,
      );
  }
  return problems;
}

/** Whether a drift-detection ignore rule's target (Flux's kustomize-style selector) picks `object`. */
function targets(target: Record<string, any> | undefined, object: K8sObject): boolean {
  if (!target) return true;
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  if (target.kind && target.kind !== object.kind) return false;
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version && target.version !== version) return false;
  if (target.name && !new RegExp(`^(?:${target.name})$`).test(object.metadata.name)) return false;
  if (target.namespace && target.namespace !== object.metadata.namespace) return false;
  if (target.labelSelector && !matchesSelectorText(object.metadata.labels ?? {}, target.labelSelector)) return false;
  if (target.annotationSelector && !matchesSelectorText(object.metadata.annotations ?? {}, target.annotationSelector))
    return false;
  return true;
}

/** `a=b,c` style selectors (equality and existence only). */
function matchesSelectorText(labels: Record<string, string>, text: string): boolean {
  return text.split(',').every((term) => {
    const [key, value] = term.split(/==?/).map((part) => part.trim());
    return value === undefined ? key in labels : matchesLabels(labels, { matchLabels: { [key]: value } });
  });
}
