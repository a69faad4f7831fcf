/**
 * Only a person's click counts. The banner lives in the webmail's page, and its shadow root is open
 * (architecture.md), so the page's own scripts can reach every button: `button.click()` and
 * `dispatchEvent(new MouseEvent('click'))` both fire click listeners, with `isTrusted` false. A click,
 * a tap, or Enter or Space on a focused button (the browser turns those into a click) comes with
 * `isTrusted` true. Every banner button is wired through here.
 */
export function onTrustedClick(target: EventTarget, handler: (event: Event) => void): void {
  target.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    handler(event);
  });
}
