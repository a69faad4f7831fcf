/**
 * The settings page: which DNS-over-HTTPS resolver(s) answer the SPF lookups, in which order. Saved to
 * storage.sync as soon as it changes.
 */
import { useEffect, useState } from 'preact/hooks';
import { RESOLVER_CHOICES, RESOLVERS, choiceFor, type Settings } from './settings';
import { loadSettings, saveSettings } from './storage';

type SaveState = { kind: 'loading' } | { kind: 'idle' } | { kind: 'saved' } | { kind: 'error'; error: string };

export function Options() {
  const [choice, setChoice] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'loading' });

  useEffect(() => {
    loadSettings().then(
      (settings) => {
        setSettings(settings);
        setChoice(choiceFor(settings));
        setSave({ kind: 'idle' });
      },
      (error: unknown) => setSave({ kind: 'error', error: String(error) }),
    );
  }, []);

  const pick = async (id: string): Promise<void> => {
    const picked = RESOLVER_CHOICES.find((c) => c.id === id);
    if (!picked || settings === null) return;
    setChoice(id);
    try {
      await saveSettings({ ...settings, resolvers: [...picked.order] });
      setSave({ kind: 'saved' });
    } catch (error) {
      setSave({ kind: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <main class="options">
      <h1>Bounce Explainer settings</h1>
      <fieldset disabled={choice === null}>
        <legend>DNS resolver</legend>
        <p class="hint">
          SPF records are looked up over DNS-over-HTTPS. These lookups (domain names only) are the only thing that
          leaves your browser, and they go to the resolver chosen here.
        </p>
        {RESOLVER_CHOICES.map((c) => (
          <label key={c.id} class="choice">
            <input type="radio" name="resolver" value={c.id} checked={choice === c.id} onChange={() => void pick(c.id)} />
            <span>{c.label}</span>
          </label>
        ))}
      </fieldset>
      <p class="endpoints">
        Endpoints:{' '}
        {Object.values(RESOLVERS).map((r, i) => (
          <span key={r.url}>
            {i > 0 && ', '}
            {r.label} <code>{r.url}</code>
          </span>
        ))}
      </p>
      <p role="status" data-testid="save-status" class={save.kind === 'error' ? 'error' : 'status'}>
        {save.kind === 'saved' && 'Saved.'}
        {save.kind === 'error' && `Could not save: ${save.error}`}
      </p>
    </main>
  );
}
