/**
 * DMARC evaluation (RFC 9989 section 5.3): policy discovery, Identifier Alignment of the SPF and DKIM
 * identifiers, the pass / fail result and the policy that applies.
 */
import { isSubdomainOf, normaliseName } from '../dns/name';
import { applicablePolicy, testingDisposition } from './parse';
import type { DmarcDnsOptions } from './walk';
import { DmarcDns, discoverPolicy } from './walk';
import type { DkimResultName, DmarcEvaluation, DmarcInput, DmarcPolicy, DmarcRecord, IdentifierAlignment, OrgDomain, PolicyDiscovery } from './types';
import type { SpfResult } from '../spf/types';

export interface AlignmentCheck {
  aligned: boolean | null;
  /** the identifier's Organizational Domain (relaxed mode), else null */
  orgDomain: string | null;
  authorOrgDomain: string | null;
  why: string;
}

function labelsOf(name: string): string[] {
  return name.split('.');
}

/** True when the two names share no label at the top: their Organizational Domains cannot be equal. */
function disjoint(a: string, b: string): boolean {
  return labelsOf(a).pop() !== labelsOf(b).pop();
}

/**
 * Identifier Alignment (RFC 9989 section 4.4): strict means the two names are identical (case-insensitively,
 * RFC 4343); relaxed means they have the same Organizational Domain, found by the DNS tree walk (section 4.10.2).
 * `authorOrg` may be given when it is already known.
 */
export async function checkAlignment(authorDomain: string, identifier: string, mode: 'r' | 's', dns: DmarcDns, authorOrg?: OrgDomain): Promise<AlignmentCheck> {
  const author = normaliseName(authorDomain);
  const id = normaliseName(identifier);
  if (author === id) return { aligned: true, orgDomain: mode === 's' ? null : id, authorOrgDomain: authorOrg?.orgDomain ?? null, why: `${id} is the From domain itself` };
  if (mode === 's') return { aligned: false, orgDomain: null, authorOrgDomain: null, why: `strict alignment: ${id} is not exactly ${author} (RFC 9989 section 4.4)` };
  if (id === '' || disjoint(author, id)) {
    return { aligned: false, orgDomain: null, authorOrgDomain: authorOrg?.orgDomain ?? null, why: `${id || '(empty)'} and ${author} have no parent domain in common, so no Organizational Domain either (RFC 9989 section 4.4)` };
  }
  const a = await (authorOrg ?? dns.orgDomain(author));
  // RFC 9989 section 4.10.2: a walk ends at the name it starts from or at a name above it, so an identifier that is not
  // the author's Organizational Domain or below it has another one. Its own walk is not needed, and not sent: a
  // bounce chose the name (a tracking name costs it nothing)
  if (!a.uncertain && !isSubdomainOf(id, a.orgDomain)) {
    return { aligned: false, orgDomain: null, authorOrgDomain: a.orgDomain, why: `${id} is not ${a.orgDomain}, the Organizational Domain of ${author}, nor below it, so its own Organizational Domain is another (RFC 9989 section 4.10.2)` };
  }
  const b = await dns.orgDomain(id);
  // equal even when a DNS error stopped a walk: the two walks found the same records up to the same failing name
  // (one resolver, one answer per name), so whatever lies above it gives both the same Organizational Domain
  if (a.orgDomain === b.orgDomain) {
    return { aligned: true, orgDomain: b.orgDomain, authorOrgDomain: a.orgDomain, why: `${id} and ${author} share the Organizational Domain ${a.orgDomain} (RFC 9989 section 4.10.2)` };
  }
  if (a.uncertain || b.uncertain) {
    return { aligned: null, orgDomain: b.orgDomain, authorOrgDomain: a.orgDomain, why: `a DNS error left the Organizational Domain of ${a.uncertain ? author : id} unknown` };
  }
  return {
    aligned: false,
    orgDomain: b.orgDomain,
    authorOrgDomain: a.orgDomain,
    why: `${id} belongs to the Organizational Domain ${b.orgDomain}, ${author} to ${a.orgDomain} (RFC 9989 section 4.10.2)`,
  };
}

export interface DmarcOptions extends DmarcDnsOptions {
  /**
   * Whether the From domain exists (for np=, RFC 9989 section 4.10.1). When not given and a parent's record
   * with np= applies, it is asked of the DNS: NXDOMAIN means it does not exist (RFC 9989 section A.4).
   */
  fromDomainExists?: boolean;
}

/** How the From domain stands to the domain whose record applies (RFC 9989 section 4.10.1). */
type PolicyRelation = Parameters<typeof applicablePolicy>[1];

const RESULT_WORDS: Record<DmarcEvaluation['result'], string> = {
  none: 'no DMARC policy applies',
  pass: 'DMARC passes',
  fail: 'DMARC fails',
  temperror: 'DMARC could not be decided (temporary DNS error)',
  permerror: 'the DMARC record cannot be used',
};

