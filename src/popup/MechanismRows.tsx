import { useId } from 'preact/hooks';
import type { Diagnosis } from '../core/diagnose/diagnose';
import { keyLookupText, verificationText } from '../core/diagnose/key-words';
import { failedAtReceiver, receiverVerdictText } from '../core/diagnose/receiver-dkim';

type Tone = 'pass' | 'fail' | 'unknown';

export interface Row {
  key: string;
  mechanism: string;
  result: string;
  tone: Tone;
  /** what the DNS says today, as written there */
  evidence: string;
}

const alignment = (a: boolean | null): string => (a === true ? 'aligned with the From domain' : a === false ? 'not aligned with the From domain' : 'alignment unknown');

const KEY_WORDS: Record<string, string> = {
  usable: 'key published',
  missing: 'no key published',
  revoked: 'key revoked (empty p=)',
  invalid: 'key unusable',
  'dns-error': 'key lookup failed (DNS)',
  'not-looked-up': 'key not looked up',
};

/** One row per mechanism: SPF, each DKIM signature, DMARC, with what the DNS says for each (and the receiver said). */
export function mechanismRows(d: Diagnosis): Row[] {
  const out: Row[] = [];
  const spf = d.dmarc?.spf ?? null;
  const spfResult = d.result ?? spf?.result ?? 'not checked';
  out.push({
    key: 'spf',
    mechanism: 'SPF',
    result: spfResult,
    tone: spfResult === 'pass' ? (spf?.aligned === false ? 'fail' : 'pass') : spfResult === 'not checked' ? 'unknown' : 'fail',
    evidence: `${d.domain}${spf === null ? '' : `, ${alignment(spf.aligned)} (${spf.mode})`}${d.records[0] === undefined ? ', no SPF record' : `: ${d.records[0]}`}`,
  });
  for (const s of d.dkim) {
    // the receiver's own verdict, where it gave one, is what happened to this message
    const verdict = receiverVerdictText(s);
    out.push({
      key: `dkim-${s.domain}-${s.selector}`,
      mechanism: `DKIM d=${s.domain} s=${s.selector}`,
      result: `${KEY_WORDS[s.keyState] ?? s.keyState}${s.receiver == null ? '' : `; receiver: dkim=${s.receiver.result}`}`,
      tone: failedAtReceiver(s.receiver) ? 'fail' : s.keyState === 'usable' && s.aligned !== false ? 'pass' : s.keyState === 'dns-error' || s.keyState === 'not-looked-up' ? 'unknown' : 'fail',
      evidence: `${keyLookupText(s, ' → ')}, ${alignment(s.aligned)}${s.service === null ? '' : `; ${s.service.by === 'selector' ? 'probably ' : ''}${s.service.name}`}${verdict === null ? '' : `; ${verdict}`}${s.verification === null ? '' : `; ${verificationText(s.verification)}`}`,
    });
  }
  if (d.dmarc !== null && d.dmarc.result !== undefined) {
    out.push({
      key: 'dmarc',
      mechanism: 'DMARC',
      result: d.dmarc.result,
      tone: d.dmarc.result === 'pass' ? 'pass' : d.dmarc.result === 'temperror' ? 'unknown' : 'fail',
      evidence: `${d.dmarc.record === null ? `no record for ${d.dmarc.fromDomain} (DNS tree walk)` : `${d.dmarc.name}: ${d.dmarc.record}`}${d.dmarc.receiverConflict == null ? '' : `. ${d.dmarc.receiverConflict}`}`,
    });
  }
  return out;
}

/** The popup's per-mechanism rows (SPF, DKIM per signature, DMARC) with the evidence, when DMARC was evaluated. */
export function MechanismRows({ diagnosis }: { diagnosis: Diagnosis }) {
  const captionId = useId();
  if (diagnosis.dmarc === null || diagnosis.dmarc.result === undefined) return null;
  const line = diagnosis.dmarcLine;
  return (
    <section class="mechanisms" data-testid="mechanisms" aria-labelledby={captionId}>
      <h3 id={captionId}>SPF, DKIM and DMARC for {diagnosis.dmarc.fromDomain}</h3>
      {line !== null && (
        <p class="dmarc-line" data-testid="dmarc-line">
          {line}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Today</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {mechanismRows(diagnosis).map((row) => (
            <tr key={row.key} data-testid={`mechanism-${row.key}`}>
              <th scope="row">{row.mechanism}</th>
              <td class={`tone-${row.tone}`}>{row.result}</td>
              <td>
                <code>{row.evidence}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
