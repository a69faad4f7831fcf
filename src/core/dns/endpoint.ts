import ipaddr from 'ipaddr.js';

export const CLOUDFLARE = 'https://cloudflare-dns.com/dns-query';
export const GOOGLE = 'https://dns.google/resolve';
export const DEFAULT_ENDPOINTS: readonly string[] = [CLOUDFLARE, GOOGLE];

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (!ipaddr.isValid(bare)) return false;
  const address = ipaddr.parse(bare);
  // 127.0.0.0/8 and ::1 (RFC 6890 special-purpose registries)
  return address.range() === 'loopback';
}

/**
 * Checks a DoH JSON endpoint from the options page or `--doh`: an absolute https:// URL without
 * credentials; http:// only on loopback addresses (the local test server). Never throws.
 */
export function validateEndpoint(url: string): { ok: true; url: string } | { ok: false; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, message: `"${url}" is not a URL; give one like ${CLOUDFLARE}` };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, message: `${parsed.host}: a DoH endpoint must not carry a user name or password` };
  }
  if (parsed.protocol === 'http:') {
    if (!isLoopback(parsed.hostname)) {
      return { ok: false, message: `${url}: DNS-over-HTTPS needs https:// (http:// is allowed only on loopback addresses)` };
    }
  } else if (parsed.protocol !== 'https:') {
    return { ok: false, message: `${url}: DNS-over-HTTPS needs an https:// URL, not ${parsed.protocol}` };
  }
  parsed.hash = '';
  return { ok: true, url: parsed.href };
}

/** Google's JSON API wants `edns_client_subnet`; we treat an endpoint as Google style by host or by path. */
export function isGoogleStyle(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.hostname === 'dns.google' || parsed.pathname.endsWith('/resolve');
  } catch {
    return false;
  }
}

/** A short name for messages: the host, with the path when two endpoints share a host. */
export function endpointLabel(url: string, all: readonly string[] = [url]): string {
  try {
    const parsed = new URL(url);
    const sharesHost = all.some((other) => other !== url && URL.canParse(other) && new URL(other).host === parsed.host);
    return sharesHost ? `${parsed.host}${parsed.pathname}` : parsed.host;
  } catch {
    return url;
  }
}