function emptyEvaluation(fromDomain: string, dns: DmarcDns): DmarcEvaluation {
  return {
    result: 'none',
    fromDomain,
    policyDomain: null,
    record: null,
    policy: null,
    disposition: 'none',
    testing: false,
    legacyPct: null,
    orgDomain: null,
    alignment: { spf: null, dkim: [] },
    discovery: null,
    findings: [],
    reason: '',
    dnsErrors: dns.dnsErrors,
    queries: 0,
  };
}

/**
 * RFC 9989 section 5.3.2: policy discovery. Records the walk in `evaluation` and returns the record that
 * applies, or null when there is none (no record, or a DNS error), with the result and reason already set.
 */
function takeDiscovery(evaluation: DmarcEvaluation, discovery: PolicyDiscovery): DmarcRecord | null {
  const fromDomain = evaluation.fromDomain;
  evaluation.discovery = discovery;
  evaluation.orgDomain = discovery.orgDomain;
  if (discovery.error) {
    evaluation.result = 'temperror';
    evaluation.findings.push({ id: 'dns-error', severity: 'error', message: `the DMARC record could not be looked up: ${discovery.error}`, domain: fromDomain, rfc: '4.10.1' });
    evaluation.reason = `${RESULT_WORDS.temperror}: ${discovery.error}`;
    return null;
  }
  for (const step of discovery.walk.steps) {
    if (step.outcome === 'multiple') {
      evaluation.findings.push({ id: 'multiple-records', severity: 'error', message: `${step.query} has several DMARC records: all of them are discarded (RFC 9989 section 4.10)`, domain: step.domain, rfc: '4.10' });
    }
  }
  const record = discovery.record;
  if (!record || !discovery.policyDomain) {
    evaluation.findings.push({ id: 'no-record', severity: 'error', message: `no DMARC record for ${fromDomain} or any domain above it (RFC 9989 section 4.10.1)`, domain: fromDomain, rfc: '4.10.1' });
    evaluation.reason = `${RESULT_WORDS.none}: there is no DMARC record for ${fromDomain} or its Organizational Domain`;
    return null;
  }
  evaluation.policyDomain = discovery.policyDomain;
  evaluation.record = record.text;
  evaluation.testing = record.testing;
  evaluation.legacyPct = record.pct;
  evaluation.findings.push(...record.findings);
  return record;
}

/**
 * RFC 9989 section 4.10.1: p for the Author Domain's own record; sp for an existing subdomain, np for a
 * non-existent one. Existence is asked of the DNS only when np= would make a difference (section A.4).
 */
async function relationToPolicyDomain(evaluation: DmarcEvaluation, record: DmarcRecord, dns: DmarcDns, opts: DmarcOptions): Promise<PolicyRelation> {
  if (evaluation.policyDomain === evaluation.fromDomain) return 'same';
  if (!record.np || record.applies !== 'as-written') return 'subdomain';
  let exists = opts.fromDomainExists;
  if (exists === undefined) {
    const answer = await dns.lookup(evaluation.fromDomain, 'A');
    exists = answer.ok || answer.kind !== 'nxdomain';
  }
  return exists ? 'subdomain' : 'non-existent-subdomain';
}

/** What aligning an identifier needs: the From domain, its Organizational Domain, and the DNS. */
interface AlignmentContext {
  fromDomain: string;
  authorOrg: OrgDomain;
  dns: DmarcDns;
}

/** One Authenticated Identifier (RFC 9989 section 5.3.4): its alignment and whether it makes DMARC pass. */
async function alignIdentifier(
  ctx: AlignmentContext,
  mechanism: 'spf' | 'dkim',
  domain: string,
  authResult: SpfResult | DkimResultName,
  mode: 'r' | 's',
  selector?: string,
): Promise<IdentifierAlignment> {
  const check = await checkAlignment(ctx.fromDomain, domain, mode, ctx.dns, ctx.authorOrg);
  const passes = authResult === 'pass' && check.aligned === true;
  const label = mechanism === 'spf' ? `SPF (${domain})` : `DKIM d=${domain}${selector ? ` s=${selector}` : ''}`;
  const why = passes ? `${label} passed and is aligned: ${check.why}` : authResult !== 'pass' ? `${label} did not pass (${authResult}); ${check.aligned ? 'it is aligned' : check.aligned === false ? 'it is not aligned either' : 'its alignment is unknown'}: ${check.why}` : `${label} passed but is not aligned: ${check.why}`;
  return {
    mechanism,
    domain: normaliseName(domain),
    ...(selector !== undefined ? { selector } : {}),
    authResult,
    mode: mode === 's' ? 'strict' : 'relaxed',
    aligned: check.aligned,
    orgDomain: check.orgDomain,
    passes,
    why,
  };
}

