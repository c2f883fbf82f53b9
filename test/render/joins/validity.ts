/**
 * Join 1: every object, rendered or in dist/, is valid for its kind. Core kinds are checked against the
 * Kubernetes API schemas of {@link KUBERNETES_VERSION} (npm `kubernetes-models`), strict about unknown
 * fields as an API server with strict field validation is (see ./unknown-fields.ts); custom resources
 * against their CRD's structural schema, strict about unknown fields: the CRD the same cluster renders
 * (linkerd-crds, cert-manager's with `crds.enabled`) or else ../shared's (Flux, cert-manager,
 * trust-manager, Prometheus Operator).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { crdValidators } from '../../support/crd-schemas';
import {
  gatewayApiCrds,
  type K8sObject,
  KUBERNETES_VERSION,
  type RenderedCluster,
  sharedCrds,
} from '../../support/helm-render';
import { type JoinResult, named } from './model';
import { unknownFieldsOf } from './unknown-fields';

/**
 * Kinds no schema here can check, with the reason: ../shared holds no CRD for them and no Helm chart we
 * render ships one. Each still counts as an object seen; adding its CRD to ../shared takes it off.
 */
export const KINDS_WITHOUT_SCHEMA: Readonly<Record<string, string>> = {
  'monitoring.coreos.com/ServiceMonitor':
    '../shared/prometheus-operator-crds holds the PodMonitor and PrometheusRule CRDs only',
  'grafana.integreatly.org/GrafanaDashboard': '../shared holds no grafana-operator CRD',
};

/**
 * Unknown fields that a Helm chart renders on a core kind whatever our values say, by
 * `<apiVersion>/<kind> <JSON pointer, array indexes as *>`, with the reason. Each is still reported as a
 * warning; none may come from our values.
 */
export const HELM_CHART_UNKNOWN_FIELDS: Readonly<Record<string, string>> = {};

const MODELS_DIR = dirname(require.resolve('kubernetes-models/package.json'));

/** The models looked up so far, by `<apiVersion> <kind>` (every cluster asks for the same few dozen). */
const models = new Map<string, ReturnType<typeof findCoreModel>>();

/** The kubernetes-models class of a core apiVersion/kind, null when the group is not a core one. */
function coreModel(apiVersion: string, kind: string): ReturnType<typeof findCoreModel> {
  const key = `${apiVersion} ${kind}`;
  if (!models.has(key)) models.set(key, findCoreModel(apiVersion, kind));
  return models.get(key)!;
}

function findCoreModel(apiVersion: string, kind: string): { validate(): void } | 'unknown-kind' | null {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const folder = group === '' ? version : `${group}/${version}`;
  if (group !== '' && !existsSync(join(MODELS_DIR, group))) return null;
  if (group === '' && !existsSync(join(MODELS_DIR, 'v1'))) return null;
  const file = join(MODELS_DIR, folder, `${kind}.js`);
  if (!existsSync(file)) return 'unknown-kind';
  return require(`kubernetes-models/${folder}/${kind}`)[kind];
}

type CoreModel = { prototype: { validate(this: unknown): void } };
type CoreOutcome = { readonly unknown: readonly string[] } | { readonly invalid: string };

/**
 * What validating a core object found, by the object's content: the same Helm charts render the same
 * objects for most clusters (the CRDs above all), and checking one is a pure function of its JSON.
 */
const coreOutcomes = new Map<string, CoreOutcome>();

function coreOutcome(Model: CoreModel, object: K8sObject): CoreOutcome {
  const key = JSON.stringify(object);
  let outcome = coreOutcomes.get(key);
  if (!outcome) {
    const validate = Model.prototype.validate;
    try {
      outcome = { unknown: unknownFieldsOf((data) => validate.call(data), object) };
    } catch (error) {
      outcome = { invalid: validationMessage(error) };
    }
    coreOutcomes.set(key, outcome);
  }
  return outcome;
}

/** Compiled validators by CRD name, version and schema digest (the same CRD renders anew for every cluster). */
const compiled = new Map<string, ValidateFunction>();

