/**
 * README.md is the front page and docs/ holds the rest: the README stays short, every relative link and
 * #anchor between them (and from them to the repository's files) resolves as GitHub renders it, every
 * section the code points people at exists, every alert has its runbook, and the make targets are documented.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { synthesizeConfig } from './support/synth';

const ROOT = join(__dirname, '..');
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`)
  .sort();
const PAGES = ['README.md', ...DOCS];

/** The lines of a Markdown text outside fenced code blocks. */
function proseLines(markdown: string): string[] {
  let fence = false;
  return markdown.split('\n').filter((line) => {
    if (/^\s*```/.test(line)) {
      fence = !fence;
      return false;
    }
    return !fence;
  });
}

/** A heading's anchor as GitHub makes it: the rendered text, lowercased, punctuation removed, spaces to '-'. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown page; a repeated heading gets -1, -2, ... as on GitHub. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of proseLines(markdown)) {
    const match = /^#{1,6} (.+?)\s*#*\s*$/.exec(line);
    if (!match) continue;
    const base = slug(match[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The headings of a page, as written. */
const headings = (markdown: string) =>
  proseLines(markdown).flatMap((line) => /^#{1,6} (.+?)\s*$/.exec(line)?.[1] ?? []);

/** Every link target `[text](target)` of a page's prose (inline code left out). */
function links(markdown: string): string[] {
  return proseLines(markdown).flatMap((line) =>
    [...line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]),
  );
}

test('the anchors are the ones GitHub makes', () => {
  expect(slug('Layers: one pass from a bare cluster')).toBe('layers-one-pass-from-a-bare-cluster');
  expect(slug('What is checked: rendered with the real Helm')).toBe('what-is-checked-rendered-with-the-real-helm');
  expect(slug('From audit to deny, one namespace at a time')).toBe('from-audit-to-deny-one-namespace-at-a-time');
  expect(slug('LinkerdCertificateNotReady')).toBe('linkerdcertificatenotready');
  expect(slug('Five minutes: from an empty config to a meshed namespace')).toBe(
    'five-minutes-from-an-empty-config-to-a-meshed-namespace',
  );
  expect(slug('`make up` and the `linkerd_x` CLI')).toBe('make-up-and-the-linkerd_x-cli');
  expect([...anchors('# A\n## A\n```\n# Not a heading\n```\n## B!\n')]).toEqual(['a', 'a-1', 'b']);
});

test('README.md is a front page: at most 200 lines', () => {
  expect(text('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(200);
});

test('every relative link and #anchor of README.md and docs/ resolves', () => {
  const broken = PAGES.flatMap((page) =>
    links(text(page))
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .flatMap((target) => {
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const file = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), path));
        if (file.startsWith('..') || !existsSync(join(ROOT, file))) return [`${page}: ${target} (no ${file})`];
        if (anchor === undefined) return [];
        if (!file.endsWith('.md')) return [`${page}: ${target} (an anchor into a file that is not Markdown)`];
        return anchors(text(file)).has(anchor) ? [] : [`${page}: ${target} (no heading makes #${anchor} in ${file})`];
      }),
  );
  expect(broken).toEqual([]);
});

test('the README links every page of docs/', () => {
  const linked = new Set(links(text('README.md')).map((target) => target.split('#')[0]));
  expect(DOCS.filter((page) => !linked.has(page))).toEqual([]);
});

test('every project file a page names exists', () => {
  const named = /(?<![\w./-])((?:lib|charts|scripts|imports|test)\/[\w./-]*\w\.(?:ts|js|sh))\b/g;
  const missing = PAGES.flatMap((page) =>
    [...text(page).matchAll(named)]
      .map((match) => match[1])
      .filter((path) => !existsSync(join(ROOT, path)))
      .map((path) => `${page}: ${path}`),
  );
  expect(missing).toEqual([]);
});

test('no page cites a README section any more, nor what the code no longer has', () => {
  const stale = PAGES.flatMap((page) =>
    [
      ...[...text(page).matchAll(/README(?:\.md)? "[^"\n]+"/g)].map((match) => match[0]),
      ...[...text(page).matchAll(/toJson\(\)|code cache|generated Namespaces|four Flux Kustomizations/g)].map(
        (match) => match[0],
      ),
    ].map((claim) => `${page}: ${claim}`),
  );
  expect(stale).toEqual([]);
});

/** Where the sections the code cites as README plus a quoted heading live now: the heading each citation should name. */
const MOVED_SECTIONS: Readonly<Record<string, readonly [page: string, heading: string]>> = {
  Alerts: ['docs/alerts.md', 'Alerts'],
  'CNI and Pod Security': ['docs/cni-and-pod-security.md', 'CNI and Pod Security'],
  Configuration: ['docs/configuration.md', 'Configuration'],
  Dashboards: ['docs/dashboards.md', 'Dashboards'],
  'Gateway API': ['docs/gateway-api.md', 'Gateway API'],
  Layout: ['docs/development.md', 'Layout'],
  Policy: ['docs/policy.md', 'Inbound policy'],
  'Regenerating imports': ['docs/development.md', 'Regenerating imports'],
  Resources: ['docs/configuration.md', 'Resources'],
  Tracing: ['docs/tracing.md', 'Tracing'],
  'Upgrade to a new Linkerd release': ['docs/upgrading.md', 'Upgrade to a new Linkerd release'],
  'Upgrading Linkerd': ['docs/upgrading.md', 'Upgrading Linkerd'],
  Usage: ['docs/operations.md', 'Make targets'],
  'What Flux never deletes': ['docs/architecture.md', 'What Flux never deletes'],
};

/** The sections the code points at by more precise names once it names docs/ pages. */
const CITED_SECTIONS: readonly (readonly [page: string, heading: string])[] = [
  ...Object.values(MOVED_SECTIONS),
  ['docs/policy.md', 'Your rules'],
  ['docs/policy.md', 'The policy layer'],
  ['docs/alerts.md', 'Series, exporters and scrapes'],
  ['docs/alerts.md', 'LinkerdTrustAnchorRenewedWithoutPreviousAnchor'],
  ['docs/cni-and-pod-security.md', 'Presets'],
  ['docs/identity.md', 'Identity: certificates that rotate on their own'],
  ['docs/operations.md', 'Rotate the trust anchor'],
  ['README.md', 'Five minutes: from an empty config to a meshed namespace'],
];

test('every section the code cites, or will cite once repointed to docs/, exists with that heading', () => {
  const missing = CITED_SECTIONS.filter(([page, heading]) => !headings(text(page)).includes(heading)).map(
    ([page, heading]) => `${page} "${heading}"`,
  );
  expect(missing).toEqual([]);
});

/** Our sources that talk to people: messages, comments, the Makefile, the example config. */
function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const child = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(child);
    return /\.(ts|js|sh)$/.test(entry.name) ? [child] : [];
  });
}
const CODE = ['main.ts', 'Makefile', ...sources('lib'), ...sources('charts'), ...sources('scripts')];

