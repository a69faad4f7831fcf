/**
 * The user's settings, kept in storage.sync so they follow the browser profile. Read by the options page
 * (which writes them), the background worker (resolvers) and the content script (detection). Pure: storage
 * is in storage.ts. No ipaddr.js here, even indirectly: the content script bundles this file.
 */
import { CLOUDFLARE, GOOGLE, parseEndpoint } from '../core/dns/endpoint-url';
import { WEBMAIL_ADAPTERS, type Webmail, type WebmailId } from '../webmails';

export type { WebmailId } from '../webmails';

/**
 * The storage.sync key of the settings (storage.ts). Here, not in storage.ts, because the content script follows it
 * through storage.onChanged and must not load storage.ts's webextension-polyfill (content/extension-api.ts).
 */
export const SETTINGS_KEY = 'settings';

/** The built-in DNS-over-HTTPS JSON endpoints (manifest.json host_permissions). */
export const RESOLVERS = {
  cloudflare: { label: 'Cloudflare', url: CLOUDFLARE },
  google: { label: 'Google Public DNS', url: GOOGLE },
} as const;

export type BuiltInResolverId = keyof typeof RESOLVERS;
/** 'custom' stands for `Settings.customResolver`, an https URL the user gave (an optional host permission). */
export type ResolverId = BuiltInResolverId | 'custom';

/** The orders a user can pick: the first answers, the next is asked when it fails. */
export const RESOLVER_CHOICES: readonly { id: string; order: readonly ResolverId[]; label: string }[] = [
  { id: 'cloudflare-google', order: ['cloudflare', 'google'], label: 'Cloudflare, then Google when Cloudflare fails (default)' },
  { id: 'google-cloudflare', order: ['google', 'cloudflare'], label: 'Google, then Cloudflare when Google fails' },
  { id: 'cloudflare', order: ['cloudflare'], label: 'Cloudflare only' },
  { id: 'google', order: ['google'], label: 'Google only' },
  { id: 'custom', order: ['custom'], label: 'My own resolver only' },
  { id: 'custom-cloudflare', order: ['custom', 'cloudflare'], label: 'My own resolver, then Cloudflare when it fails' },
];

/** One value per webmail (src/webmails), keyed by its switch in settings.detection. */
function perWebmail<T>(value: (webmail: Webmail) => T): Record<WebmailId, T> {
  return Object.fromEntries(WEBMAIL_ADAPTERS.map((webmail) => [webmail.detection, value(webmail)])) as Record<WebmailId, T>;
}

// The tables built at load time below are marked pure: the content script reads only detectionEnabled, and
// its bundle then drops them.

/**
 * The webmail sites where the content script looks for bounces, one per adapter; each can be switched off.
 * The label names the webmail and its hosts: "Title (host, host)".
 */
export const WEBMAILS: Readonly<Record<WebmailId, { label: string }>> = /* @__PURE__ */ perWebmail((webmail) => ({
  label: `${webmail.title} (${webmail.origins.map((origin) => new URL(origin).host).join(', ')})`,
}));

export interface Settings {
  resolvers: ResolverId[];
  /** the custom DoH JSON endpoint (https only), or null */
  customResolver: string | null;
  /** whether the content script reads bounces on each webmail */
  detection: Record<WebmailId, boolean>;
}

export const DEFAULT_RESOLVERS: readonly ResolverId[] = ['cloudflare', 'google'];

export const DEFAULT_SETTINGS: Settings = {
  resolvers: /* @__PURE__ */ DEFAULT_RESOLVERS.slice(),
  customResolver: null,
  // every webmail starts switched on
  detection: /* @__PURE__ */ perWebmail(() => true),
};

function isResolverId(value: unknown): value is ResolverId {
  return value === 'custom' || (typeof value === 'string' && Object.prototype.hasOwnProperty.call(RESOLVERS, value));
}

/**
 * Checks a custom resolver URL as typed in the options page: an absolute https:// URL without credentials.
 * Unlike `--doh` on the command line, http:// is refused even on loopback: the extension asks for
 * `https://` origins only (optional_host_permissions). Never throws.
 */
export function validateCustomResolver(url: string): { ok: true; url: string } | { ok: false; message: string } {
  const trimmed = url.trim();
  if (trimmed === '') return { ok: false, message: 'Give the resolver\'s URL, for example https://dns.example/dns-query' };
  if (URL.canParse(trimmed) && new URL(trimmed).protocol !== 'https:') {
    return { ok: false, message: `${trimmed}: the resolver must be an https:// URL (DNS-over-HTTPS)` };
  }
  const checked = parseEndpoint(trimmed);
  return checked.ok ? { ok: true, url: checked.url.href } : checked;
}

/**
 * The origin pattern the browser must grant before the background may fetch the custom resolver. Match
 * patterns name no port (Firefox refuses one; both browsers then match every port of the host).
 */
export function originPattern(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

function readCustomResolver(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const checked = validateCustomResolver(value);
  return checked.ok ? checked.url : null;
}

function readResolvers(value: unknown, customResolver: string | null): ResolverId[] {
  if (!Array.isArray(value)) return [...DEFAULT_RESOLVERS];
  // 'custom' without a usable URL cannot answer: drop it rather than leave the user without DNS
  const valid = [...new Set(value.filter(isResolverId))].filter((id) => id !== 'custom' || customResolver !== null);
  return valid.length === 0 ? [...DEFAULT_RESOLVERS] : valid;
}

/**
 * Whether the user lets the content script read bounces on `site`, from the stored settings value (as
 * storage.sync gives it, possibly malformed): off only where `detection[site]` is `false`; missing or not a
 * boolean keeps the default, on. The one rule for the switch, read by readSettings and by the content
 * script. Never throws: storage.sync holds plain data (no getters), and optional chaining reads any of it.
 */
export function detectionEnabled(stored: unknown, site: WebmailId): boolean {
  return (stored as { detection?: Record<string, unknown> } | null | undefined)?.detection?.[site] !== false;
}

function readDetection(stored: Record<string, unknown>): Record<WebmailId, boolean> {
  return perWebmail((webmail) => detectionEnabled(stored, webmail.detection));
}

/** Reads stored settings field by field: what is missing or malformed falls back to its default. Never throws. */
export function readSettings(stored: unknown): Settings {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return { ...DEFAULT_SETTINGS, resolvers: [...DEFAULT_RESOLVERS], detection: { ...DEFAULT_SETTINGS.detection } };
  }
  const fields = stored as Record<string, unknown>;
  const customResolver = readCustomResolver(fields.customResolver);
  return {
    resolvers: readResolvers(fields.resolvers, customResolver),
    customResolver,
    detection: readDetection(fields),
  };
}

/** The endpoint URLs, in the order to ask them. */
export function resolverUrls(settings: Settings): string[] {
  const urls = settings.resolvers.flatMap((id) => {
    if (id !== 'custom') return [RESOLVERS[id].url];
    return settings.customResolver === null ? [] : [settings.customResolver];
  });
  return urls.length === 0 ? DEFAULT_RESOLVERS.flatMap((id) => (id === 'custom' ? [] : [RESOLVERS[id].url])) : urls;
}

/** The choice that matches the stored order, for the options form. */
export function choiceFor(settings: Settings): string {
  const key = settings.resolvers.join('-');
  return RESOLVER_CHOICES.find((choice) => choice.order.join('-') === key)?.id ?? 'cloudflare-google';
}

/** Whether a choice asks the custom resolver. */
export function usesCustom(choiceId: string): boolean {
  return RESOLVER_CHOICES.find((choice) => choice.id === choiceId)?.order.includes('custom') ?? false;
}
