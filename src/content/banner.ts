/**
 * The explanation shown next to a bounce: ONE element with data-bounce-explainer="banner" (the contract the
 * end-to-end tests and assistive tools rely on) holding an open shadow root. Everything is built with
 * createElement and textContent: text from the page or from DNS is never parsed as HTML.
 */
import type { Authorization } from '../core/diagnose/authorize';
import type { Diagnosis } from '../core/diagnose/diagnose';
import type { BounceFacts } from '../core/bounce/types';
import { NO_IP, NO_IP_BANNER, refusalWithoutIp } from '../core/diagnose/no-ip';
import type { TabBounce } from '../messages';
import BANNER_CSS from './banner.css?inline';
import { onTrustedClick } from './trusted-click';

/** The host element's tag: a custom name, so the webmail's CSS for div/section never reaches it. */
const HOST_TAG = 'bounce-explainer-banner';
export const BANNER_ATTRIBUTE = 'data-bounce-explainer';
export const BANNER_SELECTOR = `[${BANNER_ATTRIBUTE}]`;

/** Why a bounce waits for the user's click before anything is sent (index.ts decides). */
export type CheckReason = 'not-from-mail-system' | 'page-limit';

/** What the banner says about a bounce that waits, one row per reason. */
const CHECK_WORDS: Record<CheckReason, string> = {
  'not-from-mail-system': 'Not from a mail system (forwarded? forged?): nothing was checked. Checking asks DNS about the domain it names.',
  'page-limit': 'Five bounces here were checked this minute; this one waits. Checking asks DNS about the domain it names.',
};

/** What a clicked "Check this bounce" shows when the background finds no sender-authentication failure in it. */
export const NOT_AUTH = 'Not a sender-authentication bounce: nothing to check.';
/** ... and when it is one, but names no domain whose policy could be checked (nothing is guessed). */
export const NO_DOMAIN = 'A sender-authentication refusal, but it names no domain to check: open Bounce Explainer from the toolbar to check one.';

export interface BannerActions {
  /** the × button: the banner is gone and this message is not explained again */
  dismiss(): void;
  /** the Details button: the popup's full view of the bounce; resolves to a sentence saying where it opened */
  details(): Promise<string>;
}

export interface Banner {
  readonly host: HTMLElement;
  /** while the background checks the SPF record */
  showPending(): void;
  /** a bounce that is not checked until the user clicks "Check this bounce" ([data-bounce-explainer="check"]) */
  showCheck(reason: CheckReason, check: () => void): void;
  /** the background's answer; a 'not-auth' one is shown only after a click (index.ts), in one line */
  showBounce(bounce: TabBounce): void;
  showError(message: string): void;
}

type Child = Node | string | null;

