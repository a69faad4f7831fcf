/**
 * The sender the webmail shows for an opened message: the last element matching the adapter's sender
 * selector that stands before the body, with no other message's body between them (a conversation lists
 * each message's header above its body). Looked for in the body's ancestors, nearest first, so the
 * message's own header is found before a neighbour's.
 */
import { deliveryStatusSender, type DeliveryStatusSender } from './delivery-status-senders';

/** How far up from a body its header is looked for (Gmail: 4 levels, Outlook: 3 to 6). */
const MAX_DEPTH = 12;

/** The attribute values on the sender element and inside it that hold an address, most specific first. */
function addressAttributes(element: Element): string[] {
  const texts: string[] = [];
  for (const node of [element, ...element.querySelectorAll('[email], [title], [aria-label]')]) {
    for (const name of ['email', 'title', 'aria-label']) {
      const value = node.getAttribute(name);
      if (value?.includes('@')) texts.push(value);
    }
  }
  return texts;
}

function precedes(a: Node, b: Node): boolean {
  return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
}

/** The element showing `body`'s sender, or null. */
export function senderElement(body: Element, senderSelector: string, bodiesSelector: string): Element | null {
  let depth = 0;
  for (let around = body.parentElement; around !== null && depth < MAX_DEPTH; around = around.parentElement, depth++) {
    let sender: Element | null = null;
    for (const candidate of around.querySelectorAll(senderSelector)) {
      if (body.contains(candidate)) continue;
      if (precedes(candidate, body)) sender = candidate;
      else break;
    }
    if (sender === null) continue;
    // another message's body between that header and this body: the header is not this message's
    for (const other of around.querySelectorAll(bodiesSelector)) {
      if (other !== body && !other.contains(body) && !body.contains(other) && precedes(sender, other) && precedes(other, body)) return null;
    }
    return sender;
  }
  return null;
}

/**
 * The delivery-status sender row for `body`'s message, or null when its sender is anyone else or cannot be
 * found. An address in an attribute decides; else the element's text (an address in it, or a bare
 * "MAILER-DAEMON").
 */
export function deliveryStatusSenderOf(body: Element, senderSelector: string | null, bodiesSelector: string): DeliveryStatusSender | null {
  if (senderSelector === null) return null;
  const element = senderElement(body, senderSelector, bodiesSelector);
  if (element === null) return null;
  return deliveryStatusSender(addressAttributes(element)[0] ?? element.textContent ?? '');
}
