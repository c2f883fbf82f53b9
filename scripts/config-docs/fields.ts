/**
 * The fields of the cluster config as docs/configuration.md lists them: each field's dotted path and JSDoc,
 * read from the schema's source (features/cluster-config.ts and the feature parts it assembles, followed
 * through imports with the TypeScript checker), with its type and default read from the schema itself.
 */
import { join } from 'node:path';
import ts from 'typescript';
import type { z } from 'zod';

/** One documented field. */
export interface ConfigField {
  /** Dotted path; `[]` for a list's items, `<name>` for a map's keys, e.g. `meshedNamespaces[].inject`. */
  readonly path: string;
  /** Its JSDoc, as one paragraph (empty when the source has none). */
  readonly doc: string;
  /** What it holds, e.g. `boolean`, `"memory" \| "badger"`, `list`, `map`, `section`. */
  readonly type: string;
  /** Its default as YAML would show it, or undefined when it has none. */
  readonly default?: string;
  /** Whether it is a section: a mapping of further fields. */
  readonly section: boolean;
}

type Shape =
  | { readonly kind: 'object'; readonly literal: ts.ObjectLiteralExpression }
  | { readonly kind: 'array' | 'record'; readonly item: ts.Expression }
  | { readonly kind: 'leaf' };

/** Every field of the schema declared as `clusterConfigSchema` in `file`, in source order. */
export function configFields(projectDir: string, schema: z.ZodType): ConfigField[] {
  const file = join(projectDir, 'features/cluster-config.ts');
  const program = ts.createProgram([file], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  let root: ts.Expression | undefined;
  source.forEachChild(function find(node): void {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'clusterConfigSchema') root = node.initializer;
    node.forEachChild(find);
  });
  if (!root) throw new Error(`${file} declares no clusterConfigSchema`);

  /** The declaration an identifier stands for (through imports). */
  const declarationOf = (identifier: ts.Identifier): ts.VariableDeclaration | undefined => {
    let symbol = checker.getSymbolAtLocation(identifier);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.declarations?.find(ts.isVariableDeclaration);
  };

  /** What an expression of zod calls builds: an object's literal, a list's or a map's item, or a leaf. */
  const shapeOf = (expression: ts.Expression): Shape => {
    if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression))
      return shapeOf(expression.expression);
    if (ts.isIdentifier(expression)) {
      const initializer = declarationOf(expression)?.initializer;
      return initializer ? shapeOf(initializer) : { kind: 'leaf' };
    }
    if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression)) {
      const method = expression.expression.name.text;
      const [first, second] = expression.arguments;
      if ((method === 'strictObject' || method === 'object') && first && ts.isObjectLiteralExpression(first))
        return { kind: 'object', literal: first };
      if (method === 'array' && first) return { kind: 'array', item: first };
      if (method === 'record' && second) return { kind: 'record', item: second };
      if (method === 'preprocess' && second) return shapeOf(second);
      // A method on a schema (.default, .prefault, .optional, .superRefine, .transform, ...): the schema's shape.
      return shapeOf(expression.expression.expression);
    }
    return { kind: 'leaf' };
  };

  /** The JSDoc right above `node` (a property, or the declaration of the schema it names), as one paragraph. */
  const docOf = (node: ts.Node): string => {
    const text = node.getSourceFile().getFullText();
    const comments = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
    const jsdoc = comments.filter((range) => text.slice(range.pos, range.pos + 3) === '/**').pop();
    if (!jsdoc) return '';
    return text
      .slice(jsdoc.pos + 3, jsdoc.end - 2)
      .split('\n')
      .map((line) => line.replace(/^\s*\*\s?/, '').trim())
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  };

  const fields: ConfigField[] = [];
  const visit = (literal: ts.ObjectLiteralExpression, runtime: z.ZodType, prefix: string): void => {
    for (const property of literal.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const key = property.name.getText().replace(/^['"]|['"]$/g, '');
      const path = prefix ? `${prefix}.${key}` : key;
      const child = objectShape(runtime)?.[key];
      if (!child) throw new Error(`the schema has no field ${path} that its source declares`);
      const named = ts.isIdentifier(property.initializer) ? declarationOf(property.initializer) : undefined;
      const doc = docOf(property) || (named ? docOf(named.parent.parent) : '');
      fields.push({ path, doc, ...describe(child) });
      descend(shapeOf(property.initializer), child, path);
    }
  };
  const descend = (shape: Shape, runtime: z.ZodType, path: string): void => {
    if (shape.kind === 'object') visit(shape.literal, runtime, path);
    else if (shape.kind === 'array' || shape.kind === 'record') {
      const item = itemOf(runtime);
      if (item) descend(shapeOf(shape.item), item, `${path}${shape.kind === 'array' ? '[]' : '.<name>'}`);
    }
  };
  descend(shapeOf(root), schema, '');
  return fields;
}

/** The zod definition below the wrappers that do not change what a field holds. */
function core(schema: z.ZodType): { def: any; defaultValue?: unknown } {
  let def: any = (schema as any)._zod.def;
  let defaultValue: unknown;
  for (;;) {
    if (def.type === 'default' && defaultValue === undefined) defaultValue = def.defaultValue;
    if (['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type)) def = def.innerType._zod.def;
    // A transform's or a preprocess's pipe: the field holds what its input schema takes.
    else if (def.type === 'pipe') def = (def.in._zod.def.type === 'transform' ? def.out : def.in)._zod.def;
    else return { def, defaultValue };
  }
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const { def } = core(schema);
  return def.type === 'object' ? def.shape : undefined;
}

function itemOf(schema: z.ZodType): z.ZodType | undefined {
  const { def } = core(schema);
  return def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
}

function describe(schema: z.ZodType): Pick<ConfigField, 'type' | 'default' | 'section'> {
  const { def, defaultValue } = core(schema);
  const section = def.type === 'object';
  const type =
    def.type === 'enum'
      ? Object.values(def.entries as Record<string, string>)
          .map((value) => `"${value}"`)
          .join(' \\| ')
      : def.type === 'array'
        ? 'list'
        : def.type === 'record'
          ? 'map'
          : section
            ? 'section'
            : def.type;
  return { type, section, ...(defaultValue !== undefined && !section && { default: JSON.stringify(defaultValue) }) };
}
