import PostalMime from 'postal-mime';
import type { Attachment } from 'postal-mime';
import { normalise } from './normalise';
import { asWritten } from './quotes';
import { MAX_INPUT_CHARS, normalizeNewlines, splitAtReturned } from './text';
import type { BounceParts } from './text';

function contentText(attachment: Attachment): string {
  const content = attachment.content;
  if (typeof content === 'string') return content;
  return new TextDecoder('utf-8').decode(content instanceof ArrayBuffer ? new Uint8Array(content) : content);
}

/** Bytes as a string of octets, one Latin-1 character each: what DKIM verification hashes, exactly (RFC 6376 section 3.4). */
function octetString(content: ArrayBuffer | Uint8Array | string): string {
  if (typeof content === 'string') return content;
  const bytes = content instanceof ArrayBuffer ? new Uint8Array(content) : content;
  const chunks: string[] = [];
  for (let at = 0; at < bytes.length; at += 8192) chunks.push(String.fromCharCode(...bytes.subarray(at, at + 8192)));
  return chunks.join('');
}

/** The header block of a message: everything up to the first empty line. */
function headerBlock(message: string): string {
  const text = normalizeNewlines(message);
  const blank = text.indexOf('\n\n');
  return blank === -1 ? text : text.slice(0, blank);
}

/**
 * HTML-only reports (some Exchange NDRs): the text a reader sees. One pass over the markup (HTML Living Standard
 * 13.2.5.1, 13.2.5.6: a tag runs from "<" and a letter, "/" or "!" to the next ">"; any other "<" is text):
 * each character is visited once, so a megabyte of "<" costs a megabyte of work, where a pattern like
 * /<[^>]{0,2000}>/g re-reads up to 2000 characters from every "<" it tries. Block elements end a line;
 * character references are left to normalise().
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let lower: string | null = null;
  let at = 0;
  // where to look for the next "<": past a "<" that is text, `at` stays where the text began
  let search = 0;
  while (search < html.length) {
    const open = html.indexOf('<', search);
    if (open === -1) break;
    const next = html[open + 1] ?? '';
    if (!TAG_START.test(next)) {
      search = open + 1;
      continue;
    }
    const close = html.indexOf('>', open + 1);
    // a "<" that never closes is text, and so is everything after it
    if (close === -1) break;
    out.push(html.slice(at, open));
    const name = /^<\/?([A-Za-z][A-Za-z0-9]{0,10})/.exec(html.slice(open, Math.min(close, open + 13)));
    if (name !== null && BLOCK_ELEMENTS.has((name[1] as string).toLowerCase())) out.push('\n');
    // the content of <style> and <script> is not text
    const raw = name !== null && !html.startsWith('</', open) ? (name[1] as string).toLowerCase() : '';
    if (raw === 'style' || raw === 'script') {
      lower ??= html.toLowerCase();
      const end = lower.indexOf(`</${raw}`, close);
      at = end === -1 ? html.length : end;
      search = at;
      continue;
    }
    at = close + 1;
    search = at;
  }
  out.push(html.slice(at));
  return out.join('');
}

const TAG_START = /[A-Za-z/!?]/;
const BLOCK_ELEMENTS = new Set(['br', 'p', 'div', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'pre', 'hr']);

/** A returned message longer than this is not verified (a signed body cut short can only fail). */
export const MAX_RETURNED_MESSAGE = 512_000;

/**
 * The whole returned message of a bounce (a `message/rfc822` or `message/global` part with its body, RFC 3464
 * section 2 / RFC 6522 section 3), as octets, for DKIM verification; null for a header block only, or for more
 * than MAX_RETURNED_MESSAGE octets.
 */
function wholeMessage(content: ArrayBuffer | Uint8Array | string): string | null {
  const message = octetString(content);
  return message.length > MAX_RETURNED_MESSAGE || !/\r?\n\r?\n/.test(message) ? null : message;
}

/**
 * Cuts a raw message (`.eml`) into parts with postal-mime: the decoded notice (quoted-printable,
 * base64, charsets), the `message/delivery-status` part (RFC 3464) and the returned original's
 * headers (`message/rfc822` or `text/rfc822-headers`, RFC 6522 section 3), and an authentication failure
 * report's `message/feedback-report` part (RFC 5965 section 3, RFC 6591).
 */
export async function mimeParts(input: string | Uint8Array): Promise<BounceParts> {
  const raw = typeof input === 'string' ? input.slice(0, MAX_INPUT_CHARS) : input.subarray(0, MAX_INPUT_CHARS);
  // report parts stay attachments: the returned original is evidence, not text to read
  const email = await PostalMime.parse(raw, { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer' });
  let deliveryStatus = '';
  let feedbackReport = '';
  let returned = '';
  let returnedMessage: string | null | undefined;
  for (const attachment of email.attachments) {
    const type = attachment.mimeType.toLowerCase();
    if ((type === 'message/delivery-status' || type === 'message/global-delivery-status') && deliveryStatus === '') {
      deliveryStatus = normalizeNewlines(contentText(attachment));
    } else if (type === 'message/feedback-report' && feedbackReport === '') {
      // RFC 5965 section 3 (an RFC 6591 authentication failure report): fields, kept as written
      feedbackReport = normalizeNewlines(contentText(attachment));
    } else if ((type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/global' || type === 'message/global-headers') && returned === '') {
      returned = headerBlock(contentText(attachment));
    }
    if ((type === 'message/rfc822' || type === 'message/global') && returnedMessage === undefined) returnedMessage = wholeMessage(attachment.content);
  }
  // the text parts are read normalised (normalise.ts); the returned headers are evidence, kept as written
  const shown = email.text ?? (email.html !== undefined ? htmlToText(email.html) : '');
  const normalisedBody = normalise(shown);
  const body = normalisedBody.text;
  const split = splitAtReturned(body);
  const normalisedDsn = deliveryStatus === '' ? null : normalise(deliveryStatus);
  return {
    headers: email.headerLines.map((header) => header.line).join('\n'),
    notice: split.notice,
    deliveryStatus: normalisedDsn === null ? '' : normalisedDsn.text,
    feedbackReport,
    returned: returned !== '' ? returned : split.returned,
    returnedMessage: returnedMessage ?? null,
    // the decoded text a mail program shows (the notice, the report parts, the returned headers as written)
    quoteSources: [
      { normalised: normalisedBody, original: shown },
      ...(normalisedDsn === null ? [] : [{ normalised: normalisedDsn, original: deliveryStatus }]),
      ...(feedbackReport === '' ? [] : [asWritten(feedbackReport)]),
      ...(returned === '' ? [] : [asWritten(returned)]),
    ],
  };
}
