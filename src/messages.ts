/**
 * The messages between the content script, the background worker and the extension's own pages (popup,
 * options). One discriminated union, one validator: the background trusts nothing it has not parsed here.
 * Adding a message is adding a row to `MESSAGE_RULES` and a member to `Message` (and its reply to `Replies`).
 */
import type { RefusalWordingData } from './core/bounce/prefilter-rules';
import type { BounceFacts } from './core/bounce/types';
import type { Diagnosis } from './core/diagnose/diagnose';
import type { DkimKeyCheck } from './core/dkim/types';
import type { SignatureVerification } from './core/dkim/verify';
import type { DmarcReport } from './core/dmarc/lint';
import type { LintReport } from './core/spf/lint';
import type { Evaluation, SpfResult } from './core/spf/types';
import { WEBMAIL_ORIGINS } from './webmails';

/** Bounce text longer than this is cut by the content script before sending (a bounce is a few KB). */
export const MAX_BOUNCE_TEXT = 20_000;
/** RFC 1035 section 2.3.4: a domain name is at most 253 characters in text form (255 octets on the wire). */
export const MAX_DOMAIN_LENGTH = 253;
/** RFC 5321 section 4.5.3.1.3: a path (an envelope address) is at most 256 octets. */
export const MAX_SENDER_LENGTH = 256;
/** The longest text form of an IPv6 address with an embedded IPv4 address. */
export const MAX_IP_LENGTH = 45;
/** A complete message pasted to have its DKIM signatures verified (Gmail's "Show original" is a few hundred KB at most). */
export const MAX_MESSAGE_TEXT = 2_000_000;
/** A DKIM selector is one or more DNS labels (RFC 6376 section 3.1): at most a name's length. */
export const MAX_SELECTOR_LENGTH = 253;

/** The webmail origins where the content script runs: the adapters' (src/webmails), as the manifests' `content_scripts.matches`. */
export { WEBMAIL_ORIGINS };

export interface PingMessage {
  type: 'ping';
}

/** The content script saw a bounce on the page: the bounce text only, never the rest of the mailbox. */
export interface BounceFoundMessage {
  type: 'bounce-found';
  text: string;
}

/**
 * The content script asks for the receivers' wordings' patterns (core/bounce/prefilter.ts wordingPatterns), on the
 * first message body whose text holds a keyword of them: it carries no text, and the patterns stay out of the
 * content script's size.
 */
export interface WordingPatternsMessage {
  type: 'wording-patterns';
}

/** A check asked for by hand (popup): RFC 7208 check_host() inputs. */
export interface CheckDomainMessage {
  type: 'check-domain';
  domain: string;
  ip?: string;
  sender?: string;
  helo?: string;
  /** a DKIM selector: its key at <selector>._domainkey.<domain> is looked up and inspected */
  selector?: string;
}

/** A complete message (header and body, as "Show original" gives it): verify each DKIM-Signature today. */
export interface VerifyDkimMessage {
  type: 'verify-dkim';
  message: string;
}

/** What the background knows about a tab; without `tabId`, the active tab of the last focused window. */
export interface GetTabStateMessage {
  type: 'get-tab-state';
  tabId?: number;
}

/** The banner's "details" button: show the popup's view of this tab's bounce. */
export interface OpenDetailsMessage {
  type: 'open-details';
}

/** The options page's "clear the DNS cache". */
export interface ClearCacheMessage {
  type: 'clear-cache';
}

export type Message = PingMessage | BounceFoundMessage | WordingPatternsMessage | CheckDomainMessage | GetTabStateMessage | OpenDetailsMessage | ClearCacheMessage | VerifyDkimMessage;
export type MessageType = Message['type'];

/** What the background remembers of a bounce seen in a tab. */
export interface TabBounce {
  /** what the bounce reader found in the text */
  facts: BounceFacts;
  /** the page origin it was seen on */
  origin: string;
  /** milliseconds since the epoch */
  seenAt: number;
  /** the first line of the bounce text, for display */
  headline: string;
  /** the bounce text as the content script sent it (already capped) */
  text: string;
  /** 'diagnosed': `diagnosis` holds the result; 'not-auth': not a sender-authentication bounce (nothing to check); 'error': see `error` */
  status: 'diagnosed' | 'not-auth' | 'error';
  diagnosis: Diagnosis | null;
  error: string | null;
}

