import ipaddr from 'ipaddr.js';
import type { Resolver } from '../dns/types';
import { PTR_LIMIT } from '../spf';
import { reverseName } from '../spf/evaluate';
import { isSubdomainOf, normaliseName } from '../dns/name';

/**
 * What the reverse DNS of a sending IP says, and how far that can be trusted. A PTR record is written by
 * whoever holds the address: anyone can name their server `mail.<your domain>`. The name is evidence only
 * when it is forward-confirmed, i.e. its own A/AAAA record gives the IP back (the "validated domain name"
 * of RFC 7208 section 5.5; FCrDNS in RFC 8601 section 3), since that record is written by whoever holds
 * the name.
 */
export interface ReverseDns {
  /** the PTR name looked at: the first one under the domain, else the first one; null when there is none */
  name: string | null;
  /** the name's A (IPv4) or AAAA (IPv6) records include the IP */
  confirmed: boolean;
  /** the name is the domain itself or lies under it (never "the last two labels": a sibling under .co.uk is not) */
  underDomain: boolean;
}

/** RFC 1035 section 2.3.4 / RFC 1123 section 2.1: a host name we are willing to look up (a PTR target is DNS data, untrusted). */
function plausibleHostName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(label));
}

/**
 * The IP's reverse DNS name, forward-confirmed or not. Asks the PTR of the IP, then the A or AAAA (the
 * IP's family) of one name only: the first name under `domain` when there is one, else the first name.
 * Nothing else is looked up, so a name an attacker put in a PTR record costs one query at most.
 * A DNS failure on either step leaves the name unconfirmed.
 */
export async function reverseDns(ip: string, domain: string, resolver: Resolver, signal?: AbortSignal): Promise<ReverseDns> {
  const none: ReverseDns = { name: null, confirmed: false, underDomain: false };
  if (!ipaddr.isValid(ip)) return none;
  const address = ipaddr.process(ip);
  const ptr = await resolver.lookup(reverseName(address), 'PTR', signal);
  if (!ptr.ok) return none;
  // RFC 7208 section 5.5: at most 10 PTR names are considered
  const names = ptr.records
    .flatMap((r) => (r.type === 'PTR' ? [normaliseName(r.target)] : []))
    .filter(plausibleHostName)
    .slice(0, PTR_LIMIT);
  const own = normaliseName(domain);
  const name = names.find((n) => isSubdomainOf(n, own)) ?? names[0];
  if (name === undefined) return none;
  const underDomain = isSubdomainOf(name, own);
  const type = address.kind() === 'ipv4' ? 'A' : 'AAAA';
  const forward = await resolver.lookup(name, type, signal);
  const confirmed =
    forward.ok &&
    forward.records.some((r) => (r.type === 'A' || r.type === 'AAAA') && r.type === type && sameAddress(r.address, address));
  return { name, confirmed, underDomain };
}

function sameAddress(text: string, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (!ipaddr.isValid(text)) return false;
  const other = ipaddr.process(text);
  return other.kind() === address.kind() && other.toNormalizedString() === address.toNormalizedString();
}

/** "Your own server" is said only of a forward-confirmed name under the domain itself. */
export function isOwnServer(r: ReverseDns): boolean {
  return r.name !== null && r.confirmed && r.underDomain;
}
