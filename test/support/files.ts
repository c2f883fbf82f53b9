/** A folder's files as tests compare them: relative paths (with `/`), sorted. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file below `root` (not following links), relative to it (none when there is no `root`); with `folders`, each folder too, as `<path>/`. */
export function filesUnder(root: string, options: { folders?: boolean } = {}): string[] {
  const paths: string[] = [];
  if (!existsSync(root)) return paths;
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      const path = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (options.folders) paths.push(`${path}/`);
        visit(full);
      } else {
        paths.push(path);
      }
    }
  };
  visit(root);
  return paths.sort();
}

/**
 * Every file below `root` with its content (text; `content` may say otherwise, e.g. a digest); with
 * `folders`, each folder too, as `<path>/` with empty content. Two trees are equal when their folders are.
 */
export function fileTree(
  root: string,
  options: { folders?: boolean; content?: (path: string, bytes: Buffer) => string } = {},
): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const path of filesUnder(root, options)) {
    if (path.endsWith('/')) tree[path] = '';
    else {
      const bytes = readFileSync(join(root, path));
      tree[path] = options.content ? options.content(path, bytes) : bytes.toString('utf8');
    }
  }
  return tree;
}
