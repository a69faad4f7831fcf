/**
 * The DKIM and DMARC half of a diagnosis: the key of each signature the returned message carries (RFC 6376
 * section 3.6.2.1), DMARC policy discovery and Identifier Alignment by the DNS tree walk (RFC 9989 sections
 * 4.4 and 4.10), and the causes they show. Every query goes out with the SPF check's first wave: the walks
 * and the key lookups do not depend on the SPF result, so the DMARC result is computed once the SPF result is
 * known, from answers already in hand.
 */
import type { BounceFacts, DkimSignatureFacts, ReceiverDkimResult } from '../bounce/types';
import { lookupDkimKey } from '../dkim/key';
import type { DkimKeyCheck } from '../dkim/types';
import { evaluateDmarc } from '../dmarc/evaluate';
import type { DkimResultName, DmarcEvaluation, DmarcResult } from '../dmarc/types';
import { isSubdomainOf, normaliseName } from '../dns/name';
import type { DnsResult, Resolver, RRType } from '../dns/types';
import { domainOfAddress } from '../spf/identity';
import type { SpfResult } from '../spf/types';
import { dkimServiceFor } from './dkim-services';
import { verifyReturned } from './returned-verification';
import type { ReturnedVerification } from './returned-verification';
import { receiverConflictText, receiverVerdictFor } from './receiver-dkim';
import type { ReceiverVerdict } from './receiver-dkim';

/**
 * What a key lookup says about signing with it, in one word; `not-looked-up` for a signature whose d= cannot align
 * with the From domain: its key cannot change the DMARC result, and a bounce chose the name.
 */
export type KeyState = 'usable' | 'missing' | 'revoked' | 'invalid' | 'dns-error' | 'not-looked-up';

/** One DKIM-Signature of the returned message, with its key as the DNS has it today. */
export interface DkimSignatureCheck {
  domain: string;
  selector: string;
  algorithm: string | null;
  keyState: KeyState;
  /** the key lookup: query, CNAMEs followed, the record, findings; null when it was not needed (`not-looked-up`) */
  key: DkimKeyCheck | null;
  /** d= aligns with the From domain (RFC 9989 section 4.4.1); null when unknown */
  aligned: boolean | null;
  /**
   * the result used for DMARC: the receiver's own verdict when it gave one (RFC 9989 section 4.4.1 uses the
   * verifier's results), else the verification of the returned message when the bounce carries it whole, else
   * pass when the key is usable and the receiver's words do not say DKIM failed
   */
  result: DkimResultName;
  /** what the refusing receiver's Authentication-Results said of this signature, or null */
  receiver: ReceiverVerdict | null;
  /** the service behind the selector or key, and how it was recognised */
  service: { id: string; name: string; by: 'cname' | 'signing-domain' | 'selector' } | null;
  /** the signature verified over the returned message with today's key, when the bounce returned it whole */
  verification: ReturnedVerification | null;
}

/** The DMARC part of a diagnosis (Diagnosis.dmarc): the first three fields as before, the rest added. */
export interface DmarcSummary {
  /** `_dmarc.<domain>` of the record that applies (or of the From domain when none does) */
  name: string;
  record: string | null;
  /** p= (or sp= / np=) that applies, after the RFC 9989 section 4.10.1 fallback */
  policy: string | null;
  result: DmarcResult;
  fromDomain: string;
  /** where the From domain was read: the returned From, the refusal's words, or assumed from the envelope sender */
  fromSource: 'header-from' | 'bounce' | 'sender';
  policyDomain: string | null;
  orgDomain: string | null;
  /** which tag gave the policy and what the record asks for this message */
  policyTag: 'p' | 'sp' | 'np' | null;
  disposition: string;
  testing: boolean;
  spf: { domain: string; result: string; aligned: boolean | null; mode: 'relaxed' | 'strict' } | null;
  dkim: { domain: string; selector: string | null; result: string; aligned: boolean | null; mode: 'relaxed' | 'strict' }[];
  reason: string;
  /** DNS queries the evaluation needed */
  queries: number;
  /** the receiver's own header says an aligned signature passed, yet it refused for DMARC (receiver-dkim.ts), or null */
  receiverConflict: string | null;
}

