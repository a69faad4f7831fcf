/**
 * Asks two resolvers the same question and compares. Disagreement between two large public resolvers
 * points at propagation (a recent change, different cache ages) or split-horizon DNS rather than at the
 * record itself; agreement makes a record problem the likelier story.
 */
import { DohResolver, endpointLabel } from './doh';
import type { DohOptions } from './doh';
import { normaliseName } from './name';
import { recordText } from './record';
import type { DnsResult, RRType } from './types';

export type CrossCheckVerdict =
  /** both answered alike (same records, or the same negative answer) */
  | 'agree'
  /** both answered, differently */
  | 'disagree'
  /** at least one gave no answer (temporary error), so nothing can be compared */
  | 'inconclusive';

/** What differs: the record sets, existence (records vs NXDOMAIN/NODATA, or NXDOMAIN vs NODATA), TTLs, the DNSSEC AD flag. */
export type CrossCheckDifference = 'records' | 'existence' | 'ttl' | 'ad';

export interface CrossCheck {
  name: string;
  type: RRType;
  endpoints: [string, string];
  results: [DnsResult, DnsResult];
  verdict: CrossCheckVerdict;
  differences: CrossCheckDifference[];
  /** record texts (as `recordText` writes them) only the first / only the second endpoint returned */
  onlyFirst: string[];
  onlySecond: string[];
  /** the answer TTLs each reported (seconds), when they answered with records */
  ttls: [number | undefined, number | undefined];
  /** the AD flag each reported */
  ad: [boolean | undefined, boolean | undefined];
  /** one sentence for the diagnosis and the CLI */
  summary: string;
}

export interface CrossCheckOptions extends Omit<DohOptions, 'endpoints'> {
  signal?: AbortSignal;
  /** a TTL difference beyond this many seconds is reported (default 0: caches count down, so any gap is a hint only) */
  ttlToleranceSeconds?: number;
}

function describe(result: DnsResult): string {
  if (result.ok) return `${result.records.length} record${result.records.length === 1 ? '' : 's'}`;
  return result.kind === 'nxdomain' ? 'NXDOMAIN' : result.kind === 'nodata' ? `no ${result.type} record` : `error (${result.message})`;
}

/** Compares two results for the same question (exported for callers that already hold both). */
export function compareResults(
  name: string,
  type: RRType,
  endpoints: [string, string],
  results: [DnsResult, DnsResult],
  ttlToleranceSeconds = 0,
): CrossCheck {
  const [first, second] = results;
  const labels = endpoints.map((e) => endpointLabel(e, endpoints)) as [string, string];
  const texts = results.map((r) => (r.ok ? r.records.map(recordText) : [])) as [string[], string[]];
  const onlyFirst = texts[0].filter((t) => !texts[1].includes(t));
  const onlySecond = texts[1].filter((t) => !texts[0].includes(t));
  const ttls: [number | undefined, number | undefined] = [first.ok ? first.ttl : undefined, second.ok ? second.ttl : undefined];
  const ad: [boolean | undefined, boolean | undefined] = [first.ok ? first.ad : undefined, second.ok ? second.ad : undefined];
  const base = { name: normaliseName(name), type, endpoints, results, onlyFirst, onlySecond, ttls, ad };

  const temporary = results.filter((r) => !r.ok && r.kind !== 'nxdomain' && r.kind !== 'nodata');
  if (temporary.length) {
    return {
      ...base,
      verdict: 'inconclusive',
      differences: [],
      summary: `Cannot compare ${type} ${base.name}: ${labels[0]} gave ${describe(first)}, ${labels[1]} gave ${describe(second)}.`,
    };
  }

  const differences: CrossCheckDifference[] = [];
  if (first.ok !== second.ok || (!first.ok && !second.ok && first.kind !== second.kind)) differences.push('existence');
  else if (onlyFirst.length || onlySecond.length) differences.push('records');
  if (ttls[0] !== undefined && ttls[1] !== undefined && Math.abs(ttls[0] - ttls[1]) > ttlToleranceSeconds) differences.push('ttl');
  if (ad[0] !== undefined && ad[1] !== undefined && ad[0] !== ad[1]) differences.push('ad');

  const disagree = differences.includes('existence') || differences.includes('records');
  let summary: string;
  if (disagree) {
    summary = `${labels[0]} and ${labels[1]} disagree on ${type} ${base.name}: ${labels[0]} gave ${describe(first)}, ${labels[1]} gave ${describe(second)}`;
    if (onlyFirst.length) summary += `; only ${labels[0]} has ${onlyFirst.map((t) => JSON.stringify(t)).join(', ')}`;
    if (onlySecond.length) summary += `; only ${labels[1]} has ${onlySecond.map((t) => JSON.stringify(t)).join(', ')}`;
    summary += ' (a recent change still propagating, or split-horizon DNS).';
  } else {
    summary = `${labels[0]} and ${labels[1]} agree on ${type} ${base.name} (${describe(first)})`;
    if (differences.includes('ttl')) summary += `; TTLs ${ttls[0]} s and ${ttls[1]} s`;
    if (differences.includes('ad')) summary += `; only ${ad[0] ? labels[0] : labels[1]} reports it DNSSEC-authenticated`;
    summary += '.';
  }
  return { ...base, verdict: disagree ? 'disagree' : 'agree', differences, summary };
}

/** Asks both endpoints at once and compares their answers. Never throws for DNS trouble. */
export async function crossCheck(name: string, type: RRType, endpoints: [string, string], opts: CrossCheckOptions = {}): Promise<CrossCheck> {
  const { signal, ttlToleranceSeconds, ...doh } = opts;
  const results = (await Promise.all(endpoints.map((endpoint) => new DohResolver({ ...doh, endpoints: [endpoint] }).lookup(name, type, signal)))) as [
    DnsResult,
    DnsResult,
  ];
  return compareResults(name, type, endpoints, results, ttlToleranceSeconds);
}
