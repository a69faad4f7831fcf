import { useId, useState } from 'preact/hooks';
import { evidenceBeforeAnswer } from '../core/diagnose/authorize';
import type { CauseFinding, Diagnosis } from '../core/diagnose/diagnose';
import { CopyButton } from './CopyButton';
import { FixView, type Answer } from './FixView';
import { MechanismRows } from './MechanismRows';

function Cause({ diagnosis }: { diagnosis: Diagnosis }) {
  const headingId = useId();
  return (
    <section class="cause" data-testid="cause" aria-labelledby={headingId}>
      <h3 id={headingId}>{diagnosis.title}</h3>
      <p>{diagnosis.summary}</p>
      {diagnosis.steps.length > 0 && (
        <ol class="steps">
          {diagnosis.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

function OtherCauses({ findings }: { findings: CauseFinding[] }) {
  const headingId = useId();
  if (findings.length === 0) return null;
  return (
    <section class="other-causes" data-testid="other-causes" aria-labelledby={headingId}>
      <h3 id={headingId}>Also found</h3>
      <ul>
        {findings.map((finding) => (
          <li key={finding.id}>
            <strong>{finding.title}</strong>
            <p>{finding.summary}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Evidence({ evidence }: { evidence: string }) {
  const headingId = useId();
  return (
    <section class="evidence" data-testid="evidence" aria-labelledby={headingId}>
      <h3 id={headingId}>Evidence for a ticket</h3>
      <pre tabIndex={0} aria-labelledby={headingId}>{evidence}</pre>
      <CopyButton text={evidence} label="Copy the evidence" testId="copy-evidence" />
    </section>
  );
}

/** What is asked: a yes to one diagnosis's question is never carried over to another's record. */
function questionKey(diagnosis: Diagnosis): string {
  const { fix } = diagnosis;
  return fix === null || fix.authorizes === null ? '' : `${diagnosis.domain} ${diagnosis.ip ?? ''} ${fix.authorizes.question} ${fix.record}`;
}

/** Today's verdict, the cause in words, the fix, other causes and the evidence card. */
export function DiagnosisView({ diagnosis }: { diagnosis: Diagnosis }) {
  const key = questionKey(diagnosis);
  const [answered, setAnswered] = useState<{ key: string; answer: Answer }>({ key: '', answer: 'asked' });
  const answer: Answer = answered.key === key ? answered.answer : 'asked';
  // before the yes, the evidence card does not show the record either
  const evidence = key !== '' && answer !== 'yes' ? evidenceBeforeAnswer(diagnosis.evidence) : diagnosis.evidence;
  return (
    <div class="diagnosis" data-testid="diagnosis">
      <p class={`verdict result-${diagnosis.result ?? 'none'}`} data-testid="verdict">
        {diagnosis.verdict}
      </p>
      <Cause diagnosis={diagnosis} />
      <MechanismRows diagnosis={diagnosis} />
      <FixView diagnosis={diagnosis} answer={answer} setAnswer={(next) => setAnswered({ key, answer: next })} />
      <OtherCauses findings={diagnosis.findings.slice(1)} />
      <Evidence evidence={evidence} />
    </div>
  );
}
