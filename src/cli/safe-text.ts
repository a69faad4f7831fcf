/**
 * Text from a bounce or a DNS answer is untrusted: it reaches a terminal only with its control characters
 * shown escaped (`\x1b`), never sent. A TXT record holding ESC sequences must not repaint the line that says
 * which record to publish, and a carriage return must not overwrite it.
 *
 * Escaped: C0 controls U+0000-U+001F (ECMA-48 section 5.2), DEL U+007F, C1 controls U+0080-U+009F (ECMA-48
 * section 5.3), the line and paragraph separators U+2028/U+2029, and the Unicode bidirectional formatting
 * characters (UAX #9 section 2: LRM, RLM, ALM, LRE..RLO, LRI..PDI), which can make a record read differently
 * from what it is.
 */

/** Everything escaped in untrusted text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, except the newline: the last check over whole output, where lines are ours. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw of the above (it escapes C0 itself, RFC 8259 section 7). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOne(char: string): string {
  const short = SHORT[char];
  if (short !== undefined) return short;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character shown as an escape (`\x1b`, `\n`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** A copy of `value` with `map` applied to every string in it (arrays and plain objects are walked; shared and
 * cyclic references are copied once). */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  const seen = new Map<object, unknown>();
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return map(item);
    if (typeof item !== 'object' || item === null) return item;
    const done = seen.get(item);
    if (done !== undefined) return done;
    if (Array.isArray(item)) {
      const copy: unknown[] = [];
      seen.set(item, copy);
      for (const element of item) copy.push(walk(element));
      return copy;
    }
    const copy: Record<string, unknown> = {};
    seen.set(item, copy);
    for (const [key, element] of Object.entries(item)) copy[key] = walk(element);
    return copy;
  };
  return walk(value) as T;
}

/**
 * A copy of `value` with every string in it escaped. Renderers take the copy, so every piece of text they
 * interpolate is safe.
 */
export function escapeDeep<T>(value: T): T {
  return mapStrings(value, escapeControls);
}

/** The SGR sequences the CLI's own painter writes (bold, dim, red, green, yellow, cyan, reset); nothing else. */
// eslint-disable-next-line no-control-regex -- the painter's ESC sequences are what is matched
const OWN_STYLE = /^\x1b\[(?:0|1|2|31|32|33|36)m/;

/**
 * The last check on human output before it is written: every control character but the newline is escaped.
 * On a terminal the painter's own SGR sequences stay (values were escaped before they were painted, so an
 * ESC still here is the painter's).
 */
export function safeHumanOutput(text: string, tty: boolean): string {
  return text.replace(UNSAFE_BUT_NEWLINE, (char, offset: number) => {
    if (tty && char === '\x1b' && OWN_STYLE.test(text.slice(offset, offset + 5))) return char;
    return escapeOne(char);
  });
}

/**
 * JSON.stringify, then DEL, C1 controls, U+2028/U+2029 and the bidi controls written as `\uXXXX` too (they
 * can stand only inside strings, where the escape is the same value: RFC 8259 section 7), so a terminal that
 * shows the JSON gets no control character from it.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Strings longer than this are cut in JSON output about a bounce (`truncated: true` says so). */
export const JSON_STRING_LIMIT = 1000;

/**
 * A copy of `value` whose strings longer than `limit` are cut to `limit` characters followed by "…", and
 * whether any was. A 1 MB rejection line would otherwise be written twice (in `rejection` and `recipients`).
 */
export function shortenStrings<T>(value: T, limit = JSON_STRING_LIMIT): { value: T; truncated: boolean } {
  let truncated = false;
  const result = mapStrings(value, (text) => {
    if (text.length <= limit) return text;
    truncated = true;
    // do not split a surrogate pair
    const end = /[\ud800-\udbff]/.test(text.charAt(limit - 1)) ? limit - 1 : limit;
    return `${text.slice(0, end)}…`;
  });
  return { value: result, truncated };
}
