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
export const D = '([A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.){1,8}[A-Za-z0-9-]{1,63})';
export const IP = '([0-9A-Fa-f:.]{2,45})';