export interface AuthenticationRequest {
  fromDomain: string;
  fromSource: DmarcSummary['fromSource'];
  /** the domain SPF was checked for (MAIL FROM, else HELO: RFC 9989 section 4.4.2) */
  spfDomain: string | null;
  signatures: DkimSignatureFacts[];
  /** the receiver said DKIM did not pass: a usable key's signature still failed there */
  dkimFailedAtReceiver: boolean;
  /** the complete returned message (octets), when the bounce carries it: its signatures are verified */
  returnedMessage: string | null;
  /** the refusing receiver's own dkim= results (BounceFacts.receiverDkim) */
  receiverDkim?: readonly ReceiverDkimResult[];
  /** the refusal is a DMARC one (its mechanism, or its words name DMARC) */
  dmarcRefusal?: boolean;
}

/** A DMARC evaluation with its DKIM half, for one SPF result. */
export interface AuthenticationReport {
  dmarc: DmarcSummary;
  dkim: DkimSignatureCheck[];
  evaluation: DmarcEvaluation;
}

/** At most this many signatures are looked up (a bounce is untrusted input: it may carry hundreds). */
export const MAX_SIGNATURES = 5;

/** Remembers each answer of one diagnosis, so later evaluations reuse the first wave's answers. */
class MemoResolver implements Resolver {
  private readonly answers = new Map<string, Promise<DnsResult>>();

  constructor(private readonly inner: Resolver) {}

