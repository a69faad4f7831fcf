export type CacheState = { kind: 'idle' } | { kind: 'clearing' } | { kind: 'cleared' } | { kind: 'error'; error: string };

/** Empties the background's DNS cache, so the next check asks the resolver again (after a DNS change). */
export function CacheControl({ state, onClear }: { state: CacheState; onClear: () => void }) {
  return (
    <fieldset>
      <legend>DNS cache</legend>
      <p class="hint">Answers are kept for their TTL. Clear them after changing a record to check the new one at once.</p>
      <div class="inline">
        <button type="button" onClick={onClear} disabled={state.kind === 'clearing'}>
          Clear the cache
        </button>
        <span role="status" data-testid="cache-status" class={state.kind === 'error' ? 'error' : 'status'}>
          {state.kind === 'clearing' && 'Clearing…'}
          {state.kind === 'cleared' && 'Cache cleared.'}
          {state.kind === 'error' && `Could not clear the cache: ${state.error}`}
        </span>
      </div>
    </fieldset>
  );
}
