/**
 * Domain names as the core compares them: lower case, no trailing dot, internationalised labels in
 * their A-label (punycode) form. The WHATWG URL parser does IDNA (UTS #46) in browsers and Node alike.
 */

/** `Bücher.Example.` -> `xn--bcher-kva.example`. Never throws; a name the URL parser refuses is only lower-cased. */
export function normaliseName(name: string): string {
  let lower = name.trim().toLowerCase();
  if (lower.endsWith('.')) lower = lower.slice(0, -1);
  // ASCII names are left to the DNS: the URL parser would rewrite a numeric last label as an IPv4 address
  if (!/[^\p{ASCII}]/u.test(lower)) return lower;
  // a character that ends a URL's host would let the parser take only part of the name as the host
  if (/[\s/?#@:\\%[\]]/u.test(lower)) return lower;
  try {
    const hostname = new URL(`http://${lower}`).hostname;
    return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  } catch {
    return lower;
  }
}

/**
 * True when `name` is `domain` or a name below it, compared as normaliseName writes both
 * (RFC 1034 section 3.1: a subdomain's name ends with the domain's name, label by label).
 */
export function isSubdomainOf(name: string, domain: string): boolean {
  const n = normaliseName(name);
  const d = normaliseName(domain);
  return n === d || n.endsWith(`.${d}`);
}
