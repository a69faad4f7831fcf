import { mimeParts } from './mime';
import { emptyFacts, readBounceText, readParts } from './facts';
import type { BounceFacts } from './types';

export { readBounceText } from './facts';
export { looksLikeBounce } from './prefilter';
export { returnedMessage } from './mime';
export type { AuthMechanism, BounceFacts, ReceiverDkimResult, RefusedRecipient } from './types';

/** A raw message starts with a header block that says it is MIME (RFC 2045 section 4). */
function isMimeMessage(text: string): boolean {
  if (!/^(?:From |[A-Za-z][A-Za-z0-9-]{0,76}:)/.test(text)) return false;
  const blank = text.search(/\r?\n\r?\n/);
  const head = (blank === -1 ? text : text.slice(0, blank)).slice(0, 100_000);
  return /^(?:mime-version|content-type|content-transfer-encoding)[ \t]*:/im.test(head);
}

/**
 * Reads a bounce: a raw message (`.eml`, parsed with postal-mime) or pasted text, told apart by
 * a MIME header block. Never throws: bad input gives facts with every field null.
 */
export async function readBounce(input: string | Uint8Array): Promise<BounceFacts> {
  try {
    let text: string;
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) text = new TextDecoder('utf-8').decode(input.subarray(0, 1_000_000));
    else return emptyFacts();
    if (!isMimeMessage(text)) return readBounceText(text);
    try {
      return readParts(await mimeParts(input));
    } catch {
      // a message postal-mime cannot take apart is still worth reading as text
      return readBounceText(text);
    }
  } catch {
    return emptyFacts();
  }
}
