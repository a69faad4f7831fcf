/**
 * Who sends bounces. A message whose visible sender is one of these is checked without asking; any other
 * message that reads like a bounce (a forwarded "Fwd: Undeliverable", a pasted report, a newsletter with
 * bounce text in it) waits for the user's click before anything leaves the browser. One row per sender,
 * with where it is documented. The local part decides, whatever the domain: a delivery-status notice comes
 * from the reporting system's own host (mailer-daemon@googlemail.com, MAILER-DAEMON@mx4.example.jp,
 * postmaster@outlook.com, MicrosoftExchange…@<accepted domain>).
 *
 * A From line can be forged like any other text: this table keeps ordinary mail (newsletters, forwards,
 * pasted text) from reaching DNS unasked, and the per-page limit (index.ts) bounds what a forger gets.
 */
export interface DeliveryStatusSender {
  name: string;
  /** matched against the whole local part, case-insensitively */
  localPart: RegExp;
}

// Sources (kept out of the shipped strings; the content script stays small):
// - mailer-daemon: Postfix bounce(5) and Exim's spec, chapter "Bounce messages" ("Mail Delivery System
//   <Mailer-Daemon@host>"); Gmail's "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"; 70 of the
//   corpus's notices (test/fixtures/bounce-corpus, ../shared/bounce-corpus).
// - postmaster: RFC 5321 section 4.5.1; Microsoft KB 251152 ("From: System Administrator <postmaster@…>");
//   Outlook.com and iCloud notices in the corpus.
// - MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e: Exchange's "Microsoft Exchange recipient"
//   (Get-OrganizationConfig | fl MicrosoftExchangeRecipient*: MicrosoftExchangeRecipientPrimarySmtpAddress),
//   the NDR sender of Exchange 2007 and later and of Exchange Online ("Microsoft Outlook" in Graph samples).

export const DELIVERY_STATUS_SENDERS: readonly DeliveryStatusSender[] = [
  {
    name: 'mailer-daemon',
    // sendmail, Postfix, Exim, qmail and Gmail ("Mail Delivery Subsystem <mailer-daemon@googlemail.com>");
    // Postfix sends "MAILER-DAEMON" with no domain in some notices, and "MAILER-DAEMON <>" shows the name alone
    localPart: /^mailer[-_]?daemon$/i,
  },
  {
    name: 'postmaster',
    // RFC 5321 section 4.5.1: every domain that accepts mail has a postmaster mailbox; Exchange 2000-2003,
    // Outlook.com ("Microsoft Outlook <postmaster@outlook.com>"), iCloud ("postmaster@mac.com") and content
    // filters (amavis: "Content-filter at example.com <postmaster@example.com>") send their notices from it
    localPart: /^postmaster$/i,
  },
  {
    name: 'microsoft-exchange-recipient',
    // Exchange 2007 and later and Exchange Online send NDRs from the "Microsoft Exchange recipient", whose
    // address is this fixed name at each accepted domain (Get-OrganizationConfig | fl MicrosoftExchangeRecipient*)
    localPart: /^MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e$/i,
  },
];

/**
 * The address in a sender element's text or attribute ("Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
 * "De: postmaster@outlook.com"): the first `local@domain`. Without an `@`, a local part alone: in angle
 * brackets ("Mail Delivery Subsystem <MAILER-DAEMON>", as Postfix writes it), or a text that is one bare word
 * ("MAILER-DAEMON", as a webmail shows "MAILER-DAEMON <>"). Null when none of these is there.
 */
export function senderAddress(text: string): { localPart: string; domain: string | null } | null {
  if (text.length > 512) return null;
  // local parts as RFC 5322 dot-atoms allow; enough to tell the table's names apart from anything else
  const address = /([\w!#$%&'*+/=?^`{|}~.-]{1,64})@([A-Za-z0-9.-]{1,253})/.exec(text);
  if (address !== null) return { localPart: address[1] as string, domain: (address[2] as string).toLowerCase() };
  const bare = /<([\w.-]{1,64})>/.exec(text)?.[1] ?? /^\s*([\w.-]{1,64})\s*(?:<>)?\s*$/.exec(text)?.[1];
  return bare === undefined ? null : { localPart: bare, domain: null };
}

/** The table's row for this sender (its address, or a bare local part), or null. */
export function deliveryStatusSender(text: string): DeliveryStatusSender | null {
  const address = senderAddress(text);
  if (address === null) return null;
  return DELIVERY_STATUS_SENDERS.find((row) => row.localPart.test(address.localPart)) ?? null;
}
