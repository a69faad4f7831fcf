/**
 * diagnose(): names the cause of an authentication bounce (or of a domain's SPF trouble) in plain words, and
 * gives the record to publish only after the same engine, over today's answers with that record in place,
 * gave `pass`. The stages: resolve the identity (RFC 7208 section 2.4), ask the first wave, findCauses,
 * buildFix, describe.
 */
import type ipaddr from 'ipaddr.js';
import type { BounceFacts } from '../bounce/types';
import { clientIpProblem, evaluatedIp } from '../dns/address';
import { normaliseName } from '../dns/name';
import type { DnsResult } from '../dns/types';
import { checkHost, domainOfAddress, lintPolicy, resolveIdentity } from '../spf';
import { isSpfRecord } from '../spf/parse';
import { authenticationRequest, startAuthentication } from './authentication';
import { buildFix } from './build-fix';
import { describe } from './describe';
import { findCauses } from './find-causes';
import type { AuthenticationStart, DiagnoseOptions, DiagnoseOutcome, DiagnoseRequest, Subject, Today } from './types';

export type { CauseFinding, DiagnoseOptions, DiagnoseOutcome, DiagnoseRequest, Diagnosis, Fix } from './types';

function validIp(ip: string | null | undefined): ip is string {
  return typeof ip === 'string' && clientIpProblem(ip) === null;
}

/**
 * The SPF identity a bounce gives (RFC 7208 section 2.4): the envelope sender's domain as the bounce names
 * it, or the sender's domain; for a DMARC refusal the envelope sender's domain, not the From domain the
 * bounce names. The IP only when it is a valid address. Null fields where the bounce does not say.
 */
export function identityFromFacts(facts: BounceFacts): { domain: string | null; ip: string | null; sender: string | null } {
  const senderDomain = facts.sender === null ? null : normaliseName(domainOfAddress(facts.sender)) || null;
  const domain = facts.mechanism === 'dmarc' ? senderDomain ?? facts.domain : facts.domain ?? senderDomain;
  return { domain: domain === null ? null : normaliseName(domain), ip: validIp(facts.ip) ? facts.ip : null, sender: facts.sender };
}

/** Who and what is checked: the request's identity where given, the bounce's where not (resolveIdentity, RFC 7208 section 2.4). */
function subjectOf(request: DiagnoseRequest): Subject {
  const facts = request.facts ?? null;
  const fromFacts = facts === null ? null : identityFromFacts(facts);
  const sender = request.sender ?? fromFacts?.sender ?? null;
  const identity = resolveIdentity({ domain: request.domain ?? fromFacts?.domain, sender, helo: request.helo });
  const domain = normaliseName(identity?.domain ?? '');
  const ipGiven = request.ip ?? fromFacts?.ip ?? null;
  const isDmarc = facts?.mechanism === 'dmarc';
  return {
    facts,
    domain,
    ip: validIp(ipGiven) ? (evaluatedIp(ipGiven) as ipaddr.IPv4 | ipaddr.IPv6).toString() : null,
    sender,
    envelope: identity?.sender ?? `postmaster@${domain}`,
    helo: request.helo ?? domain,
    isDmarc,
    // DMARC names the From domain; SPF was checked for the envelope sender's (RFC 7489 section 3.1.2).
    fromDomain: isDmarc ? facts?.domain?.toLowerCase() ?? null : null,
  };
}

/** The SPF record texts of a TXT answer (RFC 7208 section 4.5). */
function spfRecords(answer: DnsResult): string[] {
  return answer.ok ? answer.records.flatMap((r) => (r.type === 'TXT' && isSpfRecord(r.text) ? [r.text] : [])) : [];
}

/** One TXT answer's TTL for the SPF record, if any. */
function spfTtl(answer: DnsResult): number | null {
  if (!answer.ok) return null;
  const rec = answer.records.find((r) => r.type === 'TXT' && isSpfRecord(r.text));
  return rec === undefined ? null : rec.ttl;
}

/** The first wave, all at once: the policy, today's check for the IP, the domain's TXT and the resolvers' comparison. */
async function firstWave(subject: Subject, opts: DiagnoseOptions): Promise<Today> {
  const { domain, ip, envelope, helo } = subject;
  const [lint, evaluation, txt, cross] = await Promise.all([
    lintPolicy(domain, { resolver: opts.resolver, signal: opts.signal }),
    ip === null ? Promise.resolve(null) : checkHost({ ip, domain, sender: envelope, helo }, { resolver: opts.resolver, budgetMs: opts.budgetMs, signal: opts.signal }),
    opts.resolver.lookup(domain, 'TXT', opts.signal),
    opts.crossCheck ? opts.crossCheck(domain, 'TXT').catch(() => null) : Promise.resolve(null),
  ]);
  return { lint, evaluation, txt, cross, current: spfRecords(txt), ttl: spfTtl(txt) };
}

/**
 * Names the cause of an authentication bounce (or of a domain's SPF trouble) in plain words, and gives the
 * record to publish only after the same engine, over today's answers with that record in place, gave `pass`.
 * Never throws for DNS trouble: it becomes a cause.
 */
export async function diagnose(request: DiagnoseRequest, opts: DiagnoseOptions): Promise<DiagnoseOutcome> {
  const subject = subjectOf(request);
  // DKIM keys and the DMARC tree walks go out now, in the SPF check's first wave (authentication.ts)
  const authRequest = authenticationRequest(subject.facts, subject.domain === '' ? null : subject.domain, subject.sender, request.returnedMessage ?? null);
  const auth: AuthenticationStart = {
    request: authRequest,
    run: authRequest === null ? null : startAuthentication(authRequest, { resolver: opts.resolver, signal: opts.signal }),
  };
  const today = await firstWave(subject, opts);
  const found = await findCauses(subject, today, auth, opts);
  const outcome = await buildFix(subject, today, found, auth, opts);
  const diagnosis = describe(subject, today, found, outcome, authRequest?.beyondSpf === true);
  return { evaluation: today.evaluation, lint: today.lint, diagnosis };
}
