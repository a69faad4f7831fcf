import ipaddr from 'ipaddr.js';
import { escapeControls } from './safe-text';

/**
 * The ranges whose addresses never open an SMTP connection: a client is a unicast address. ipaddr.js names
 * the range (its `range()`); one row per range refused, with the reason given to the user.
 */
const NOT_A_CLIENT: Record<string, string> = {
  // RFC 1122 section 3.2.1.3, RFC 4291 section 2.5.2: "this host", never a source of a connection to a server
  unspecified: 'the unspecified address (no host)',
  // RFC 919 / RFC 922: the limited broadcast address
  broadcast: 'the broadcast address',
  // RFC 5771 (IPv4 224.0.0.0/4), RFC 4291 section 2.7 (IPv6 ff00::/8): a group, not a host; TCP needs unicast
  multicast: 'a multicast address',
};

/**
 * Reads a client address as a user or a bounce writes it: bare, or as an RFC 5321 section 4.1.3 address
 * literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`, `[::192.0.2.1]`). Returns the address to evaluate, or why it
 * is not a client's.
 *
 * An IPv6 address with a dotted IPv4 tail is rewritten with hex groups (`::192.0.2.1` -> `::c000:201`), the
 * same address: ipaddr.js 2.5 parses `::a.b.c.d` (the IPv4-compatible form, RFC 4291 section 2.5.5.1) as the
 * IPv4-mapped `::ffff:a.b.c.d`, which RFC 7208 section 5 would then evaluate as IPv4. It stays IPv6.
 */
export function clientAddress(given: string): { ip: string } | { error: string } {
  let text = given.trim();
  const literal = /^\[(?:ipv6:)?([^\]]*)\]$/i.exec(text);
  if (literal) text = literal[1] as string;
  const quoted = `"${escapeControls(given)}"`;
  // IPv4: four decimal numbers (RFC 5321 section 4.1.3 IPv4-address-literal), not ipaddr.js's other forms
  // (`127.1`, `0x7f.0.0.1`, `3232235777`); IPv6 without a zone index (RFC 4291 section 2.2)
  const ipv6 = text.includes(':') ? hexTail(text) : null;
  const valid = ipv6 === null ? ipaddr.IPv4.isValidFourPartDecimal(text) : ipv6 !== '' && !ipv6.includes('%') && ipaddr.IPv6.isValid(ipv6);
  if (!valid) return { error: `${quoted} is not an IPv4 or IPv6 address` };
  if (ipv6 !== null) text = ipv6;
  const address = ipaddr.parse(text);
  const seen = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
  const refused = NOT_A_CLIENT[seen.range()];
  if (refused !== undefined) return { error: `${quoted} is ${refused}: a client that connects to a mail server has a unicast address` };
  return { ip: text };
}

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
 * RFC 5321 section 4.1.1.1 and 4.1.2: the EHLO/HELO argument is a Domain (`sub-domain *("." sub-domain)`,
 * `sub-domain = Let-dig [Ldh-str]`) or an address literal; RFC 1035 section 2.3.4: labels of at most 63
 * octets, at most 255 octets in all (253 characters written without the root's trailing dot). RFC 7208
 * section 2.3: only a domain name can be checked, an address literal cannot. Returns why `name` is not one,
 * or null.
 */
export function heloError(name: string): string | null {
  const quoted = `"${escapeControls(name)}"`;
  if (/^\[.*\]$/.test(name)) return `HELO name ${quoted} is an address literal: SPF checks a HELO domain name only (RFC 7208 section 2.3)`;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (bare.length === 0 || bare.length > 253 || !bare.split('.').every((part) => label.test(part))) {
    return `HELO name ${quoted} is not a domain name (letters, digits and hyphens in dot-separated labels, RFC 5321 section 4.1.2)`;
  }
  return null;
}
