/**
 * The content script's rules of trust that need no page: only trusted clicks reach a banner button's
 * handler, automatic checks are counted per page in a sliding minute, and what counts as hidden text
 * (src/content/visible-text.ts, the rules its DOM walk applies to each element and text node).
 */
import { describe, expect, it } from 'vitest';
import { AUTOMATIC_CHECKS_PER_MINUTE, checkBudget } from '../../src/content/rate-limit';
import { onTrustedClick } from '../../src/content/trusted-click';
import { MIN_CONTRAST, contrastRatio, elementHidden, outside, over, parseColor, textHidden, type ElementFacts, type TextFacts } from '../../src/content/visible-text';

describe('only a person’s click counts', () => {
  /** A target that hands its click listener out, so a test can call it with either kind of event. */
  function target(): { node: EventTarget; fire(isTrusted: boolean): void } {
    const listeners: ((event: Event) => void)[] = [];
    const node = { addEventListener: (type: string, listener: (event: Event) => void) => type === 'click' && listeners.push(listener) } as unknown as EventTarget;
    return { node, fire: (isTrusted) => listeners.forEach((l) => l({ type: 'click', isTrusted } as Event)) };
  }

  it('a trusted click runs the handler, an untrusted one does not', () => {
    const { node, fire } = target();
    let clicks = 0;
    onTrustedClick(node, () => clicks++);
    fire(false);
    fire(false);
    expect(clicks).toBe(0);
    fire(true);
    expect(clicks).toBe(1);
  });

  it('a real EventTarget: dispatchEvent from script is never trusted', () => {
    const node = new EventTarget();
    let clicks = 0;
    onTrustedClick(node, () => clicks++);
    node.dispatchEvent(new Event('click'));
    expect(clicks).toBe(0);
  });
});

describe('automatic checks per page', () => {
  it(`at most ${AUTOMATIC_CHECKS_PER_MINUTE} in any minute; one more as each leaves the window`, () => {
    let now = 0;
    const budget = checkBudget(AUTOMATIC_CHECKS_PER_MINUTE, 60_000, () => now);
    expect(AUTOMATIC_CHECKS_PER_MINUTE).toBe(5);
    const takeAt = (at: number): boolean => {
      now = at;
      return budget.take();
    };
    // 40 bounces in one thread, read in one pass
    expect(Array.from({ length: 40 }, () => takeAt(0)).filter(Boolean).length).toBe(5);
    expect(takeAt(59_999)).toBe(false);
    // the five of t=0 leave the window together
    expect(Array.from({ length: 10 }, () => takeAt(60_000)).filter(Boolean).length).toBe(5);
    // staggered: one leaves, one fits
    const staggered = checkBudget(5, 60_000, () => now);
    for (let i = 0; i < 5; i++) {
      now = i * 1000;
      expect(staggered.take()).toBe(true);
    }
    now = 60_000;
    expect(staggered.take()).toBe(true);
    expect(staggered.take()).toBe(false);
  });

  it('spread out, every check fits', () => {
    let now = 0;
    const budget = checkBudget(5, 60_000, () => now);
    for (let i = 0; i < 50; i++) {
      now = i * 12_000;
      expect(budget.take(), `check ${i}`).toBe(true);
    }
  });
});

