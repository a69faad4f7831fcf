import ipaddr from 'ipaddr.js';

// maximal runs of hex digits, dots and colons, found by the regex engine rather than a test per character;
// runs shorter than `::1` never name an address
const HEX_RUN = /[0-9A-Fa-f:.]{3,}/g;
const FOUR_PART_DECIMAL = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*)){3}$/;
// RFC 4291 section 2.2 form 3: x:x:x:x:x:x:d.d.d.d, the IPv4 part last
const DOTTED_TAIL = /:((?:0|[1-9][0-9]{0,2})(?:\.(?:0|[1-9][0-9]{0,2})){3})$/;
const WORD_CHAR = /[0-9A-Za-z_]/;
// RFC 5321 section 4.1.3: IPv6-address-literal = "IPv6:" IPv6-addr (the tag is matched without regard to case)
const IPV6_TAG = 'ipv6:';

/**
 * An IPv6 address as written (RFC 4291 section 2.2, all three forms), or null. The dotted IPv4 tail is read
 * here: ipaddr.js reads `::192.0.2.1` as `::ffff:192.0.2.1`, which is another address.
 */
function parseIpv6(text: string): ipaddr.IPv6 | null {
  let hex = text;
  const tail = DOTTED_TAIL.exec(text);
  if (tail !== null) {
    const v4 = tail[1] as string;
    if (!ipaddr.IPv4.isValidFourPartDecimal(v4)) return null;
    const [a, b, c, d] = ipaddr.IPv4.parse(v4).octets as [number, number, number, number];
    hex = `${text.slice(0, tail.index)}:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  } else if (text.indexOf('.') !== -1) return null;
  if (!ipaddr.IPv6.isValid(hex)) return null;
  return ipaddr.IPv6.parse(hex);
}

/**
 * The address a token names, or null. Accepts `192.0.2.1`, `192.0.2.1:25`, `2001:db8::1`,
 * `IPv6:2001:db8::1` (RFC 5321 section 4.1.3), `[...]` around any of these.
 * `::ffff:192.0.2.1` is an IPv4-mapped address (RFC 4291 section 2.5.5.2): it stands for an IPv4 node, so the
 * client is that IPv4 address and it is returned as such. `::192.0.2.1` is the deprecated IPv4-compatible form
 * (section 2.5.5.1): an IPv6 address, returned as IPv6 (`::c000:201`).
 * Dotted IPv4 must be four decimal parts: ipaddr.js would also take `0x7f.1` or `127.1`.
 * Only unicast addresses are a client (RFC 4291 section 2.4, RFC 919): multicast, broadcast, loopback and
 * unspecified addresses give null.
 */
export function parseIp(token: string): string | null {
  let candidate = token;
  if (candidate.startsWith('[') && candidate.endsWith(']')) candidate = candidate.slice(1, -1);
  if (candidate.slice(0, IPV6_TAG.length).toLowerCase() === IPV6_TAG) return ipv6(candidate.slice(IPV6_TAG.length));
  if (candidate.endsWith('.')) candidate = candidate.slice(0, -1);
  if (candidate.indexOf(':') === -1) return ipv4(candidate);
  const v6 = ipv6(candidate);
  if (v6 !== null) return v6;
  // `192.0.2.1:25`: an IPv4 address with a port
  const colon = candidate.lastIndexOf(':');
  if (candidate.indexOf(':') === colon && /^[0-9]{1,5}$/.test(candidate.slice(colon + 1))) {
    const host = candidate.slice(0, colon);
    return ipv4(host);
  }
  return null;
}

function ipv6(text: string): string | null {
  const v6 = parseIpv6(text);
  if (v6 === null) return null;
  const range = v6.range();
  if (range === 'unspecified' || range === 'loopback' || range === 'multicast') return null;
  if (v6.isIPv4MappedAddress()) return ipv4(v6.toIPv4Address().toString());
  return v6.toString();
}

/** Only a unicast IPv4 address is a client (RFC 6890 tables 1, 4; RFC 5771 multicast; RFC 919 broadcast). */
function ipv4(text: string): string | null {
  // the shape ipaddr.js checks after its full parse: most runs of a text (`550`, `5.7.1`) fail it without the parse
  if (!FOUR_PART_DECIMAL.test(text) || !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  const v4 = ipaddr.IPv4.parse(text);
  const range = v4.range();
  return range === 'loopback' || range === 'unspecified' || range === 'multicast' || range === 'broadcast' ? null : v4.toString();
}

export interface IpMention {
  ip: string;
  start: number;
  end: number;
}

/**
 * Every IP address written in `text`, in order, by one left-to-right pass over maximal runs
 * of hex digits, dots and colons (runs are disjoint, so the pass is linear). A run glued to a
 * letter or digit on either side (`ip-192-0-2-1`, `host192.0.2.1.example`) is not an address,
 * except the RFC 5321 address-literal tag `IPv6:` (`[IPv6:2001:db8::1]`).
 */
export function findIps(text: string, limit = 16): IpMention[] {
  const found: IpMention[] = [];
  const runs = new RegExp(HEX_RUN.source, HEX_RUN.flags);
  for (let match = runs.exec(text); match !== null && found.length < limit; match = runs.exec(text)) {
    let start = match.index;
    let end = start + match[0].length;
    // the tag's "6:" starts the run: `IPv6:2001:db8::1`
    const tagged = match[0].startsWith('6:') && start >= 3 && text.slice(start - 3, start + 2).toLowerCase() === IPV6_TAG;
    if (tagged) start += 2;
    // `[example.org:192.0.2.1]`, `ip:192.0.2.1`: a colon after a word separates, it does not begin an IPv6 address
    else if (text[start] === ':' && text[start + 1] !== ':' && start > 0 && WORD_CHAR.test(text[start - 1] as string)) start++;
    // `from 2001:db8::1: 550`: a colon after the address ends it
    if (text[end - 1] === ':' && text[end - 2] !== ':') end--;
    const before = tagged ? '' : start > 0 ? (text[start - 1] as string) : '';
    const after = end < text.length ? (text[end] as string) : '';
    if (WORD_CHAR.test(before) || WORD_CHAR.test(after) || before === '-' || after === '-') continue;
    const run = text.slice(start, end);
    if (run.length < 3 || run.length > 64) continue;
    const ip = tagged ? ipv6(run) : parseIp(run);
    if (ip !== null) found.push({ ip, start: tagged ? start - 5 : start, end });
  }
  return found;
}
