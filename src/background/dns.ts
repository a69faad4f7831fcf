/**
 * The background's DNS: one cache per resolver order, kept for the life of the worker so answers are reused
 * across bounces and popup checks until the user picks other resolvers (or clears the cache).
 */
import { resolverFor } from '../core/dns';
import type { DnsSetup } from '../core/dns';
import { resolverUrls } from '../settings/settings';
import { loadSettings } from '../settings/storage';

export type BackgroundDns = DnsSetup;

let shared: { key: string; dns: BackgroundDns } | undefined;

export async function currentDns(): Promise<BackgroundDns> {
  const endpoints = resolverUrls(await loadSettings());
  const key = endpoints.join(' ');
  if (shared?.key !== key) shared = { key, dns: resolverFor(endpoints) };
  return shared.dns;
}

/** Forgets every cached answer (the options page's "clear the cache"). */
export function clearDnsCache(): void {
  shared?.dns.resolver.clear();
}
