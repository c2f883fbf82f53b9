/**
 * The generated values types make a misspelled key a compile error: the TypeScript compiler runs on
 * test/fixtures/typecheck (excluded from tsconfig.json) with the project's compiler options.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { cachedRun } from './support/tool-cache';

const PROJECT_DIR = resolve(__dirname, '..');
const FIXTURES = resolve(__dirname, 'fixtures/typecheck');
const MISSPELLED = resolve(FIXTURES, 'misspelled-key.ts');
const CORRECT = resolve(FIXTURES, 'correct-keys.ts');

/**
 * Each fixture's error messages, from one program with only the fixtures as root files. Only the
 * fixtures are checked (not every file they import), which keeps this to a couple of seconds.
 */
function compile(): Map<string, string[]> {
  const configPath = resolve(PROJECT_DIR, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, ts.sys.readFile).config,
    ts.sys,
    PROJECT_DIR,
  );
  const roots = [MISSPELLED, CORRECT];
  const program = ts.createProgram(roots, { ...config.options, noEmit: true, skipLibCheck: true, types: [] });
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...roots.flatMap((root) => {
      const file = program.getSourceFile(root);
      if (!file) throw new Error(`${root} is not in the program`);
      return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    }),
  ];
  const messages = new Map<string, string[]>(roots.map((root) => [root, []]));
  for (const diagnostic of diagnostics) {
    const file = diagnostic.file ? resolve(diagnostic.file.fileName) : '(global)';
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    messages.set(file, [...(messages.get(file) ?? []), text]);
  }
  return messages;
}

/** Every TypeScript file of the project (outside node_modules and the git-ignored folders), tsconfig and the lock file. */
function compilerInputs(): Map<string, Buffer> {
  const inputs = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', '.git', '.build', '.cache', 'dist', 'coverage'].includes(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) inputs.set(relative(PROJECT_DIR, path), readFileSync(path));
    }
  };
  walk(PROJECT_DIR);
  for (const name of ['tsconfig.json', 'package-lock.json']) inputs.set(name, readFileSync(resolve(PROJECT_DIR, name)));
  return inputs;
}

/**
 * {@link compile}'s messages, remembered for the exact project sources, tsconfig, lock file and compiler
 * (test/support/tool-cache.ts): a warm run with nothing changed does not compile again.
 */
function cachedCompile(): Map<string, string[]> {
  const json = cachedRun('typecheck-fixtures', `typescript ${ts.version} in ${PROJECT_DIR}`, compilerInputs(), () =>
    JSON.stringify([...compile()]),
  );
  return new Map(JSON.parse(json));
}

describe('typed Helm values', () => {
  const messages = cachedCompile();

  test('a misspelled key or value path does not compile, and the error names it', () => {
    const errors = messages.get(MISSPELLED) ?? [];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/'resorces' does not exist.*Did you mean to write 'resources'\?/s),
        expect.stringMatching(/'dashbord' does not exist/),
        expect.stringMatching(
          /"colector.resources"' is not assignable to type .*Did you mean '"collector.resources"'\?/s,
        ),
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  test('the correctly spelled twin compiles clean', () => {
    expect([...messages].filter(([file]) => file !== MISSPELLED)).toEqual([[CORRECT, []]]);
  });
});
