/**
 * Notifications: Flux tells you when a layer or a Helm release of this project fails (flux.notifications),
 * through a Provider of notification-controller and an Alert on every Kustomization and HelmRelease we emit.
 * Assembled into the whole config by features/cluster-config.ts (under `flux`).
 *
 * Where to send is never written here: the address (a webhook URL, Alertmanager's URL) and any token live in
 * a Secret the person creates in flux-system, named by `secretName`. dist/ is committed to Git.
 */
import { z } from 'zod';
import { dnsSubdomain } from '../../lib/config/fields';

/**
 * The Provider types offered: every type both Flux 2.6's and 2.9's notification-controller accept (their CRDs'
 * enum; features/notifications/notifications.test.ts checks both) that sends a message somewhere, leaving out the
 * Git providers that set commit statuses or comment on pull requests (github, gitlab, gitea, bitbucket,
 * bitbucketserver, azuredevops, githubdispatch): they report a revision, not a failure to a person.
 */
export const NOTIFICATION_PROVIDER_TYPES = [
  'alertmanager',
  'azureeventhub',
  'datadog',
  'discord',
  'generic',
  'generic-hmac',
  'googlechat',
  'googlepubsub',
  'grafana',
  'lark',
  'matrix',
  'msteams',
  'nats',
  'opsgenie',
  'pagerduty',
  'rocket',
  'sentry',
  'slack',
  'telegram',
  'webex',
] as const;

/**
 * Fields a person might write the destination or a credential into: refused by name, their value never repeated
 * (config-load leaves the input out of an issue with `params.withheld`), with where it goes instead.
 */
const WITHHELD_FIELDS: Readonly<Record<string, string>> = {
  address:
    'the address goes in the Secret named by secretName (key "address"), never in the config: dist/ is committed to Git. Remove it here and put it there',
  url: 'the address goes in the Secret named by secretName (key "address"), never in the config: dist/ is committed to Git. Remove it here and put it there',
  webhook:
    'the webhook address goes in the Secret named by secretName (key "address"), never in the config: dist/ is committed to Git. Remove it here and put it there',
  token:
    'a token goes in the Secret named by secretName (key "token"), never in the config: dist/ is committed to Git. Remove it here and put it there',
  password:
    'a password goes in the Secret named by secretName (key "password"), never in the config: dist/ is committed to Git. Remove it here and put it there',
  proxy:
    'a proxy goes in the Secret named by secretName (key "proxy"), never in the config: dist/ is committed to Git. Remove it here and put it there',
};

/** A free text field of the Provider (`channel`, `username`) that must not hold an address or a credential. */
const providerText = z
  .string()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) || /(^|\s)[\w.-]+\.[a-z]{2,}\/\S+/i.test(value))
      ctx.addIssue({
        code: 'custom',
        message:
          'looks like an address; an address goes in the Secret named by secretName (key "address"), never in the config: dist/ is committed to Git',
        params: { withheld: true },
      });
  });

const notificationFields = z.strictObject({
  /** notification-controller's Provider type, e.g. `slack`, `discord`, `msteams`, `alertmanager`, `generic`. */
  type: z.enum(NOTIFICATION_PROVIDER_TYPES),
  /**
   * The Secret in flux-system that you create, holding the destination (`address`) and, by type, a `token`,
   * `username`/`password` or `headers` (docs/review.md "Hear when Flux fails").
   */
  secretName: dnsSubdomain,
  /** Where to post, for the types that have channels: a Slack channel, a Matrix room, a Telegram chat id. */
  channel: providerText.optional(),
  /** The name messages are posted under, for the types that take one. */
  username: providerText.optional(),
});

/** Optional: without it, nothing is emitted and dist/ stays as it was. */
export const notificationsSchema = z
  .preprocess((input, ctx) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      const why = Object.hasOwn(WITHHELD_FIELDS, key) ? WITHHELD_FIELDS[key] : undefined;
      if (why) ctx.addIssue({ code: 'custom', path: [key], message: why, params: { withheld: true } });
      else kept[key] = value;
    }
    return kept;
  }, notificationFields)
  .optional();

export type NotificationsConfig = z.output<typeof notificationFields>;
