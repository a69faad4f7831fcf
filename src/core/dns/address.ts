import ipaddr from 'ipaddr.js';

/**
 * Client IP addresses, one home for every front end and the engine: how a user or a bounce writes one, which
 * ranges can never be a client, and the form the SPF engine evaluates.
 */

/**
 * The ranges whose addresses never open an SMTP connection: a client is a unicast address. ipaddr.js names
 * the range (its `range()`); one row per range refused, with the reason given to the user.
 */
const NOT_A_CLIENT: Readonly<Record<string, string>> = {
  // RFC 1122 section 3.2.1.3, RFC 4291 section 2.5.2: "this host", never a source of a connection to a server
  unspecified: 'the unspecified address (no host)',
  // RFC 919 / RFC 922: the limited broadcast address
  broadcast: 'the broadcast address',
  // RFC 5771 (IPv4 224.0.0.0/4), RFC 4291 section 2.7 (IPv6 ff00::/8): a group, not a host; TCP needs unicast
  multicast: 'a multicast address',
};

/** `x:y::a.b.c.d` -> `x:y::hhhh:hhhh` (RFC 4291 section 2.2, form 3, to form 2); '' for a tail that is not a dotted quad. */
function hexTail(text: string): string {
  const dotted = /^(.*:)([^:]*\.[^:]*)$/.exec(text);
  if (!dotted) return text;
  const tail = dotted[2] as string;
  if (!ipaddr.IPv4.isValidFourPartDecimal(tail)) return '';
  const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
  return `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * An address as written, bare or as an RFC 5321 section 4.1.3 address literal (`[192.0.2.1]`,
 * `[IPv6:2001:db8::1]`, `[::192.0.2.1]`), without the brackets and tag; null when it is not one. The case
 * and compression are kept as written (RFC 7208 section 7.3's `%{i}` keeps the case of the nibbles).
 *
 * IPv4 is four decimal numbers (RFC 5321 section 4.1.3), not ipaddr.js's other forms (`127.1`, `0x7f.0.0.1`);
 * IPv6 has no zone index (`fe80::1%eth0` names a local interface, RFC 4007). A dotted IPv4 tail is rewritten
 * with hex groups (`::192.0.2.1` -> `::c000:201`), the same address: ipaddr.js 2.5 parses `::a.b.c.d` (the
 * IPv4-compatible form, RFC 4291 section 2.5.5.1) as the IPv4-mapped `::ffff:a.b.c.d`. It stays IPv6.
 */
export function bareIp(written: string): string | null {
  let text = written.trim();
  const literal = /^\[(?:ipv6:)?([^\]]*)\]$/i.exec(text);
  if (literal) text = literal[1] as string;
  if (!text.includes(':')) return ipaddr.IPv4.isValidFourPartDecimal(text) ? text : null;
  const ipv6 = hexTail(text);
  return ipv6 === '' || ipv6.includes('%') || !ipaddr.IPv6.isValid(ipv6) ? null : ipv6;
}

/**
 * The address the SPF engine evaluates: RFC 7208 section 5, an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`)
 * MUST be considered an IPv4 address; every other IPv6 address (the IPv4-compatible `::a.b.c.d` included)
 * stays IPv6. Null when `written` is not an address.
 */
export function evaluatedIp(written: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = bareIp(written);
  if (bare === null) return null;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed;
}

/** Why `written` cannot be an SMTP client's address (not an address, or not unicast), or null when it can. */
export function clientIpProblem(written: string): string | null {
  const address = evaluatedIp(written);
  if (address === null) return `"${written}" is not an IPv4 or IPv6 address`;
  const refused = NOT_A_CLIENT[address.range()];
  if (refused !== undefined) return `"${written}" is ${refused}: a client that connects to a mail server has a unicast address`;
  return null;
}
