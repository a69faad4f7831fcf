/**
 * Watches a single-page webmail for message bodies: one read of the page as it is, then only the subtrees
 * that mutations add, collected over a burst and looked at in one pass when the browser is idle. A page
 * that re-renders constantly costs one Set insertion per added node until the pass.
 */

/** Webmail pages add a conversation in many small mutations: wait this long after the first for the rest. */
const BURST_MS = 200;
/** The idle callback's deadline: a busy page still gets its pass. */
const IDLE_TIMEOUT_MS = 1000;

export interface BodyWatch {
  stop(): void;
}

function idle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(callback, 0);
}

/**
 * Calls `onBodies` with the elements matching `selector` that are in the page now, then with those that
 * appear or change later: an element whose content was added to counts, and so does one whose text changed
 * in place (a characterData mutation: a webmail that updates a text node instead of replacing it). Elements inside `ignore`
 * (the extension's own banners) are never reported, and their mutations never start a pass.
 */
export function watchBodies(selector: string, ignore: string, onBodies: (bodies: Element[]) => void): BodyWatch {
  const added = new Set<Element>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const pass = (): void => {
    timer = undefined;
    if (stopped) return;
    const bodies = new Set<Element>();
    for (const node of added) {
      if (!node.isConnected || node.closest(ignore) !== null) continue;
      const around = node.closest(selector);
      if (around !== null) bodies.add(around);
      for (const body of node.querySelectorAll(selector)) bodies.add(body);
    }
    added.clear();
    if (bodies.size > 0) onBodies([...bodies]);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') {
        const element = record.target.parentElement;
        if (element !== null) added.add(element);
        continue;
      }
      for (const node of record.addedNodes) {
        const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
        if (element !== null && !element.matches(ignore)) added.add(element);
      }
    }
    if (added.size > 0 && timer === undefined) timer = setTimeout(() => idle(pass), BURST_MS);
  });

  onBodies([...document.querySelectorAll(selector)]);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  return {
    stop() {
      stopped = true;
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      added.clear();
    },
  };
}
