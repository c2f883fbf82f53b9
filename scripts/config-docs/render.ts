/**
 * docs/configuration.md's field reference from the config's fields (./fields.ts): a section per top-level
 * field, each with a table of its fields, their type, default and JSDoc. A citation such as
 * `docs/policy.md "Inbound policy"` in a JSDoc becomes a link.
 */
import type { ConfigField } from './fields';

/** The markers around the generated part of docs/configuration.md. */
export const BEGIN = '<!-- generated: npm run gen:config-docs (from the schema: features/<feature>/schema.ts) -->';
export const END = '<!-- /generated -->';

/** GitHub's anchor of a heading. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** A JSDoc paragraph as Markdown in a table cell: doc citations linked, pipes escaped. */
function cell(text: string): string {
  return text
    .replace(
      /docs\/([a-z-]+)\.md "([^"]+)"/g,
      (_, page: string, heading: string) => `[${heading}](${page}.md#${anchorOf(heading)})`,
    )
    .replace(/(?<!\\)\|/g, '\\|');
}

/** A default as a person writes it in YAML: a plain string without its JSON quotes. */
function shown(json: string): string {
  const value: unknown = JSON.parse(json);
  return typeof value === 'string' && value !== '' ? value : json;
}

/** The generated reference: a section per top-level field. */
export function renderReference(fields: readonly ConfigField[]): string {
  const topLevel = fields.filter((field) => !/[.[]/.test(field.path));
  const parts = [BEGIN, ''];
  for (const top of topLevel) {
    parts.push(`### \`${top.path}\``, '');
    if (top.doc && top.section) parts.push(cell(top.doc), '');
    const below = fields.filter(
      (field) =>
        field.path === top.path || field.path.startsWith(`${top.path}.`) || field.path.startsWith(`${top.path}[`),
    );
    parts.push('| field | type | default | what it does |', '|---|---|---|---|');
    for (const field of below) {
      if (field.section && field.path === top.path) continue;
      const value = field.default === undefined ? '' : `\`${shown(field.default)}\``;
      parts.push(`| \`${field.path}\` | ${field.type} | ${value} | ${cell(field.doc)} |`);
    }
    parts.push('');
  }
  parts.push(END);
  return `${parts.join('\n')}\n`;
}

/** `page` with its generated part replaced by `reference`; throws when the markers are missing. */
export function withReference(page: string, reference: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md has no "${BEGIN}" ... "${END}" part`);
  return page.slice(0, start) + reference + page.slice(end + END.length + 1);
}
