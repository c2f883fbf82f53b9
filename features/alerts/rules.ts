/** The alerts' settings without effect, and a runbook link that opens from nowhere. */
import type { ConfigBasis } from '../core/basis';
import type { FeatureChecks, FieldWarning } from '../feature';
import { unlabelled } from '../metrics/rules';

/** The runbooks' page in this project, the default runbookUrl. */
export const RUNBOOK_PAGE = 'docs/alerts.md';

function warnings({ config }: ConfigBasis): FieldWarning[] {
  const { alerts } = config.monitoring;
  const found: FieldWarning[] = [];
  if (alerts.enabled && !/^https?:\/\//i.test(alerts.runbookUrl)) {
    found.push({
      field: 'monitoring.alerts.runbookUrl',
      message: `"${alerts.runbookUrl}" is a relative link, which does not open from Alertmanager or Grafana; set it to the address at which your Git host shows this project's ${RUNBOOK_PAGE} (e.g. https://github.com/you/home-ops/blob/main/infrastructure/linkerd/${RUNBOOK_PAGE})`,
    });
  }
  if (!alerts.enabled && alerts.runbookUrl !== RUNBOOK_PAGE) {
    found.push({
      field: 'monitoring.alerts.runbookUrl',
      message: 'has no effect with monitoring.alerts.enabled: false (no PrometheusRule is created)',
    });
  }
  if (alerts.enabled && Object.keys(alerts.labels).length === 0) {
    found.push({ field: 'monitoring.alerts.labels', message: unlabelled('PrometheusRules', 'ruleSelector') });
  }
  if (!alerts.enabled && Object.keys(alerts.labels).length > 0) {
    found.push({
      field: 'monitoring.alerts.labels',
      message: 'has no effect with monitoring.alerts.enabled: false (no PrometheusRule is created)',
    });
  }
  return found;
}

export const alertsChecks: FeatureChecks = { warnings };
