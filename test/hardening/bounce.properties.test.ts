/**
 * The bounce reader reports only what the text says: an IP, domain or sender it returns is in the input
 * (test/bounce/properties.test.ts checks the shape of the answer; this checks where it comes from). The
 * inputs are bounce-like texts assembled from the wordings receivers use, with random addresses, names,
 * noise and line breaks, and the corpus messages cut at random places.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { readBounceText } from '../../src/core/bounce/index';
import type { BounceFacts } from '../../src/core/bounce/index';

const corpusDir = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));
const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.eml'))
  .sort()
  .map((name) => readFileSync(corpusDir + name, 'latin1'));

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const ipv6 = fc.constantFrom('2001:db8::25', '2a01:111:f400::5', 'fe80::1', '2001:DB8:0:0:0:0:0:1', '::ffff:192.0.2.7');
const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'example', 'org', 'co.uk', 'net')).map(([labels, tld]) => `${labels.join('.')}.${tld}`);
const local = fc.stringMatching(/^[a-z][a-z0-9._+-]{0,12}$/);

/** Wording pieces, each a function of the random parts, as the reports of Gmail, Microsoft, Postfix, Exim say them. */
const piece = fc.oneof(
  fc.tuple(domain, fc.oneof(ipv4, ipv6)).map(([d, ip]) => `550-5.7.26  SPF [${d}] with ip: [${ip}] = did not pass`),
  fc.tuple(domain, fc.oneof(ipv4, ipv6)).map(([d, ip]) => `550 5.7.23 The message was rejected because of Sender Policy Framework violation: ${d} does not designate ${ip} as permitted sender`),
  fc.tuple(local, domain, ipv4).map(([l, d, ip]) => `host mx.${d}[${ip}] said: 550 5.7.1 <${l}@${d}>: Recipient address rejected: SPF fail`),
  fc.tuple(local, domain).map(([l, d]) => `Final-Recipient: rfc822; ${l}@${d}`),
  fc.tuple(local, domain).map(([l, d]) => `Return-Path: <${l}@${d}>`),
  fc.tuple(domain, ipv4).map(([d, ip]) => `Received: from mail.${d} (mail.${d} [${ip}])`),
  fc.tuple(domain, ipv4).map(([d, ip]) => `Diagnostic-Code: smtp; 550 5.7.1 Unauthenticated email from ${d} is not accepted due to domain's DMARC policy [${ip}]`),
  fc.constantFrom('Delivery Status Notification (Failure)', "Your message wasn't delivered.", 'Undeliverable:', 'Action: failed', 'Status: 5.7.26', '', '--', '> quoted line'),
  fc.string({ maxLength: 30 }),
);
const bounceLike = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\n\n')).map(([pieces, eol]) => pieces.join(eol));

/** Every address-like token of the text, normalised, so an IPv6 written another way still counts as present. */
function addressesIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const token of text.match(/[0-9A-Fa-f:.]{3,}/g) ?? []) {
    for (const candidate of [token, token.replace(/^[:.]+|[:.]+$/g, '')]) {
      if (ipaddr.isValid(candidate)) found.add(ipaddr.process(candidate).toString());
    }
  }
  return found;
}

function expectGrounded(text: string, facts: BounceFacts): void {
  const lower = text.toLowerCase();
  if (facts.ip !== null) expect(addressesIn(text).has(ipaddr.process(facts.ip).toString())).toBe(true);
  if (facts.domain !== null) expect(lower).toContain(facts.domain.toLowerCase());
  if (facts.sender !== null) {
    const [user, host] = facts.sender.toLowerCase().split('@');
    expect(lower).toContain(user ?? '');
    expect(lower).toContain(host ?? '');
  }
}

describe('the bounce reader reports only what the text says', () => {
  it('on bounce-like texts assembled from receivers’ wordings', () => {
    let withIp = 0;
    fc.assert(
      fc.property(bounceLike, (text) => {
        const facts = readBounceText(text);
        if (facts.ip !== null) withIp++;
        expectGrounded(text, facts);
      }),
      { numRuns: 1000 },
    );
    // the texts were read, not only refused
    expect(withIp).toBeGreaterThan(100);
  });

  it('on corpus messages cut at any point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: corpus.length - 1 }), fc.nat(), fc.nat(), (index, from, length) => {
        const whole = corpus[index] as string;
        const start = from % Math.max(whole.length, 1);
        const text = whole.slice(start, start + 200 + (length % 4000));
        expectGrounded(text, readBounceText(text));
      }),
      { numRuns: 500 },
    );
  });
});
