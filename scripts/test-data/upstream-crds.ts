/**
 * The CustomResourceDefinitions the tests check emitted objects against, as `npm run fetch:test-data`
 * fetches them: each file from its project's repository at a pinned release tag (GitHub serves it raw at
 * `<raw>/<owner>/<repo>/<tag>/<path>`), with the sha256 of that file, checked on every fetch and every
 * reuse of the cached copy. Folders and file names are those of ../shared, so the tests read either.
 */
import { CERT_MANAGER_HELM_CHART, TRUST_MANAGER_HELM_CHART } from '../../lib/linkerd/companion-helm-charts';

/** One upstream CRD file. */
export interface UpstreamCrd {
  /** The folder it goes to (`flux-crds`, ...), as in ../shared. */
  readonly folder: string;
  /** `owner/repo` on GitHub. */
  readonly repository: string;
  /** The release tag. */
  readonly tag: string;
  /** Its path in the repository at that tag; its file name is the file's name in {@link folder}. */
  readonly path: string;
  /** sha256 of the file, lowercase hex. */
  readonly sha256: string;
}

const FLUX_SOURCE = { folder: 'flux-crds', repository: 'fluxcd/source-controller', tag: 'v1.9.1' } as const;
const FLUX_HELM = { folder: 'flux-crds', repository: 'fluxcd/helm-controller', tag: 'v1.6.3' } as const;
const FLUX_KUSTOMIZE = { folder: 'flux-crds', repository: 'fluxcd/kustomize-controller', tag: 'v1.9.4' } as const;
// Flux 2.6.0's CRDs: the oldest Flux whose APIs serve every field dist/ uses (make up refuses an older one).
const FLUX_FLOOR_SOURCE = { folder: 'flux-floor-crds', repository: 'fluxcd/source-controller', tag: 'v1.6.0' } as const;
const FLUX_FLOOR_HELM = { folder: 'flux-floor-crds', repository: 'fluxcd/helm-controller', tag: 'v1.3.0' } as const;
const FLUX_FLOOR_KUSTOMIZE = {
  folder: 'flux-floor-crds',
  repository: 'fluxcd/kustomize-controller',
  tag: 'v1.6.0',
} as const;
const FLUX_FLOOR_NOTIFICATION = {
  folder: 'flux-floor-crds',
  repository: 'fluxcd/notification-controller',
  tag: 'v1.6.0',
} as const;
// The CRDs of the cert-manager and trust-manager releases the mesh installs (their Helm chart pins).
const CERT_MANAGER = {
  folder: 'cert-manager-crds',
  repository: 'cert-manager/cert-manager',
  tag: CERT_MANAGER_HELM_CHART.version,
} as const;
const TRUST_MANAGER = {
  folder: 'cert-manager-crds',
  repository: 'cert-manager/trust-manager',
  tag: TRUST_MANAGER_HELM_CHART.version,
} as const;
const PROMETHEUS_OPERATOR = {
  folder: 'prometheus-operator-crds',
  repository: 'prometheus-operator/prometheus-operator',
  tag: 'v0.93.0',
} as const;

