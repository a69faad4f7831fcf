import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { SignatureVerification } from '../core/dkim/verify';
import { MAX_MESSAGE_TEXT } from '../messages';
import { send } from '../runtime/send';

type State = { kind: 'idle' } | { kind: 'waiting' } | { kind: 'ok'; signatures: SignatureVerification[] } | { kind: 'error'; error: string };

/** A pasted message's DKIM signatures, verified by the background with today's keys (core/dkim, the browser's WebCrypto). */
export function VerifyMessage() {
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const fieldId = useId();
  const hintId = useId();

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (text.trim() === '') {
      setState({ kind: 'error', error: 'Paste the whole message first: its header and its body.' });
      return;
    }
    setState({ kind: 'waiting' });
    const reply = await send({ type: 'verify-dkim', message: text });
    setState(reply.ok ? { kind: 'ok', signatures: reply.signatures } : { kind: 'error', error: reply.error });
  };

  return (
    <form class="verify-form" onSubmit={(event) => void submit(event)} noValidate>
      <label for={fieldId}>Whole message</label>
      <textarea
        id={fieldId}
        rows={4}
        maxLength={MAX_MESSAGE_TEXT}
        value={text}
        spellcheck={false}
        aria-describedby={hintId}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <span id={hintId} class="field-hint">
        In Gmail: ⋮ → Show original → Copy to clipboard. Each DKIM-Signature is verified with the key published today.
      </span>
      <button type="submit" disabled={state.kind === 'waiting'}>
        {state.kind === 'waiting' ? 'Verifying…' : 'Verify DKIM'}
      </button>
      <div aria-live="polite">
        {state.kind === 'error' && (
          <p class="error" data-testid="verify-error">
            {state.error}
          </p>
        )}
        {state.kind === 'ok' && state.signatures.length === 0 && <p data-testid="verify-none">The message carries no DKIM-Signature.</p>}
      </div>
      {state.kind === 'ok' && state.signatures.length > 0 && (
        <ul class="verify-results" data-testid="verify-results">
          {state.signatures.map((s, i) => (
            <li key={`${i}-${s.domain}-${s.selector}`} data-testid="verify-signature" data-result={s.result} data-reason={s.reason}>
              <strong>
                d={s.domain} s={s.selector}: <span class={`result result-${s.result}`}>{s.result}</span>
              </strong>{' '}
              {s.why}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
