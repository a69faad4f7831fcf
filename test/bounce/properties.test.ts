import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounce, readBounceText } from '../../src/core/bounce/index';
import type { BounceFacts } from '../../src/core/bounce/index';

const corpusDir = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));
const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.eml'))
  .sort()
  .map((name) => readFileSync(corpusDir + name, 'latin1'));

const MECHANISMS = new Set(['spf', 'dmarc', 'dkim', 'auth']);

/** What every answer must look like, whatever the input. */
function expectWellFormed(facts: BounceFacts): void {
  expect(typeof facts.authFailure).toBe('boolean');
  if (facts.authFailure) expect(MECHANISMS.has(facts.mechanism as string)).toBe(true);
  else {
    expect(facts.mechanism).toBeNull();
    // outside a refusal, only an authentication failure report (RFC 6591) names the domain its check was about
    if (facts.domain !== null) expect(facts.evidence?.domain).toBe('feedback-report');
  }
  if (facts.ip !== null) expect(ipaddr.isValid(facts.ip)).toBe(true);
  // a reply code with or without its enhanced status, or an enhanced status alone where the text shows no code
  if (facts.status !== null) expect(facts.status).toMatch(/^(?:[45][0-9][0-9](?: [245]\.[0-9]{1,3}\.[0-9]{1,3})?|[245]\.[0-9]{1,3}\.[0-9]{1,3})$/);
  if (facts.sender !== null) expect(facts.sender).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  expect(Array.isArray(facts.rejection)).toBe(true);
  expect(Array.isArray(facts.recipients)).toBe(true);
  if (facts.status !== null) expect(facts.rejection.length).toBeGreaterThan(0);
}

/** A corpus message changed the ways copies get changed: cut, doubled, spliced, wrapped, line ends rewritten. */
const mutatedBounce = fc
  .tuple(
    fc.integer({ min: 0, max: corpus.length - 1 }),
    fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
        fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 40 }) }),
        fc.record({ kind: fc.constant('newlines' as const), to: fc.constantFrom('\r\n', '\r', '\n\n', ' ') }),
        fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([index, edits]) => {
    let text = corpus[index] as string;
    for (const edit of edits) {
      const at = text.length === 0 ? 0 : ('at' in edit ? edit.at % text.length : 0);
      if (edit.kind === 'delete') text = text.slice(0, at) + text.slice(at + edit.length);
      else if (edit.kind === 'duplicate') text = text.slice(0, at + edit.length) + text.slice(at);
      else if (edit.kind === 'insert') text = text.slice(0, at) + edit.text + text.slice(at);
      else if (edit.kind === 'newlines') text = text.split('\n').join(edit.to);
      else text = text.slice(0, at);
    }
    return text;
  });

describe('bounce reader properties', () => {
  it('never throws on arbitrary text and answers in shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000, unit: 'binary' }), (text) => {
        expectWellFormed(readBounceText(text));
        expect(typeof looksLikeBounce(text)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes, MIME or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), async (bytes, mimeHeader) => {
        const input = mimeHeader ? new Uint8Array([...new TextEncoder().encode('MIME-Version: 1.0\r\nContent-Type: multipart/report; boundary="b"\r\n\r\n--b\r\n'), ...bytes]) : bytes;
        expectWellFormed(await readBounce(input));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on mutated real bounces, as raw messages and as text', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBounce, async (text) => {
        expectWellFormed(readBounceText(text));
        expectWellFormed(await readBounce(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same facts whatever follows the returned message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: corpus.length - 1 }), fc.string({ maxLength: 500 }), (index, junk) => {
        const text = corpus[index] as string;
        const before = readBounceText(text);
        const after = readBounceText(`${text}\n\n--- Below this line is a copy of the message.\n\n${junk}`);
        const pick = (facts: BounceFacts) => [facts.authFailure, facts.mechanism, facts.ip, facts.domain, facts.status, facts.recipient];
        expect(pick(after)).toEqual(pick(before));
      }),
      { numRuns: 150 },
    );
  });

  it('reads a documented refusal the same at any wrapping width', () => {
    // policyd-spf wording (corpus lab spf_fail), run together and rewrapped at random widths
    const words = (
      '<user2@receiver.example>: host mail.receiver.example[192.0.2.8] said: 550 5.7.23 <user2@receiver.example>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=user1@sender.example;ip=198.51.100.9;r=<UNKNOWN> (in reply to RCPT TO command)'
    ).split(' ');
    fc.assert(
      fc.property(fc.integer({ min: 12, max: 300 }), fc.constantFrom('', '    '), (width, indent) => {
        const lines: string[] = [];
        let line = '';
        for (const word of words) {
          if (line !== '' && line.length + word.length + 1 > width) {
            lines.push(line);
            line = word;
          } else line = line === '' ? word : `${line} ${word}`;
        }
        lines.push(line);
        const text = lines.map((each, i) => (i === 0 ? each : indent + each)).join('\n');
        expect(readBounceText(text)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '198.51.100.9', domain: 'sender.example', sender: 'user1@sender.example', status: '550 5.7.23' });
      }),
      { numRuns: 200 },
    );
  });
});

describe('adversarial input: every pattern completes at 10 kB, 100 kB and 1 MB', () => {
  // Shapes that make backtracking regular expressions blow up: long runs of the characters a
  // pattern repeats, openings that never close, prefixes of wordings repeated without their end.
  const SHAPES: Record<string, string> = {
    'ip: [': 'ip: [',
    '[[[[': '[',
    spf: 'spf ',
    'SPF check for [': 'SPF check for [',
    'SPF fail ': 'SPF fail ',
    'reply codes': '550-5.7.26 ',
    'reply lines': '550-5.7.26 x\n',
    'no spaces': 'a',
    'dotted digits': '1.1.1.1.',
    colons: ':',
    'hex and colons': 'dead:beef:',
    'domain labels': 'a.',
    'bracketed addresses': '<a@b.c>: ',
    'report fields': 'Diagnostic-Code: smtp; 550 x\n',
    'Postfix replies': 'host a.b[192.0.2.1] said: 550 x\n',
    'transcript lines': '<<< 550-5.7.1 x\n',
    '(reason: ': '(reason: 550 ',
    'empty lines': '\n',
    'indented lines': '    550 5.7.1 x\n',
    'header lines': 'X-A: b\n',
    'policyd-spf prefix': 'Why?s=mfrom;id=',
    'MAIL FROM:<': 'MAIL FROM:<',
  };
  for (const [name, unit] of Object.entries(SHAPES)) {
    it(name, () => {
      for (const size of [10_000, 100_000, 1_000_000]) {
        const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
        expectWellFormed(readBounceText(text));
        expect(typeof looksLikeBounce(text)).toBe('boolean');
      }
    });
  }

  it('reads only the first megabyte', () => {
    const refusal = '550 5.7.23 The message was rejected because of Sender Policy Framework violation\n';
    expect(readBounceText(refusal + 'x'.repeat(3_000_000)).authFailure).toBe(true);
    expect(readBounceText('x'.repeat(1_000_001) + '\n' + refusal).authFailure).toBe(false);
  });
});
