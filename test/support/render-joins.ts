/**
 * The join checker: what each part of a cluster's output needs from the others, checked on what helm
 * renders plus dist/. One function per join (test/render/joins/), each returning failures that name
 * both sides. Other tests call these:
 *
 *   const cluster = renderCluster('test/fixtures/clusters/newest.yaml');
 *   const results = checkJoins(cluster);            // every join
 *   const [alerts] = checkJoins(cluster, ['alerts']); // one join
 *
 * The joins (issue 21): 1 valid, 2 mounts, 3 webhook-ca, 4 endpoints, 5 ui-links, 6 alerts, 7 policy,
 * 8 secrets, 9 traffic (value effects, the heavy half of 8, are in test/render/value-effects.test.ts).
 */
import type { RenderedCluster } from './helm-render';
import { checkAlerts } from '../render/joins/alerts';
import { checkEndpoints, checkUiLinks } from '../render/joins/endpoints';
import { ClusterIndex, type JoinName, type JoinResult, JOINS } from '../render/joins/model';
import { checkMounts } from '../render/joins/mounts';
import { checkPolicy } from '../render/joins/policy';
import { checkSecrets } from '../render/joins/secrets';
import { checkTraffic } from '../render/joins/traffic';
import { checkValidity } from '../render/joins/validity';
import { checkWebhooks } from '../render/joins/webhooks';

export { JOINS } from '../render/joins/model';
export type { JoinName, JoinResult } from '../render/joins/model';
export { ClusterIndex } from '../render/joins/model';
export { EXPORTERS, EXTERNAL_SERIES } from '../render/joins/alerts';
export { RUNTIME_OBJECTS } from '../render/joins/mounts';
export { KINDS_WITHOUT_SCHEMA } from '../render/joins/validity';
export { scrapeTargets } from '../render/joins/scrapes';

const CHECKS: Readonly<Record<JoinName, (cluster: RenderedCluster, index: ClusterIndex) => JoinResult>> = {
  valid: (cluster) => checkValidity(cluster),
  mounts: (_cluster, index) => checkMounts(index),
  'webhook-ca': (_cluster, index) => checkWebhooks(index),
  endpoints: (_cluster, index) => checkEndpoints(index),
  'ui-links': (_cluster, index) => checkUiLinks(index),
  alerts: (_cluster, index) => checkAlerts(index),
  policy: (_cluster, index) => checkPolicy(index),
  secrets: (_cluster, index) => checkSecrets(index),
  traffic: (_cluster, index) => checkTraffic(index),
};

/** Runs the given joins (default: all, in issue order) on a rendered cluster. */
export function checkJoins(cluster: RenderedCluster, joins: readonly JoinName[] = Object.values(JOINS)): JoinResult[] {
  const index = new ClusterIndex(cluster);
  return joins.map((join) => CHECKS[join](cluster, index));
}
