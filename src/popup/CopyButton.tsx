import { useState } from 'preact/hooks';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` to the clipboard from the click (a user gesture, so no clipboard permission is needed). */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [state, setState] = useState<CopyState>('idle');

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <div class="copy">
      <button type="button" class="secondary" onClick={() => void copy()} data-testid={testId}>
        {label}
      </button>
      <span role="status" class={state === 'failed' ? 'error' : 'copy-status'}>
        {state === 'copied' && 'Copied.'}
        {state === 'failed' && 'Could not copy: select the text and copy it by hand.'}
      </span>
    </div>
  );
}
