/**
 * Tells a bounce (non-delivery report) from any other message, from its text alone, so that only bounce
 * text ever leaves the page. One row per telltale; a text is a bounce when any row matches.
 */
export const BOUNCE_MARKERS: readonly { name: string; pattern: RegExp }[] = [
  // RFC 3463: an SMTP reply code followed by a permanent or persistent-transient enhanced status code
  { name: 'smtp-status', pattern: /\b[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}\b/ },
  // RFC 3464 section 2.3.6: the delivery-status field that quotes the receiver's answer
  { name: 'diagnostic-code', pattern: /^\s*Diagnostic-Code:/im },
  // Gmail's and Google Workspace's bounce subject and sender
  { name: 'delivery-status-notification', pattern: /\bDelivery Status Notification\b/i },
  { name: 'mail-delivery-subsystem', pattern: /\bMail Delivery (?:Subsystem|System)\b/i },
  // Microsoft 365 / Exchange
  { name: 'undeliverable', pattern: /\bUndeliverable:/i },
  { name: 'delivery-has-failed', pattern: /\bDelivery has failed to these recipients\b/i },
  { name: 'message-not-delivered', pattern: /\b(?:your )?message (?:wasn't|was not|could not be|couldn't be) delivered\b/i },
];

export function looksLikeBounce(text: string): boolean {
  return BOUNCE_MARKERS.some((marker) => marker.pattern.test(text));
}
