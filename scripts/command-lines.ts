/**
 * What the command line of every script may hold, in one table (read by scripts/cli-args.ts, strictly):
 * each script reads its own entry first, so an unknown flag or an extra argument is refused by name
 * before it does anything. test/command-lines.test.ts tries each with hostile command lines.
 * (`npm test` hands its arguments to jest, which refuses unknown flags;
 * `npm run bench` and `npm run bench:test` check theirs as strictly.)
 */
import { type CliSpec, httpUrl, positiveSeconds } from './cli-args';

const wholeNumber = (value: string) => (/^[1-9]\d*$/.test(value) ? undefined : 'must be a whole number, e.g. 3');

export const COMMAND_LINES = {
  'release-line:add': {
    usage:
      'npm run release-line:add -- <line> [--repo <url>] [--grafana-source <url>] [--timeout <seconds>]   e.g. edge-26.11.2',
    flags: {
      repo: { type: 'string' },
      'grafana-source': { type: 'string' },
      timeout: { type: 'string', check: positiveSeconds },
    },
    positionals: ['line'],
  },
  'fetch:test-data': {
    usage:
      'npm run fetch:test-data [-- --edge-repo <url> --stable-repo <url> --jaeger-repo <url> --jetstack-repo <url> --raw-source <url> --timeout <seconds>]',
    flags: {
      'edge-repo': { type: 'string', check: httpUrl },
      'stable-repo': { type: 'string', check: httpUrl },
      'jaeger-repo': { type: 'string', check: httpUrl },
      'jetstack-repo': { type: 'string', check: httpUrl },
      'raw-source': { type: 'string', check: httpUrl },
      timeout: { type: 'string', check: positiveSeconds },
    },
  },
  outdated: {
    usage:
      'npm run outdated [-- --edge-repo <url> --stable-repo <url> --jaeger-repo <url> --oci-registry <url> --timeout <seconds>]',
    flags: {
      'edge-repo': { type: 'string', check: httpUrl },
      'stable-repo': { type: 'string', check: httpUrl },
      'jaeger-repo': { type: 'string', check: httpUrl },
      'oci-registry': { type: 'string', check: httpUrl },
      timeout: { type: 'string', check: positiveSeconds },
    },
  },
  'gen:values': { usage: 'npm run gen:values   (no arguments; SHARED_DIR names ../shared elsewhere)' },
  'gen:config-docs': { usage: 'npm run gen:config-docs   (no arguments)' },
  'gen:dashboards': { usage: 'npm run gen:dashboards   (no arguments; SHARED_DIR names ../shared elsewhere)' },
  footprint: {
    usage: 'npm run footprint [-- <cluster> ...]   (CLUSTERS_DIR names clusters/ elsewhere)',
    positionals: [],
    variadic: true,
  },
  diff: {
    usage: "npm run diff [-- <git ref>]   (default HEAD: that commit's dist/ against the working tree's, rendered)",
    positionals: ['ref'],
    required: 0,
  },
  'bench:scan': {
    usage: 'npm run bench:scan [-- --files N --runs N]',
    flags: { files: { type: 'string', check: wholeNumber }, runs: { type: 'string', check: wholeNumber } },
  },
  'cluster-facts': {
    usage: 'cluster-facts.ts clusters/<name>.yaml | defaults | pem-bodies < file.pem',
    positionals: ['config'],
  },
  'annotate-service': {
    usage: 'npm run annotate-service -- clusters/<name>.yaml <namespace> <service>',
    positionals: ['config', 'namespace', 'service'],
  },
  'add-meshed-namespace': {
    usage: 'add-meshed-namespace.ts clusters/<name>.yaml <namespace> [enabled|ingress]',
    positionals: ['config', 'namespace', 'inject'],
    required: 2,
    check: ([, , inject]) =>
      inject === undefined || inject === 'enabled' || inject === 'ingress'
        ? undefined
        : `inject ${JSON.stringify(inject)} is not one of enabled, ingress`,
  },
  bootstrap: {
    usage: 'npm run bootstrap -- <cluster> <flux-bootstrap-folder>   e.g. studio ../../clusters/studio',
    positionals: ['cluster', 'flux-bootstrap-folder'],
    check: ([cluster]) =>
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cluster)
        ? undefined
        : `cluster ${JSON.stringify(cluster)} is not a cluster name`,
  },
  'previous-trust-anchors': {
    usage: 'previous-trust-anchors.ts keep clusters/<name>.yaml anchor.pem | print|remove clusters/<name>.yaml',
    positionals: ['command', 'config', 'pem'],
    required: 2,
    check: ([command, , pem]) =>
      !['keep', 'print', 'remove'].includes(command)
        ? `${JSON.stringify(command)} is not one of keep, print, remove`
        : command === 'keep' && pem === undefined
          ? 'keep needs the anchor.pem file'
          : command !== 'keep' && pem !== undefined
            ? `${command} takes no anchor.pem (got ${JSON.stringify(pem)})`
            : undefined,
  },
} satisfies Record<string, CliSpec>;

/** A script with an entry in {@link COMMAND_LINES}. */
export type ScriptName = keyof typeof COMMAND_LINES;
