import ipaddr from 'ipaddr.js';
import { parseEndpoint } from './endpoint-url';

export { CLOUDFLARE, GOOGLE, DEFAULT_ENDPOINTS } from './endpoint-url';

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (!ipaddr.isValid(bare)) return false;
  const address = ipaddr.parse(bare);
  // 127.0.0.0/8 and ::1 (RFC 6890 special-purpose registries)
  return address.range() === 'loopback';
}

/**
 * Checks a DoH JSON endpoint given to `--doh`: an absolute https:// URL without credentials; http:// only
 * on loopback addresses (the local test server). The options page refuses http:// outright
 * (src/settings: `validateCustomResolver`). Never throws.
 */
export function validateEndpoint(url: string): { ok: true; url: string } | { ok: false; message: string } {
  const checked = parseEndpoint(url);
  if (!checked.ok) return checked;
  const parsed = checked.url;
  if (parsed.protocol === 'http:') {
    if (!isLoopback(parsed.hostname)) {
      return { ok: false, message: `${url}: DNS-over-HTTPS needs https:// (http:// is allowed only on loopback addresses)` };
    }
  } else if (parsed.protocol !== 'https:') {
    return { ok: false, message: `${url}: DNS-over-HTTPS needs an https:// URL, not ${parsed.protocol}` };
  }
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
