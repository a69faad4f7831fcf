/**
 * The receivers' wordings for the pre-filter (core/bounce/prefilter-rules.ts), asked of the background once, on the
 * first message body whose text holds a keyword of them and matches no format row. They are most of what the
 * pre-filter is made of, and a page of ordinary mail never needs them, so the content script does not carry them
 * (README, "Speed and size"). The question carries no text: the decision stays in the page, as before.
 */
import { refusalWordingFrom, type RefusalWording } from '../core/bounce/prefilter-rules';
import type { Reply, WordingPatternsMessage } from '../messages';
import { sendMessage } from './extension-api';

export interface WordingSource {
  /** the patterns, once they are here */
  readonly current: RefusalWording | undefined;
  /** asks for them, unless they are here or on their way; `arrived` runs when they come */
  need(): void;
}

/** A failed ask (the background restarted, a bad answer) is asked again on the next need. */
export function wordingSource(arrived: () => void): WordingSource {
  let current: RefusalWording | undefined;
  let asking = false;
  return {
    get current() {
      return current;
    },
    need() {
      if (current !== undefined || asking) return;
      asking = true;
      const message: WordingPatternsMessage = { type: 'wording-patterns' };
      void sendMessage(message)
        .then(
          (reply) => {
            const answer = reply as Reply<'wording-patterns'> | undefined;
            current = (answer?.ok === true ? refusalWordingFrom(answer.patterns) : null) ?? undefined;
          },
          () => undefined,
        )
        .finally(() => {
          asking = false;
          if (current !== undefined) arrived();
        });
    },
  };
}
