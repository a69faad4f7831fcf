import { checkCommand } from './check';
import { explainCommand } from './explain';
import { INPUT_LIMIT_BYTES, JSONL_LINE_LIMIT_BYTES, UsageError, type CliIO, type Command, type ExitCode } from './io';
import { parseCommand } from './parse';
import { escapeControls, safeHumanOutput } from './safe-text';


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
    `Input: the first ${INPUT_LIMIT_BYTES / 1024 / 1024} MiB of each FILE or of standard input is read, no more. A longer input is`,
    '  read up to that size: the result covers that part, one line on standard error says it was cut, and the',
    '  exit status is 1. --jsonl lines longer than ' + `${JSONL_LINE_LIMIT_BYTES / 1024} KiB are refused with an error line (exit 1); the rest go on.`,
    '  In JSON, "inputTruncated": true says the input was cut; parse --json and explain --json cut strings of',
    '  the bounce over 1000 characters and say so: "truncated": true.',
    '--ip: a unicast IPv4 or IPv6 address, bare or [192.0.2.1] (broadcast, multicast, unspecified are refused).',
    '--helo: a domain name (RFC 5321 section 4.1.2).',
    'Output: control characters from a bounce or a DNS answer (ESC, CR, DEL, C1, bidi) are shown escaped, as \\x1b.',
    'Exit status: 0 ran (whatever the SPF result), 1 an input could not be read (or was cut, or the output could',
    '  not be written: a full disk), 2 usage error. A reader that goes away (| head -1) ends the command quietly, 0.',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit status. */
export async function runCli(argv: string[], given: CliIO, version: string): Promise<ExitCode> {
  // the last guard: whatever a command writes, no control character but the newline (and, on a terminal,
  // the painter's own colours) reaches the terminal raw
  const io: CliIO = {
    ...given,
    out: (text) => given.out(safeHumanOutput(text, given.isTTY)),
    err: (text) => given.err(safeHumanOutput(text, false)),
  };
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
    io.err(`bounce-explainer: unknown command "${escapeControls(name)}" (try --help)\n`);
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
      io.err(`bounce-explainer ${name}: ${escapeControls(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}
