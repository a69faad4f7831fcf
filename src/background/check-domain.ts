/**
 * `check-domain`: the popup's hand-made check, and the diagnosis of a bounce. Both go through the core's
 * diagnose(): the SPF policy (lint), check_host() for the IP when one is known, the resolvers' cross-check,
 * the cause in words and a fix verified by the engine. DNS goes to the user's DoH resolvers only.
 */
import type { BounceFacts } from '../core/bounce/types';
import { clientIpProblem, normaliseName } from '../core/dns';
import { diagnose, identityFromFacts } from '../core/diagnose';
import type { DiagnoseOutcome } from '../core/diagnose';
import { dkimServiceFor } from '../core/diagnose/dkim-services';
import { lookupDkimKey } from '../core/dkim/key';
import { verifyMessage } from '../core/dkim/verify';
import { lintDmarcDomain } from '../core/dmarc/lint';
import { LOOKUP_LIMIT, VOID_LIMIT, domainProblem, resolveIdentity } from '../core/spf';
import type { CheckDomainMessage, DomainCheck, Reply, VerifyDkimMessage } from '../messages';
import { currentDns } from './dns';

async function run(request: { facts?: BounceFacts | null; domain: string; ip?: string | null; sender?: string | null; helo?: string | null }): Promise<DiagnoseOutcome> {
  const dns = await currentDns();
  return diagnose(request, { resolver: dns.resolver, ...(dns.crossCheck ? { crossCheck: dns.crossCheck } : {}) });
}

export async function checkDomain(message: CheckDomainMessage): Promise<Reply<'check-domain'>> {
  const domain = normaliseName(message.domain);
  const problem = domainProblem(domain);
  if (problem !== null) return { ok: false, error: problem };
  const ipProblem = message.ip === undefined ? null : clientIpProblem(message.ip);
  if (ipProblem !== null) return { ok: false, error: ipProblem };
  const selector = message.selector === undefined ? null : normaliseName(message.selector);
  if (selector !== null && !/^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/.test(selector)) {
    return { ok: false, error: 'a DKIM selector is one or more labels of letters, digits, "-" and "_" (RFC 6376 section 3.1)' };
  }
  const dns = await currentDns();
  // cli-contract.md: without a sender, macros see postmaster@DOMAIN and the HELO name DOMAIN (resolveIdentity,
  // RFC 7208 section 2.4). The DMARC walk and the DKIM key go out at the same time as the SPF check.
  const identity = resolveIdentity({ domain, sender: message.sender, helo: message.helo });
  const [{ evaluation, lint, diagnosis }, dmarc, key] = await Promise.all([
    run({ domain, ip: message.ip ?? null, sender: identity?.sender ?? null, helo: identity?.helo ?? null }),
    lintDmarcDomain(domain, { resolver: dns.resolver }),
    selector === null ? Promise.resolve(null) : lookupDkimKey(selector, domain, { resolver: dns.resolver }),
  ]);
  const match = key === null ? null : dkimServiceFor(key.selector, key.domain, key.cnames);
  const check: DomainCheck = {
    domain,
    ip: message.ip ?? null,
    records: diagnosis.records,
    notes: lint.findings.filter((f) => f.severity === 'error').map((f) => f.message),
    diagnosis,
    lint,
    evaluation,
    dmarc,
    dkim: key === null ? null : { ...key, service: match === null ? null : { id: match.service.id, name: match.service.name, by: match.by, where: match.service.where } },
  };
  if (evaluation !== null) {
    check.result = evaluation.result;
    check.reason = evaluation.reason;
    check.explanation = evaluation.explanation;
    check.lookups = { ...evaluation.lookups, limit: LOOKUP_LIMIT, voidLimit: VOID_LIMIT };
    check.notes.push(...evaluation.dnsErrors);
  }
  return { ok: true, check };
}

/**
 * The diagnosis of a bounce the content script reported: null when the bounce is not about sender
 * authentication or names no domain (nothing to check, nothing guessed).
 */
export async function diagnoseBounce(facts: BounceFacts): Promise<DiagnoseOutcome | null> {
  if (!facts.authFailure) return null;
  const identity = identityFromFacts(facts);
  if (identity.domain === null || domainProblem(identity.domain) !== null) return null;
  return run({ facts, domain: identity.domain, ip: identity.ip, sender: identity.sender });
}

/**
 * `verify-dkim`: each DKIM-Signature of a complete message the user pasted, verified with today's keys over
 * the user's DoH resolvers (RFC 6376 section 6.1; core/dkim, WebCrypto of the browser): does it still verify,
 * and if not, did the body change on the way (a list footer) or the key.
 */
export async function verifyDkim(message: VerifyDkimMessage): Promise<Reply<'verify-dkim'>> {
  const dns = await currentDns();
  return { ok: true, signatures: await verifyMessage(message.message, { resolver: dns.resolver }) };
}
