/**
 * The text of a message body that a person can see. A newsletter can carry bounce text in a 1px white span
 * to make the extension query names the sender chose (a tracking beacon): only what is rendered, readable
 * and on the page is read as a bounce. Run after the cheap pre-filter (on textContent) has passed, so the
 * style and layout reads here are paid only for bodies that could be a bounce.
 *
 * Hidden, one rule each:
 * - not rendered: display none (so <script>, <style>, <template>, hidden and closed <details> alike, as the
 *   user agent's style sheet has them), content-visibility hidden, visibility hidden or collapse (for the
 *   element's own text: a child may be visible again);
 * - transparent: opacity (near) 0 on the element or an ancestor, or a text colour with (near) 0 alpha;
 * - camouflaged: text colour against the background behind it below MIN_CONTRAST (white on white);
 * - tiny: font-size under MIN_FONT_PX;
 * - zero-size or clipped: a box under MIN_BOX_PX wide or high that clips its overflow, a zero clip rect or a
 *   clip-path that cuts everything, a transform that flattens (scale(0));
 * - off-screen: a box wholly outside the message body's own box (moved away with negative offsets or
 *   margins), or text indented by more than the body is wide. Compared with the body, not the viewport, so
 *   a message that is merely scrolled out of view (Gmail scrolls an inner pane) still counts as visible.
 * Text nodes are judged by their parent's style, so no text is measured on its own (a Range's box per text
 * node would double the cost).
 */

/** Below this font size (CSS px), text is not readable: hidden. */
export const MIN_FONT_PX = 6;
/** WCAG 2.x contrast ratio under which text is invisible against its background (1 is the same colour). */
export const MIN_CONTRAST = 1.5;
/** A box that clips its overflow and is narrower or lower than this (CSS px) shows nothing of its text. */
export const MIN_BOX_PX = 2;
/** Opacity or colour alpha below this is transparent. */
export const MIN_ALPHA = 0.1;

/** An sRGB colour with alpha, each channel 0-255, alpha 0-1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/**
 * A computed colour ("rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)", "rgb(1 2 3 / 50%)"; browsers compute `transparent`
 * to rgba(0, 0, 0, 0)), or null for a form this does not read.
 */
export function parseColor(value: string): Rgba | null {
  const text = value.trim().toLowerCase();
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+)(%?)\s*)?\)$/.exec(text);
  if (match === null) return null;
  const alpha = match[4] === undefined ? 1 : Number(match[4]) / (match[5] === '%' ? 100 : 1);
  return { r: Number(match[1]), g: Number(match[2]), b: Number(match[3]), a: Math.min(1, Math.max(0, alpha)) };
}

/** `top` painted over the opaque `bottom` (source-over compositing). */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

