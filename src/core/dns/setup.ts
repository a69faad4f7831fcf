/**
 * The DoH set-up of every front end, written once: the user's endpoints in order (DohResolver falls back from
 * one to the next), one cache over them, and the comparison of the first two when two are given. The
 * background and the CLI differ only in where the endpoints come from (settings, `--doh`).
 */
import { CachingResolver } from './cache';
import { crossCheck, type CrossCheck } from './crosscheck';
import { DohResolver } from './doh';
import type { RRType } from './types';

export interface DnsSetup {
  endpoints: string[];
  /** the cache over the DoH endpoints: answers are reused until it is cleared or they expire */
  resolver: CachingResolver;
  /** compares the first two endpoints' answers; absent with a single endpoint */
  crossCheck?: (name: string, type: RRType) => Promise<CrossCheck>;
}

export function resolverFor(endpoints: readonly string[]): DnsSetup {
  const list = [...endpoints];
  const resolver = new CachingResolver(new DohResolver({ endpoints: list }));
  const [first, second] = list;
  return {
    endpoints: list,
    resolver,
    ...(first !== undefined && second !== undefined ? { crossCheck: (name: string, type: RRType) => crossCheck(name, type, [first, second]) } : {}),
  };
}