test('every docs/ page and section the code cites exists (`docs/x.md "Heading"`, `docs/x.md#anchor`)', () => {
  const missing = CODE.flatMap((file) => {
    const content = text(file);
    const cited = [
      ...[...content.matchAll(/\b(docs\/[\w-]+\.md),? (?:section )?"([^"\n]+)"/g)].map(([, page, heading]) => [
        page,
        heading,
        existsSync(join(ROOT, page)) && headings(text(page)).includes(heading),
      ]),
      ...[...content.matchAll(/\b(docs\/[\w-]+\.md)(?:#([\w-]+))?/g)].map(([, page, anchor]) => [
        page,
        anchor ? `#${anchor}` : '',
        existsSync(join(ROOT, page)) && (!anchor || anchors(text(page)).has(anchor)),
      ]),
    ];
    return cited.filter(([, , found]) => !found).map(([page, what]) => `${file}: ${page} ${what}`.trim());
  });
  expect(missing).toEqual([]);
});

test('docs/alerts.md has a runbook per alert, under the anchor its runbook_url ends with', () => {
  const rule = synthesizeConfig(
    'meshedNamespaces: [apps, {name: payments, defaultInboundPolicy: deny}]\n' +
      'monitoring: {podMonitors: {enabled: true}, alerts: {enabled: true}}\n' +
      // A route of the traffic layer: its alert (LinkerdRouteSuccessRateLow) exists only then.
      'traffic: {apps: {web: {service: {selector: {app: web}, ports: [{port: 80}]}, routes: [{name: api, http: {pathPrefix: /api}}]}}}\n',
  ).objects.find(({ object }) => object.kind === 'PrometheusRule')!.object;
  const rules = (rule.spec as any).groups.flatMap((group: any) => group.rules);
  expect(rules.length).toBeGreaterThan(10);
  const page = text('docs/alerts.md');
  const runbooks = page.slice(page.indexOf('\n## What to do\n'));
  const pageAnchors = anchors(page);
  const problems = rules.flatMap((rule: any) => {
    const fragment = String(rule.annotations.runbook_url).split('#')[1];
    return [
      ...(runbooks.includes(`\n### ${rule.alert}\n`)
        ? []
        : [`${rule.alert}: no "### ${rule.alert}" under "What to do"`]),
      ...(pageAnchors.has(fragment) ? [] : [`${rule.alert}: runbook_url #${fragment} is no anchor of docs/alerts.md`]),
    ];
  });
  expect(problems).toEqual([]);
});

