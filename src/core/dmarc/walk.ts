/**
 * The DNS Tree Walk (RFC 9989 section 4.10): policy discovery (section 4.10.1) and the Organizational Domain
 * (section 4.10.2) from the DMARC records found in the DNS, never from "the last two labels" or a suffix list.
 */
import { normaliseName } from '../dns/name';
import type { DnsResult, Resolver } from '../dns/types';
import { isTemporary } from '../dns/types';
import { isDmarcRecord, parseDmarcRecord } from './parse';
import type { OrgDomain, PolicyDiscovery, TreeWalk, WalkStep } from './types';

/** RFC 9989 section 4.10: names longer than eight labels cost no more than eight queries. */
export const TREE_WALK_MAX_QUERIES = 8;

/**
 * The names a full tree walk from `domain` queries, in order (RFC 9989 section 4.10, steps 3, 4 and 7): the
 * domain itself; then, under eight labels, each parent; from eight labels on, the name cut to seven labels and
 * its parents. So "a.b.c.d.e.f.g.h.i.j.mail.example.com" walks 8 names.
 */
export function treeWalkNames(domain: string): string[] {
  const labels = normaliseName(domain).split('.').filter((l) => l !== '');
  if (labels.length === 0) return [];
  const names = [labels.join('.')];
  // step 4: if x < 8 remove the left-most label; if x >= 8 remove labels until 7 remain
  let rest = labels.length >= TREE_WALK_MAX_QUERIES ? labels.slice(labels.length - (TREE_WALK_MAX_QUERIES - 1)) : labels.slice(1);
  // step 7: then one label at a time until none remain
  while (rest.length > 0) {
    names.push(rest.join('.'));
    rest = rest.slice(1);
  }
  return names;
}

/** The name one label below `ancestor` on the way to `domain` ("mail.example.com", "com" -> "example.com"). */
function oneBelow(domain: string, ancestor: string): string {
  const labels = domain.split('.');
  const depth = ancestor.split('.').length + 1;
  return labels.slice(Math.max(0, labels.length - depth)).join('.');
}

export interface DmarcDnsOptions {
  resolver: Resolver;
  signal?: AbortSignal;
  /**
   * true (default): send every query a walk may need at once (at most 8, all known in advance) and read the
   * answers in the RFC's order, so a walk costs one round trip; false: one query at a time, stopping where
   * the RFC stops.
   */
  parallel?: boolean;
}

/**
 * Sends and remembers the DMARC queries of one evaluation, so walks from the Author Domain, the SPF domain
 * and each DKIM d= share the names they have in common.
 */
export class DmarcDns {
  private readonly answers = new Map<string, Promise<DnsResult>>();
  /** queries sent to the resolver */
  sent = 0;
  readonly dnsErrors: string[] = [];

  constructor(private readonly opts: DmarcDnsOptions) {}

  get parallel(): boolean {
    return this.opts.parallel !== false;
  }

