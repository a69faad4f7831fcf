/**
 * A detected refusal reads the same however it reaches the reader (issue 11): folded into a multiline reply at
 * any word boundary (RFC 5321 section 4.2.1: "550-5.7.26 " on every line but the last, "550 5.7.26 " on the
 * last), the lines joined as MTAs join them (line breaks, indented lines, spaces, Postfix's rewrapping at any
 * width), quoted ("> ", ">> ", "> > "), and inside the notices of Gmail, Microsoft 365, Postfix, Exim and Exchange:
 * the same IP, domain, mechanism and status.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBounceText } from '../../src/core/bounce/index';
import type { BounceFacts } from '../../src/core/bounce/index';
import { NOTICE_SHELLS } from './notice-shells';
import { WORDING_CASES } from './wording-cases';

interface Token {
  text: string;
  /** a space stood before it in the reply */
  spaced: boolean;
}

/** The reply's words after its code; "[" opening a bracket is a token of its own, so a fold may fall inside it. */
function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (word.startsWith('[') && word.length > 1) {
      tokens.push({ text: '[', spaced: true }, { text: word.slice(1), spaced: false });
    } else tokens.push({ text: word, spaced: true });
  }
  return tokens;
}

const REPLY = /^([45][0-9][0-9]) (?:([245]\.[0-9]{1,3}\.[0-9]{1,3}) )?(.*)$/s;

/** The reply folded at the given token gaps into the lines of a multiline reply. */
function fold(reply: string, cuts: number[]): string[] {
  const match = REPLY.exec(reply);
  if (match === null) throw new Error(`not a reply: ${reply}`);
  const [, code, enhanced, rest] = match as unknown as [string, string, string | undefined, string];
  const tokens = tokensOf(rest);
  const at = new Set(cuts.map((cut) => 1 + (cut % Math.max(1, tokens.length - 1))));
  const lines: string[][] = [[]];
  tokens.forEach((token, i) => {
    if (i > 0 && at.has(i)) lines.push([]);
    const line = lines[lines.length - 1] as string[];
    line.push(line.length > 0 && token.spaced ? ` ${token.text}` : token.text);
  });
  return lines.map((words, i) => {
    const last = i === lines.length - 1;
    const marker = enhanced === undefined ? `${code}${last ? ' ' : '-'}` : `${code}${last ? ' ' : '-'}${enhanced} `;
    return marker + words.join('');
  });
}

/** Postfix's rewrapping: the reply's lines run together and broken again at `width`, continuation lines indented. */
function rewrap(lines: string[], width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of lines.join(' ').split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out.map((each, i) => (i === 0 ? each : `    ${each}`));
}

const pick = (facts: BounceFacts) => ({ authFailure: facts.authFailure, ip: facts.ip, domain: facts.domain, mechanism: facts.mechanism, status: facts.status });

const JOINS = ['newline', 'indented', 'spaces', 'rewrap'] as const;
const QUOTES = ['', '> ', '>> ', '> > ', '>'];
const SHELLS = ['none', ...Object.keys(NOTICE_SHELLS)];
/** How people paste a bounce into an issue or a forum: as it is, in a markdown code fence, between blank lines. */
const PASTES: Record<string, (text: string) => string> = {
  'as is': (text) => text,
  'code fence': (text) => `\`\`\`\n${text}\n\`\`\``,
  'blank lines': (text) => `\n\n${text}\n\n`,
};

describe('a detected refusal reads the same folded, quoted or inside any notice', () => {
  it('the cases are detected as written', () => {
    for (const wording of WORDING_CASES) expect(readBounceText(wording.reply).authFailure, wording.name).toBe(true);
  });

  it('same ip, domain, mechanism and status', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: WORDING_CASES.length - 1 }),
        fc.uniqueArray(fc.nat(400), { maxLength: 8 }),
        fc.constantFrom(...JOINS),
        fc.integer({ min: 24, max: 110 }),
        fc.constantFrom(...QUOTES),
        fc.constantFrom(...SHELLS),
        fc.constantFrom(...Object.keys(PASTES)),
        (index, cuts, join, width, quote, shell, paste) => {
          const wording = WORDING_CASES[index]!;
          const expected = pick(readBounceText(wording.reply));
          const folded = fold(wording.reply, cuts);
          let lines: string[];
          if (join === 'newline') lines = folded;
          else if (join === 'indented') lines = folded.map((line, i) => (i === 0 ? line : `    ${line}`));
          else if (join === 'spaces') lines = [folded.join(' ')];
          else lines = rewrap(folded, width);
          const notice = shell === 'none' ? lines.join('\n') : NOTICE_SHELLS[shell]!(lines);
          const quoted = quote === '' ? notice : notice.split('\n').map((line) => quote + line).join('\n');
          const text = PASTES[paste]!(quoted);
          expect(pick(readBounceText(text)), `${wording.name}\n${text}`).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