  lookup(name: string, type: RRType, signal?: AbortSignal): Promise<DnsResult> {
    const key = `${type} ${normaliseName(name)}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = this.inner.lookup(name, type, signal);
      this.answers.set(key, answer);
    }
    return answer;
  }
}

function keyState(key: DkimKeyCheck | null): KeyState {
  if (key === null) return 'not-looked-up';
  if (key.outcome === 'error') return 'dns-error';
  if (key.outcome === 'missing') return 'missing';
  if (key.findings.some((f) => f.id === 'key-revoked')) return 'revoked';
  return key.usable ? 'usable' : 'invalid';
}

/**
 * RFC 8601 result a signature is given for DMARC: its verification over the returned message where there is one
 * (RFC 6376 section 6.1), else from its key and what the receiver said.
 */
function dkimResult(state: KeyState, failedAtReceiver: boolean, verification: ReturnedVerification | null): DkimResultName {
  if (verification !== null) return verification.result;
  switch (state) {
    case 'usable':
      return failedAtReceiver ? 'fail' : 'pass';
    case 'dns-error':
      return 'temperror';
    case 'not-looked-up':
      // not evaluated: the signature cannot align, so DMARC does not use its result (RFC 9989 section 4.4.1)
      return 'none';
    default:
      // RFC 6376 section 6.1.2: no key, or a key that cannot be used, is PERMFAIL
      return 'permerror';
  }
}

export interface AuthenticationRun {
  request: AuthenticationRequest;
  /** the key checks (null where not needed), sent with the walks */
  keys: Promise<(DkimKeyCheck | null)[]>;
  /** DMARC for the given SPF result, over the answers of the first wave */
  evaluate(spf: { result: SpfResult } | null): Promise<AuthenticationReport>;
}

/** `name` is `domain`, above it or below it: its names are the From domain's own line, which its walk already asks. */
function inLineWith(name: string, domain: string): boolean {
  return isSubdomainOf(name, domain) || isSubdomainOf(domain, name);
}

/**
 * Starts the DKIM and DMARC queries: the tree walk of the From domain (and of the identifiers that may share its
 * Organizational Domain: checkAlignment), and each signature's key (TXT and CNAME) where the signature can
 * align. A bounce is untrusted input: it chose every d= and s=, so a name is asked only when the answer can
 * change the result. Keys of d= in the From domain's own line go out at once; a d= elsewhere waits for the From
 * domain's Organizational Domain, and is asked only when it lies under it (RFC 9989 section 4.10.2: otherwise it
 * cannot align). Call it in the same Promise.all as the SPF check.
 */
export function startAuthentication(request: AuthenticationRequest, opts: { resolver: Resolver; signal?: AbortSignal }): AuthenticationRun {
  const memo = new MemoResolver(opts.resolver);
  const signatures = request.signatures.slice(0, MAX_SIGNATURES);
  const fromDomain = normaliseName(request.fromDomain);
  const dmarcOpts = { resolver: memo, signal: opts.signal };
  // the walks start now: the SPF and DKIM results are not needed for them
  const warm = evaluateDmarc(
    {
      fromDomain,
      spf: request.spfDomain === null ? null : { result: 'none', domain: request.spfDomain },
      dkim: signatures.map((s) => ({ result: 'none', domain: s.domain, selector: s.selector })),
    },
    dmarcOpts,
  ).catch(() => null);
  const lookup = (s: DkimSignatureFacts): Promise<DkimKeyCheck> => lookupDkimKey(s.selector, s.domain, { resolver: memo, signal: opts.signal });
  const keys = Promise.all(
    signatures.map(async (s) => {
      const domain = normaliseName(s.domain);
      if (inLineWith(domain, fromDomain)) return lookup(s);
      const org = (await warm)?.discovery;
      const known = org != null && org.error === null && org.walk.stop !== 'error';
      return known && isSubdomainOf(domain, org.orgDomain) ? lookup(s) : null;
    }),
  );
  const verifications =
    request.returnedMessage === null ? Promise.resolve(signatures.map(() => null)) : verifyReturned(request.returnedMessage, signatures, keys, { resolver: memo, signal: opts.signal });
  const evaluate = async (spf: { result: SpfResult } | null): Promise<AuthenticationReport> => {
    const [checked, verified] = await Promise.all([keys, verifications, warm]);
    const states = checked.map(keyState);
    // the receiver's own verdict where it gave one (no query: it only replaces the guess), else the verification of
    // the returned message, else the guess from the key and the refusal's words
    const verdicts = signatures.map((s) => receiverVerdictFor(s, request.receiverDkim ?? []));
    const results = signatures.map((_, i) => verdicts[i]?.dmarcResult ?? dkimResult(states[i] as KeyState, request.dkimFailedAtReceiver, verified[i] ?? null));
    const evaluation = await evaluateDmarc(
      {
        fromDomain: request.fromDomain,
        // without an IP SPF was not checked: its domain still counts for alignment, with result none
        spf: request.spfDomain === null ? null : { result: spf?.result ?? 'none', domain: request.spfDomain },
        dkim: signatures.map((s, i) => ({ result: results[i] as DkimResultName, domain: s.domain, selector: s.selector })),
      },
      dmarcOpts,
    );
    const dkim: DkimSignatureCheck[] = signatures.map((s, i) => {
      const key = checked[i] ?? null;
      const alignment = evaluation.alignment.dkim.find((a) => a.domain === normaliseName(s.domain) && a.selector === s.selector);
      const match = dkimServiceFor(s.selector, s.domain, key?.cnames ?? []);
      return {
        domain: normaliseName(s.domain),
        selector: s.selector,
        algorithm: s.algorithm,
        keyState: states[i] as KeyState,
        key,
        aligned: alignment?.aligned ?? null,
        result: results[i] as DkimResultName,
        receiver: verdicts[i] ?? null,
        service: match === null ? null : { id: match.service.id, name: match.service.name, by: match.by },
        verification: verified[i] ?? null,
      };
    });
    const dmarc = summarise(evaluation, request);
    if (dmarc.spf !== null && spf === null) dmarc.spf.result = 'not checked';
    dmarc.receiverConflict = receiverConflictText(dkim, dmarc.fromDomain, request.dmarcRefusal === true);
    return { dmarc, dkim, evaluation };
  };
  return { request, keys, evaluate };
}

function summarise(e: DmarcEvaluation, request: AuthenticationRequest): DmarcSummary {
  const spf = e.alignment.spf;
  return {
    name: `_dmarc.${e.policyDomain ?? e.fromDomain}`,
    record: e.record,
    policy: e.policy?.value ?? null,
    result: e.result,
    fromDomain: e.fromDomain,
    fromSource: request.fromSource,
    policyDomain: e.policyDomain,
    orgDomain: e.orgDomain,
    policyTag: e.policy?.tag ?? null,
    disposition: e.disposition,
    testing: e.testing,
    spf: spf === null ? null : { domain: spf.domain, result: spf.authResult, aligned: spf.aligned, mode: spf.mode },
    dkim: e.alignment.dkim.map((a) => ({ domain: a.domain, selector: a.selector ?? null, result: a.authResult, aligned: a.aligned, mode: a.mode })),
    reason: e.reason,
    queries: e.queries,
    receiverConflict: null,
  };
}

function domainOf(address: string): string {
  return normaliseName(domainOfAddress(address));
}

/** The receiver's words say DKIM did not pass (Gmail "DKIM checks did not pass", 5.7.30, a DKIM or DMARC refusal). */
const DKIM_FAILED = /\bDKIM\b[^.;\n]{0,40}?\b(?:did not pass|not pass|fail(?:ed|ure|s)?|invalid)\b|\b5\.7\.30\b|\bunauthenticated\b|\bboth do not pass\b/i;
/** The refusal is about more than SPF: DMARC, DKIM, alignment or "unauthenticated" mail. */
const BEYOND_SPF = /\bDKIM\b|\bDMARC\b|\bunauthenticated\b|\bauthentication (?:checks|level|information)\b|\baligned\b|\b5\.7\.(?:26|30|32|509|515|9)\b/i;

/**
 * What the bounce gives for a DMARC evaluation: the From domain (the returned From, else the domain a DMARC
 * refusal names, else, for an authentication refusal, the envelope sender's), the signatures, and whether
 * the receiver's words put DKIM and DMARC in question. Null when there is no From domain to evaluate.
 */
export function authenticationRequest(
  facts: BounceFacts | null,
  spfDomain: string | null,
  sender: string | null,
  returnedMessage: string | null = null,
): (AuthenticationRequest & { beyondSpf: boolean }) | null {
  if (facts === null) return null;
  const words = facts.rejection.join('\n');
  const beyondSpf = facts.mechanism === 'dmarc' || facts.mechanism === 'dkim' || facts.mechanism === 'auth' || BEYOND_SPF.test(words);
  let fromDomain: string | null = null;
  let fromSource: DmarcSummary['fromSource'] = 'header-from';
  if (facts.headerFrom != null && facts.headerFrom.includes('@')) fromDomain = domainOf(facts.headerFrom);
  else if (facts.domain !== null && (facts.mechanism === 'dmarc' || facts.domainRole === 'header-from')) {
    fromDomain = normaliseName(facts.domain);
    fromSource = 'bounce';
  } else if (beyondSpf && sender !== null && sender.includes('@')) {
    fromDomain = domainOf(sender);
    fromSource = 'sender';
  } else if (beyondSpf && spfDomain !== null) {
    fromDomain = spfDomain;
    fromSource = 'sender';
  }
  if (fromDomain === null || fromDomain === '') return null;
  const dkimFailedAtReceiver = facts.mechanism === 'dkim' || facts.mechanism === 'auth' || facts.mechanism === 'dmarc' || DKIM_FAILED.test(words);
  const dmarcRefusal = facts.mechanism === 'dmarc' || /\bDMARC\b/i.test(words);
  return { fromDomain, fromSource, spfDomain, signatures: facts.dkim ?? [], dkimFailedAtReceiver, receiverDkim: facts.receiverDkim ?? [], dmarcRefusal, returnedMessage, beyondSpf };
}

/**
 * An SPF record fix, re-checked through the DMARC path: DMARC evaluated again with the record's SPF result
 * (RFC 9989 section 5.3). It ends the bounce when DMARC passes, or when no DMARC policy applies (the receiver
 * then asks for SPF or DKIM to pass, which the record gives).
 */
export async function fixThroughDmarc(run: AuthenticationRun, spfResult: SpfResult): Promise<{ ends: boolean; dmarc: { result: string; reason: string }; why: string }> {
  const again = await run.evaluate({ result: spfResult });
  const dmarc = { result: again.dmarc.result, reason: again.dmarc.reason };
  const ends = again.dmarc.result === 'pass' || again.dmarc.result === 'none';
  const spf = again.dmarc.spf;
  const why =
    spf !== null && spf.aligned === false
      ? `an SPF record change cannot end this bounce: SPF is checked for ${spf.domain}, which does not align with ${again.dmarc.fromDomain}, so DMARC would still ${again.dmarc.result === 'temperror' ? 'be undecided' : 'fail'} with SPF passing. DKIM signed with ${again.dmarc.fromDomain} (or a return path under it) is what ends it.`
      : `with the SPF record fixed, DMARC would still give ${again.dmarc.result}: ${again.dmarc.reason}`;
  return { ends, dmarc, why };
}