/** WCAG 2.2 relative luminance of an opaque colour. */
function luminance(c: Rgba): number {
  const channel = (v: number): number => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

/** WCAG 2.2 contrast ratio (1 to 21) of two opaque colours. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** What the walk reads of an element's computed style and box. */
export interface ElementFacts {
  display: string;
  contentVisibility: string;
  opacity: number;
  overflowX: string;
  overflowY: string;
  position: string;
  clip: string;
  clipPath: string;
  /** the computed transform: 'none' or matrix(a, b, c, d, e, f) / matrix3d(…) */
  transform: string;
  /** the border box (client coordinates) */
  box: Box;
  /** the message body's box (client coordinates, measured in the same pass) */
  frame: Box;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Whether `box` lies wholly outside `frame` (a frame without area says nothing). */
export function outside(box: Box, frame: Box): boolean {
  if (frame.width <= 0 || frame.height <= 0) return false;
  return box.left + box.width <= frame.left || box.left >= frame.left + frame.width || box.top + box.height <= frame.top || box.top >= frame.top + frame.height;
}

/** Whether nothing inside this element can be seen (the walk skips its subtree). */
export function elementHidden(e: ElementFacts): boolean {
  if (e.display === 'none' || e.contentVisibility === 'hidden') return true;
  if (e.opacity < MIN_ALPHA) return true;
  const clips = e.overflowX !== 'visible' || e.overflowY !== 'visible';
  if (clips && e.display !== 'contents' && (e.box.width < MIN_BOX_PX || e.box.height < MIN_BOX_PX)) return true;
  if ((e.position === 'absolute' || e.position === 'fixed') && zeroClipRect(e.clip)) return true;
  if (clipPathCutsAll(e.clipPath)) return true;
  if (flattened(e.transform)) return true;
  // moved away from the message it is in (a box without area says nothing: its overflow may still show)
  if (e.box.width > 0 && e.box.height > 0 && outside(e.box, e.frame)) return true;
  return false;
}

/** `clip: rect(0 0 0 0)` and other rects with no area (CSS 2.1 section 11.1.2). */
function zeroClipRect(clip: string): boolean {
  const match = /^rect\(\s*(-?[\d.]+)px[\s,]+(-?[\d.]+)px[\s,]+(-?[\d.]+)px[\s,]+(-?[\d.]+)px\s*\)$/.exec(clip.trim());
  if (match === null) return false;
  const [top, right, bottom, left] = match.slice(1).map(Number) as [number, number, number, number];
  return right - left < MIN_BOX_PX || bottom - top < MIN_BOX_PX;
}

/** clip-path shapes that leave no area: inset(50%) and more, circle(0)/ellipse(0 …), polygon of one point. */
function clipPathCutsAll(value: string): boolean {
  const text = value.trim().toLowerCase();
  if (text === 'none' || text === '') return false;
  const inset = /^inset\(\s*([\d.]+)%/.exec(text);
  if (inset !== null && Number(inset[1]) >= 50) return true;
  if (/^(?:circle|ellipse)\(\s*0(?:px|%)?(?:\s|\)|$)/.test(text)) return true;
  return false;
}

/** A 2D transform matrix with no area (scale(0), scaleX(0), matrix(0, …)): nothing under it is painted. */
function flattened(transform: string): boolean {
  const match = /^matrix\(([^)]*)\)$/.exec(transform.trim());
  if (match === null) return false;
  const [a, b, c, d] = (match[1] as string).split(',').map(Number) as [number, number, number, number];
  return a * d - b * c === 0;
}

/** What the walk reads for one text node: its parent's style, the background behind it, its own box. */
export interface TextFacts {
  visibility: string;
  fontSizePx: number;
  color: Rgba | null;
  background: Rgba;
  /** the computed text-indent of its block, in px */
  textIndentPx: number;
  /** the message body's box */
  frame: Box;
}

export function textHidden(t: TextFacts): boolean {
  if (t.visibility !== 'visible') return true;
  if (t.fontSizePx < MIN_FONT_PX) return true;
  if (t.color !== null) {
    if (t.color.a < MIN_ALPHA) return true;
    if (contrastRatio(over(t.color, t.background), t.background) < MIN_CONTRAST) return true;
  }
  // indented out of the message: the line starts further left (or right) than the body is wide
  return t.frame.width > 0 && Math.abs(t.textIndentPx) >= t.frame.width;
}

// ---------------------------------------------------------------- the walk (DOM)

/** inline, inline-block, inline-flex…, contents, ruby…: text in these runs on in its block's line */
const INLINE_DISPLAY = /^(?:inline|contents|ruby)/;

interface Seen {
  /** the background behind this element's content, opaque */
  background: Rgba;
  /** the nearest block-level ancestor-or-self: text in another block starts a new line */
  block: Element;
  style: CSSStyleDeclaration;
}

/** The opaque background behind `element`'s content, from its own and its ancestors' background colours (white at the top). */
function backgroundOf(element: Element | null): Rgba {
  const layers: Rgba[] = [];
  for (let node = element; node !== null; node = node.parentElement) {
    const colour = parseColor(getComputedStyle(node).backgroundColor);
    if (colour === null || colour.a === 0) continue;
    layers.push(colour);
    if (colour.a >= 1) break;
  }
  return layers.reduceRight<Rgba>((below, layer) => over(layer, below), WHITE);
}

/**
 * The visible text of `root`, with a line break between blocks and at <br>, at most `maxChars` long.
 * Whitespace collapses as CSS does for `white-space: normal`; pre-formatted text keeps its lines.
 */
export function visibleText(root: Element, maxChars: number): string {
  const seen = new Map<Element, Seen>();
  const rootStyle = getComputedStyle(root);
  const frame = root.getBoundingClientRect();
  seen.set(root, { background: backgroundOf(root), block: root, style: rootStyle });
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType !== Node.ELEMENT_NODE) return NodeFilter.FILTER_ACCEPT;
      const element = node as Element;
      const parent = element.parentElement === null ? undefined : seen.get(element.parentElement);
      if (parent === undefined) return NodeFilter.FILTER_REJECT;
      const style = getComputedStyle(element);
      const facts: ElementFacts = {
        display: style.display,
        contentVisibility: style.getPropertyValue('content-visibility'),
        opacity: Number(style.opacity),
        overflowX: style.overflowX,
        overflowY: style.overflowY,
        position: style.position,
        clip: style.clip,
        clipPath: style.clipPath,
        transform: style.transform,
        box: element.getBoundingClientRect(),
        frame,
      };
      if (elementHidden(facts)) return NodeFilter.FILTER_REJECT;
      const own = parseColor(style.backgroundColor);
      const background = own === null || own.a === 0 ? parent.background : over(own, parent.background);
      seen.set(element, { background, block: INLINE_DISPLAY.test(facts.display) ? parent.block : element, style });
      return NodeFilter.FILTER_ACCEPT;
    },
  });

  const parts: string[] = [];
  let length = 0;
  let lastBlock: Element | null = null;
  for (let node = walker.nextNode(); node !== null && length < maxChars; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if ((node as Element).tagName === 'BR') {
        parts.push('\n');
        length++;
      }
      continue;
    }
    const text = node as Text;
    const parent = text.parentElement === null ? undefined : seen.get(text.parentElement);
    if (parent === undefined || text.data.trim() === '') continue;
    const style = parent.style;
    const facts: TextFacts = {
      visibility: style.visibility,
      fontSizePx: parseFloat(style.fontSize),
      color: parseColor(style.color),
      background: parent.background,
      textIndentPx: parseFloat(style.textIndent) || 0,
      frame,
    };
    if (textHidden(facts)) continue;
    if (lastBlock !== null && parent.block !== lastBlock) parts.push('\n');
    lastBlock = parent.block;
    const data = /^(?:pre|break-spaces)/.test(style.whiteSpace) ? text.data : text.data.replace(/[ \t\r\n\f]+/g, ' ');
    parts.push(data);
    length += data.length;
  }
  const joined = parts.join('');
  return joined
    .slice(0, maxChars)
    .split('\n')
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
