import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounceText } from '../../src/core/bounce/index';
import { NOTICE_SHELLS } from './notice-shells';
import { WORDING_CASES } from './wording-cases';

/** Receivers' wordings (wording-cases.ts, each with its source): alone, and in each notice that carries replies. */
describe('researched wordings', () => {
  for (const wording of WORDING_CASES) {
    describe(`${wording.name} (${wording.source})`, () => {
      it('the reply alone', () => {
        expect(readBounceText(wording.reply)).toMatchObject(wording.expected);
      });
      for (const [shell, wrap] of Object.entries(NOTICE_SHELLS)) {
        it(`in a ${shell} notice`, () => {
          const notice = wrap([wording.reply]);
          expect(looksLikeBounce(notice)).toBe(true);
          const { receiver: _receiver, ...facts } = wording.expected;
          expect(readBounceText(notice)).toMatchObject(facts);
        });
      }
    });
  }
});
