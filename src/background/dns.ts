/**
 * The background's DNS: one cache per resolver order, kept for the life of the worker so answers are reused
 * across bounces and popup checks until the user picks other resolvers (or clears the cache).
 */
import { CachingResolver, DohResolver, crossCheck } from '../core/dns';
import type { CrossCheck, RRType, Resolver } from '../core/dns';
import { resolverUrls } from '../settings/settings';
import { loadSettings } from '../settings/storage';

export interface BackgroundDns {
  endpoints: string[];
  resolver: Resolver;
  /** compares the first two resolvers' answers, when two are configured */
  crossCheck?: (name: string, type: RRType) => Promise<CrossCheck>;
}

let shared: { key: string; dns: BackgroundDns; cache: CachingResolver } | undefined;

export async function currentDns(): Promise<BackgroundDns> {
  const endpoints = resolverUrls(await loadSettings());
  const key = endpoints.join(' ');
  if (shared?.key !== key) {
    const cache = new CachingResolver(new DohResolver({ endpoints }));
    const [first, second] = endpoints;
    const dns: BackgroundDns = {
      endpoints,
      resolver: cache,
      ...(first !== undefined && second !== undefined ? { crossCheck: (name: string, type: RRType) => crossCheck(name, type, [first, second]) } : {}),
    };
    shared = { key, dns, cache };
  }
  return shared.dns;
}

/** Forgets every cached answer (the options page's "clear the cache"). */
export function clearDnsCache(): void {
  shared?.cache.clear();
}
