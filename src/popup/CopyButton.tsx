import { useEffect, useRef, useState } from 'preact/hooks';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` to the clipboard from the click (a user gesture, so no clipboard permission is needed). */
export function CopyButton({ text, label, testId, autoFocus = false }: { text: string; label: string; testId?: string; autoFocus?: boolean }) {
  const [state, setState] = useState<CopyState>('idle');
  const buttonRef = useRef<HTMLButtonElement>(null);
  // shown in answer to a click elsewhere (the "yes" it replaces): focus follows, so keyboard users are not lost
  useEffect(() => {
    if (autoFocus) buttonRef.current?.focus();
  }, [autoFocus]);

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
      <button type="button" class="secondary" onClick={() => void copy()} data-testid={testId} ref={buttonRef}>
        {label}
      </button>
      <span role="status" class={state === 'failed' ? 'error' : 'copy-status'}>
        {state === 'copied' && 'Copied.'}
        {state === 'failed' && 'Could not copy: select the text and copy it by hand.'}
      </span>
    </div>
  );
}