function el(tag: string, props: { class?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  if (props.class !== undefined) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

function button(label: string, onClick: () => void, props: { class?: string; attrs?: Record<string, string> } = {}): HTMLButtonElement {
  const node = el('button', { ...props, text: label, attrs: { type: 'button', ...props.attrs } }) as HTMLButtonElement;
  // only a person's click: the page's scripts can reach the open shadow root and call click()
  onTrustedClick(node, onClick);
  return node;
}

/** Where the fix goes, or why there is no record to publish. `placeCopy` puts the Copy button with the others. */
function fixPart(diagnosis: Diagnosis, announce: (text: string) => void, placeCopy: (copy: HTMLButtonElement) => void): HTMLElement | null {
  const { fix, proposal } = diagnosis;
  const record = fix?.record ?? proposal?.record ?? null;
  if (record !== null) {
    const name = fix?.name ?? proposal?.name ?? diagnosis.domain;
    const replacing = fix !== null && fix.replaces.length > 0 ? `, replacing the current SPF record${fix.replaces.length > 1 ? 's' : ''}` : '';
    const label = fix !== null ? `Publish this TXT record at ${name}${replacing}:` : `A corrected TXT record for ${name} (${proposal?.note ?? 'not verified'}):`;
    const part = el('div', { class: 'fix' });
    const reveal = (): HTMLButtonElement => {
      // no aria-label: the visible words ("Copy record", then "Copied") are the name, as WCAG 2.5.3 asks
      const copy = button('Copy record', () => void copyRecord(record, copy, announce), { class: 'primary' });
      part.append(el('p', { class: 'fix-label', text: label }), el('code', { class: 'record', text: record }));
      placeCopy(copy);
      return copy;
    };
    // a record that lets a new IP or service pass is a question first: a forged bounce can name anyone
    if (fix !== null && fix.authorizes !== null) askFirst(part, fix.authorizes, reveal, announce);
    else reveal();
    return part;
  }
  if (diagnosis.noFix !== null) return el('p', { class: 'hint', text: diagnosis.noFix });
  if (diagnosis.cause !== null && diagnosis.cause !== 'passes-now') {
    const step = diagnosis.steps[0];
    return el('p', { class: 'hint', text: `No record change will fix this.${step === undefined ? '' : ` ${step}`}` });
  }
  return null;
}

/**
 * The question, a yes ([data-bounce-explainer="confirm"], architecture.md) that shows the record, and a no
 * that shows what it means instead (the diagnosis's `ifNot`). Only a person's click counts (button()).
 */
function askFirst(part: HTMLElement, { question, ifNot }: Authorization, reveal: () => HTMLButtonElement, announce: (text: string) => void): void {
  const yes = button(
    'Yes, show the record',
    () => {
      answers.remove();
      reveal().focus();
      announce('The record to publish is shown.');
    },
    { class: 'primary', attrs: { [BANNER_ATTRIBUTE]: 'confirm' } },
  );
  const no = button('No', () => {
    const advice = el('p', { class: 'refusal', text: ifNot, attrs: { tabindex: '-1' } });
    answers.replaceWith(advice);
    advice.focus();
  });
  const answers = el('div', { class: 'answers', attrs: { role: 'group', 'aria-label': question } }, yes, no);
  part.append(el('p', { class: 'question', text: `${question} Publish the record only if the answer is yes.` }), answers);
}

/** The returned message's subject and date as the bounce shows them, so the user can tell whether they sent it. */
function returnedPart(facts: BounceFacts | undefined): HTMLElement | null {
  const subject = facts?.returnedSubject ?? null;
  const date = facts?.returnedDate ?? null;
  if (subject === null && date === null) return null;
  const cut = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);
  const words = [subject === null ? null : `“${cut(subject)}”`, date === null ? null : `sent ${cut(date)}`].filter((w) => w !== null).join(', ');
  return el('p', { class: 'returned', text: `The returned message: ${words}.` });
}

async function copyRecord(record: string, copy: HTMLButtonElement, announce: (text: string) => void): Promise<void> {
  try {
    await navigator.clipboard.writeText(record);
    copy.textContent = 'Copied';
    announce('The record is on the clipboard.');
  } catch {
    copy.textContent = 'Copy failed';
    announce('Copying was refused: select the record and copy it by hand.');
  }
}

export function createBanner(actions: BannerActions): Banner {
  const host = document.createElement(HOST_TAG);
  host.setAttribute(BANNER_ATTRIBUTE, 'banner');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = BANNER_CSS;
  const region = el('section', { class: 'banner', attrs: { role: 'region', 'aria-label': 'Bounce Explainer: why this mail bounced' } });
  // a live region that exists before its text changes, so screen readers announce "Copied" and progress
  const live = el('p', { class: 'hint', attrs: { role: 'status', 'aria-live': 'polite' } });
  root.append(style, region);

  const close = (): HTMLButtonElement => {
    const node = button('', actions.dismiss, { class: 'close', attrs: { 'aria-label': 'Dismiss the SPF explanation' } });
    node.append(el('span', { text: '×', attrs: { 'aria-hidden': 'true' } }));
    return node;
  };
  const render = (state: string, ...children: Child[]): void => {
    region.className = `banner ${state}`;
    live.textContent = '';
    region.replaceChildren(...children.filter((c): c is Node | string => c !== null), live, close());
  };
  const announce = (text: string): void => {
    live.textContent = text;
  };

  return {
    host,
    showPending() {
      render('pending');
      live.replaceChildren(el('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), "Checking the sender's SPF record over DNS…");
    },
    showCheck(reason, check) {
      const start = button('Check this bounce', check, { class: 'primary', attrs: { [BANNER_ATTRIBUTE]: 'check' } });
      render('pending', el('p', { class: 'verdict', text: 'This looks like a bounce.' }), el('p', { class: 'summary', text: CHECK_WORDS[reason] }), el('div', { class: 'actions' }, start));
    },
    showBounce(bounce) {
      const diagnosis = bounce.diagnosis;
      if (bounce.status === 'not-auth') {
        render('pending', el('p', { class: 'verdict', text: bounce.facts.authFailure ? NO_DOMAIN : NOT_AUTH }));
        return;
      }
      if (bounce.status === 'error' || diagnosis === null) {
        this.showError(bounce.error ?? 'the background gave no diagnosis');
        return;
      }
      // the popup opens outside the page: say where, for those who do not see it appear
      const details = button('Details', () => void actions.details().then(announce), { attrs: { 'aria-label': 'Details: the full SPF check in the Bounce Explainer popup' } });
      const row = el('div', { class: 'actions' }, details);
      const part = fixPart(diagnosis, announce, (copy) => row.prepend(copy));
      const summary = diagnosis.summary !== diagnosis.title && diagnosis.summary !== diagnosis.verdict ? el('p', { class: 'summary', text: diagnosis.summary }) : null;
      render(
        diagnosis.result === 'pass' ? 'ok' : 'failing',
        el('p', { class: 'verdict', text: diagnosis.verdict }),
        diagnosis.title !== diagnosis.verdict ? el('p', { class: 'title', text: diagnosis.title }) : null,
        summary,
        diagnosis.dmarcLine ? el('p', { class: 'dmarc', text: diagnosis.dmarcLine }) : null,
        returnedPart(bounce.facts),
        // issue 11 section 3: say the IP is missing and where the check with the known fields waits
        refusalWithoutIp(bounce.facts) ? el('p', { class: 'hint', text: `${NO_IP} ${NO_IP_BANNER}`, attrs: { [BANNER_ATTRIBUTE]: 'no-ip' } }) : null,
        part,
        row,
      );
    },
    showError(message) {
      render('error', el('p', { class: 'verdict', text: `Could not check: ${message}` }));
    },
  };
}
