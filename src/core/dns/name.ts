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
  try {
    const hostname = new URL(`http://${lower}`).hostname;
    return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  } catch {
    return lower;
  }
}
