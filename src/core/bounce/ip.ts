import ipaddr from 'ipaddr.js';

// maximal runs of hex digits, dots and colons, found by the regex engine rather than a test per character;
// runs shorter than `::1` never name an address
const HEX_RUN = /[0-9A-Fa-f:.]{3,}/g;
const FOUR_PART_DECIMAL = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*)){3}$/;
const WORD_CHAR = /[0-9A-Za-z_]/;

/**
 * The address a token names, or null. Accepts `192.0.2.1`, `192.0.2.1:25`, `2001:db8::1`,
 * `::ffff:192.0.2.1` (returned as the IPv4 address it maps, RFC 4291 section 2.5.5.2).
 * Dotted IPv4 must be four decimal parts: ipaddr.js would also take `0x7f.1` or `127.1`.
 */
export function parseIp(token: string): string | null {
  let candidate = token;
  if (candidate.endsWith('.')) candidate = candidate.slice(0, -1);
  if (candidate.indexOf(':') === -1) return ipv4(candidate);
  if (ipaddr.IPv6.isValid(candidate)) {
    const v6 = ipaddr.IPv6.parse(candidate);
    if (v6.range() === 'unspecified' || v6.range() === 'loopback') return null;
    if (v6.isIPv4MappedAddress()) return ipv4(v6.toIPv4Address().toString());
    return v6.toString();
  }
  // `192.0.2.1:25`: an IPv4 address with a port
  const colon = candidate.lastIndexOf(':');
  if (candidate.indexOf(':') === colon && /^[0-9]{1,5}$/.test(candidate.slice(colon + 1))) {
    const host = candidate.slice(0, colon);
    return ipv4(host);
  }
  return null;
}

/** A loopback or unspecified address is never the client a receiver refused (RFC 6890 table 4 and 1). */
function ipv4(text: string): string | null {
  // the shape ipaddr.js checks after its full parse: most runs of a text (`550`, `5.7.1`) fail it without the parse
  if (!FOUR_PART_DECIMAL.test(text) || !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  const v4 = ipaddr.IPv4.parse(text);
  const range = v4.range();
  return range === 'loopback' || range === 'unspecified' ? null : v4.toString();
}

export interface IpMention {
  ip: string;
  start: number;
  end: number;
}

/**
 * Every IP address written in `text`, in order, by one left-to-right pass over maximal runs
 * of hex digits, dots and colons (runs are disjoint, so the pass is linear). A run glued to a
 * letter or digit on either side (`ip-192-0-2-1`, `host192.0.2.1.example`) is not an address.
 */
export function findIps(text: string, limit = 16): IpMention[] {
  const found: IpMention[] = [];
  const runs = new RegExp(HEX_RUN.source, HEX_RUN.flags);
  for (let match = runs.exec(text); match !== null && found.length < limit; match = runs.exec(text)) {
    let start = match.index;
    const end = start + match[0].length;
    // `[example.org:192.0.2.1]`, `ip:192.0.2.1`: a colon after a word separates, it does not begin an IPv6 address
    if (text[start] === ':' && text[start + 1] !== ':' && start > 0 && WORD_CHAR.test(text[start - 1] as string)) start++;
    const before = start > 0 ? (text[start - 1] as string) : '';
    const after = end < text.length ? (text[end] as string) : '';
    if (WORD_CHAR.test(before) || WORD_CHAR.test(after) || before === '-' || after === '-') continue;
    const run = text.slice(start, end);
    if (run.length < 3 || run.length > 64) continue;
    const ip = parseIp(run);
    if (ip !== null) found.push({ ip, start, end });
  }
  return found;
}
