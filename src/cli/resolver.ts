import { DEFAULT_ENDPOINTS, resolverFor, validateEndpoint } from '../core/dns';
import type { DnsSetup } from '../core/dns';
import type { ParsedArgs } from './args';
import { UsageError } from './io';

export type CliResolver = DnsSetup;

/** The DoH endpoints of the repeatable `--doh URL` option (default Cloudflare, then Google), validated. */
export function resolverFromArgs(args: ParsedArgs): CliResolver {
  const given = (args.values.get('doh') ?? []).map((url) => {
    const checked = validateEndpoint(url);
    if (!checked.ok) throw new UsageError(checked.message);
    return checked.url;
  });
  return resolverFor(given.length > 0 ? given : DEFAULT_ENDPOINTS);
}
