/**
 * The one line the banner and the popup show for DMARC (Diagnosis.dmarcLine): its result for the From domain,
 * and the shortest path to fixing it. Computed with the diagnosis, so the content script only shows the text.
 */
import { AUTHENTICATION_CAUSES } from './authentication-causes';
import type { Diagnosis } from './types';

/** Causes whose first step is the way to make DMARC pass when no SPF record can (authentication.ts ranks them). */
const DMARC_CAUSES = new Set<string>([...AUTHENTICATION_CAUSES.filter((c) => c !== 'no-dmarc-record'), 'return-path-domain']);

/** "DMARC: neither SPF nor DKIM passed for example.com. Shortest path: …", or null when DMARC was not evaluated. */
export function dmarcLine(d: Pick<Diagnosis, 'dmarc' | 'fix' | 'findings' | 'causes'>): string | null {
  const dmarc = d.dmarc;
  if (dmarc === null || dmarc === undefined || dmarc.result === undefined) return null;
  const from = dmarc.fromDomain;
  const firstStep = (): string | null => d.findings.find((f) => DMARC_CAUSES.has(f.id))?.steps[0] ?? null;
  if (dmarc.result === 'pass') return `DMARC: passes for ${from} today (an aligned SPF or DKIM pass).`;
  if (dmarc.result === 'none') {
    // said only when the refusal is about DMARC (the cause is then named); on an SPF refusal it is noise
    return d.causes.includes('no-dmarc-record') ? `DMARC: ${from} has no DMARC record (Gmail, Yahoo and Microsoft require one of bulk senders).` : null;
  }
  if (dmarc.result === 'temperror') return `DMARC: could not be decided for ${from} (a DNS error).`;
  if (dmarc.result === 'permerror') return `DMARC: the record of ${from} cannot be used.`;
  const head = `DMARC: neither SPF nor DKIM passed for ${from}.`;
  if (d.fix?.dmarc?.result === 'pass') return `${head} Shortest path: publish the SPF record below; DMARC then passes through SPF.`;
  const step = firstStep();
  return step === null ? head : `${head} Shortest path: ${step}`;
}