export interface TabState {
  tabId: number;
  bounce: TabBounce | null;
}

/** The answer to `check-domain`. The fields after `records` are present when an IP was given. */
export interface DomainCheck {
  domain: string;
  ip: string | null;
  /** the SPF record(s) the domain publishes */
  records: string[];
  /** sentences a person reads: DNS errors, problems */
  notes: string[];
  /** the RFC 7208 check_host() result */
  result?: SpfResult;
  /** why the engine came to that result, in words */
  reason?: string;
  /** the domain's exp= text for a fail, expanded; null when there is none */
  explanation?: string | null;
  /** DNS-querying terms and void lookups counted against the RFC 7208 section 4.6.4 limits, and those limits */
  lookups?: { count: number; void: number; limit: number; voidLimit: number };
  /** the cause, the words and the verified fix (core/diagnose) */
  diagnosis: Diagnosis;
  /** the policy without an IP: include tree with the lookup cost of each node, findings with positions */
  lint: LintReport;
  /** check_host()'s trace with the matched path, when an IP was given */
  evaluation: Evaluation | null;
  /** the DMARC policy that applies to the domain (RFC 9989 tree walk), its findings and report destinations */
  dmarc?: DmarcReport | null;
  /** the DKIM key of the selector given, with the service it belongs to when one of the table is recognised */
  dkim?: (DkimKeyCheck & { service: { id: string; name: string; by: 'cname' | 'signing-domain' | 'selector'; where: string } | null }) | null;
}

/** The successful reply of each message type; every reply is `{ ok: true, ... } | { ok: false, error }`. */
export interface Replies {
  ping: { version: string };
  'bounce-found': { tabId: number; bounce: TabBounce };
  'wording-patterns': { patterns: RefusalWordingData };
  'check-domain': { check: DomainCheck };
  'get-tab-state': { state: TabState };
  'open-details': { opened: 'popup' | 'window' };
  'clear-cache': { cleared: true };
  'verify-dkim': { signatures: SignatureVerification[] };
}

export type ErrorReply = { ok: false; error: string };
export type Reply<T extends MessageType = MessageType> = ({ ok: true } & Replies[T]) | ErrorReply;

/** Where a message comes from: a content script in a webmail tab, or one of the extension's own pages. */
export type SenderKind = 'content' | 'extension-page';

/** Who may send what. A message from anyone else is refused before it is read further. */
export const MESSAGE_RULES: Readonly<Record<MessageType, { from: readonly SenderKind[] }>> = {
  ping: { from: ['content', 'extension-page'] },
  'bounce-found': { from: ['content'] },
  'wording-patterns': { from: ['content'] },
  'check-domain': { from: ['extension-page'] },
  'get-tab-state': { from: ['extension-page'] },
  'open-details': { from: ['content'] },
  'clear-cache': { from: ['extension-page'] },
  'verify-dkim': { from: ['extension-page'] },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MESSAGE_RULES, value);
}

