/**
 * The DoH endpoints' URL rules that need no address parsing. Kept apart from endpoint.ts, which classifies
 * loopback hosts with ipaddr.js, because the settings (src/settings) read by the content script check the
 * user's own resolver with these rules, and ipaddr.js must stay out of the content script.
 */

export const CLOUDFLARE = 'https://cloudflare-dns.com/dns-query';
export const GOOGLE = 'https://dns.google/resolve';
export const DEFAULT_ENDPOINTS: readonly string[] = [CLOUDFLARE, GOOGLE];

/**
 * Parses a DoH endpoint URL and refuses one carrying credentials (a secret in a setting or on a command
 * line); the fragment is dropped. The scheme is left to the caller. Never throws.
 */
export function parseEndpoint(url: string): { ok: true; url: URL } | { ok: false; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, message: `"${url}" is not a URL; give one like ${CLOUDFLARE}` };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, message: `${parsed.host}: a DoH endpoint must not carry a user name or password` };
  }
  parsed.hash = '';
  return { ok: true, url: parsed };
}
