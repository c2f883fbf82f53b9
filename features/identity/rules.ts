/**
 * Identity's checks of a whole config: the trust anchor's lifetimes against each other, against the identity
 * issuer it signs and against what cert-manager accepts, and previous anchors that no longer count.
 */
import { parseDuration } from '../../lib/config/duration';
import { certificateExpiry } from '../../lib/config/pem';
import { IDENTITY_ISSUER_DURATION } from '../../lib/linkerd/identity';
import type { ClusterConfig } from '../cluster-config';
import type { FeatureChecks, FieldProblem, FieldWarning } from '../feature';

/**
 * cert-manager's webhook refuses a Certificate whose duration is under an hour or whose renewBefore is
 * under five minutes (MinimumCertificateDuration, MinimumRenewBefore in cert-manager's
 * pkg/apis/certmanager; checked in internal/apis/certmanager/validation/certificate.go).
 */
const CERT_MANAGER_MINIMUM = { duration: 3600, renewBefore: 300 };

function certificateProblems(config: Pick<ClusterConfig, 'identity' | 'monitoring'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const anchor = config.identity.trustAnchor;
  const duration = parseDuration(anchor.duration);
  const renewBefore = parseDuration(anchor.renewBefore);
  // A value that is no duration has its own message already.
  if (duration === undefined || renewBefore === undefined) return problems;
  const at = (field: string) => ['identity', 'trustAnchor', field];
  if (duration < CERT_MANAGER_MINIMUM.duration) {
    problems.push({
      path: at('duration'),
      input: anchor.duration,
      message:
        'is shorter than 1h, the shortest certificate cert-manager issues ("certificate duration must be greater than 1h0m0s")',
    });
  }
  if (renewBefore < CERT_MANAGER_MINIMUM.renewBefore) {
    problems.push({
      path: at('renewBefore'),
      input: anchor.renewBefore,
      message:
        'is shorter than 5m, the least cert-manager accepts ("certificate renewBefore must be greater than 5m0s")',
    });
  }
  if (renewBefore >= duration) {
    problems.push({
      path: at('renewBefore'),
      input: anchor.renewBefore,
      message: `must be shorter than identity.trustAnchor.duration "${anchor.duration}" (cert-manager renews that long before expiry)`,
    });
  }
  const issuer = parseDuration(IDENTITY_ISSUER_DURATION)!;
  if (duration <= issuer) {
    problems.push({
      path: at('duration'),
      input: anchor.duration,
      message: `is not longer than the identity issuer it signs (${IDENTITY_ISSUER_DURATION}); cert-manager cuts a certificate off at its CA's expiry, so the issuer would expire with the anchor: give the anchor months or years (e.g. "87600h")`,
    });
  }
  // The rotation alert fires `rotationNotice` before cert-manager renews the anchor: it must come after the anchor is issued.
  const notice = config.monitoring.alerts.trustAnchor.rotationNotice;
  const untilRenewal = duration - renewBefore;
  const noticeSeconds = parseDuration(notice);
  if (untilRenewal > 0 && noticeSeconds !== undefined && noticeSeconds >= untilRenewal) {
    problems.push({
      path: ['monitoring', 'alerts', 'trustAnchor', 'rotationNotice'],
      input: notice,
      message: `is not shorter than the time from the trust anchor's issue to its renewal (identity.trustAnchor.duration "${anchor.duration}" minus renewBefore "${anchor.renewBefore}"); the alert would fire from the day an anchor is issued`,
    });
  }
  return problems;
}

/** Previous trust anchors that expired: no proxy trusts them any more. */
function expiredAnchors(config: Pick<ClusterConfig, 'identity'>, now = Date.now()): FieldWarning[] {
  return config.identity.previousTrustAnchors.flatMap((pem, index) => {
    const expiry = certificateExpiry(pem);
    return expiry && expiry.getTime() <= now
      ? [
          {
            field: `identity.previousTrustAnchors[${index}]`,
            message: `expired on ${expiry.toISOString()}: no proxy trusts it any more, so it has no effect; remove it`,
          },
        ]
      : [];
  });
}

export const identityChecks: FeatureChecks = {
  problems: ({ config }) => certificateProblems(config),
  warnings: ({ config }) => expiredAnchors(config),
};
