/**
 * The Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards), as checks on a
 * pod spec: what Pod Security Admission's `baseline` and `restricted` levels refuse. Enough to tell which
 * level a rendered pod needs; AppArmor annotations and Windows pods are not checked (no Helm chart of ours sets them).
 */
import { POD_SECURITY_LEVELS, type PodSecurityLevel } from '../../lib/linkerd/pod-security';

/** Capabilities baseline allows a container to add. */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
/** Sysctls baseline allows. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
/** Volume types restricted allows. */
const RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

type Spec = Record<string, any>;

function allContainers(pod: Spec): Spec[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
}

/** What `baseline` refuses in a pod spec, one line per violation. */
export function baselineViolations(pod: Spec): string[] {
  const found: string[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (pod[field]) found.push(`${field}: true`);
  for (const volume of pod.volumes ?? []) if (volume.hostPath) found.push(`volume "${volume.name}" is a hostPath`);
  for (const sysctl of pod.securityContext?.sysctls ?? [])
    if (!SAFE_SYSCTLS.has(sysctl.name)) found.push(`sysctl ${sysctl.name}`);
  const seLinux = (context: Spec | undefined, where: string) => {
    const options = context?.seLinuxOptions;
    if (!options) return;
    if (!SELINUX_TYPES.has(options.type ?? '')) found.push(`${where}: seLinuxOptions.type ${options.type}`);
    if (options.user || options.role) found.push(`${where}: seLinuxOptions.user/role set`);
  };
  seLinux(pod.securityContext, 'pod');
  if (pod.securityContext?.seccompProfile?.type === 'Unconfined') found.push('pod: seccompProfile Unconfined');
  for (const container of allContainers(pod)) {
    const context: Spec = container.securityContext ?? {};
    const where = `container "${container.name}"`;
    if (context.privileged) found.push(`${where}: privileged`);
    for (const capability of context.capabilities?.add ?? [])
      if (!BASELINE_CAPABILITIES.has(capability)) found.push(`${where}: adds ${capability}`);
    for (const port of container.ports ?? []) if (port.hostPort) found.push(`${where}: hostPort ${port.hostPort}`);
    if (context.procMount && context.procMount !== 'Default') found.push(`${where}: procMount ${context.procMount}`);
    if (context.seccompProfile?.type === 'Unconfined') found.push(`${where}: seccompProfile Unconfined`);
    seLinux(context, where);
  }
  return found;
}

/** What `restricted` refuses in a pod spec (baseline's refusals included). */
export function restrictedViolations(pod: Spec): string[] {
  const found = baselineViolations(pod);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type && !RESTRICTED_VOLUMES.includes(type)) found.push(`volume "${volume.name}" is a ${type}`);
  }
  const podContext: Spec = pod.securityContext ?? {};
  if (podContext.runAsUser === 0) found.push('pod: runAsUser 0');
  const podSeccomp = ['RuntimeDefault', 'Localhost'].includes(podContext.seccompProfile?.type);
  for (const container of allContainers(pod)) {
    const context: Spec = container.securityContext ?? {};
    const where = `container "${container.name}"`;
    if (context.allowPrivilegeEscalation !== false) found.push(`${where}: allowPrivilegeEscalation is not false`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) found.push(`${where}: does not drop ALL capabilities`);
    for (const capability of context.capabilities?.add ?? [])
      if (capability !== 'NET_BIND_SERVICE') found.push(`${where}: adds ${capability}`);
    if (context.runAsNonRoot === false || (context.runAsNonRoot === undefined && podContext.runAsNonRoot !== true))
      found.push(`${where}: runAsNonRoot is not true`);
    if (context.runAsUser === 0) found.push(`${where}: runAsUser 0`);
    const seccomp = context.seccompProfile?.type;
    if (seccomp ? !['RuntimeDefault', 'Localhost'].includes(seccomp) : !podSeccomp)
      found.push(`${where}: no RuntimeDefault or Localhost seccompProfile`);
  }
  return [...new Set(found)];
}

/** What `level` refuses in a pod spec. */
export function violations(pod: Spec, level: PodSecurityLevel): string[] {
  if (level === 'privileged') return [];
  return level === 'baseline' ? baselineViolations(pod) : restrictedViolations(pod);
}

/** The strictest level that admits every one of `pods`. */
export function strictestAdmitted(pods: readonly Spec[]): PodSecurityLevel {
  return [...POD_SECURITY_LEVELS].reverse().find((level) => pods.every((pod) => violations(pod, level).length === 0))!;
}