export function checkValidity(cluster: RenderedCluster): JoinResult {
  const failures: string[] = [];
  const warnings: string[] = [];
  // CRDs of the cluster first (what its API server serves), then ../shared's.
  const crds = new Map<string, K8sObject>();
  for (const crd of [
    ...sharedCrds(),
    // The Gateway API CRDs the cluster installs (or names with gatewayApi.version), which its routes are written for.
    ...gatewayApiCrds(cluster.plan?.traffic?.gatewayApi),
    ...cluster.objects.map((entry) => entry.object).filter((object) => object.kind === 'CustomResourceDefinition'),
  ]) {
    crds.set(`${crd.spec.group}/${crd.spec.names.kind}`, crd);
  }
  for (const entry of cluster.objects) {
    const { object } = entry;
    const Model = coreModel(object.apiVersion, object.kind) as unknown;
    if (Model === 'unknown-kind') {
      failures.push(
        `${named(entry)}: Kubernetes ${KUBERNETES_VERSION} serves no ${object.kind} in ${object.apiVersion}`,
      );
      continue;
    }
    if (Model) {
      const outcome = coreOutcome(Model as CoreModel, object);
      if ('invalid' in outcome) {
        failures.push(
          `${named(entry)}: not a valid ${object.apiVersion} ${object.kind} for Kubernetes ${KUBERNETES_VERSION}: ${outcome.invalid}`,
        );
        continue;
      }
      for (const pointer of outcome.unknown) {
        const known =
          HELM_CHART_UNKNOWN_FIELDS[`${object.apiVersion}/${object.kind} ${pointer.replace(/\/\d+(?=\/|$)/g, '/*')}`];
        if (known) warnings.push(`${named(entry)}: ${pointer} is no field of ${object.kind} (known: ${known})`);
        else
          failures.push(
            `${named(entry)}: ${pointer} is no field of ${object.apiVersion} ${object.kind} in Kubernetes ${KUBERNETES_VERSION} (a strict API server refuses it)`,
          );
      }
      continue;
    }
    const [group, version] = object.apiVersion.split('/');
    const key = `${group}/${object.kind}`;
    const crd = crds.get(key);
    if (!crd) {
      if (KINDS_WITHOUT_SCHEMA[key]) warnings.push(`${named(entry)}: not checked (${KINDS_WITHOUT_SCHEMA[key]})`);
      else failures.push(`${named(entry)}: no CRD defines ${key}, neither rendered in this cluster nor in ../shared`);
      continue;
    }
    const served = (crd.spec.versions as any[]).find((candidate) => candidate.name === version);
    if (!served?.served) {
      failures.push(
        `${named(entry)}: CRD ${crd.metadata.name} does not serve ${object.apiVersion} (it serves ${(
          crd.spec.versions as any[]
        )
          .filter((candidate) => candidate.served)
          .map((candidate) => candidate.name)
          .join(', ')})`,
      );
      continue;
    }
    const schema = served.schema?.openAPIV3Schema;
    if (!schema) continue;
    const cacheKey = `${crd.metadata.name}/${version}/${schemaDigest(schema)}`;
    let validate = compiled.get(cacheKey);
    if (!validate) {
      // Compiled the way test/support/crd-schemas.ts compiles ../shared's (strict about unknown fields, apiVersion,
      // kind and metadata taken at the root), and cached on disk like them: the same CRDs render for every cluster.
      validate = crdValidators([crd]).get(`${group}/${version}/${object.kind}`)?.validate;
      if (!validate) throw new Error(`CRD ${crd.metadata.name} ${version} did not compile`);
      compiled.set(cacheKey, validate);
    }
    if (!validate(object)) {
      const errors = (validate.errors ?? [])
        .slice(0, 3)
        .map(
          (error) =>
            `${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${error.params.additionalProperty})` : ''}`,
        );
      failures.push(`${named(entry)}: not valid against CRD ${crd.metadata.name} ${version}: ${errors.join('; ')}`);
    }
  }
  return { join: 'valid', checked: cluster.objects.length, failures, warnings };
}

/** sha256 of a schema's JSON, once per schema object (../shared's CRDs are the same objects for every cluster). */
const digests = new WeakMap<object, string>();
function schemaDigest(schema: object): string {
  let digest = digests.get(schema);
  if (!digest) digests.set(schema, (digest = createHash('sha256').update(JSON.stringify(schema)).digest('hex')));
  return digest;
}

function validationMessage(error: unknown): string {
  const details = (error as { errors?: Array<{ instancePath?: string; message?: string }> }).errors;
  if (Array.isArray(details) && details.length > 0)
    return details
      .slice(0, 3)
      .map((detail) => `${detail.instancePath || '/'} ${detail.message}`)
      .join('; ');
  return (error as Error).message.split('\n')[0];
}
