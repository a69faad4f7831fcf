/**
 * The receiver's authentication verdicts as header fields: `Authentication-Results` (RFC 8601) and
 * `Received-SPF` (RFC 7208 section 9.1). Only the format is read here; whether a field is the refusing
 * receiver's own is decided in evidence.ts.
 */
import { findIps, parseIp } from './ip';
import { addrSpec, withoutComments } from './returned-headers';
import type { ReceiverDkimResult } from './types';

export interface MethodResult {
  /** lowercase method: spf, dkim, dmarc, iprev, arc, ... (RFC 8601 section 2.7) */
  method: string;
  /** lowercase result: pass, fail, softfail, none, ... */
  result: string;
  /** `ptype.property` (lowercase) -> value, e.g. `smtp.mailfrom`, `header.from`, `header.d`, `policy.iprev` */
  properties: Map<string, string>;
  /** the (comments) of this resinfo, e.g. Microsoft's "(sender IP is 192.0.2.1)" */
  comments: string[];
  /** RFC 8601 section 2.3: the `reason=` value after the result, or null */
  reason: string | null;
}

export interface AuthenticationResults {
  /** RFC 8601 section 2.5: the host (or domain) that did the checks; null when the field does not start with one */
  authservId: string | null;
  results: MethodResult[];
}

const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
const METHOD = /^([A-Za-z0-9][A-Za-z0-9_-]{0,40})(?:\/[0-9]{1,3})?\s*=\s*([A-Za-z0-9_-]{1,20})\s*(.*)$/s;
// RFC 8601 section 2.2: `methodspec [CFWS reasonspec]`, reasonspec = "reason" "=" value (section 2.3)
const REASON = /^reason\s*=\s*("(?:[^"\\]|\\.){0,500}"|[^\s;]{1,500})/i;
const PROPERTY = /([A-Za-z0-9_-]{1,20})\s*\.\s*([A-Za-z0-9_-]{1,40})\s*=\s*("(?:[^"\\]|\\.){0,500}"|[^\s;]{0,500})/g;

/**
 * RFC 8601 section 2.2: `authserv-id [version] ; method=result reason props ; ...`. A field that starts with
 * a method instead (`spf=pass (sender IP is ...) smtp.mailfrom=...`, as Exchange Online writes it) has no
 * authserv-id: its results are read, its authserv-id is null.
 */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const resinfos = splitTopLevel(value, ';');
  let authservId: string | null = null;
  const first = withoutComments(resinfos[0] ?? '').text;
  const start = first.split(' ')[0] ?? '';
  if (start.indexOf('=') === -1 && TOKEN.test(start)) {
    authservId = start.replace(/\.$/, '').toLowerCase();
    resinfos.shift();
  }
  const results: MethodResult[] = [];
  for (const resinfo of resinfos.slice(0, 50)) {
    const { text, comments } = withoutComments(resinfo);
    const method = METHOD.exec(text);
    if (method === null) continue;
    const properties = new Map<string, string>();
    const rest = method[3] as string;
    const pattern = new RegExp(PROPERTY.source, PROPERTY.flags);
    for (let prop = pattern.exec(rest); prop !== null; prop = pattern.exec(rest)) {
      const key = `${(prop[1] as string).toLowerCase()}.${(prop[2] as string).toLowerCase()}`;
      if (!properties.has(key)) properties.set(key, unquote(prop[3] as string));
    }
    const reason = REASON.exec(rest.trim());
    results.push({
      method: (method[1] as string).toLowerCase(),
      result: (method[2] as string).toLowerCase(),
      properties,
      comments,
      reason: reason === null ? null : unquote(reason[1] as string),
    });
  }
  return { authservId, results };
}

/** Splits at `separator` outside (comments) and "quoted strings". */
function splitTopLevel(value: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && i + 1 < value.length) {
      current += c + value[i + 1];
      i++;
      continue;
    }
    if (depth === 0 && c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && depth > 0) depth--;
    if (c === separator && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  return value;
}

/**
 * The client IP an `spf` (or `iprev`) result names: `policy.iprev=` (RFC 8601 section 2.7.3), the
 * `smtp.client-ip` / `smtp.remote-ip` properties some verifiers add, or the IP in the comment the verifier
 * wrote: "(sender IP is 192.0.2.1)" (Exchange Online), "(example.net: domain of a@example.org designates
 * 192.0.2.1 as permitted sender)" (the RFC 7208 section 9.1 comment wording many verifiers reuse).
 */
export function clientIpOf(result: MethodResult): string | null {
  for (const key of ['policy.iprev', 'smtp.client-ip', 'smtp.remote-ip']) {
    const value = result.properties.get(key);
    const ip = value === undefined ? null : parseIp(value.replace(/^\[|\]$/g, ''));
    if (ip !== null) return ip;
  }
  for (const comment of result.comments) {
    const named = /\bsender IP is \[?([0-9A-Fa-f:.]{2,45})\]?|\bdesignates? \[?([0-9A-Fa-f:.]{2,45})\]? as\b|\bclient-ip=\[?([0-9A-Fa-f:.]{2,45})/i.exec(comment);
    if (named !== null) {
      const ip = parseIp((named[1] ?? named[2] ?? named[3]) as string);
      if (ip !== null) return ip;
    }
  }
  return null;
}

/** The domain of an identity: `a@example.org`, `@example.org` (header.i) or `example.org`; null when it is not a domain name. */
export function domainOfIdentity(identity: string): string | null {
  const at = identity.lastIndexOf('@');
  const domain = (at === -1 ? identity : identity.slice(at + 1)).replace(/^<|>$/g, '').replace(/\.$/, '');
  return /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z0-9-]{1,63}$/.test(domain) && /[A-Za-z]/.test(domain) ? domain : null;
}

