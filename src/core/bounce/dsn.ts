/** Delivery-status fields (RFC 3464 section 2.2 and 2.3), found in the DSN part or in pasted text. */
import { addressOrNull } from './addresses';
import { lineEnd } from './line';
import { CONTINUATION } from './text';

export interface DsnRecipient {
  finalRecipient: string | null;
  otherRecipients: string[];
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
}

export interface Dsn {
  reportingMta: string | null;
  postfixSender: string | null;
  recipients: DsnRecipient[];
}

const DSN_FIELD = /^([A-Za-z][A-Za-z0-9-]{0,40})[ \t]*:[ \t]*(.*)$/;
const DSN_FIELDS = new Set([
  'reporting-mta',
  'x-postfix-sender',
  'final-recipient',
  'original-recipient',
  'x-actual-recipient',
  'status',
  'remote-mta',
  'diagnostic-code',
]);

// RFC 3464 section 2.2 and 2.3: a line that starts one of the fields above (continuation lines start with blanks)
export const DSN_FIELD_LINE = new RegExp(`(?:^|\\n)(?:${[...DSN_FIELDS].join('|')})[ \\t]*:`, 'gi');

/** `rfc822; user@example.com` -> `user@example.com` (RFC 3464 section 2.3.2: address-type ";" address). */
function stripType(value: string): string {
  const semi = value.indexOf(';');
  if (semi !== -1 && semi <= 24 && !/\s/.test(value.slice(0, semi).trim())) return value.slice(semi + 1).trim();
  return value.trim();
}

export function parseDsn(text: string): Dsn {
  const dsn: Dsn = { reportingMta: null, postfixSender: null, recipients: [] };
  let current: DsnRecipient | null = null;
  // RFC 3464 section 2.3 does not order the per-recipient fields: some reports (Mimecast) write Status and
  // Diagnostic-Code before Final-Recipient; they wait here for the recipient they belong to
  const pending: DsnRecipient = { finalRecipient: null, otherRecipients: [], status: null, diagnostic: null, remoteMta: null };
  const target = (): DsnRecipient => current ?? pending;
  // only the lines that start with a field of the table are read, found by one search through the text
  const fieldLine = new RegExp(DSN_FIELD_LINE.source, DSN_FIELD_LINE.flags);
  for (let found = fieldLine.exec(text); found !== null; found = fieldLine.exec(text)) {
    const start = found[0].startsWith('\n') ? found.index + 1 : found.index;
    let end = lineEnd(text, start);
    const match = DSN_FIELD.exec(text.slice(start, end));
    if (match === null) continue;
    const name = (match[1] as string).toLowerCase();
    if (!DSN_FIELDS.has(name)) continue;
    let value = (match[2] as string).trim();
    while (end < text.length) {
      const nextEnd = lineEnd(text, end + 1);
      const next = text.slice(end + 1, nextEnd);
      if (!CONTINUATION.test(next) || next.trim() === '') break;
      value += ' ' + next.trim();
      end = nextEnd;
    }
    fieldLine.lastIndex = end;
    switch (name) {
      case 'reporting-mta':
        // a second report further down is a bounce quoted inside this one
        if (dsn.reportingMta !== null) return dsn;
        dsn.reportingMta = stripType(value) || null;
        break;
      case 'x-postfix-sender':
        if (dsn.postfixSender === null) dsn.postfixSender = addressOrNull(stripType(value));
        break;
      case 'final-recipient':
        if (dsn.recipients.length >= 100) return dsn;
        current = { ...pending, finalRecipient: addressOrNull(stripType(value)), otherRecipients: [] };
        dsn.recipients.push(current);
        pending.status = pending.diagnostic = pending.remoteMta = null;
        break;
      case 'original-recipient':
      case 'x-actual-recipient': {
        const address = addressOrNull(stripType(value));
        if (current !== null && address !== null) current.otherRecipients.push(address);
        break;
      }
      case 'status':
        if (/^[245]\.[0-9]{1,3}\.[0-9]{1,3}/.test(value)) target().status = value.split(/\s/)[0] as string;
        break;
      case 'remote-mta':
        target().remoteMta = stripType(value) || null;
        break;
      case 'diagnostic-code':
        target().diagnostic = stripType(value) || null;
        break;
    }
  }
  return dsn;
}