export const UPSTREAM_CRDS: readonly UpstreamCrd[] = [
  {
    ...FLUX_SOURCE,
    path: 'config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml',
    sha256: '39a5a46c81539c992abc53f9be3e5434cd70d50a10d169b1e8a450e0df1c9d09',
  },
  {
    ...FLUX_SOURCE,
    path: 'config/crd/bases/source.toolkit.fluxcd.io_helmcharts.yaml',
    sha256: 'dc0158d014e90007c0a084973ef561cd20d3d44520ed4e604e8acff8bb19d2b0',
  },
  {
    ...FLUX_SOURCE,
    path: 'config/crd/bases/source.toolkit.fluxcd.io_helmrepositories.yaml',
    sha256: '97c7759df00946cbb9a75a56457cff9964b2543d2248df859cef21e26b8e2ae6',
  },
  {
    ...FLUX_SOURCE,
    path: 'config/crd/bases/source.toolkit.fluxcd.io_ocirepositories.yaml',
    sha256: '2655834d468e46a533410d9e2bc3f4e7cbf9b4c922b95652012acb09bfb2545a',
  },
  {
    ...FLUX_HELM,
    path: 'config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml',
    sha256: 'aa8638ac68465ceac1f93a617baf5be833c589c51fd78a7384a4a274c252becc',
  },
  {
    ...FLUX_KUSTOMIZE,
    path: 'config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
    sha256: 'da23ca0e6b4c80d3d26a91583137491e147ef4ef1e2208aece0d0af4ef851974',
  },
  {
    ...FLUX_FLOOR_SOURCE,
    path: 'config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml',
    sha256: '5b11acadc120fdf8d83e14a303708c06451c7ec512b03a8bf4c5045fae3b6c4b',
  },
  {
    ...FLUX_FLOOR_SOURCE,
    path: 'config/crd/bases/source.toolkit.fluxcd.io_helmcharts.yaml',
    sha256: '43a133dc1900cea7fe6655b97eace7c4b38f87ca33517f307e477b296fcbd8c4',
  },
  {
    ...FLUX_FLOOR_SOURCE,
    path: 'config/crd/bases/source.toolkit.fluxcd.io_helmrepositories.yaml',
    sha256: '1a19b205ea2801fdd4b9c97710daf630de6f23f1d4ae0e1900bfe5b5f3024939',
  },
  {
    ...FLUX_FLOOR_SOURCE,
    path: 'config/crd/bases/source.toolkit.fluxcd.io_ocirepositories.yaml',
    sha256: '8306dc9f52ce0b31117c4245953405eddc6cc371af0a93280ab762860aa7c35e',
  },
  {
    ...FLUX_FLOOR_HELM,
    path: 'config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml',
    sha256: 'c89324406429ac3c45e4e4bce271176efe439cace020531e5cf4f7f570def140',
  },
  {
    ...FLUX_FLOOR_KUSTOMIZE,
    path: 'config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
    sha256: '7458e8558706c8afe1e638585113f544a825d58e34692a627a588e796eda32c0',
  },
  {
    ...FLUX_FLOOR_NOTIFICATION,
    path: 'config/crd/bases/notification.toolkit.fluxcd.io_alerts.yaml',
    sha256: '07285585faa828b8a480d660c63432d8ccf1f1c0715b2ed6309ee63e4f49f0f1',
  },
  {
    ...FLUX_FLOOR_NOTIFICATION,
    path: 'config/crd/bases/notification.toolkit.fluxcd.io_providers.yaml',
    sha256: '661ba2f057aed55527aba0c13a52547bec86f9290c396555d7ebe5dc0c0b1743',
  },
  {
    ...FLUX_FLOOR_NOTIFICATION,
    path: 'config/crd/bases/notification.toolkit.fluxcd.io_receivers.yaml',
    sha256: '21d235eb38baf7d47ddc0263c8581756727e938383c2c2ac7c9f7a265df20e9b',
  },
  {
    ...CERT_MANAGER,
    path: 'deploy/crds/cert-manager.io_certificates.yaml',
    sha256: '7ad91029c00ec959d54215b19d3b1a9b7e0247eaa60f987151c2b70d8661f8af',
  },
  {
    ...CERT_MANAGER,
    path: 'deploy/crds/cert-manager.io_clusterissuers.yaml',
    sha256: '30008001b78aafb8e110af61359561104b5fafc3a4dc6ac0013245d0ee3fe4ca',
  },
  {
    ...CERT_MANAGER,
    path: 'deploy/crds/cert-manager.io_issuers.yaml',
    sha256: '05e37efb02777e0362d24269fa103c2fc11419f9c85e31854ef873e5d9e5c5cc',
  },
  {
    ...TRUST_MANAGER,
    path: 'deploy/crds/trust.cert-manager.io_bundles.yaml',
    sha256: '712b2ede1c7cd9c9b86c3eef4d1c894b3b0913b3467cf96981dd35ac166bf334',
  },
  {
    ...PROMETHEUS_OPERATOR,
    path: 'example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml',
    sha256: '45a93443daa687d3654f7e9631909ff7edcdf3ec09c5e60251b74aa2722aee5d',
  },
  {
    ...PROMETHEUS_OPERATOR,
    path: 'example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml',
    sha256: '78be98554b9c8506ab2b4f4feb91c5f3a56e536a0a510f3a8e876a459970d56d',
  },
];

/** The largest CRD file fetched: cert-manager's largest is about 330 KiB. */
export const MAX_CRD_BYTES = 4 * 1024 * 1024;
