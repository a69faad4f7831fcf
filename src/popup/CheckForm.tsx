import { useState } from 'preact/hooks';
import type { JSX } from 'preact';

export interface CheckInput {
  domain: string;
  ip?: string;
  sender?: string;
  helo?: string;
}

interface Props {
  busy: boolean;
  onCheck: (input: CheckInput) => Promise<void>;
}

/** The domain (required) and the RFC 7208 check_host() inputs a bounce names: client IP, sender, HELO. */
export function CheckForm({ busy, onCheck }: Props) {
  const [domain, setDomain] = useState('');
  const [ip, setIp] = useState('');
  const [sender, setSender] = useState('');
  const [helo, setHelo] = useState('');

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const input: CheckInput = { domain: domain.trim() };
    if (ip.trim()) input.ip = ip.trim();
    if (sender.trim()) input.sender = sender.trim();
    if (helo.trim()) input.helo = helo.trim();
    void onCheck(input);
  };

  const field = (id: string, label: string, value: string, set: (v: string) => void, extra: Record<string, string | boolean> = {}) => (
    <label for={id}>
      <span>{label}</span>
      <input
        id={id}
        name={id}
        value={value}
        onInput={(event) => set(event.currentTarget.value)}
        autocomplete="off"
        spellcheck={false}
        {...extra}
      />
    </label>
  );

  return (
    <form class="check-form" onSubmit={submit}>
      {field('domain', 'Domain', domain, setDomain, { required: true, placeholder: 'example.com' })}
      {field('ip', 'Client IP (optional)', ip, setIp, { placeholder: '192.0.2.10 or 2001:db8::1' })}
      {field('sender', 'Sender (optional)', sender, setSender, { placeholder: 'alice@example.com' })}
      {field('helo', 'HELO name (optional)', helo, setHelo, { placeholder: 'mail.example.com' })}
      <button type="submit" disabled={busy}>
        {busy ? 'Checking…' : 'Check SPF'}
      </button>
    </form>
  );
}
