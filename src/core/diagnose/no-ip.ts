/**
 * What the banner and the popup say about an authentication refusal whose bounce names no IP address (issue 11
 * section 3). SPF's check_host() needs the client IP (RFC 7208 section 4.1): without it only the policy can be
 * read, never whether the refused server was allowed. Kept in its own small module so the content script
 * imports these words without the rest of the core.
 */
import type { BounceFacts } from '../bounce/types';

export const NO_IP = "The bounce does not name the refused server's IP address, so SPF could not be checked for it.";

/** The banner's pointer to the popup, where the check form waits with the domain and sender filled in. */
export const NO_IP_BANNER = 'To check it, open Bounce Explainer from the toolbar and enter the IP of the server that sent the mail.';

/** The popup's pointer to its check form. */
export const NO_IP_POPUP = 'Check it below: the domain and sender are filled in from the bounce; add the IP of the server that sent the mail.';

/** An authentication refusal that names no IP address. */
export function refusalWithoutIp(facts: Pick<BounceFacts, 'authFailure' | 'ip'> | null | undefined): boolean {
  return facts != null && facts.authFailure && facts.ip === null;
}
