import { CachingResolver, DEFAULT_ENDPOINTS, DohResolver, crossCheck, validateEndpoint } from '../core/dns';
import type { CrossCheck, Resolver, RRType } from '../core/dns';
import type { ParsedArgs } from './args';
import { UsageError } from './io';

export interface CliResolver {
  endpoints: string[];
  resolver: Resolver;
  /** compares the first two endpoints' answers; absent with a single endpoint */
  crossCheck?: (name: string, type: RRType) => Promise<CrossCheck>;
}

/** The DoH endpoints of the repeatable `--doh URL` option (default Cloudflare, then Google), validated. */
export function resolverFromArgs(args: ParsedArgs): CliResolver {
  const given = (args.values.get('doh') ?? []).map((url) => {
    const checked = validateEndpoint(url);
    if (!checked.ok) throw new UsageError(checked.message);
    return checked.url;
  });
  const endpoints = given.length > 0 ? given : [...DEFAULT_ENDPOINTS];
  const resolver = new CachingResolver(new DohResolver({ endpoints }));
  const [first, second] = endpoints;
  return {
    endpoints,
    resolver,
    ...(first !== undefined && second !== undefined ? { crossCheck: (name: string, type: RRType) => crossCheck(name, type, [first, second]) } : {}),
  };
}
