import { Construct } from 'constructs';
import {
  Alert,
  AlertSpecEventSeverity,
  AlertSpecEventSourcesKind,
  Provider,
  type ProviderSpecType,
} from '../../imports/notification.toolkit.fluxcd.io';
import { dnsLabelProp, invalidProp } from './validate';

/** Props of {@link FluxNotifications}. */
export interface FluxNotificationsProps {
  /** The namespace of the Provider and the Alert: the one of the Kustomizations and HelmReleases they watch (flux-system). */
  readonly namespace: string;
  /** The name of the Provider and of the Alert; a DNS label. */
  readonly name: string;
  /** notification-controller's Provider type (`slack`, `alertmanager`, ...). */
  readonly providerType: string;
  /** The Secret (in `namespace`, made by the person) that holds the address and any token; never its content. */
  readonly secretName: string;
  /**
   * Where to post, for the types that have channels.
   * @default - none
   */
  readonly channel?: string;
  /**
   * The name messages are posted under.
   * @default - the Provider's own
   */
  readonly username?: string;
  /** The Flux Kustomizations to hear about (by name, in `namespace`); at least one. */
  readonly kustomizations: readonly string[];
  /**
   * The Flux HelmReleases to hear about (by name, in `namespace`).
   * @default - none
   */
  readonly helmReleases?: readonly string[];
  /**
   * Metadata added to every event (e.g. the cluster's name), so that a message says where it comes from.
   * @default - none
   */
  readonly eventMetadata?: Readonly<Record<string, string>>;
}

/**
 * What tells a person that Flux failed to apply this project: a notification-controller Provider whose address and
 * token come only from a Secret the person creates (referenced by name), and an Alert with `eventSeverity: error`
 * on each named Kustomization and HelmRelease. By name, not by label: the names are this project's own (the plan
 * lists them from the same layers and releases the charts emit), and they hold even where someone relabels an
 * object or another tool's objects in flux-system carry the same labels.
 *
 * notification.toolkit.fluxcd.io/v1beta3 is the newest version of Provider and Alert in every Flux from 2.6 (the
 * floor) to 2.9; notification-controller itself must run (it does in a default `flux bootstrap`).
 */
export class FluxNotifications extends Construct {
  public readonly provider: Provider;
  public readonly alert: Alert;

  public constructor(scope: Construct, id: string, props: FluxNotificationsProps) {
    super(scope, id);
    const what = `FluxNotifications ${id}`;
    dnsLabelProp(what, 'namespace', props.namespace);
    dnsLabelProp(what, 'name', props.name);
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(props.secretName))
      invalidProp(what, 'secretName', props.secretName, 'is not the name of a Secret (a DNS-1123 subdomain)');
    if (props.kustomizations.length === 0)
      invalidProp(what, 'kustomizations', '[]', 'names no Kustomization: the Alert would hear of nothing');
    const names = [...props.kustomizations, ...(props.helmReleases ?? [])];
    for (const name of names)
      if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name))
        invalidProp(what, 'kustomizations/helmReleases', name, 'is not the name of a Flux object');
    this.provider = new Provider(this, 'Provider', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        type: props.providerType as ProviderSpecType,
        secretRef: { name: props.secretName },
        ...(props.channel !== undefined && { channel: props.channel }),
        ...(props.username !== undefined && { username: props.username }),
      },
    });
    this.alert = new Alert(this, 'Alert', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        providerRef: { name: props.name },
        eventSeverity: AlertSpecEventSeverity.ERROR,
        eventSources: [
          ...props.kustomizations.map((name) => ({ kind: AlertSpecEventSourcesKind.KUSTOMIZATION, name })),
          ...(props.helmReleases ?? []).map((name) => ({ kind: AlertSpecEventSourcesKind.HELM_RELEASE, name })),
        ],
        ...(props.eventMetadata &&
          Object.keys(props.eventMetadata).length > 0 && { eventMetadata: { ...props.eventMetadata } }),
      },
    });
  }
}
