/**
 * The identity check_host() is run for, written once for every front end and the engine: which domain, which
 * <sender> and which HELO name (RFC 7208 section 2.4). Names are returned as given: checkHost() and lintPolicy()
 * normalise the domain themselves (core/dns/name.ts).
 */

export interface SpfIdentity {
  /** the <domain> whose policy is checked */
  domain: string;
  /** the MAIL FROM reverse-path as given; '' is the null sender */
  sender: string;
  /** the HELO/EHLO name */
  helo: string;
}

/** What a caller knows: any of the three, '' for the null sender. */
export interface GivenIdentity {
  domain?: string | null | undefined;
  sender?: string | null | undefined;
  helo?: string | null | undefined;
}

/** The domain part of an address (after its last "@"), or the whole text when it has none. */
export function domainOfAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? address : address.slice(at + 1);
}

/**
 * RFC 7208 section 2.4: the MAIL FROM check uses the domain of the reverse-path; for the null reverse-path it
 * is the HELO identity that is checked. A DOMAIN given outright wins (cli-contract.md). Without a sender, macros
 * see postmaster@DOMAIN (RFC 7208 section 4.3 uses "postmaster" where there is no local-part) and, without a
 * HELO name, the HELO name DOMAIN. Null when no domain can be had.
 */
export function resolveIdentity(given: GivenIdentity): SpfIdentity | null {
  const sender = given.sender ?? undefined;
  let domain = given.domain ?? '';
  if (domain === '') {
    if (sender !== undefined && sender !== '') domain = domainOfAddress(sender);
    else if (given.helo) domain = given.helo;
  }
  if (domain === '') return null;
  return { domain, sender: sender ?? `postmaster@${domain}`, helo: given.helo ?? domain };
}

/**
 * The <sender> check_host() works with (RFC 7208 section 2.4): the reverse-path, or for the null reverse-path
 * "postmaster@" and the HELO name.
 */
export function checkedSender(identity: { sender: string; helo: string }): string {
  return identity.sender !== '' ? identity.sender : `postmaster@${identity.helo}`;
}
