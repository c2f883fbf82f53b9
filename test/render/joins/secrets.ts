/**
 * Join 8 (first half): nothing rendered or in dist/ holds a private key: no PEM private key block in
 * any string, and no Secret with key material (`tls.key`, `*.key`, `ca.key`) that a Helm chart filled in.
 * Secrets with keys are cert-manager's to write at run time, never ours to ship in Git or a Helm release.
 * (The second half, values a template ignores, renders each release again per value: value-effects.ts.)
 */
import { type ClusterIndex, type JoinResult, leaves, named } from './model';

const PRIVATE_KEY = /-----BEGIN ([A-Z ]+ )?PRIVATE KEY-----/;

export function checkSecrets(index: ClusterIndex): JoinResult {
  const failures: string[] = [];
  let checked = 0;
  for (const entry of index.cluster.objects) {
    checked += 1;
    for (const { path, value } of leaves(entry.object)) {
      if (typeof value !== 'string') continue;
      const decoded = entry.object.kind === 'Secret' && path.startsWith('data.') ? safeBase64(value) : value;
      if (PRIVATE_KEY.test(value) || PRIVATE_KEY.test(decoded))
        failures.push(`${named(entry)} holds a private key at ${path}`);
      else if (entry.object.kind === 'Secret' && /^(data|stringData)\..*\.key$/.test(path) && decoded.trim() !== '')
        failures.push(`${named(entry)} holds key material at ${path}`);
    }
  }
  return { join: 'secrets', checked, failures, warnings: [] };
}

function safeBase64(text: string): string {
  try {
    return Buffer.from(text, 'base64').toString('utf8');
  } catch {
    return '';
  }
}