describe('the docs name only make targets that exist, and docs/operations.md documents every one', () => {
  const makefile = text('Makefile');
  const targets = new Set([...makefile.matchAll(/^([a-z%][\w%-]*):/gm)].map((match) => match[1]));
  const clusters = new Set([
    '<cluster>',
    'home', // the README's walkthrough creates clusters/home.yaml
    ...execFileSync('git', ['ls-files', 'clusters'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => file.slice('clusters/'.length, -'.yaml'.length)),
  ]);
  const exists = (target: string) => targets.has(target) || (target.startsWith('up-') && clusters.has(target.slice(3)));
  const named = (content: string) =>
    [...content.matchAll(/\bmake (help|up(?:-[\w<>$(){}]+)?|linkerd-[\w-]+)/g)].map((match) =>
      match[1].replace(/^up-\$.*/, 'up-<cluster>'),
    );

  test.each(PAGES)('%s', (page) => {
    expect(named(text(page)).filter((target) => !exists(target))).toEqual([]);
  });

  test('docs/operations.md, between its usage markers, shows every target', () => {
    const page = text('docs/operations.md');
    const start = page.indexOf('<!-- section:usage -->');
    const end = page.indexOf('<!-- /section:usage -->');
    expect([start >= 0, end > start]).toEqual([true, true]);
    const usage = page.slice(start, end);
    expect(
      [...targets].filter((target) => target !== 'help' && !usage.includes(`make ${target.replace('%', 'studio')}`)),
    ).toEqual([]);
  });
});

test('the pages are where the README says: docs/ holds Markdown only', () => {
  expect(readdirSync(join(ROOT, 'docs')).filter((name) => !name.endsWith('.md'))).toEqual([]);
  expect(dirname(DOCS[0])).toBe('docs');
});

test("README's picture and docs/architecture.md's table name every layer a config can have", () => {
  const { fluxLayers, layerKustomizationName } = require('../lib/flux/layers') as typeof import('../lib/flux/layers');
  const every = fluxLayers({
    prerequisiteReleases: [],
    certManagerInstalled: true,
    meshReleases: [],
    gatewayApiChannel: 'standard',
    policy: true,
    traffic: true,
    tracingStore: true,
    alerts: true,
    dashboards: true,
  }).map((layer) => layerKustomizationName(layer.name));
  expect(every).toHaveLength(9);
  const readme = text('README.md');
  const architecture = text('docs/architecture.md');
  expect(every.filter((name) => !readme.includes(`${name}:`))).toEqual([]);
  expect(every.filter((name) => !architecture.includes(`| \`${name}\` |`))).toEqual([]);
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  expect(readme).toContain(`up to ${words[every.length]} with the options`);
});
