/**
 * The settings page: which DNS-over-HTTPS resolver(s) answer the SPF lookups and in which order (Cloudflare,
 * Google, or the user's own https URL), bounce detection per webmail, and emptying the DNS cache. Each change
 * is saved to storage.sync at once; the background reads the settings per check and the content script
 * follows storage.onChanged, so nothing needs a reload. State lives here, once, in
 * three named parts: the stored settings (useSettings), the resolver picker's draft (useResolverDraft, with
 * resolverActions) and the cache button (useCacheClear).
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

/** The stored settings: read once, written at each change; `save` says how the last write went. */
function useSettings(onLoad: (loaded: Settings) => void) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });

  useEffect(() => {
    loadSettings().then(
      (loaded) => {
        setSettings(loaded);
        onLoad(loaded);
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
  return { settings, loadError, save, setSave, store };
}

type StoredSettings = ReturnType<typeof useSettings>;

/** What the resolver picker shows before (or instead of) being saved. */
function useResolverDraft() {
  /** the radio picked; it differs from the stored order while a custom URL is still to be given */
  const [choice, setChoice] = useState<string | null>(null);
  const [customDraft, setCustomDraft] = useState('');
  const [customProblem, setCustomProblem] = useState<string | null>(null);
  /** the host the browser is asking the user about, while its prompt is open */
  const [asking, setAsking] = useState<string | null>(null);
  const loaded = (settings: Settings): void => {
    setChoice(choiceFor(settings));
    setCustomDraft(settings.customResolver ?? '');
  };
  return { choice, setChoice, customDraft, setCustomDraft, customProblem, setCustomProblem, asking, setAsking, loaded };
}

type ResolverDraft = ReturnType<typeof useResolverDraft>;

/**
 * Asks the browser for the custom resolver's origin. It must be the first thing the click does: both
 * browsers grant optional permissions only while the user gesture is fresh. Resolves to an error sentence or null.
 */
function requestOrigin(url: string, setAsking: (host: string | null) => void): Promise<string | null> {
  const host = new URL(url).host;
  const request = browser.permissions.request({ origins: [originPattern(url)] });
  setAsking(host);
  return request
    .then(
      (granted) => (granted ? null : `The browser did not allow the extension to reach ${host}, so the resolver was not saved.`),
      (error: unknown) => `The browser refused to ask for ${host}: ${message(error)}`,
    )
    .finally(() => setAsking(null));
}

/** Picking an order and saving a custom URL: each is saved only with the browser's leave to reach it. */
function resolverActions({ settings, store, setSave }: StoredSettings, draft: ResolverDraft) {
  const pick = (id: string): void => {
    const picked = RESOLVER_CHOICES.find((c) => c.id === id);
    if (!picked || settings === null) return;
    draft.setChoice(id);
    draft.setCustomProblem(null);
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
    void requestOrigin(url, draft.setAsking).then((problem) => {
      if (problem !== null) draft.setCustomProblem(problem);
      else void store({ ...settings, resolvers: [...picked.order] });
    });
  };

  const saveCustom = (): void => {
    if (settings === null || draft.choice === null) return;
    const checked = validateCustomResolver(draft.customDraft);
    if (!checked.ok) {
      draft.setCustomProblem(checked.message);
      return;
    }
    const order = RESOLVER_CHOICES.find((c) => c.id === draft.choice)?.order ?? ['custom'];
    void requestOrigin(checked.url, draft.setAsking).then((problem) => {
      draft.setCustomProblem(problem);
      if (problem === null) {
        draft.setCustomDraft(checked.url);
        void store({ ...settings, customResolver: checked.url, resolvers: [...order] });
      }
    });
  };

  const input = (value: string): void => {
    draft.setCustomDraft(value);
    draft.setCustomProblem(null);
  };
  return { pick, saveCustom, input };
}

/** The cache button's state: asks the background to empty its DNS cache. */
function useCacheClear() {
  const [cache, setCache] = useState<CacheState>({ kind: 'idle' });
  const clear = async (): Promise<void> => {
    setCache({ kind: 'clearing' });
    const reply = await send({ type: 'clear-cache' });
    setCache(reply.ok ? { kind: 'cleared' } : { kind: 'error', error: reply.error });
  };
  return { cache, clear };
}

function SaveStatus({ save }: { save: SaveState }) {
  return (
    <p role="status" data-testid="save-status" class={save.kind === 'error' ? 'error' : 'status'}>
      {save.kind === 'saved' && 'Saved.'}
      {save.kind === 'error' && `Could not save: ${save.error}`}
    </p>
  );
}

export function Options() {
  const draft = useResolverDraft();
  const stored = useSettings(draft.loaded);
  const resolver = resolverActions(stored, draft);
  const { cache, clear } = useCacheClear();
  const { settings, loadError } = stored;

  const toggleDetection = (site: WebmailId, enabled: boolean): void => {
    if (settings === null) return;
    void stored.store({ ...settings, detection: { ...settings.detection, [site]: enabled } });
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
        choice={draft.choice}
        disabled={settings === null}
        showCustom={draft.choice !== null && usesCustom(draft.choice)}
        customDraft={draft.customDraft}
        customSaved={settings?.customResolver ?? null}
        customProblem={draft.customProblem}
        asking={draft.asking}
        onPick={resolver.pick}
        onCustomInput={resolver.input}
        onSaveCustom={resolver.saveCustom}
      />
      <DetectionChoice detection={settings?.detection ?? null} onToggle={toggleDetection} />
      <SaveStatus save={stored.save} />
      <CacheControl state={cache} onClear={() => void clear()} />
    </main>
  );
}
