/**
 * How many checks a page may start without a click: at most `limit` in any `windowMs` (a sliding window).
 * A thread of a hundred forged bounces then costs the sender of the thread five checks a minute, not a
 * hundred; the rest wait for the user's click. The clock is a parameter, so the rule is tested without
 * waiting.
 */
export const AUTOMATIC_CHECKS_PER_MINUTE = 5;
const MINUTE_MS = 60_000;

export interface CheckBudget {
  /** true, and counted, when one more automatic check fits in the window now; false otherwise */
  take(): boolean;
}

export function checkBudget(limit = AUTOMATIC_CHECKS_PER_MINUTE, windowMs = MINUTE_MS, now: () => number = Date.now): CheckBudget {
  const started: number[] = [];
  return {
    take() {
      const at = now();
      while (started.length > 0 && at - (started[0] as number) >= windowMs) started.shift();
      if (started.length >= limit) return false;
      started.push(at);
      return true;
    },
  };
}
