/**
 * `npm run bootstrap -- <cluster> <flux-bootstrap-folder>`: puts the one Flux Kustomization that applies
 * dist/<cluster>/ (dist/<cluster>/bootstrap/linkerd.yaml, written by `npm run synth`) into the cluster's
 * Flux bootstrap folder (the `--path` of `flux bootstrap`, e.g. clusters/studio/, which holds flux-system/),
 * as `linkerd.yaml`. The Kustomization flux-system then applies it: one Flux owner, and a cluster
 * bootstrapped anew gets Linkerd back. docs/flux-repository.md.
 *
 * Refused, writing nothing: a cluster without dist/<cluster>/bootstrap/linkerd.yaml (run synth first), a
 * folder that is not a Flux bootstrap folder (no flux-system/ in it) or not in this project's Git
 * repository (Flux reads one repository), and a `linkerd.yaml` there that this command did not write.
 * Run it again after `flux.*` settings change: it replaces its own file (`npm run check` says when it is stale).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BOOTSTRAP_FILE, BOOTSTRAP_FOLDER, BOOTSTRAP_MARK } from '../lib/output/cluster-files';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';

/** What a run did: the file written (or already right), and what to do next. */
export interface BootstrapResult {
  readonly status: number;
  readonly messages: readonly string[];
}

function gitRoot(folder: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: folder,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Copies dist/<cluster>/bootstrap/linkerd.yaml of `projectDir` into `folder` (relative to `cwd`). */
export function bootstrap(projectDir: string, cluster: string, folder: string, cwd = process.cwd()): BootstrapResult {
  const refuse = (...lines: string[]): BootstrapResult => ({ status: 1, messages: lines });
  const source = join(projectDir, 'dist', cluster, BOOTSTRAP_FOLDER, BOOTSTRAP_FILE);
  if (!existsSync(source))
    return refuse(
      `dist/${cluster}/${BOOTSTRAP_FOLDER}/${BOOTSTRAP_FILE} does not exist: is there a clusters/${cluster}.yaml? Run npm run synth first.`,
    );
  const target = resolve(cwd, folder);
  if (!statSync(target, { throwIfNoEntry: false })?.isDirectory())
    return refuse(
      `${folder}: not a folder. Give the cluster's Flux bootstrap folder (the --path of flux bootstrap, e.g. clusters/${cluster}), the one that holds flux-system/.`,
    );
  if (!existsSync(join(target, 'flux-system')))
    return refuse(
      `${folder}: holds no flux-system/, so it is not a Flux bootstrap folder (flux bootstrap --path=<folder> writes <folder>/flux-system/). Give that folder, e.g. clusters/${cluster}.`,
    );
  const projectRoot = gitRoot(projectDir);
  const folderRoot = gitRoot(target);
  if (projectRoot === undefined || folderRoot === undefined || realpathSync(projectRoot) !== realpathSync(folderRoot))
    return refuse(
      `${folder} and this project are not in one Git repository${projectRoot ? ` (the project's is ${projectRoot})` : ''}: Flux reads both from the GitRepository it was bootstrapped with, so the project must sit in that repository (docs/flux-repository.md).`,
    );
  const file = join(target, BOOTSTRAP_FILE);
  const shown = join(folder, BOOTSTRAP_FILE);
  const content = readFileSync(source, 'utf8');
  const present = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (present !== undefined && present !== content && !present.startsWith(BOOTSTRAP_MARK))
    return refuse(
      `${shown} exists and was not written by npm run bootstrap; nothing was changed. Move it away (if it applies dist/${cluster}/, delete it: one Flux owner per object) and run this again.`,
    );
  if (present !== content) writeFileSync(file, content);
  const repository = realpathSync(folderRoot);
  const relativeFile = relative(repository, realpathSync(file));
  return {
    status: 0,
    messages: [
      present === content
        ? `${shown} is up to date.`
        : `${present === undefined ? 'wrote' : 'updated'} ${shown}: the Kustomization linkerd (flux-system), which applies dist/${cluster}/.`,
      'Next: commit it with dist/ and push; Flux (the Kustomization flux-system) applies it:',
      `  git add ${relativeFile} && git commit -m "Linkerd for ${cluster}" && git push`,
      '  flux reconcile kustomization flux-system --with-source   # or wait for its interval',
    ],
  };
}

if (require.main === module) {
  const [cluster, folder] = commandLine('bootstrap', COMMAND_LINES.bootstrap).positionals;
  const result = bootstrap(resolve(__dirname, '..'), cluster, folder, process.env.INIT_CWD ?? process.cwd());
  for (const message of result.messages) (result.status === 0 ? console.log : console.error)(message);
  process.exitCode = result.status;
}
