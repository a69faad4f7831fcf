/** The client address as the mechanisms compare it (RFC 7208 section 5). */
import ipaddr from 'ipaddr.js';

export type ClientIp = ipaddr.IPv4 | ipaddr.IPv6;

/** The reverse-mapping name of the client address (RFC 7208 section 5.5). */
export function reverseName(addr: ClientIp): string {
  if (addr.kind() === 'ipv4') return `${addr.toByteArray().reverse().join('.')}.in-addr.arpa`;
  const nibbles = addr.toByteArray().flatMap((byte) => [byte >> 4, byte & 15]).map((n) => n.toString(16));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/**
 * Parsed networks and addresses by family and text: the prefetch planner walks the same ip4/ip6 terms once
 * per arriving answer, and parsing them again each time was a measurable share of a check's CPU time.
 */
const parsedAddresses = new Map<string, ClientIp | null>();
function parseAddress(kind: 'ipv4' | 'ipv6', address: string): ClientIp | null {
  const key = `${kind} ${address}`;
  let parsed = parsedAddresses.get(key);
  if (parsed === undefined) {
    try {
      parsed = kind === 'ipv4' ? ipaddr.IPv4.parse(address) : ipaddr.IPv6.parse(address);
    } catch {
      parsed = null;
    }
    if (parsedAddresses.size > 5000) parsedAddresses.clear();
    parsedAddresses.set(key, parsed);
  }
  return parsed;
}

/** Whether `address` (of the client's family, as the mechanism asked for it) covers the client at `bits`. */
export function addressMatches(client: ClientIp, address: string, bits: number): boolean {
  const parsed = parseAddress(client.kind(), address);
  if (parsed === null) return false;
  try {
    return client.match(parsed, bits);
  } catch {
    return false;
  }
}

/** The address record type of the client's family: A for IPv4, AAAA for IPv6 (RFC 7208 section 5.3). */
export function addressType(client: ClientIp): 'A' | 'AAAA' {
  return client.kind() === 'ipv4' ? 'A' : 'AAAA';
}

/** The whole address: 32 bits for IPv4, 128 for IPv6. */
export function fullLength(client: ClientIp): number {
  return client.kind() === 'ipv4' ? 32 : 128;
}
