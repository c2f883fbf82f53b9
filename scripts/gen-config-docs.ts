/**
 * `npm run gen:config-docs`: rewrites the field reference of docs/configuration.md from the schema (each
 * field's JSDoc in features/<feature>/schema.ts, its type and default from the schema itself). test/config-docs.test.ts
 * fails when the page differs from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterConfigSchema } from '../features/cluster-config';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';
import { configFields } from './config-docs/fields';
import { renderReference, withReference } from './config-docs/render';

commandLine('gen:config-docs', COMMAND_LINES['gen:config-docs']);
const ROOT = join(__dirname, '..');
const PAGE = join(ROOT, 'docs/configuration.md');
const page = readFileSync(PAGE, 'utf8');
const next = withReference(page, renderReference(configFields(ROOT, clusterConfigSchema)));
if (next !== page) writeFileSync(PAGE, next);
console.log(next === page ? 'docs/configuration.md is up to date' : 'docs/configuration.md: field reference rewritten');
