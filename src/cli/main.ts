import { checkCommand } from './check';
import { explainCommand } from './explain';
import { UsageError, type CliIO, type Command, type ExitCode } from './io';
import { parseCommand } from './parse';


/** The commands, one row each (cli-contract.md). */
const COMMANDS: Record<string, { run: Command; synopsis: string }> = {
  parse: { run: parseCommand, synopsis: 'parse [FILE ...] [--json]          read bounces: IP, domain, sender, status' },
  check: {
    run: checkCommand,
    synopsis: 'check [DOMAIN] [--ip IP] [--sender ADDR] [--helo NAME] [--doh URL]... [--json | --jsonl]\n' +
      '                                             evaluate SPF (RFC 7208) over DNS-over-HTTPS',
  },
  explain: {
    run: explainCommand,
    synopsis: 'explain [FILE|-] [--doh URL]... [--json]\n' +
      '  explain DOMAIN --ip IP [--sender ADDR]     the cause in plain words and a verified fix',
  },
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  bounce-explainer ${c.synopsis}`);
  return [
    'Usage:',
    ...lines,
    '  bounce-explainer --help | --version',
    '',
    'DNS is asked over HTTPS: Cloudflare, then Google, unless --doh URL is given (repeatable, in order).',
    'Exit status: 0 ran (whatever the SPF result), 1 an input could not be read, 2 usage error.',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit status. */
export async function runCli(argv: string[], io: CliIO, version: string): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(`${version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`bounce-explainer: unknown command "${name}" (try --help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: bounce-explainer ${command.synopsis}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`bounce-explainer ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
