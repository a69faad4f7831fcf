import { readBounce } from '../core/bounce/index';
import type { BounceFacts } from '../core/bounce/index';
import { parseArgs } from './args';
import { UsageError } from './io';
import type { CliIO, Command, ExitCode } from './io';

const MECHANISM_NAMES: Record<string, string> = {
  spf: 'SPF',
  dmarc: 'DMARC',
  dkim: 'DKIM',
  auth: 'sender authentication',
};

/** The JSON line of cli-contract.md: the contract's fields first, in its order, then the extra ones. */
function jsonLine(file: string, facts: BounceFacts): string {
  const { authFailure, mechanism, ip, domain, sender, recipient, status, ...extra } = facts;
  return JSON.stringify({ file, authFailure, mechanism, ip, domain, sender, recipient, status, ...extra });
}

function summary(file: string, facts: BounceFacts): string {
  const shown = (value: string | null | undefined): string => value ?? '-';
  const verdict = facts.authFailure
    ? `refused for failing ${MECHANISM_NAMES[facts.mechanism ?? 'auth'] ?? 'sender authentication'}`
    : facts.status === null
      ? 'no SMTP refusal found'
      : 'refused, not for sender authentication';
  const lines = [
    `${file}: ${verdict}${facts.status === null ? '' : ` (${facts.status})`}${facts.receiver === null ? '' : ` by ${facts.receiver}`}`,
    `  ip ${shown(facts.ip)}  domain ${shown(facts.domain)}  sender ${shown(facts.sender)}  recipient ${shown(facts.recipient)}`,
  ];
  for (const rejection of facts.rejection) lines.push(`  "${rejection.length > 400 ? rejection.slice(0, 400) + '…' : rejection}"`);
  return lines.join('\n') + '\n';
}

async function readInput(file: string, io: CliIO): Promise<Uint8Array> {
  return file === '-' ? io.readStdin() : io.readFile(file);
}

/** `bounce-explainer parse [FILE ...] [--json]` (cli-contract.md). */
export const parseCommand: Command = async (argv, io): Promise<ExitCode> => {
  const args = parseArgs(argv, { valued: [], flags: ['json'] });
  const files = args.positionals.length === 0 ? ['-'] : args.positionals;
  if (files.filter((file) => file === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const json = args.flags.has('json');
  let exit: ExitCode = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readInput(file, io);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      io.err(`bounce-explainer parse: cannot read ${file === '-' ? 'standard input' : file}: ${reason}\n`);
      exit = 1;
      continue;
    }
    const facts = await readBounce(bytes);
    io.out(json ? jsonLine(file, facts) + '\n' : summary(file, facts));
  }
  return exit;
};