  lookup(name: string, type: 'TXT' | 'A'): Promise<DnsResult> {
    const key = `${type} ${name}`;
    let answer = this.answers.get(key);
    if (!answer) {
      this.sent++;
      answer = this.opts.resolver.lookup(name, type, this.opts.signal).then(
        (result) => {
          if (!result.ok && isTemporary(result.kind) && !this.dnsErrors.includes(result.message)) this.dnsErrors.push(result.message);
          return result;
        },
        (error: unknown): DnsResult => {
          const message = `${type} ${name}: ${error instanceof Error ? error.message : String(error)}`;
          if (!this.dnsErrors.includes(message)) this.dnsErrors.push(message);
          return { ok: false, name, type, kind: 'timeout', message };
        },
      );
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** One step: the DMARC record at `_dmarc.<domain>` (RFC 9989 section 4.10, steps 1-2 and 5-6). */
  async step(domain: string): Promise<WalkStep> {
    const query = `_dmarc.${domain}`;
    const answer = await this.lookup(query, 'TXT');
    if (!answer.ok) {
      if (isTemporary(answer.kind)) return { domain, query, outcome: 'error', texts: [], message: answer.message };
      return { domain, query, outcome: 'no-record', texts: [] };
    }
    const texts = answer.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
    // step 2: records that do not start with v=DMARC1 are discarded; several DMARC records are all discarded
    const dmarc = texts.filter(isDmarcRecord);
    if (dmarc.length === 0) return { domain, query, outcome: 'no-record', texts };
    if (dmarc.length > 1) return { domain, query, outcome: 'multiple', texts };
    return { domain, query, outcome: 'record', record: parseDmarcRecord(dmarc[0] as string, domain), texts };
  }

  /**
   * A DNS tree walk from `start` (RFC 9989 section 4.10). It stops at a record with psd=y or psd=n, at the top,
   * or (being unable to go on with certainty) at a temporary DNS error.
   */
  async walk(start: string): Promise<TreeWalk> {
    const names = treeWalkNames(start);
    const walk: TreeWalk = { start: names[0] ?? start, steps: [], stop: 'top' };
    const pending = this.parallel ? names.map((n) => this.step(n)) : null;
    for (const [i, name] of names.entries()) {
      const step = pending ? await (pending[i] as Promise<WalkStep>) : await this.step(name);
      walk.steps.push(step);
      if (step.outcome === 'error') {
        walk.stop = 'error';
        break;
      }
      // steps 2 and 6: a single remaining record with psd=n or psd=y ends the walk
      if (step.record && (step.record.psd === 'y' || step.record.psd === 'n')) {
        walk.stop = 'psd-tag';
        break;
      }
    }
    return walk;
  }

  /** The Organizational Domain of `domain` (RFC 9989 section 4.10.2). */
  async orgDomain(domain: string): Promise<OrgDomain> {
    const walk = await this.walk(domain);
    return { ...selectOrgDomain(walk), walk };
  }
}

/**
 * RFC 9989 section 4.10.2: from the records a walk found, longest name first: psd=n makes that name the
 * Organizational Domain; psd=y (other than at the start) makes the name one label below it; otherwise the
 * record with the fewest labels; with no record at all, the start itself.
 */
export function selectOrgDomain(walk: TreeWalk): Omit<OrgDomain, 'walk'> {
  const start = walk.start;
  const uncertain = walk.stop === 'error';
  const found = walk.steps.filter((s) => s.outcome === 'record');
  for (const step of found) {
    const psd = step.record?.psd;
    if (psd === 'n') return { domain: start, orgDomain: step.domain, rule: 'psd-n', uncertain };
    if (psd === 'y' && step.domain !== start) return { domain: start, orgDomain: oneBelow(start, step.domain), rule: 'below-psd-y', uncertain };
  }
  const last = found[found.length - 1];
  if (last) return { domain: start, orgDomain: last.domain, rule: 'fewest-labels', uncertain };
  return { domain: start, orgDomain: start, rule: 'no-record', uncertain };
}

/**
 * DMARC policy discovery (RFC 9989 section 4.10.1): the Author Domain's own record, else the record of its
 * Organizational Domain, else that of its Public Suffix Domain (a psd=y record).
 */
export async function discoverPolicy(authorDomain: string, dns: DmarcDns): Promise<PolicyDiscovery> {
  const walk = await dns.walk(authorDomain);
  const start = walk.start;
  const selected = selectOrgDomain(walk);
  const discovery: PolicyDiscovery = { authorDomain: start, policyDomain: null, record: null, source: null, orgDomain: selected.orgDomain, orgRule: selected.rule, walk, error: null };
  const first = walk.steps[0];
  if (first?.outcome === 'error') {
    discovery.error = first.message ?? `TXT ${first.query}: temporary DNS error`;
    return discovery;
  }
  if (first?.record) {
    // the Author Domain's own record applies, whatever its psd= says
    discovery.policyDomain = start;
    discovery.record = first.record;
    discovery.source = 'author-domain';
    return discovery;
  }
  // without the Author Domain's own record, the record that applies is the Organizational Domain's (or its PSD's):
  // a DNS error on the walk leaves which one unknown (a record above the error would change it)
  if (walk.stop === 'error') {
    const failed = walk.steps[walk.steps.length - 1];
    discovery.error = `${failed?.message ?? `TXT ${failed?.query ?? ''}: temporary DNS error`}: the Organizational Domain, and so the record that applies, is not known (RFC 9989 section 4.10.2)`;
    return discovery;
  }
  const orgStep = walk.steps.find((s) => s.outcome === 'record' && s.domain === selected.orgDomain);
  if (orgStep?.record) {
    discovery.policyDomain = orgStep.domain;
    discovery.record = orgStep.record;
    discovery.source = 'organizational-domain';
    return discovery;
  }
  // the PSD's record applies only when the Organizational Domain has none ("Note: PSD policy is not used ...")
  const psdStep = walk.steps.find((s) => s.outcome === 'record' && s.record?.psd === 'y');
  if (psdStep?.record) {
    discovery.policyDomain = psdStep.domain;
    discovery.record = psdStep.record;
    discovery.source = 'public-suffix-domain';
    return discovery;
  }
  return discovery;
}
