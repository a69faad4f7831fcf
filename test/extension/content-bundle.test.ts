/**
 * The content script carries none of the wordings table: it asks the background for the patterns
 * (content/wording-source.ts), as data a message carries. Checked here: the patterns survive that trip and answer as
 * the table does, bad data is refused, and the built dist/chrome and dist/firefox content scripts hold no wording
 * (skipped with a line saying so when there is no build, a failure under CI=true, as in security-dist.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { looksLikeBounce, wordingPatterns } from '../../src/core/bounce/prefilter';
import { prefilter, refusalWordingFrom } from '../../src/core/bounce/prefilter-rules';
import { D, IDENTITY, IP } from '../../src/core/bounce/wording-row';
import * as wordings from '../../src/core/bounce/wordings';
import { WORDING_CASES } from '../bounce/wording-cases';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TARGETS = ['chrome', 'firefox'] as const;

/** Strings only the table holds: a receiver name, a reply code of a row's `codes`, a row's property name, a row's words. */
const ROW_TEXT = ['policyd-spf', '550 5.7.26', 'receiver:', 'mechanism:', 'discourages use of this host', 'soft failed sender ID'];

function distReady(): boolean {
  const missing = TARGETS.filter((t) => !existsSync(`${root}dist/${t}/content.js`));
  if (missing.length === 0) return true;
  const line = `dist/${missing.join('/content.js, dist/')}/content.js missing: run \`npm run build\` first`;
  if (process.env.CI === 'true') throw new Error(`${line} (CI=true: the build must exist before the tests)`);
  console.warn(`\n!!! SKIPPING the checks of the built content script: ${line}\n`);
  return false;
}

describe('the wordings as the background hands them to the content script', () => {
  const sent = (): unknown => JSON.parse(JSON.stringify(wordingPatterns()));

  it('arrive as the same patterns, with their flags', () => {
    const wording = refusalWordingFrom(sent());
    expect(wording).not.toBeNull();
    expect(wording!.parts.map((part) => [part.source, part.flags])).toEqual(wordings.REFUSAL_WORDING_PARTS.map((part) => [part.source, part.flags]));
    for (const [copy, pattern] of [
      [wording!.generic, wordings.GENERIC_REFUSAL],
      [wording!.other, wordings.OTHER_REASON],
      [wording!.authStatus, wordings.AUTH_STATUS_TEXT],
    ] as const)
      expect([copy.source, copy.flags]).toEqual([pattern.source, pattern.flags]);
  });

  it('answer as the table does on every verbatim reply, alone and inside a message', () => {
    const wording = refusalWordingFrom(sent())!;
    expect(WORDING_CASES.length).toBeGreaterThan(80);
    for (const { reply } of WORDING_CASES) {
      for (const text of [reply, `Hello,\n${reply}\nThanks`]) expect(prefilter(text, wording), text).toBe(looksLikeBounce(text));
    }
  });

  it('are refused when they are not what the background sends, never thrown on', () => {
    const good = sent() as Record<string, unknown>;
    for (const bad of [
      null,
      'x',
      [],
      { ...good, parts: 'x' },
      { ...good, parts: [{ source: '(', flags: 'i' }] },
      { ...good, generic: { source: 'a', flags: 'g' } },
      { ...good, other: { source: 'a', flags: 'q' } },
      { ...good, authStatus: undefined },
      { ...good, parts: [7] },
    ])
      expect(refusalWordingFrom(bad), JSON.stringify(bad)).toBeNull();
  });
});

describe.skipIf(!distReady())('the built content script', () => {
  for (const target of TARGETS) {
    const content = (): string => readFileSync(`${root}dist/${target}/content.js`, 'utf8');

    it(`${target}: holds no wording of the table, not even the slot pieces rows are built from`, () => {
      const text = content();
      expect(wordings.AUTH_WORDINGS.length).toBeGreaterThan(50);
      expect(ROW_TEXT.filter((row) => text.includes(row))).toEqual([]);
      for (const piece of [D, IP, IDENTITY]) expect(text.includes(piece.slice(0, 40)), piece).toBe(false);
    });
  }
});