const SELECTOR = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,62}$/;
// RFC 6008: header.b is the first characters (at least 8) of the base64 b= value
const SIGNATURE_PREFIX = /^[A-Za-z0-9+/]{1,100}={0,2}$/;
const MAX_REASON_CHARS = 200;

/**
 * A `dkim=` result as evidence (RFC 8601 section 2.7.1): header.d, header.i, header.s and header.b where they
 * are well formed, and the reason: `reason=` (section 2.3), else the verifier's comment, as Gmail ("dkim=neutral
 * (body hash did not verify) header.i=@example.org") and Exchange Online ("dkim=fail (body hash did not verify)
 * header.d=example.org") write it. Null for another method.
 */
export function receiverDkimResult(result: MethodResult, authservId: string | null): ReceiverDkimResult | null {
  if (result.method !== 'dkim') return null;
  const d = result.properties.get('header.d');
  const i = result.properties.get('header.i');
  const s = result.properties.get('header.s');
  const b = result.properties.get('header.b');
  const headerD = d === undefined ? null : domainOfIdentity(d);
  const identityDomain = i === undefined ? null : domainOfIdentity(i);
  const written = result.reason ?? result.comments[0] ?? null;
  const reason = written === null ? null : written.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_CHARS);
  return {
    result: result.result,
    domain: (headerD ?? identityDomain)?.toLowerCase() ?? null,
    identity: identityDomain === null || (i as string).length > 320 ? null : (i as string),
    selector: s !== undefined && SELECTOR.test(s) ? s : null,
    signature: b !== undefined && SIGNATURE_PREFIX.test(b) ? b : null,
    reason: reason === '' ? null : reason,
    authservId,
  };
}

// ---------------------------------------------------------------------------------------------
// Received-SPF (RFC 7208 section 9.1)

export interface ReceivedSpf {
  /** lowercase result: pass, fail, softfail, neutral, none, temperror, permerror */
  result: string;
  /** the leading comment, e.g. "mybox.example.org: domain of a@example.org designates 192.0.2.1 as permitted sender" */
  comment: string | null;
  /** lowercase key -> value: client-ip, envelope-from, helo, identity, receiver, mechanism, problem */
  keys: Map<string, string>;
}

const SPF_RESULTS = new Set(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);

/** `Received-SPF: result [(comment)] [key=value; ...]`; null when the result is not one of RFC 7208's. */
export function parseReceivedSpf(value: string): ReceivedSpf | null {
  const resultMatch = /^\s*([A-Za-z]{1,10})\b/.exec(value);
  if (resultMatch === null) return null;
  const result = (resultMatch[1] as string).toLowerCase();
  if (!SPF_RESULTS.has(result)) return null;
  let rest = value.slice(resultMatch[0].length).trim();
  let comment: string | null = null;
  if (rest.startsWith('(')) {
    const parsed = withoutComments(rest);
    comment = parsed.comments[0] ?? null;
    // the first comment is taken off; what follows it is the key-value list
    let depth = 0;
    let end = 0;
    for (; end < rest.length; end++) {
      if (rest[end] === '\\') {
        end++;
        continue;
      }
      if (rest[end] === '(') depth++;
      else if (rest[end] === ')' && --depth === 0) break;
    }
    rest = rest.slice(end + 1);
  }
  const keys = new Map<string, string>();
  for (const part of splitTopLevel(rest, ';').slice(0, 20)) {
    const pair = /^([A-Za-z][A-Za-z0-9-]{0,30})\s*=\s*(.*)$/s.exec(part.trim());
    if (pair === null) continue;
    const key = (pair[1] as string).toLowerCase();
    if (!keys.has(key)) keys.set(key, unquote(withoutComments(pair[2] as string).text));
  }
  return { result, comment, keys };
}

/** Who wrote a Received-SPF field: its `receiver=` key, or the "name:" that starts its comment (section 9.1). */
export function receivedSpfAuthority(field: ReceivedSpf): string | null {
  const receiver = field.keys.get('receiver');
  if (receiver !== undefined) {
    // "receiver=mybox.example.org"; some write an address there
    const host = receiver.slice(receiver.lastIndexOf('@') + 1).replace(/\.$/, '').toLowerCase();
    if (TOKEN.test(host)) return host;
  }
  const named = field.comment === null ? null : /^([A-Za-z0-9][A-Za-z0-9.-]{0,252}):/.exec(field.comment);
  return named === null ? null : (named[1] as string).replace(/\.$/, '').toLowerCase();
}

/** The client IP a Received-SPF field names: `client-ip=`, else the address its comment says was checked. */
export function receivedSpfIp(field: ReceivedSpf): string | null {
  const key = field.keys.get('client-ip');
  if (key !== undefined) return parseIp(key.replace(/^\[|\]$/g, ''));
  if (field.comment === null) return null;
  const designates = /\bdesignates? \[?([0-9A-Fa-f:.]{2,45})\]? as\b/i.exec(field.comment);
  return designates === null ? null : parseIp(designates[1] as string);
}

/** `envelope-from=` as an address (an empty MAIL FROM gives null), or null. */
export function receivedSpfEnvelopeFrom(field: ReceivedSpf): string | null {
  const value = field.keys.get('envelope-from');
  return value === undefined ? null : addrSpec(value);
}

/** The first IP written in a Received "from" clause: the client as that hop saw it. */
export function hopClientIp(from: string): string | null {
  // RFC 5321 section 4.1.3: an IPv6 address literal carries the tag "IPv6:"
  return findIps(from.replace(/\bIPv6:/gi, ' '), 4)[0]?.ip ?? null;
}
