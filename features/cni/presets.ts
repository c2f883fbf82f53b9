/**
 * The settings of Linkerd's CNI plugin (Helm chart `linkerd2-cni`) that differ by Kubernetes distribution, as
 * presets a cluster config picks by name (`cni.preset`). Each field can still be set on its own.
 *
 * Sources (docs/cni-and-pod-security.md "CNI and Pod Security" links them):
 * - kubeadm: the CNI defaults `/etc/cni/net.d` and `/opt/cni/bin`, which Linkerd's CNI doc (features/cni,
 *   "Additional configuration": `--dest-cni-net-dir`, `--dest-cni-bin-dir`) and the Helm chart's values.yaml use.
 * - talos: the same directories. Talos' Multus guide (kubernetes-guides/network/multus) installs the stock
 *   Multus DaemonSet, which mounts /etc/cni/net.d and /opt/cni/bin, changing only the netns mount.
 * - k3s: its own directories. The CNI configuration in `/var/lib/rancher/k3s/agent/etc/cni/net.d` (the k3s
 *   docs, networking/multus-ipams); the binaries in `/var/lib/rancher/k3s/data/cni`, the stable directory k3s
 *   points containerd at since its October 2024 releases (k3s pull request #10868, "Use static CNI bin dir";
 *   before, `/var/lib/rancher/k3s/data/current/bin`, which changed with every k3s upgrade).
 * - `iptablesMode: nft` everywhere: the Helm chart's default on every line that has the value; `legacy` is for
 *   nodes whose `iptables --version` says "(legacy)".
 * - The repair controller on everywhere: it deletes meshed pods whose linkerd-network-validator failed because
 *   the pod started before the CNI plugin was in place on its node (linkerd2 PR #11699, off by default in the
 *   Helm chart), which every node reboot of a small cluster can cause.
 */

/** The values of `iptablesMode` the Helm chart accepts (values.yaml: `nft`, `legacy`, `plain`). */
export const IPTABLES_MODES = ['nft', 'legacy', 'plain'] as const;
export type IptablesMode = (typeof IPTABLES_MODES)[number];

/** The distribution-dependent settings of the CNI plugin. */
export interface CniSettings {
  /** The node directory of the CNI configuration (Helm chart value `destCNINetDir`). */
  readonly netDir: string;
  /** The node directory of the CNI plugin binaries (Helm chart value `destCNIBinDir`). */
  readonly binDir: string;
  /** Which iptables the plugin runs (Helm chart value `iptablesMode`, on lines whose Helm chart has it). */
  readonly iptablesMode: IptablesMode;
  /** Run the repair controller beside the plugin (Helm chart value `repairController.enabled`). */
  readonly repairController: boolean;
}

/** A named set of {@link CniSettings}. */
export interface CniPreset extends CniSettings {
  /** What it is for, as the README and error messages say it. */
  readonly description: string;
}

const DEFAULT_DIRECTORIES = { netDir: '/etc/cni/net.d', binDir: '/opt/cni/bin' } as const;

/** The presets by the name a config uses. */
export const CNI_PRESETS = {
  kubeadm: {
    ...DEFAULT_DIRECTORIES,
    iptablesMode: 'nft',
    repairController: true,
    description: 'kubeadm and other distributions with the CNI default directories',
  },
  talos: { ...DEFAULT_DIRECTORIES, iptablesMode: 'nft', repairController: true, description: 'Talos Linux' },
  k3s: {
    netDir: '/var/lib/rancher/k3s/agent/etc/cni/net.d',
    binDir: '/var/lib/rancher/k3s/data/cni',
    iptablesMode: 'nft',
    repairController: true,
    description: 'k3s, whose CNI directories are under /var/lib/rancher/k3s',
  },
} as const satisfies Readonly<Record<string, CniPreset>>;

export type CniPresetName = keyof typeof CNI_PRESETS;

/** Every preset name, for the schema and its messages. */
export const CNI_PRESET_NAMES = Object.keys(CNI_PRESETS) as CniPresetName[];

/** The preset a config gets when it names none: the CNI defaults. */
export const DEFAULT_CNI_PRESET: CniPresetName = 'kubeadm';

/**
 * A node directory the Helm chart may mount: absolute, without `..`, and made of characters that need no
 * quoting (the Helm chart writes it into a hostPath, a mount path and a ConfigMap unquoted).
 */
export const NODE_DIRECTORY = /^\/(?:[A-Za-z0-9._-]+\/?)*$/;

/**
 * Pseudo filesystems of the kernel: what lies under them is not a directory the CNI plugin can keep its
 * files in (the Helm chart mounts the directory read-write into its pods and writes there).
 */
const PSEUDO_FILESYSTEMS = ['/proc', '/sys', '/dev'];

/**
 * The node's system directories themselves (and the root): mounting one read-write into the CNI plugin's
 * pods hands them the node's system; a CNI directory lies below them (`/etc/cni/net.d`, `/opt/cni/bin`).
 */
const SYSTEM_ROOTS = new Set([
  '/',
  '/bin',
  '/boot',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/mnt',
  '/opt',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/local',
  '/usr/sbin',
  '/var',
  '/var/lib',
  '/var/run',
]);

/** Why `path` is not a node directory, or undefined when it is one. */
export function nodeDirectoryProblem(path: string): string | undefined {
  if (!NODE_DIRECTORY.test(path) || path.split('/').includes('..') || path.length > 255) {
    return 'must be an absolute directory on the node such as "/etc/cni/net.d": letters, digits, ".", "_", "-" and "/", without ".."';
  }
  // `/etc//cni/./net.d/` is `/etc/cni/net.d`.
  const normal = `/${path
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/')}`;
  const pseudo = PSEUDO_FILESYSTEMS.find((root) => normal === root || normal.startsWith(`${root}/`));
  if (pseudo) {
    return `lies in ${pseudo}, a pseudo filesystem of the kernel, not a directory the CNI plugin can keep its files in; give the CNI directory of your distribution, e.g. "/etc/cni/net.d" or "/opt/cni/bin" (or a cni.preset)`;
  }
  if (SYSTEM_ROOTS.has(normal)) {
    return `is ${normal === '/' ? 'the root of the node' : `the system directory ${normal}`}, not a CNI directory: the Helm chart mounts it read-write into the CNI plugin's pods; give the CNI directory below it, e.g. "/etc/cni/net.d" or "/opt/cni/bin" (or a cni.preset)`;
  }
  return undefined;
}

/** The settings of `preset` with the config's own fields over them. */
export function cniSettings(preset: CniPresetName, overrides: Partial<CniSettings>): CniSettings {
  const { description: _description, ...settings } = CNI_PRESETS[preset];
  return {
    netDir: overrides.netDir ?? settings.netDir,
    binDir: overrides.binDir ?? settings.binDir,
    iptablesMode: overrides.iptablesMode ?? settings.iptablesMode,
    repairController: overrides.repairController ?? settings.repairController,
  };
}
