import { UsageError } from './io';

export interface ParsedArgs {
  positionals: string[];
  /** every value of each option, in order (options may repeat, e.g. --doh) */
  values: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * Parses `argv` against the options a command accepts. `valued` options take the next word (or `--x=value`),
 * `flags` take none. `--` ends options; a lone `-` is a positional (standard input).
 */
export function parseArgs(argv: string[], spec: { valued: string[]; flags: string[] }): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('--')) {
      parsed.positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
    if (spec.flags.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      parsed.flags.add(name);
    } else if (spec.valued.includes(name)) {
      let value: string | undefined;
      if (eq !== -1) value = word.slice(eq + 1);
      else {
        value = argv[i + 1];
        i++;
      }
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      const list = parsed.values.get(name) ?? [];
      list.push(value);
      parsed.values.set(name, list);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return parsed;
}

/** The last value of a single-valued option, or undefined. */
export function lastValue(args: ParsedArgs, name: string): string | undefined {
  const list = args.values.get(name);
  return list === undefined ? undefined : list[list.length - 1];
}
