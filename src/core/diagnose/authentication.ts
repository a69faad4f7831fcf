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
import type { CauseId } from './causes';
import { DKIM_SERVICES, dkimServiceByOwnDomain, dkimServiceFor } from './dkim-services';
import type { DkimService } from './dkim-services';
import { keyLookupText, verificationText } from './key-words';
import { verifyReturned } from './returned-verification';
import type { ReturnedVerification } from './returned-verification';
import { serviceByBounceDomain } from './providers';
import { receiverConflictText, receiverVerdictFor, receiverVerdictText } from './receiver-dkim';
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
   * verifier's results), else pass when the key is usable and the receiver's words do not say DKIM failed
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

export interface AuthenticationCauses {
  causes: CauseId[];
  details: Map<CauseId, string>;
  /** the signature the DKIM causes are about: a broken key's (aligned first), else the unaligned signer's */
  signature: { domain: string; selector: string } | null;
  /** the service whose settings must change for DKIM (a broken key's, or the one signing with its own domain) */
  service: DkimService | null;
  /** the sending service whose bounce domain SPF was checked for, when SPF is not aligned */
  returnPath: { name: string; setting: string | null } | null;
}

const KEY_CAUSE: Partial<Record<KeyState, CauseId>> = { missing: 'dkim-key-missing', revoked: 'dkim-key-revoked', invalid: 'dkim-key-invalid' };

/** The causes this module adds: the ones a DMARC-only change can end (ranked before SPF record causes when SPF cannot). */
export const AUTHENTICATION_CAUSES: readonly CauseId[] = ['dkim-key-missing', 'dkim-key-revoked', 'dkim-key-invalid', 'dkim-not-aligned', 'dkim-not-signed', 'spf-not-aligned', 'no-dmarc-record'];

/**
 * The causes a DMARC evaluation and the key checks show. `beyondSpf`: the refusal is about DMARC, DKIM or
 * "unauthenticated" mail, so alignment and the missing DMARC record are causes, not only facts.
 * `headersReturned`: the bounce shows the returned message's header (so "no DKIM-Signature" means unsigned).
 */
