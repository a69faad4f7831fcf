/**
 * Reading and using a page the way the end-to-end tests do in both browsers: every read is one page.evaluate
 * (no puppeteer wait that builds a function in the page, which Firefox ESR 140's extension pages refuse: see
 * waitInPage), and fields and buttons are found by the label and name a person reads, so that a control that
 * loses its label fails the test.
 */
import type { Page } from 'puppeteer-core';
import { waitInPage } from './e2e-driver';

/** The text of the first element matching `selector`, or null when there is none. */
export const text = (page: Page, selector: string): Promise<string | null> => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

/** The text of every element matching `selector`. */
export const texts = (page: Page, selector: string): Promise<string[]> =>
  page.evaluate((s) => [...document.querySelectorAll(s)].map((el) => el.textContent ?? ''), selector);

export const count = (page: Page, selector: string): Promise<number> => page.evaluate((s) => document.querySelectorAll(s).length, selector);

export const attribute = (page: Page, selector: string, name: string): Promise<string | null> =>
  page.evaluate((s, n) => document.querySelector(s)?.getAttribute(n) ?? null, selector, name);

/** The value of the form field `selector`. */
export const valueOf = (page: Page, selector: string): Promise<string> => page.evaluate((s) => (document.querySelector(s) as HTMLInputElement).value, selector);

export const isChecked = (page: Page, selector: string): Promise<boolean> => page.evaluate((s) => (document.querySelector(s) as HTMLInputElement | null)?.checked ?? false, selector);

/** Waits until an element matches `selector`. */
export const waitForSelector = (page: Page, selector: string): Promise<void> => waitInPage(page, (s) => document.querySelector(s) !== null, selector);

/** Waits until the first element matching `selector` reads `expected`. */
export const waitForText = (page: Page, selector: string, expected: string): Promise<void> =>
  waitInPage(page, (s, t) => document.querySelector(s)?.textContent === t, selector, expected);

interface Match {
  /** the name as a person reads it; a string is a case-insensitive part of it, unless `exact` */
  name: string | RegExp;
  exact?: boolean;
}

/** Runs in the page: marks the one element of `candidates` (what `name` reads) whose name matches, returns its selector. */
function markOne(kind: 'label' | 'button', source: string, flags: string | null, exact: boolean): string {
  const normal = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (name: string): boolean =>
    flags !== null ? new RegExp(source, flags).test(name) : exact ? name === source : name.toLowerCase().includes(source.toLowerCase());
  const found: Element[] = [];
  if (kind === 'label') {
    for (const label of document.querySelectorAll('label')) if (label.control && matches(normal(label.textContent))) found.push(label.control);
    for (const el of document.querySelectorAll('[aria-label]')) if (matches(normal(el.getAttribute('aria-label')))) found.push(el);
  } else {
    for (const el of document.querySelectorAll('button, [role="button"], input[type="submit"]')) {
      if (matches(normal(el.getAttribute('aria-label') ?? el.textContent))) found.push(el);
    }
  }
  const unique = [...new Set(found)];
  if (unique.length !== 1) return `${unique.length} ${kind}s match`;
  const mark = String(Math.random()).slice(2);
  unique[0]?.setAttribute('data-e2e', mark);
  return `[data-e2e="${mark}"]`;
}

async function find(page: Page, kind: 'label' | 'button', match: Match): Promise<string> {
  const { name, exact = false } = match;
  const selector = await page.evaluate(markOne, kind, name instanceof RegExp ? name.source : name, name instanceof RegExp ? name.flags : null, exact);
  if (!selector.startsWith('[')) throw new Error(`${selector} ${String(name)}${exact ? ' exactly' : ''}`);
  return selector;
}

/** A selector for the one form field whose label (or aria-label) reads `name`. */
export const labelled = (page: Page, name: string | RegExp, opts: { exact?: boolean } = {}): Promise<string> => find(page, 'label', { name, ...opts });

/** A selector for the one button whose name reads `name`. */
export const button = (page: Page, name: string | RegExp, opts: { exact?: boolean } = {}): Promise<string> => find(page, 'button', { name, ...opts });

/** Sets a field's value as an edit does: the value, then an input event and a change event. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.evaluate(
    (s, v) => {
      const field = document.querySelector(s) as HTMLInputElement | HTMLTextAreaElement;
      field.focus();
      const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, v);
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    selector,
    value,
  );
}

/** Fills the field labelled `name`. */
export async function fillLabelled(page: Page, name: string | RegExp, value: string, opts: { exact?: boolean } = {}): Promise<void> {
  await fill(page, await labelled(page, name, opts), value);
}

/** A person's click (the mouse) on the button named `name`. */
export async function clickButton(page: Page, name: string | RegExp, opts: { exact?: boolean } = {}): Promise<void> {
  await page.click(await button(page, name, opts));
}

/** A person's click on the field labelled `name` (a radio button or a checkbox). */
export async function clickLabelled(page: Page, name: string | RegExp, opts: { exact?: boolean } = {}): Promise<void> {
  await page.click(await labelled(page, name, opts));
}
