import { readBounce } from '../core/bounce/index';
import type { BounceFacts } from '../core/bounce/index';
import { parseArgs } from './args';
import { UsageError, cutMessage, inputName, readInput } from './io';
import type { Command, ExitCode } from './io';
import { escapeControls, escapeDeep, jsonText, shortenStrings } from './safe-text';

const MECHANISM_NAMES: Record<string, string> = {
  spf: 'SPF',
  dmarc: 'DMARC',
  dkim: 'DKIM',
  auth: 'sender authentication',
};

/** A rejection line longer than this is shown cut in human output. */
const SHOWN_REJECTION_CHARS = 400;

/**
 * The JSON line of cli-contract.md: the contract's fields first, in its order, then the extra ones. Strings
 * over 1000 characters are cut (`truncated: true`); `inputTruncated` says the input was read only to the limit.
 */
function jsonLine(file: string, facts: BounceFacts, inputTruncated: boolean): string {
  const { value, truncated } = shortenStrings(facts);
  const { authFailure, mechanism, ip, domain, sender, recipient, status, ...extra } = value;
  return jsonText({ file, authFailure, mechanism, ip, domain, sender, recipient, status, ...extra, truncated, inputTruncated });
}

function summary(file: string, raw: BounceFacts): string {
  const facts = escapeDeep(raw);
  const shown = (value: string | null | undefined): string => value ?? '-';
  const verdict = facts.authFailure
    ? `refused for failing ${MECHANISM_NAMES[facts.mechanism ?? 'auth'] ?? 'sender authentication'}`
    : facts.status === null
      ? 'no SMTP refusal found'
      : 'refused, not for sender authentication';
  const lines = [
    `${file === '-' ? '-' : inputName(file)}: ${verdict}${facts.status === null ? '' : ` (${facts.status})`}${facts.receiver === null ? '' : ` by ${facts.receiver}`}`,
    `  ip ${shown(facts.ip)}  domain ${shown(facts.domain)}  sender ${shown(facts.sender)}  recipient ${shown(facts.recipient)}`,
  ];
  for (const rejection of raw.rejection) lines.push(`  "${escapeControls(shortenStrings(rejection, SHOWN_REJECTION_CHARS).value)}"`);
  return lines.join('\n') + '\n';
}

/** `bounce-explainer parse [FILE ...] [--json]` (cli-contract.md). */
export const parseCommand: Command = async (argv, io): Promise<ExitCode> => {
  const args = parseArgs(argv, { valued: [], flags: ['json'] });
  const files = args.positionals.length === 0 ? ['-'] : args.positionals;
  if (files.filter((file) => file === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const json = args.flags.has('json');
  let exit: ExitCode = 0;
  for (const file of files) {
    let input: { bytes: Uint8Array; cut: boolean };
    try {
      input = await readInput(file, io);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      io.err(`bounce-explainer parse: cannot read ${inputName(file)}: ${escapeControls(reason)}\n`);
      exit = 1;
      continue;
    }
    // a cut input: the result covers what was read (a bounce's report comes first), and the exit status says so
    if (input.cut) {
      io.err(cutMessage('parse', file));
      exit = 1;
    }
    const facts = await readBounce(input.bytes);
    io.out(json ? jsonLine(file, facts, input.cut) + '\n' : summary(file, facts));
  }
  return exit;
};
