/**
 * The user's settings, kept in storage.sync so they follow the browser profile. Read by the options page
 * (which writes them) and the background worker (which uses them). Only DNS-over-HTTPS resolvers that the
 * manifest's host permissions and content security policy allow can be chosen. Pure: storage is in storage.ts.
 */

/** The DNS-over-HTTPS JSON endpoints the extension may ask (manifest.json host_permissions). */
export const RESOLVERS = {
  cloudflare: { label: 'Cloudflare', url: 'https://cloudflare-dns.com/dns-query' },
  google: { label: 'Google Public DNS', url: 'https://dns.google/resolve' },
} as const;

export type ResolverId = keyof typeof RESOLVERS;

/** The orders a user can pick: the first answers, the next is asked when it fails. */
export const RESOLVER_CHOICES: readonly { id: string; order: readonly ResolverId[]; label: string }[] = [
  { id: 'cloudflare-google', order: ['cloudflare', 'google'], label: 'Cloudflare, then Google when Cloudflare fails (default)' },
  { id: 'google-cloudflare', order: ['google', 'cloudflare'], label: 'Google, then Cloudflare when Google fails' },
  { id: 'cloudflare', order: ['cloudflare'], label: 'Cloudflare only' },
  { id: 'google', order: ['google'], label: 'Google only' },
];

export interface Settings {
  resolvers: ResolverId[];
}

export const DEFAULT_SETTINGS: Settings = { resolvers: ['cloudflare', 'google'] };

function isResolverId(value: unknown): value is ResolverId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RESOLVERS, value);
}

/** Reads stored settings; anything missing or malformed falls back to the default, never throws on bad data. */
export function readSettings(stored: unknown): Settings {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_SETTINGS;
  const resolvers = (stored as { resolvers?: unknown }).resolvers;
  if (!Array.isArray(resolvers)) return DEFAULT_SETTINGS;
  const valid = [...new Set(resolvers.filter(isResolverId))];
  return valid.length === 0 ? DEFAULT_SETTINGS : { resolvers: valid };
}

/** The endpoint URLs, in the order to ask them. */
export function resolverUrls(settings: Settings): string[] {
  return settings.resolvers.map((id) => RESOLVERS[id].url);
}

/** The choice that matches the stored order, for the options form. */
export function choiceFor(settings: Settings): string {
  const key = settings.resolvers.join('-');
  return RESOLVER_CHOICES.find((choice) => choice.order.join('-') === key)?.id ?? 'cloudflare-google';
}
