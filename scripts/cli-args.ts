/**
 * The command line of every script, read strictly with Node's own parser (`util.parseArgs`, strict):
 * an unknown flag, a flag without its value, a value for a flag that takes none, or an argument more or
 * less than the script takes is refused by name, with the script's usage line, before the script does
 * anything.
 */
import { parseArgs } from 'node:util';
import { redactingConsole } from '../lib/common/message-text';

/** A flag a script takes: `--name <value>` (string) or `--name` (boolean). */
export interface CliFlag {
  readonly type: 'string' | 'boolean';
  /** Checks a string flag's value; returns what is wrong with it, or undefined when it is fine. */
  readonly check?: (value: string) => string | undefined;
}

/** What a script's command line may hold. */
export interface CliSpec {
  /** e.g. `npm run release-line:add -- <line> [--repo <url>] [--timeout <seconds>]` */
  readonly usage: string;
  /** @default none */
  readonly flags?: Readonly<Record<string, CliFlag>>;
  /** Names of the positional arguments, required first. @default none */
  readonly positionals?: readonly string[];
  /** How many positional arguments are required. @default all of {@link positionals} */
  readonly required?: number;
  /** Whether more positional arguments than {@link positionals} names are taken (a list, e.g. of clusters). @default false */
  readonly variadic?: boolean;
  /** Checks the positional arguments together; returns what is wrong, or undefined. */
  readonly check?: (positionals: readonly string[]) => string | undefined;
}

/** A command line as a script reads it. */
export interface ParsedCli {
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** A command line the script does not take: the message names what is wrong; exit with status 2. */
export class CliUsageError extends Error {
  constructor(
    readonly problem: string,
    readonly usage: string,
  ) {
    super(`${problem}\nusage: ${usage}`);
  }
}

/** Reads `argv` (process.argv.slice(2)) by `spec`; throws a {@link CliUsageError} for anything it does not take. */
export function parseCli(argv: readonly string[], spec: CliSpec): ParsedCli {
  const flags = spec.flags ?? {};
  const positionals = spec.positionals ?? [];
  const required = spec.required ?? positionals.length;
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(flags).map(([name, flag]) => [name, { type: flag.type }])),
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    throw new CliUsageError(flagProblem(error as Error & { code?: string }, argv), spec.usage);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    const problem = typeof value === 'string' ? flags[name]?.check?.(value) : undefined;
    if (problem) throw new CliUsageError(`--${name} ${JSON.stringify(value)}: ${problem}`, spec.usage);
  }
  if (parsed.positionals.length < required)
    throw new CliUsageError(
      `missing ${positionals
        .slice(parsed.positionals.length, required)
        .map((name) => `<${name}>`)
        .join(' ')}`,
      spec.usage,
    );
  if (!spec.variadic && parsed.positionals.length > positionals.length) {
    const extra = parsed.positionals.slice(positionals.length);
    throw new CliUsageError(
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((value) => JSON.stringify(value)).join(' ')}`,
      spec.usage,
    );
  }
  const problem = spec.check?.(parsed.positionals);
  if (problem) throw new CliUsageError(problem, spec.usage);
  return { flags: parsed.values, positionals: parsed.positionals };
}

/** parseArgs' message, said plainly and naming the flag. */
function flagProblem(error: Error & { code?: string }, argv: readonly string[]): string {
  const flag = /'(-{1,2}[^'\s]+)/.exec(error.message)?.[1] ?? argv.find((arg) => arg.startsWith('-')) ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message) ? `${flag} needs a value` : `${flag} takes no value`;
    default:
      return error.message.split('\n')[0];
  }
}

/** A check for flags that take a positive number of seconds. */
export function positiveSeconds(value: string): string | undefined {
  return /^\d+(\.\d+)?$/.test(value) && Number(value) > 0 ? undefined : 'must be a positive number of seconds';
}

/** A check for flags that take an http(s) URL. */
export function httpUrl(value: string): string | undefined {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:' ? undefined : 'must be an http(s) URL';
  } catch {
    return 'must be an http(s) URL, e.g. https://helm.linkerd.io/edge';
  }
}

/**
 * `argv` read by `spec`, or, for a command line the script does not take, the problem and the usage line
 * on stderr (prefixed with `name`) and exit status 2, before the script has done anything. Every script
 * calls this first: from here on whatever it prints passes through lib/common/message-text.ts, so no
 * credential given in a flag (`--repo https://user:password@mirror/`) is repeated, by us or by an error we pass on.
 */
export function commandLine(name: string, spec: CliSpec, argv: readonly string[] = process.argv.slice(2)): ParsedCli {
  redactingConsole();
  try {
    return parseCli(argv, spec);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exit(2);
  }
}
