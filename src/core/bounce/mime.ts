import PostalMime from 'postal-mime';
import type { Attachment } from 'postal-mime';
import { MAX_INPUT_CHARS, normalizeNewlines, splitAtReturned } from './text';
import type { BounceParts } from './text';

function contentText(attachment: Attachment): string {
  const content = attachment.content;
  if (typeof content === 'string') return content;
  return new TextDecoder('utf-8').decode(content instanceof ArrayBuffer ? new Uint8Array(content) : content);
}

/** The header block of a message: everything up to the first empty line. */
function headerBlock(message: string): string {
  const text = normalizeNewlines(message);
  const blank = text.indexOf('\n\n');
  return blank === -1 ? text : text.slice(0, blank);
}

/** HTML-only reports (some Exchange NDRs): the text a reader sees, tags dropped. */
function htmlToText(html: string): string {
  return html
    .replace(/<(?:br|\/p|\/div|\/tr|\/li|\/h[1-6])\b[^>]{0,200}>/gi, '\n')
    .replace(/<[^>]{0,2000}>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Cuts a raw message (`.eml`) into parts with postal-mime: the decoded notice (quoted-printable,
 * base64, charsets), the `message/delivery-status` part (RFC 3464) and the returned original's
 * headers (`message/rfc822` or `text/rfc822-headers`, RFC 6522 section 3).
 */
export async function mimeParts(input: string | Uint8Array): Promise<BounceParts> {
  const raw = typeof input === 'string' ? input.slice(0, MAX_INPUT_CHARS) : input.subarray(0, MAX_INPUT_CHARS);
  // report parts stay attachments: the returned original is evidence, not text to read
  const email = await PostalMime.parse(raw, { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer' });
  let deliveryStatus = '';
  let returned = '';
  for (const attachment of email.attachments) {
    const type = attachment.mimeType.toLowerCase();
    if ((type === 'message/delivery-status' || type === 'message/global-delivery-status') && deliveryStatus === '') {
      deliveryStatus = normalizeNewlines(contentText(attachment));
    } else if ((type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/global' || type === 'message/global-headers') && returned === '') {
      returned = headerBlock(contentText(attachment));
    }
  }
  const body = normalizeNewlines(email.text ?? (email.html !== undefined ? htmlToText(email.html) : ''));
  const split = splitAtReturned(body);
  return {
    headers: email.headerLines.map((header) => header.line).join('\n'),
    notice: split.notice,
    deliveryStatus,
    returned: returned !== '' ? returned : split.returned,
  };
}
