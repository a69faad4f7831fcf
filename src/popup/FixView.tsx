import { useId } from 'preact/hooks';
import type { Diagnosis, Fix } from '../core/diagnose/diagnose';
import { CopyButton } from './CopyButton';
import { fixCopyText, ttlWords } from './view';

/** The verified record change: where, what type, the value (and its strings), the TTL to wait out. */
function VerifiedFix({ fix, ip }: { fix: Fix; ip: string | null }) {
  const headingId = useId();
  return (
    <section class="fix" data-testid="fix" aria-labelledby={headingId}>
      <h3 id={headingId}>Verified fix</h3>
      <p class="hint">
        {ip === null ? 'Checked' : `Checked: with this record, ${ip} gets`} SPF {fix.check.result} ({fix.check.lookups.count} of 10 DNS
        lookups).
      </p>
      <dl class="fields">
        <dt>Name</dt>
        <dd>
          <code data-testid="fix-name">{fix.name}</code>
        </dd>
        <dt>Type</dt>
        <dd>
          <code>{fix.type}</code>
        </dd>
        <dt>Value</dt>
        <dd>
          <code class="record" data-testid="fix-record">
            {fix.record}
          </code>
        </dd>
        {fix.strings.length > 1 && (
          <>
            <dt>As strings</dt>
            <dd>
              <p class="hint">Longer than 255 characters: enter it as these {fix.strings.length} character-strings of one record.</p>
              <ol class="strings">
                {fix.strings.map((s, i) => (
                  <li key={i}>
                    <code class="record">{s}</code>
                  </li>
                ))}
              </ol>
            </dd>
          </>
        )}
        {fix.replaces.length > 0 && (
          <>
            <dt>Replaces</dt>
            <dd>
              {fix.replaces.map((r) => (
                <code class="record old" key={r}>
                  {r}
                </code>
              ))}
            </dd>
          </>
        )}
        {fix.ttl !== null && (
          <>
            <dt>TTL</dt>
            <dd data-testid="fix-ttl">Receivers may keep the old record for up to {ttlWords(fix.ttl)} after the change.</dd>
          </>
        )}
      </dl>
      {fix.staleTerms.length > 0 && (
        <p class="hint">
          These terms may be stale (left in; remove them if you no longer use them):{' '}
          {fix.staleTerms.map((t, i) => (
            <span key={t}>
              {i > 0 && ', '}
              <code>{t}</code>
            </span>
          ))}
        </p>
      )}
      <CopyButton text={fixCopyText(fix)} label="Copy the record" testId="copy-fix" />
    </section>
  );
}

/** The fix, or why there is none, or the unverified proposal (policy without an IP). */
export function FixView({ diagnosis }: { diagnosis: Diagnosis }) {
  const headingId = useId();
  if (diagnosis.fix !== null) return <VerifiedFix fix={diagnosis.fix} ip={diagnosis.ip} />;
  if (diagnosis.noFix !== null) {
    return (
      <section class="fix" data-testid="no-fix" aria-labelledby={headingId}>
        <h3 id={headingId}>No record change to propose</h3>
        <p>{diagnosis.noFix}</p>
      </section>
    );
  }
  if (diagnosis.proposal !== null) {
    const { proposal } = diagnosis;
    return (
      <section class="fix unverified" data-testid="proposal" aria-labelledby={headingId}>
        <h3 id={headingId}>Proposed record (not verified)</h3>
        <p class="hint">{proposal.note}</p>
        <dl class="fields">
          <dt>Name</dt>
          <dd>
            <code>{proposal.name}</code>
          </dd>
          <dt>Type</dt>
          <dd>
            <code>TXT</code>
          </dd>
          <dt>Value</dt>
          <dd>
            <code class="record">{proposal.record}</code>
          </dd>
        </dl>
        <CopyButton text={proposal.record} label="Copy the proposed record" />
      </section>
    );
  }
  return null;
}
