/**
 * The explanation shown next to a bounce: ONE element with data-bounce-explainer="banner" (the contract the
 * end-to-end tests and assistive tools rely on) holding an open shadow root. Everything is built with
 * createElement and textContent: text from the page or from DNS is never parsed as HTML.
 */
import type { Diagnosis } from '../core/diagnose/diagnose';
import { dmarcLine } from '../core/diagnose/dmarc-line';
import type { TabBounce } from '../messages';
import { BANNER_CSS } from './banner-style';

/** The host element's tag: a custom name, so the webmail's CSS for div/section never reaches it. */
const HOST_TAG = 'bounce-explainer-banner';
export const BANNER_ATTRIBUTE = 'data-bounce-explainer';
export const BANNER_SELECTOR = `[${BANNER_ATTRIBUTE}]`;

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
  /** the background's answer (a 'not-auth' answer is not shown: the caller removes the banner) */
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
  node.addEventListener('click', onClick);
  return node;
}

/** Where the fix goes, or why there is no record to publish. */
function fixPart(diagnosis: Diagnosis, announce: (text: string) => void): { part: HTMLElement | null; copy: HTMLButtonElement | null } {
  const { fix, proposal } = diagnosis;
  const record = fix?.record ?? proposal?.record ?? null;
  if (record !== null) {
    const name = fix?.name ?? proposal?.name ?? diagnosis.domain;
    const replacing = fix !== null && fix.replaces.length > 0 ? `, replacing the current SPF record${fix.replaces.length > 1 ? 's' : ''}` : '';
    const label = fix !== null ? `Publish this TXT record at ${name}${replacing}:` : `A corrected TXT record for ${name} (${proposal?.note ?? 'not verified'}):`;
    // no aria-label: the visible words ("Copy record", then "Copied") are the name, as WCAG 2.5.3 asks
    const copy = button('Copy record', () => void copyRecord(record, copy, announce), { class: 'primary' });
    return { part: el('div', { class: 'fix' }, el('p', { class: 'fix-label', text: label }), el('code', { class: 'record', text: record })), copy };
  }
  if (diagnosis.noFix !== null) return { part: el('p', { class: 'hint', text: diagnosis.noFix }), copy: null };
  if (diagnosis.cause !== null && diagnosis.cause !== 'passes-now') {
    const step = diagnosis.steps[0];
    return { part: el('p', { class: 'hint', text: `No record change will fix this.${step === undefined ? '' : ` ${step}`}` }), copy: null };
  }
  return { part: null, copy: null };
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
    showBounce(bounce) {
      const diagnosis = bounce.diagnosis;
      if (bounce.status === 'error' || diagnosis === null) {
        this.showError(bounce.error ?? 'the background gave no diagnosis');
        return;
      }
      const { part, copy } = fixPart(diagnosis, announce);
      // the popup opens outside the page: say where, for those who do not see it appear
      const details = button('Details', () => void actions.details().then(announce), { attrs: { 'aria-label': 'Details: the full SPF check in the Bounce Explainer popup' } });
      const summary = diagnosis.summary !== diagnosis.title && diagnosis.summary !== diagnosis.verdict ? el('p', { class: 'summary', text: diagnosis.summary }) : null;
      render(
        diagnosis.result === 'pass' ? 'ok' : 'failing',
        el('p', { class: 'verdict', text: diagnosis.verdict }),
        diagnosis.title !== diagnosis.verdict ? el('p', { class: 'title', text: diagnosis.title }) : null,
        summary,
        dmarcLine(diagnosis) === null ? null : el('p', { class: 'dmarc', text: dmarcLine(diagnosis) as string }),
        part,
        el('div', { class: 'actions' }, copy, details),
      );
    },
    showError(message) {
      render('error', el('p', { class: 'verdict', text: `Could not check: ${message}` }));
    },
  };
}
