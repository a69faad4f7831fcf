import { useEffect, useId, useRef } from 'preact/hooks';
import type { Diagnosis, Fix } from '../core/diagnose/diagnose';
import { CopyButton } from './CopyButton';
import { fixCopyText, ttlWords } from './view';

/** The user's answer to fix.authorizes.question (state lifted to DiagnosisView: the evidence waits for it too). */
export type Answer = 'asked' | 'yes' | 'no';

/**
 * A record that lets a new IP or service pass (fix.authorizes) is a question first: the record is shown only
 * after "yes" (a person's click: untrusted events are ignored); "no" says what it means instead.
 */
function AskFirst({ fix, diagnosis, answer, setAnswer }: { fix: Fix; diagnosis: Diagnosis; answer: Answer; setAnswer: (answer: Answer) => void }) {
  const headingId = useId();
  const refusalRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (answer === 'no') refusalRef.current?.focus();
  }, [answer]);
  const question = fix.authorizes?.question ?? '';
  if (answer === 'yes') return <VerifiedFix fix={fix} ip={diagnosis.ip} focusCopy />;
  return (
    <section class="fix" data-testid="fix" aria-labelledby={headingId}>
      <h3 id={headingId}>Before the fix: a question</h3>
      <p class="question" data-testid="fix-question">
        {question} Publish the record only if the answer is yes.
      </p>
      {answer === 'asked' ? (
        <div class="answers" role="group" aria-label={question}>
          <button
            type="button"
            data-testid="confirm-fix"
            data-bounce-explainer="confirm"
            onClick={(event) => event.isTrusted && setAnswer('yes')}
          >
            Yes, show the record
          </button>
          <button type="button" class="secondary" data-testid="deny-fix" onClick={(event) => event.isTrusted && setAnswer('no')}>
            No
          </button>
        </div>
      ) : (
        <p class="refusal" data-testid="fix-refusal" tabIndex={-1} ref={refusalRef}>
          {fix.authorizes?.ifNot}
        </p>
      )}
    </section>
  );
}

/** The verified record change: where, what type, the value (and its strings), the TTL to wait out. */
function VerifiedFix({ fix, ip, focusCopy = false }: { fix: Fix; ip: string | null; focusCopy?: boolean }) {
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
      <CopyButton text={fixCopyText(fix)} label="Copy the record" testId="copy-fix" autoFocus={focusCopy} />
    </section>
  );
}

/** The fix, or why there is none, or the unverified proposal (policy without an IP). */
export function FixView({ diagnosis, answer, setAnswer }: { diagnosis: Diagnosis; answer: Answer; setAnswer: (answer: Answer) => void }) {
  const headingId = useId();
  if (diagnosis.fix !== null) {
    const { fix } = diagnosis;
    return fix.authorizes !== null ? <AskFirst fix={fix} diagnosis={diagnosis} answer={answer} setAnswer={setAnswer} /> : <VerifiedFix fix={fix} ip={diagnosis.ip} />;
  }
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
