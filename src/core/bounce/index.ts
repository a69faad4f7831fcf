import { mimeParts } from './mime';
import { emptyFacts, readBounceText, readParts } from './facts';
import type { BounceFacts } from './types';

export { readBounceText } from './facts';
export { looksLikeBounce } from './prefilter';
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
  return (await readBounceWithMessage(input)).facts;
}

/**
 * readBounce, and from the same parse the whole returned message when a MIME part carries it (octets, for DKIM
 * verification; null otherwise). Never throws.
 */
export async function readBounceWithMessage(input: string | Uint8Array): Promise<{ facts: BounceFacts; returnedMessage: string | null }> {
  const none = { returnedMessage: null };
  try {
    let text: string;
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) text = new TextDecoder('utf-8').decode(input.subarray(0, 1_000_000));
    else return { facts: emptyFacts(), ...none };
    if (!isMimeMessage(text)) return { facts: readBounceText(text), ...none };
    try {
      const parts = await mimeParts(input);
      const facts = readParts(parts);
      // a pasted message whose part boundaries the paste broke (its blank lines dropped: a part's text read as its
      // headers, RFC 2046 section 5.1.1) leaves its parts without a reply: the text as a whole may still hold one
      if (facts.rejection.length === 0) {
        const asText = readBounceText(text);
        if (asText.rejection.length > 0) return { facts: asText, ...none };
      }
      return { facts, returnedMessage: parts.returnedMessage ?? null };
    } catch {
      // a message postal-mime cannot take apart is still worth reading as text
      return { facts: readBounceText(text), ...none };
    }
  } catch {
    return { facts: emptyFacts(), ...none };
  }
}