describe('hidden text', () => {
  const frame = { left: 100, top: 100, width: 600, height: 400 };
  const element = (over: Partial<ElementFacts> = {}): ElementFacts => ({
    display: 'block',
    contentVisibility: 'visible',
    opacity: 1,
    overflowX: 'visible',
    overflowY: 'visible',
    position: 'static',
    clip: 'auto',
    clipPath: 'none',
    transform: 'none',
    box: { left: 100, top: 120, width: 600, height: 20 },
    frame,
    ...over,
  });
  const white = { r: 255, g: 255, b: 255, a: 1 };
  const text = (over: Partial<TextFacts> = {}): TextFacts => ({
    visibility: 'visible',
    fontSizePx: 14,
    color: { r: 32, g: 33, b: 36, a: 1 },
    background: white,
    textIndentPx: 0,
    frame,
    ...over,
  });

  it('reads computed colours in the forms browsers give', () => {
    expect(parseColor('rgb(255, 255, 255)')).toEqual(white);
    expect(parseColor('rgba(0, 0, 0, 0)')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
    expect(parseColor('rgb(10 20 30 / 50%)')).toEqual({ r: 10, g: 20, b: 30, a: 0.5 });
    expect(parseColor('transparent')).toBeNull();
    expect(parseColor('color(srgb 1 1 1)')).toBeNull();
  });

  it('contrast as WCAG 2.2 defines it', () => {
    expect(contrastRatio(white, { r: 0, g: 0, b: 0, a: 1 })).toBeCloseTo(21, 5);
    expect(contrastRatio(white, white)).toBe(1);
    expect(contrastRatio({ r: 118, g: 118, b: 118, a: 1 }, white)).toBeGreaterThan(4.5);
    expect(over({ r: 0, g: 0, b: 0, a: 0.5 }, white).r).toBeCloseTo(127.5, 5);
  });

  it('an ordinary block and its text are visible', () => {
    expect(elementHidden(element())).toBe(false);
    expect(textHidden(text())).toBe(false);
    // grey text and small print are still read
    expect(textHidden(text({ color: { r: 153, g: 153, b: 153, a: 1 }, fontSizePx: 9 }))).toBe(false);
    // a colour this does not read is given the benefit of the doubt
    expect(textHidden(text({ color: null }))).toBe(false);
    // an ordinary first-line indent
    expect(textHidden(text({ textIndentPx: 32 }))).toBe(false);
  });

  it.each<[string, Partial<ElementFacts>]>([
    ['display none', { display: 'none' }],
    ['content-visibility hidden', { contentVisibility: 'hidden' }],
    ['transparent (opacity 0)', { opacity: 0 }],
    ['zero width, clipping', { overflowX: 'hidden', overflowY: 'hidden', box: { left: 100, top: 120, width: 0, height: 20 } }],
    ['1px square, clipping (the screen-reader-only pattern)', { overflowX: 'hidden', overflowY: 'hidden', position: 'absolute', box: { left: 100, top: 120, width: 1, height: 1 } }],
    ['clip rect(0 0 0 0)', { position: 'absolute', clip: 'rect(0px, 0px, 0px, 0px)' }],
    ['clip-path inset(50%)', { clipPath: 'inset(50%)' }],
    ['clip-path circle(0)', { clipPath: 'circle(0px at 50% 50%)' }],
    ['positioned off-screen', { position: 'absolute', box: { left: -10_000, top: 120, width: 600, height: 20 } }],
    ['positioned far below its message', { position: 'relative', box: { left: 100, top: 9_000, width: 600, height: 20 } }],
    ['pushed out by a negative margin', { box: { left: -10_000, top: 120, width: 600, height: 20 } }],
    ['flattened by scale(0)', { transform: 'matrix(0, 0, 0, 0, 0, 0)' }],
    ['flattened by scaleY(0)', { transform: 'matrix(1, 0, 0, 0, 0, 0)' }],
  ])('an element that is %s hides its subtree', (_what, facts) => {
    expect(elementHidden(element(facts))).toBe(true);
  });

  it.each<[string, Partial<ElementFacts>]>([
    ['zero height without clipping (its text overflows and shows)', { box: { left: 100, top: 120, width: 600, height: 0 } }],
    ['display contents', { display: 'contents', overflowX: 'hidden', overflowY: 'hidden', box: { left: 0, top: 0, width: 0, height: 0 } }],
    ['a clip-path that leaves an area', { clipPath: 'inset(10%)' }],
    ['anywhere, when its message has no area', { frame: { left: 0, top: 0, width: 0, height: 0 }, box: { left: -10_000, top: 120, width: 600, height: 20 } }],
    ['a box without area, outside its message (its overflow may still show)', { box: { left: -10_000, top: 120, width: 0, height: 0 } }],
    ['transformed without flattening', { transform: 'matrix(1, 0, 0, 1, 0, 0)' }],
    ['transformed in 3D', { transform: 'matrix3d(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)' }],
  ])('an element that is %s does not', (_what, facts) => {
    expect(elementHidden(element(facts))).toBe(false);
  });

  it.each<[string, Partial<TextFacts>]>([
    ['visibility hidden', { visibility: 'hidden' }],
    ['visibility collapse', { visibility: 'collapse' }],
    ['in a 1px font', { fontSizePx: 1 }],
    ['font-size 0', { fontSizePx: 0 }],
    ['transparent', { color: { r: 0, g: 0, b: 0, a: 0 } }],
    ['white on white', { color: white }],
    ['near-white on white', { color: { r: 250, g: 250, b: 250, a: 1 } }],
    ['black on black', { color: { r: 0, g: 0, b: 0, a: 1 }, background: { r: 0, g: 0, b: 0, a: 1 } }],
    ['grey at 5% alpha', { color: { r: 0, g: 0, b: 0, a: 0.05 } }],
    ['indented out of its message', { textIndentPx: -9_999 }],
    ['indented past its message’s right edge', { textIndentPx: 600 }],
  ])('text %s is hidden', (_what, facts) => {
    expect(textHidden(text(facts))).toBe(true);
  });

  it(`contrast under ${MIN_CONTRAST} is camouflage, above it text is read`, () => {
    expect(textHidden(text({ color: { r: 225, g: 225, b: 225, a: 1 } }))).toBe(true);
    expect(textHidden(text({ color: { r: 190, g: 190, b: 190, a: 1 } }))).toBe(false);
  });

  it('outside: touching edges are outside, any overlap is inside', () => {
    expect(outside({ left: 0, top: 0, width: 100, height: 100 }, frame)).toBe(true);
    expect(outside({ left: 0, top: 0, width: 101, height: 101 }, frame)).toBe(false);
    expect(outside({ left: 700, top: 120, width: 5, height: 5 }, frame)).toBe(true);
  });
});
