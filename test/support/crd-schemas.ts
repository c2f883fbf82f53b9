/**
 * Validators built from the real CRDs in ../shared, strict about unknown fields the way the API
 * server's structural schema pruning is (an unknown field there is silently dropped: here it fails).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { SHARED_DIR } from './shared';

export interface CrdVersion {
  readonly served: boolean;
  readonly validate: ValidateFunction;
}

/** Validators by `group/version/Kind`, for every CRD file in the given ../shared folders. */
export function loadCrdValidators(folders: readonly string[] = ['flux-crds', 'cert-manager-crds']): Map<string, CrdVersion> {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<string, CrdVersion>();
  for (const folder of folders) {
    const dir = join(SHARED_DIR, folder);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort()) {
      for (const document of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const crd = document.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions) {
          const schema = strictSchema(version.schema.openAPIV3Schema);
          validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, {
            served: version.served === true,
            validate: ajv.compile(schema),
          });
        }
      }
    }
  }
  return validators;
}

/** OpenAPI v3 (Kubernetes flavour) to JSON Schema with no unknown fields allowed. */
function strictSchema(node: any): any {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as object).map(([name, child]) => [name, strictSchema(child)]));
    } else if (key.startsWith('x-kubernetes-')) {
      continue;
    } else if (key === 'pattern' && typeof value === 'string' && !isJavaScriptRegExp(value)) {
      // A Go-only pattern (e.g. `(?i)` flags in the PrometheusRule CRD) cannot be checked here.
      continue;
    } else {
      out[key] = strictSchema(value);
    }
  }
  if (node['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node.type === 'object' && node.properties && !('additionalProperties' in node) && !node['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function isJavaScriptRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