export function authenticationCauses(report: AuthenticationReport, beyondSpf: boolean, headersReturned: boolean): AuthenticationCauses {
  const causes: CauseId[] = [];
  const details = new Map<CauseId, string>();
  let service: DkimService | null = null;
  let signature: AuthenticationCauses['signature'] = null;
  let returnPath: AuthenticationCauses['returnPath'] = null;
  const from = report.dmarc.fromDomain;
  const serviceOf = (sig: DkimSignatureCheck): DkimService | null => DKIM_SERVICES.find((s) => s.id === sig.service?.id) ?? null;
  // a broken key: aligned signatures first, they are the ones DMARC could have used
  const byRelevance = [...report.dkim].sort((a, b) => Number(b.aligned === true) - Number(a.aligned === true));
  for (const sig of byRelevance) {
    const cause = KEY_CAUSE[sig.keyState];
    if (cause === undefined) continue;
    const finding = sig.key?.findings.find((f) => f.severity === 'error');
    const line = cause === 'dkim-key-invalid' ? (finding?.message ?? 'the key record is malformed') : `selector "${sig.selector}" of ${sig.domain}`;
    if (!causes.includes(cause)) {
      causes.push(cause);
      if (cause === 'dkim-key-invalid') details.set(cause, line);
    } else {
      details.set(cause, `${details.get(cause) ?? `selector "${signature?.selector}" of ${signature?.domain}`}; also ${line}`);
    }
    if (signature === null) {
      signature = { domain: sig.domain, selector: sig.selector };
      service = serviceOf(sig);
    }
  }
  if (beyondSpf) {
    const signatures = report.dkim;
    if (signatures.length > 0 && signatures.every((s) => s.aligned === false)) {
      causes.push('dkim-not-aligned');
      const first = signatures[0] as DkimSignatureCheck;
      const own = signatures.map((s) => dkimServiceByOwnDomain(s.domain)).find((s) => s !== null) ?? serviceOf(first);
      if (signature === null) {
        signature = { domain: first.domain, selector: first.selector };
        service = own;
      }
      details.set('dkim-not-aligned', `signed with d=${signatures.map((s) => s.domain).join(', d=')}${own === null ? '' : ` (${own.name}'s own domain)`}, which does not align with ${from}`);
    } else if (signatures.length === 0 && headersReturned) {
      causes.push('dkim-not-signed');
    }
    const spf = report.dmarc.spf;
    if (spf !== null && spf.aligned === false) {
      causes.push('spf-not-aligned');
      details.set('spf-not-aligned', `SPF was checked for ${spf.domain}, which does not ${spf.mode === 'strict' ? 'equal' : 'share an Organizational Domain with'} ${from}`);
      const bounceService = serviceByBounceDomain(spf.domain);
      if (bounceService !== undefined) returnPath = { name: bounceService.name, setting: bounceService.returnPathSetting ?? null };
    }
    // RFC 9989 section 4.10.1: no record for the Author Domain, its Organizational Domain or its PSD
    const discovery = report.evaluation.discovery;
    if (discovery !== null && discovery.error === null && report.evaluation.policyDomain === null) causes.push('no-dmarc-record');
  }
  return { causes, details, signature, service, returnPath };
}

/**
 * Ranking by what ends this bounce soonest (cli-contract.md): when the refusal is about DMARC and SPF cannot
 * pass it (SPF is not aligned), the DKIM and alignment causes come before the SPF record causes; the DNS
 * causes, a service's return path and forwarding stay first.
 */
export function rankForDmarc(ordered: CauseId[], spfCanPassDmarc: boolean): CauseId[] {
  if (spfCanPassDmarc) return ordered;
  const first: CauseId[] = ['domain-not-found', 'dns-error', 'resolvers-disagree', 'return-path-domain', 'forwarding'];
  const head = ordered.filter((c) => first.includes(c));
  const auth = ordered.filter((c) => AUTHENTICATION_CAUSES.includes(c));
  return [...head, ...auth, ...ordered.filter((c) => !head.includes(c) && !auth.includes(c))];
}

/** The words of the `dmarc-policy` cause: the policy that applied, and what SPF and each DKIM signature gave. */
export function dmarcDetail(report: AuthenticationReport | null): string {
  if (report === null) return 'no From domain to evaluate DMARC for';
  const d = report.dmarc;
  const policy = d.record === null ? 'no DMARC record found' : `${d.policyTag ?? 'p'}=${d.policy ?? 'none'} of ${d.name}${d.testing ? ' with t=y' : ''}`;
  const spf = d.spf === null ? 'no SPF result' : `SPF ${d.spf.result} for ${d.spf.domain}, ${d.spf.aligned === true ? 'aligned' : d.spf.aligned === false ? `not aligned with ${d.fromDomain}, so it cannot satisfy DMARC whatever its result` : 'alignment unknown'}`;
  const dkim =
    report.dkim.length === 0
      ? 'no DKIM signature seen'
      : report.dkim
          .map((s) => {
            const verdict = receiverVerdictText(s);
            return `DKIM d=${s.domain} s=${s.selector}: key ${s.keyState}, ${s.aligned === true ? 'aligned' : s.aligned === false ? 'not aligned' : 'alignment unknown'}${verdict === null ? '' : `; ${verdict}`}${s.verification === null ? '' : `, ${verificationText(s.verification)}`}`;
          })
          .join('; ');
  return `${policy}; ${spf}; ${dkim}${d.receiverConflict === null ? '' : `. ${d.receiverConflict}`}`;
}

/** Evidence card lines for the DMARC and DKIM facts (what the DNS says today). */
export function authenticationEvidence(dmarc: DmarcSummary | null, dkim: DkimSignatureCheck[]): string[] {
  const lines: string[] = [];
  if (dmarc !== null) {
    lines.push(`From domain (DMARC): ${dmarc.fromDomain}${dmarc.fromSource === 'sender' ? ' (assumed: the envelope sender\'s domain)' : ''}`);
    lines.push(dmarc.record === null ? `DMARC record: none (tree walk from _dmarc.${dmarc.fromDomain})` : `DMARC record (${dmarc.name}): ${dmarc.record}`);
    lines.push(`DMARC now: ${dmarc.result}${dmarc.spf === null ? '' : `; SPF ${dmarc.spf.domain} ${dmarc.spf.aligned === true ? 'aligned' : dmarc.spf.aligned === false ? 'not aligned' : 'alignment unknown'} (${dmarc.spf.mode})`}`);
  }
  for (const s of dkim) {
    lines.push(`DKIM key ${keyLookupText(s)}: ${s.keyState}${s.aligned === null ? '' : s.aligned ? ', aligned' : ', not aligned'}${s.service === null ? '' : ` (${s.service.name})`}`);
    const verdict = receiverVerdictText(s);
    if (verdict !== null) lines.push(`DKIM d=${s.domain} s=${s.selector} at the receiver: ${verdict}`);
    if (s.verification !== null) lines.push(`DKIM d=${s.domain} s=${s.selector} over the returned message: ${s.verification.why}`);
  }
  if (dmarc?.receiverConflict != null) lines.push(`Disagreement: ${dmarc.receiverConflict}`);
  return lines;
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
