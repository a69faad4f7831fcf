/**
 * `check-domain`: the popup's hand-made check, and the diagnosis of a bounce. Both go through the core's
 * diagnose(): the SPF policy (lint), check_host() for the IP when one is known, the resolvers' cross-check,
 * the cause in words and a fix verified by the engine. DNS goes to the user's DoH resolvers only.
 */
import type { BounceFacts } from '../core/bounce/types';
import { clientIpProblem, normaliseName } from '../core/dns';
import { diagnose, identityFromFacts } from '../core/diagnose';
import type { DiagnoseOutcome } from '../core/diagnose';
import { LOOKUP_LIMIT, VOID_LIMIT, domainProblem } from '../core/spf';
import type { CheckDomainMessage, DomainCheck, Reply } from '../messages';
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
  // cli-contract.md: without a sender, macros see postmaster@DOMAIN and the HELO name DOMAIN
  const { evaluation, lint, diagnosis } = await run({ domain, ip: message.ip ?? null, sender: message.sender ?? null, helo: message.helo ?? null });
  const check: DomainCheck = {
    domain,
    ip: message.ip ?? null,
    records: diagnosis.records,
    notes: lint.findings.filter((f) => f.severity === 'error').map((f) => f.message),
    diagnosis,
    lint,
    evaluation,
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