/** RFC 9989 section 5.3.4: each Authenticated Identifier (SPF's MAIL FROM domain, each DKIM d=), aligned at once. */
async function alignIdentifiers(input: DmarcInput, record: DmarcRecord, ctx: AlignmentContext): Promise<DmarcEvaluation['alignment']> {
  const [spf, ...dkim] = await Promise.all([
    input.spf?.domain ? alignIdentifier(ctx, 'spf', input.spf.domain, input.spf.result, record.aspf) : Promise.resolve(null),
    ...(input.dkim ?? []).filter((d) => d.domain).map((d) => alignIdentifier(ctx, 'dkim', d.domain, d.result, record.adkim, d.selector)),
  ]);
  return { spf: spf ?? null, dkim: dkim.filter((d): d is IdentifierAlignment => d !== null) };
}

/** RFC 9989 sections 5.3.5 and 5.3.6: pass, temperror or fail from the alignments, and the disposition on fail. */
function conclude(evaluation: DmarcEvaluation, record: DmarcRecord, policy: { tag: 'p' | 'sp' | 'np'; value: DmarcPolicy }): void {
  const all = [evaluation.alignment.spf, ...evaluation.alignment.dkim].filter((a): a is IdentifierAlignment => a !== null);
  const passing = all.find((a) => a.passes);
  // RFC 9989 section 5.3.5: one aligned Authenticated Identifier is a pass
  if (passing) {
    evaluation.result = 'pass';
    evaluation.reason = `${RESULT_WORDS.pass}: ${passing.why}`;
    return;
  }
  // RFC 9989 section 5.3.6: a DNS error on the way means neither pass nor fail
  const undecided = all.filter((a) => a.authResult === 'temperror' || (a.authResult === 'pass' && a.aligned === null));
  if (undecided.length > 0) {
    evaluation.result = 'temperror';
    evaluation.reason = `${RESULT_WORDS.temperror}: ${undecided.map((a) => a.why).join('; ')}`;
    return;
  }
  evaluation.result = 'fail';
  const requested = policy.value;
  evaluation.disposition = record.testing ? testingDisposition(requested) : requested;
  const source = `${policy.tag}=${requested} of _dmarc.${evaluation.policyDomain}${record.testing ? ' with t=y' : ''}`;
  const what = all.length === 0 ? 'no SPF or DKIM result for an identifier' : all.map((a) => a.why).join('; ');
  evaluation.reason = `${RESULT_WORDS.fail} for ${evaluation.fromDomain} (${source}, so ${evaluation.disposition === 'none' ? 'nothing is refused' : evaluation.disposition}): ${what}`;
}

/**
 * Evaluates DMARC for a message from what SPF and DKIM concluded (RFC 9989 section 5.3). Never throws for DNS
 * trouble: DNS failures become temperror.
 */
export async function evaluateDmarc(input: DmarcInput, opts: DmarcOptions): Promise<DmarcEvaluation> {
  const dns = new DmarcDns(opts);
  const evaluation = emptyEvaluation(normaliseName(input.fromDomain ?? ''), dns);
  await evaluateInto(evaluation, input, opts, dns);
  evaluation.queries = dns.sent;
  return evaluation;
}

/** The stages of section 5.3, each of which may end the evaluation with its result. */
async function evaluateInto(evaluation: DmarcEvaluation, input: DmarcInput, opts: DmarcOptions, dns: DmarcDns): Promise<void> {
  const fromDomain = evaluation.fromDomain;
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i.test(fromDomain)) {
    evaluation.reason = `"${input.fromDomain}" is not a domain name: DMARC cannot be evaluated (RFC 9989 section 5.3.1)`;
    return;
  }
  // RFC 9989 section 5.3.2: policy discovery; the SPF and DKIM walks go out at the same time (section 5.3 allows it)
  const discoveryPromise = discoverPolicy(fromDomain, dns);
  const identifiers = [input.spf?.domain, ...(input.dkim ?? []).map((d) => d.domain)].filter((d): d is string => !!d).map(normaliseName);
  // only for identifiers in the From domain's own line (above or below it): any other waits for the From domain's
  // Organizational Domain, which says whether its walk is needed at all (checkAlignment)
  if (dns.parallel) for (const id of new Set(identifiers)) if (id !== fromDomain && (isSubdomainOf(id, fromDomain) || isSubdomainOf(fromDomain, id))) void dns.orgDomain(id);
  const discovery = await discoveryPromise;
  const record = takeDiscovery(evaluation, discovery);
  if (!record) return;

  const policy = applicablePolicy(record, await relationToPolicyDomain(evaluation, record, dns, opts));
  evaluation.policy = policy;
  if (!policy) {
    evaluation.result = 'permerror';
    evaluation.reason = `${RESULT_WORDS.permerror}: the record at _dmarc.${discovery.policyDomain} has no valid policy and no valid rua=, so receivers apply no DMARC processing (RFC 9989 section 4.10.1)`;
    return;
  }
  // RFC 9989 section 4.10.2: the Author Domain's Organizational Domain, from its own walk
  const authorOrg: OrgDomain = { domain: fromDomain, orgDomain: discovery.orgDomain, rule: discovery.orgRule, walk: discovery.walk, uncertain: discovery.walk.stop === 'error' };
  evaluation.alignment = await alignIdentifiers(input, record, { fromDomain, authorOrg, dns });
  conclude(evaluation, record, policy);
}
