/**
 * Linkerd's own CRDs (policy.linkerd.io and the rest) as the newest edge linkerd-crds package in
 * ../shared/helm-repositories renders them: every kind and version the older lines serve is there too, so
 * tests over many lines can check policy objects against it (features/policy/policy.test.ts checks each line's
 * emitted objects against that line's own Helm chart).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { helmTemplateCached, type K8sObject, KUBERNETES_VERSION, parseObjects } from './helm-render';
import { SHARED_DIR } from './shared';

let memo: K8sObject[] | undefined;

export function newestLinkerdCrds(): K8sObject[] {
  if (memo) return memo;
  const folder = join(SHARED_DIR, 'helm-repositories', 'linkerd-edge');
  const packages = existsSync(folder)
    ? readdirSync(folder).filter((file) => /^linkerd-crds-\d+\.\d+\.\d+\.tgz$/.test(file))
    : [];
  const version = (file: string) =>
    file
      .match(/(\d+)\.(\d+)\.(\d+)/)!
      .slice(1)
      .map(Number);
  const newest = packages
    .sort((a, b) => {
      const [x, y] = [version(a), version(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    })
    .pop();
  if (!newest) throw new Error(`no linkerd-crds package in ${folder}`);
  const text = helmTemplateCached(
    ['template', 'linkerd-crds', join(folder, newest), '--namespace', 'linkerd', '--kube-version', KUBERNETES_VERSION],
    join(folder, newest),
    (message) => {
      throw new Error(`helm template ${newest}: ${message}`);
    },
  );
  memo = parseObjects(text, newest).filter((object) => object.kind === 'CustomResourceDefinition');
  return memo;
}
