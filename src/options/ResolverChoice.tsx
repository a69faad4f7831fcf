import type { JSX } from 'preact';
import { RESOLVER_CHOICES, RESOLVERS } from '../settings/settings';

interface Props {
  choice: string | null;
  disabled: boolean;
  /** a custom order is picked: ask for the URL */
  showCustom: boolean;
  customDraft: string;
  customSaved: string | null;
  customProblem: string | null;
  /** the host the browser's permission prompt is about, while it is open */
  asking: string | null;
  onPick: (id: string) => void;
  onCustomInput: (value: string) => void;
  onSaveCustom: () => void;
}

/** The resolver order, and the user's own resolver URL when an order with it is picked. */
export function ResolverChoice(props: Props) {
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    props.onSaveCustom();
  };
  return (
    <fieldset disabled={props.disabled}>
      <legend>DNS resolver</legend>
      <p class="hint">
        SPF records are looked up over DNS-over-HTTPS. These lookups (domain names only) are the only thing that leaves
        your browser, and they go to the resolver chosen here. The second one is asked when the first fails.
      </p>
      {RESOLVER_CHOICES.map((c) => (
        <label key={c.id} class="choice">
          <input type="radio" name="resolver" value={c.id} checked={props.choice === c.id} onChange={() => props.onPick(c.id)} />
          <span>{c.label}</span>
        </label>
      ))}
      {props.showCustom && (
        <form class="custom-resolver" onSubmit={submit} noValidate data-testid="custom-resolver">
          <label for="custom-url">Your resolver's DNS-over-HTTPS JSON URL (https only)</label>
          <div class="inline">
            <input
              id="custom-url"
              type="url"
              value={props.customDraft}
              placeholder="https://dns.example/dns-query"
              autocomplete="off"
              spellcheck={false}
              aria-invalid={props.customProblem !== null ? 'true' : undefined}
              aria-describedby={props.customProblem !== null ? 'custom-url-problem custom-url-hint' : 'custom-url-hint'}
              onInput={(event) => props.onCustomInput(event.currentTarget.value)}
            />
            <button type="submit" disabled={props.asking !== null}>
              Use this resolver
            </button>
          </div>
          <p id="custom-url-hint" class="hint">
            It must answer Google's or Cloudflare's JSON API (<code>?name=…&amp;type=TXT</code>). The browser asks you to
            let the extension reach that server.
            {props.customSaved !== null && (
              <>
                {' '}
                In use: <code>{props.customSaved}</code>
              </>
            )}
          </p>
          <p role="status" class="status" data-testid="custom-url-asking">
            {props.asking !== null && `Waiting for your answer in the browser's prompt: may the extension reach ${props.asking}?`}
          </p>
          {props.customProblem !== null && (
            <p id="custom-url-problem" class="error" data-testid="custom-url-problem">
              {props.customProblem}
            </p>
          )}
        </form>
      )}
      <p class="endpoints">
        Built in:{' '}
        {Object.values(RESOLVERS).map((r, i) => (
          <span key={r.url}>
            {i > 0 && ', '}
            {r.label} <code>{r.url}</code>
          </span>
        ))}
      </p>
    </fieldset>
  );
}
