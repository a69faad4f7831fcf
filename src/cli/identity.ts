import { bareIp, clientIpProblem } from '../core/dns';
import { escapeControls } from './safe-text';

/**
 * A client address as a user or a bounce writes it (bare or as an address literal): the address to evaluate,
 * or why it is not a client's (core/dns/address.ts is the one home of these rules).
 */
export function clientAddress(given: string): { ip: string } | { error: string } {
  const problem = clientIpProblem(given);
  if (problem !== null) return { error: escapeControls(problem) };
  return { ip: bareIp(given) as string };
}

/**
 * RFC 5321 section 4.1.1.1 and 4.1.2: the EHLO/HELO argument is a Domain (`sub-domain *("." sub-domain)`,
 * `sub-domain = Let-dig [Ldh-str]`) or an address literal; RFC 1035 section 2.3.4: labels of at most 63
 * octets, at most 255 octets in all (253 characters written without the root's trailing dot). RFC 7208
 * section 2.3: only a domain name can be checked, an address literal cannot. Returns why `name` is not one,
 * or null.
 */
export function heloError(name: string): string | null {
  const quoted = `"${escapeControls(name)}"`;
  if (/^\[.*\]$/.test(name)) return `HELO name ${quoted} is an address literal: SPF checks a HELO domain name only (RFC 7208 section 2.3)`;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (bare.length === 0 || bare.length > 253 || !bare.split('.').every((part) => label.test(part))) {
    return `HELO name ${quoted} is not a domain name (letters, digits and hyphens in dot-separated labels, RFC 5321 section 4.1.2)`;
  }
  return null;
}