/** Checks an optional string field; returns an error sentence or undefined. */
function optionalString(record: Record<string, unknown>, field: string, max: number): string | undefined {
  const value = record[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return `"${field}" must be a string`;
  if (value.length > max) return `"${field}" is longer than ${max} characters`;
  return undefined;
}

function unknownFields(record: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(record).filter((key) => !allowed.includes(key));
  return extra.length === 0 ? undefined : `unexpected field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}`;
}

/**
 * Reads an untrusted value as a `Message`. Never throws: anything that is not exactly one of the messages
 * (unknown type, missing or mistyped field, extra field, text over its cap) gives `{ error }` saying why.
 */
export function parseMessage(value: unknown): Message | { error: string } {
  if (!isRecord(value)) return { error: 'a message must be an object' };
  const type = value.type;
  if (!isMessageType(type)) {
    return { error: typeof type === 'string' ? `unknown message type "${type.slice(0, 40)}"` : 'a message needs a string "type"' };
  }
  const fail = (error: string): { error: string } => ({ error: `${type}: ${error}` });
  switch (type) {
    case 'ping':
    case 'wording-patterns':
    case 'open-details':
    case 'clear-cache': {
      const extra = unknownFields(value, ['type']);
      return extra ? fail(extra) : { type };
    }
    case 'bounce-found': {
      const extra = unknownFields(value, ['type', 'text']);
      if (extra) return fail(extra);
      if (typeof value.text !== 'string') return fail('"text" must be a string');
      if (value.text.trim() === '') return fail('"text" is empty');
      if (value.text.length > MAX_BOUNCE_TEXT) return fail(`"text" is longer than ${MAX_BOUNCE_TEXT} characters`);
      return { type, text: value.text };
    }
    case 'verify-dkim': {
      const extra = unknownFields(value, ['type', 'message']);
      if (extra) return fail(extra);
      if (typeof value.message !== 'string') return fail('"message" must be a string');
      if (value.message.trim() === '') return fail('"message" is empty');
      if (value.message.length > MAX_MESSAGE_TEXT) return fail(`"message" is longer than ${MAX_MESSAGE_TEXT} characters`);
      return { type, message: value.message };
    }
    case 'check-domain': {
      const extra = unknownFields(value, ['type', 'domain', 'ip', 'sender', 'helo', 'selector']);
      if (extra) return fail(extra);
      if (typeof value.domain !== 'string') return fail('"domain" must be a string');
      const domain = value.domain.trim();
      if (domain === '') return fail('"domain" is empty');
      if (domain.length > MAX_DOMAIN_LENGTH) return fail(`"domain" is longer than ${MAX_DOMAIN_LENGTH} characters`);
      const problem =
        optionalString(value, 'ip', MAX_IP_LENGTH) ??
        optionalString(value, 'sender', MAX_SENDER_LENGTH) ??
        optionalString(value, 'helo', MAX_DOMAIN_LENGTH) ??
        optionalString(value, 'selector', MAX_SELECTOR_LENGTH);
      if (problem) return fail(problem);
      const message: CheckDomainMessage = { type, domain };
      // an empty optional field means "not given", as an empty form input does
      for (const field of ['ip', 'sender', 'helo', 'selector'] as const) {
        const given = value[field];
        if (typeof given === 'string' && given.trim() !== '') message[field] = given.trim();
      }
      return message;
    }
    case 'get-tab-state': {
      const extra = unknownFields(value, ['type', 'tabId']);
      if (extra) return fail(extra);
      if (value.tabId === undefined) return { type };
      if (typeof value.tabId !== 'number' || !Number.isSafeInteger(value.tabId) || value.tabId < 0) {
        return fail('"tabId" must be a non-negative integer');
      }
      return { type, tabId: value.tabId };
    }
  }
}

export function isMessage(parsed: Message | { error: string }): parsed is Message {
  return !('error' in parsed);
}

/** Cuts bounce text to the cap the background accepts, at a line end where one is near. */
export function capBounceText(text: string): string {
  if (text.length <= MAX_BOUNCE_TEXT) return text;
  const cut = text.slice(0, MAX_BOUNCE_TEXT);
  const lineEnd = cut.lastIndexOf('\n');
  return lineEnd > MAX_BOUNCE_TEXT * 0.9 ? cut.slice(0, lineEnd) : cut;
}

/**
 * Tells who sent a message, from what the browser reports about the sender (runtime.MessageSender).
 * Only this extension counts (`id`); an extension page only under this extension's own base URL
 * (`runtime.getURL('')`); a content script only in a tab on one of the webmail origins. Everything else is `null`.
 */
export function classifySender(
  sender: { id?: string; url?: string; tab?: unknown; origin?: string },
  runtimeId: string,
  extensionBaseUrl: string,
): SenderKind | null {
  if (sender.id !== runtimeId || typeof sender.url !== 'string') return null;
  // URL.origin of a chrome-extension:/moz-extension: URL is "null" in some engines: compare the base URL
  if (sender.url.startsWith(extensionBaseUrl)) {
    const base = extensionBaseUrl.replace(/\/$/, '');
    return sender.origin === undefined || sender.origin === base ? 'extension-page' : null;
  }
  let origin: string;
  try {
    origin = new URL(sender.url).origin;
  } catch {
    return null;
  }
  // Chrome reports the frame's origin separately; when it does, both must agree
  if (sender.origin !== undefined && sender.origin !== origin) return null;
  if (sender.tab !== undefined && WEBMAIL_ORIGINS.includes(origin)) return 'content';
  return null;
}

/** The reply to a message refused for its sender or its shape. */
export function errorReply(error: string): ErrorReply {
  return { ok: false, error };
}
