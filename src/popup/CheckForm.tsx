import { useRef, useState } from 'preact/hooks';
import type { JSX, RefObject } from 'preact';
import { checkFieldProblems, type CheckFields, type FieldProblems } from './view';

export interface CheckInput {
  domain: string;
  ip?: string;
  sender?: string;
  helo?: string;
  selector?: string;
}

interface Props {
  busy: boolean;
  onCheck: (input: CheckInput) => Promise<void>;
  /** the fields as first shown (a bounce's domain and sender, view.ts checkPrefill); empty without */
  initial?: CheckFields | null;
}

const FIELDS: readonly { id: keyof CheckFields; label: string; placeholder: string; hint?: string }[] = [
  { id: 'domain', label: 'Domain', placeholder: 'example.com' },
  { id: 'ip', label: 'Client IP (optional)', placeholder: '192.0.2.10 or 2001:db8::1', hint: 'The server that sent the mail; the bounce names it.' },
  { id: 'sender', label: 'Sender (optional)', placeholder: 'alice@example.com' },
  { id: 'helo', label: 'HELO name (optional)', placeholder: 'mail.example.com' },
  { id: 'selector', label: 'DKIM selector (optional)', placeholder: 'google, selector1, s1', hint: 'The s= of a DKIM-Signature: its key is looked up too.' },
];

const EMPTY: CheckFields = { domain: '', ip: '', sender: '', helo: '', selector: '' };

function Field(props: {
  id: keyof CheckFields;
  label: string;
  placeholder: string;
  hint?: string;
  value: string;
  problem?: string;
  inputRef: RefObject<HTMLInputElement>;
  onInput: (value: string) => void;
}) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.problem ? `${props.id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={props.id}>
        <span>{props.label}</span>
      </label>
      <input
        id={props.id}
        name={props.id}
        ref={props.inputRef}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        placeholder={props.placeholder}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={props.problem ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        aria-required={props.id === 'domain' ? 'true' : undefined}
      />
      {props.hint && (
        <span id={`${props.id}-hint`} class="field-hint">
          {props.hint}
        </span>
      )}
      {props.problem && (
        <span id={`${props.id}-problem`} class="field-problem" data-testid={`${props.id}-problem`}>
          {props.problem}
        </span>
      )}
    </div>
  );
}

/** The domain (required) and the RFC 7208 check_host() inputs a bounce names: client IP, sender, HELO. */
export function CheckForm({ busy, onCheck, initial }: Props) {
  const [fields, setFields] = useState<CheckFields>(initial ?? EMPTY);
  const [problems, setProblems] = useState<FieldProblems>({});
  const refs = {
    domain: useRef<HTMLInputElement>(null),
    ip: useRef<HTMLInputElement>(null),
    sender: useRef<HTMLInputElement>(null),
    helo: useRef<HTMLInputElement>(null),
    selector: useRef<HTMLInputElement>(null),
  };

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const found = checkFieldProblems(fields);
    setProblems(found);
    const first = FIELDS.find((f) => found[f.id] !== undefined);
    if (first) {
      refs[first.id].current?.focus();
      return;
    }
    const input: CheckInput = { domain: fields.domain.trim() };
    if (fields.ip.trim()) input.ip = fields.ip.trim();
    if (fields.sender.trim()) input.sender = fields.sender.trim();
    if (fields.helo.trim()) input.helo = fields.helo.trim();
    if (fields.selector.trim()) input.selector = fields.selector.trim();
    void onCheck(input);
  };

  return (
    <form class="check-form" onSubmit={submit} noValidate>
      {FIELDS.map((f) => (
        <Field
          key={f.id}
          {...f}
          value={fields[f.id]}
          problem={problems[f.id]}
          inputRef={refs[f.id]}
          onInput={(value) => {
            setFields((old) => ({ ...old, [f.id]: value }));
            // a problem goes away as soon as the field is edited; it is checked again on submit
            if (problems[f.id]) setProblems((old) => ({ ...old, [f.id]: undefined }));
          }}
        />
      ))}
      <button type="submit" disabled={busy}>
        {busy ? 'Checking…' : 'Check SPF'}
      </button>
    </form>
  );
}
