/**
 * `check-domain`: the popup's hand-made check, answered with the core over the user's DoH resolvers.
 */
import ipaddr from 'ipaddr.js';
import { CachingResolver, DohResolver, normaliseName } from '../core/dns';
import type { Resolver } from '../core/dns';
import { isSpfText } from '../core/diagnose/overlay-resolver';
import type { CheckDomainMessage, DomainCheck, Reply } from '../messages';
import { resolverUrls } from '../options/settings';
import { loadSettings } from '../options/storage';

/** One cache per resolver order, so answers are reused across checks until the user picks other resolvers. */
let shared: { endpoints: string; resolver: Resolver } | undefined;

async function currentResolver(): Promise<Resolver> {
  const endpoints = resolverUrls(await loadSettings());
  const key = endpoints.join(' ');
  if (shared?.endpoints !== key) shared = { endpoints: key, resolver: new CachingResolver(new DohResolver({ endpoints })) };
  return shared.resolver;
}

export async function checkDomain(message: CheckDomainMessage): Promise<Reply<'check-domain'>> {
  if (message.ip !== undefined && !ipaddr.isValid(message.ip)) {
    return { ok: false, error: `"${message.ip}" is not an IPv4 or IPv6 address` };
  }
  const domain = normaliseName(message.domain);
  const resolver = await currentResolver();
  const txt = await resolver.lookup(domain, 'TXT');
  const check: DomainCheck = { domain, ip: message.ip ?? null, records: [], notes: [] };
  if (txt.ok) {
    // RFC 7208 section 4.5: only TXT records that begin with "v=spf1" are SPF records
    check.records = txt.records.flatMap((r) => (r.type === 'TXT' && isSpfText(r.text) ? [r.text] : []));
    // RFC 7208 section 4.5: more than one SPF record is a permerror
    if (check.records.length > 1) check.notes.push(`${domain} publishes ${check.records.length} SPF records; receivers treat that as a permanent error (permerror).`);
  } else {
    check.notes.push(txt.message);
  }
  return { ok: true, check };
}
