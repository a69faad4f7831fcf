/**
 * The causes a DMARC evaluation and the DKIM key checks show (authentication.ts gathers them), how they rank
 * against the SPF causes, and their words: the `dmarc-policy` detail and the evidence card's lines.
 */
import type { CauseId } from './causes';
import { DKIM_SERVICES, dkimServiceByOwnDomain } from './dkim-services';
import type { DkimService } from './dkim-services';
import type { AuthenticationReport, DkimSignatureCheck, DmarcSummary, KeyState } from './authentication';
import { keyLookupText, verificationText } from './key-words';
import { serviceByBounceDomain } from './providers';
import { receiverVerdictText } from './receiver-dkim';

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
export const AUTHENTICATION_CAUSES: readonly CauseId[] = ['dkim-key-missing', 'dkim-key-revoked', 'dkim-key-invalid', 'dkim-body-changed', 'dkim-not-aligned', 'dkim-not-signed', 'spf-not-aligned', 'no-dmarc-record'];

/**
 * An aligned signature whose body hash no longer matched (RFC 6376 section 6.1.3): the receiver said so, or the
 * returned message, verified here, shows it. Its key is usable: the message changed on the way.
 */
function bodyChanged(sig: DkimSignatureCheck): 'receiver' | 'returned message' | null {
  if (sig.aligned !== true || sig.keyState !== 'usable') return null;
  if (sig.receiver?.failure === 'body-hash') return 'receiver';
  return sig.verification?.reason === 'body-hash-mismatch' ? 'returned message' : null;
}

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
  const changed = report.dkim.find((sig) => bodyChanged(sig) !== null);
  if (changed !== undefined) {
    causes.push('dkim-body-changed');
    details.set('dkim-body-changed', bodyChanged(changed) === 'receiver' ? 'the receiver said: body hash did not verify' : 'the returned message, verified with today\'s key');
    if (signature === null) {
      signature = { domain: changed.domain, selector: changed.selector };
      service = serviceOf(changed);
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
