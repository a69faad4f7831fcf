/**
 * The settings page: which DNS-over-HTTPS resolver(s) answer the SPF lookups and in which order (Cloudflare,
 * Google, or the user's own https URL), bounce detection per webmail, and emptying the DNS cache. Each change
 * is saved to storage.sync at once; the background reads the settings per check and the content script
 * follows storage.onChanged, so nothing needs a reload. State lives here, once.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { send } from '../runtime/send';
import { CacheControl, type CacheState } from './CacheControl';
import { DetectionChoice } from './DetectionChoice';
import { ResolverChoice } from './ResolverChoice';
import { RESOLVER_CHOICES, choiceFor, originPattern, usesCustom, validateCustomResolver, type Settings, type WebmailId } from '../settings/settings';
import { loadSettings, saveSettings } from '../settings/storage';

export type SaveState = { kind: 'idle' } | { kind: 'saved' } | { kind: 'error'; error: string };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  /** the radio picked; it differs from the stored order while a custom URL is still to be given */
  const [choice, setChoice] = useState<string | null>(null);
  const [customDraft, setCustomDraft] = useState('');
  const [customProblem, setCustomProblem] = useState<string | null>(null);
  /** the host the browser is asking the user about, while its prompt is open */
  const [asking, setAsking] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [cache, setCache] = useState<CacheState>({ kind: 'idle' });

  useEffect(() => {
    loadSettings().then(
      (loaded) => {
        setSettings(loaded);
        setChoice(choiceFor(loaded));
        setCustomDraft(loaded.customResolver ?? '');
      },
      (error: unknown) => setLoadError(message(error)),
    );
  }, []);

  const store = async (next: Settings): Promise<void> => {
    try {
      await saveSettings(next);
      setSettings(next);
      setSave({ kind: 'saved' });
    } catch (error) {
      setSave({ kind: 'error', error: message(error) });
    }
  };

  /**
   * Asks the browser for the custom resolver's origin. It must be the first thing the click does: both
   * browsers grant optional permissions only while the user gesture is fresh. Resolves to an error sentence or null.
   */
  const requestOrigin = (url: string): Promise<string | null> => {
    const host = new URL(url).host;
    const request = browser.permissions.request({ origins: [originPattern(url)] });
    setAsking(host);
    return request
      .then(
        (granted) => (granted ? null : `The browser did not allow the extension to reach ${host}, so the resolver was not saved.`),
        (error: unknown) => `The browser refused to ask for ${host}: ${message(error)}`,
      )
      .finally(() => setAsking(null));
  };

  const pickResolver = (id: string): void => {
    const picked = RESOLVER_CHOICES.find((c) => c.id === id);
    if (!picked || settings === null) return;
    setChoice(id);
    setCustomProblem(null);
    if (!picked.order.includes('custom')) {
      void store({ ...settings, resolvers: [...picked.order] });
      return;
    }
    // a custom order is saved only with a URL the browser lets the background reach
    if (settings.customResolver === null) {
      setSave({ kind: 'idle' });
      return;
    }
    const url = settings.customResolver;
    void requestOrigin(url).then((problem) => {
      if (problem !== null) setCustomProblem(problem);
      else void store({ ...settings, resolvers: [...picked.order] });
    });
  };

  const saveCustom = (): void => {
    if (settings === null || choice === null) return;
    const checked = validateCustomResolver(customDraft);
    if (!checked.ok) {
      setCustomProblem(checked.message);
      return;
    }
    const order = RESOLVER_CHOICES.find((c) => c.id === choice)?.order ?? ['custom'];
    void requestOrigin(checked.url).then((problem) => {
      setCustomProblem(problem);
      if (problem === null) {
        setCustomDraft(checked.url);
        void store({ ...settings, customResolver: checked.url, resolvers: [...order] });
      }
    });
  };

  const toggleDetection = (site: WebmailId, enabled: boolean): void => {
    if (settings === null) return;
    void store({ ...settings, detection: { ...settings.detection, [site]: enabled } });
  };

  const clearCache = async (): Promise<void> => {
    setCache({ kind: 'clearing' });
    const reply = await send({ type: 'clear-cache' });
    setCache(reply.ok ? { kind: 'cleared' } : { kind: 'error', error: reply.error });
  };

  return (
    <main class="options">
      <h1>Bounce Explainer settings</h1>
      {loadError !== null && (
        <p role="alert" class="error">
          Could not read the settings: {loadError}
        </p>
      )}
      <ResolverChoice
        choice={choice}
        disabled={settings === null}
        showCustom={choice !== null && usesCustom(choice)}
        customDraft={customDraft}
        customSaved={settings?.customResolver ?? null}
        customProblem={customProblem}
        asking={asking}
        onPick={pickResolver}
        onCustomInput={(value) => {
          setCustomDraft(value);
          setCustomProblem(null);
        }}
        onSaveCustom={saveCustom}
      />
      <DetectionChoice detection={settings?.detection ?? null} onToggle={toggleDetection} />
      <p role="status" data-testid="save-status" class={save.kind === 'error' ? 'error' : 'status'}>
        {save.kind === 'saved' && 'Saved.'}
        {save.kind === 'error' && `Could not save: ${save.error}`}
      </p>
      <CacheControl state={cache} onClear={() => void clearCache()} />
    </main>
  );
}
