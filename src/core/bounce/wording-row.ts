/**
 * One row of the wordings tables (wordings.ts: the mailbox providers' and shared wordings; wordings-servers.ts: the
 * mail servers', filters' and gateways'), and the bounded pieces their patterns are built from.
 */
import type { AuthMechanism } from './types';

/** Where in a row's match the facts sit (capture group numbers). */
export interface AuthWording {
  /** the receiver family whose wording this is; null for wordings many receivers use */
  receiver: string | null;
  /** 'results': read the mechanism from "Spf= Fail , Dkim= Pass , DMARC= Pass" */
  mechanism: AuthMechanism | 'results';
  pattern: RegExp;
  domain?: number;
  ip?: number;
  /** group holding the SPF identity: an address (MAIL FROM) or a name (HELO) */
  identity?: number;
  /** the named domain is the header From domain although the mechanism is SPF (Microsoft 5.7.515) */
  headerFrom?: true;
  /** the named identity is the HELO name (RFC 7208 section 2.3), not the MAIL FROM */
  helo?: true;
  /** a generic wording: yields to a refusal that is about something else (blocklist, PTR, spam) */
  generic?: true;
  /** the reply codes the row's source shows with it (for the README's list of receivers; not matched) */
  codes?: string[];
}

// Bounded character classes only ([^x]{0,N}): every pattern runs in linear time on any input.
const DOMAIN = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.){1,8}[A-Za-z0-9-]{1,63}';
const ADDRESS_IP = '[0-9A-Fa-f:.]{2,45}';

/**
 * A name a help page, an issue or a paste hid, where a row reads a domain or an address: the wording still says what
 * happened. A bounded set of forms: a word for what stands there ("IP", "ipaddress", "domain_name", "REDACTED"),
 * masks ("***", "xxx", "…"), a template's placeholders ("%s", "$sender_host_address"), and empty delimiters ("<>",
 * "''", "[]"); a word or a mask may keep its own brackets ("[REDACTED]", "<ip address>") where the row has none.
 * Outside the slot's capture group, so a hidden value is never read as a fact.
 */
const HIDDEN_WORD =
  '(?:IP(?:[ _-]?(?:address|addr|host))?|ipaddress|x\\.x\\.x\\.x|(?:(?:your|sender)[ _-]?)?domain(?:[ _-]?name)?|redacted|hidden|removed|masked|anonymi[sz]ed|snip(?:ped)?)';
const MASK = '(?:\\*{1,12}|x{2,12}|#{2,12}|\u2026|\\.{3}|_{2,12})';
// a word may keep a masked top-level domain: "YOUR_DOMAIN.*", "domain.xxx"
const MASKED_TLD = '(?:\\.(?:\\*{1,3}|x{2,3}))?';
// a template's placeholder, where a page shows the reply as a server's configuration or source writes it, or a server
// sent it unexpanded: printf's "%s", Exim's and Perl's "$sender_host_address" and "${header_from_domain}"
const PLACEHOLDER = '(?:%s|\\$\\{?[A-Za-z_][A-Za-z0-9_]{0,40}\\}?)';
const HIDDEN_NAME = `(?:[\\[<(]?(?:${HIDDEN_WORD}${MASKED_TLD}|${MASK})[\\]>)]?|${PLACEHOLDER}|<>|''|""|\\[\\]|\\(\\))`;
/** An IPv4 address with some of its numbers masked: "xxx.59.88.xxx", "192.0.2.x", "x.x.x.x", "1.2.3.*" */
const MASKED_IPV4 = '(?:(?:[0-9]{1,3}|[xX*#]{1,3})\\.){3}(?:[0-9]{1,3}|[xX*#]{1,3})';

/** A domain slot: the name (one capture group), or a hidden one (no capture: the group is undefined). */
export const D = `(?:(${DOMAIN})|${HIDDEN_NAME})`;
/** An address slot: the IP (one capture group), or a hidden or masked one (undefined). */
export const IP = `(?:(${ADDRESS_IP})|${MASKED_IPV4}|${HIDDEN_NAME})`;
/**
 * An address slot in square brackets, as Gmail writes it ("with ip: [192.0.2.1]"): the IP slot, or a placeholder a
 * poster made of words around "ip" ("[my-mail-server-ip]", "[SERVER_IP]"). Only between brackets: a slot that may
 * start with any word is tried at every letter of a text (bench/bounce: several times slower where a row opens with it).
 */
export const BRACKETED_IP = `\\[(?:${IP}|(?=[A-Za-z_-]{0,40}\\])[A-Za-z_-]{0,40}?ip[A-Za-z_-]{0,37})\\]`;
/** An SPF identity slot: the address or domain (group 1), its domain (group 2); a hidden one leaves both undefined. */
export const IDENTITY = `(?:((?:[^\\s@<>]{1,64}@)?(${DOMAIN}))|(?:[^\\s@<>]{1,64}@)?${HIDDEN_NAME})`;
/**
 * Nothing, where the text shows the name was cut: the reply ends right there ("... to send mail from" and no more).
 * For a slot at the end of a row: `from(?: ${D}|${CUT})`.
 */
export const CUT = '(?=[ .]{0,3}$)';
