import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDohJson } from '../../src/core/dns/answer';
import type { RRType } from '../../src/core/dns/types';

const types: RRType[] = ['A', 'AAAA', 'MX', 'TXT', 'PTR', 'CNAME', 'SOA', 'SPF'];

function body(extra: Record<string, unknown>): string {
  return JSON.stringify({ Status: 0, TC: false, RD: true, RA: true, AD: false, CD: false, ...extra });
}

describe('parseDohJson', () => {
  it('names every other RCODE and carries the comment (string or list)', () => {
    expect(parseDohJson(body({ Status: 5, Comment: 'Refused by policy' }), 'example.com', 'TXT')).toEqual({
      answered: false,
      kind: 'servfail',
      what: 'Status 5 REFUSED (Refused by policy)',
    });
    expect(parseDohJson(body({ Status: 2, Comment: ['EDE(9): DNSKEY Missing', 'EDE(22): No Reachable Authority'] }), 'example.com', 'TXT')).toMatchObject({
      what: 'Status 2 SERVFAIL (EDE(9): DNSKEY Missing; EDE(22): No Reachable Authority)',
    });
    expect(parseDohJson(body({ Status: 23 }), 'example.com', 'A')).toMatchObject({ what: 'Status 23 unknown RCODE' });
  });

  it('keeps only records of the asked type at the chain target', () => {
    const parsed = parseDohJson(
      body({
        Answer: [
          { name: 'www.example.com.', type: 5, TTL: 30, data: 'Example.com.' },
          { name: 'example.com.', type: 46, TTL: 300, data: 'A 13 2 300 ...' },
          { name: 'example.com.', type: 1, TTL: 200, data: '192.0.2.1' },
          { name: 'other.example.', type: 1, TTL: 200, data: '192.0.2.9' },
        ],
      }),
      'www.example.com',
      'A',
    );
    expect(parsed).toEqual({ answered: true, result: { ok: true, name: 'www.example.com', type: 'A', records: [{ type: 'A', address: '192.0.2.1', ttl: 200 }], ttl: 30, ad: false } });
  });

  it('reads an SOA and a null MX', () => {
    const soa = parseDohJson(body({ Answer: [{ name: 'example.com.', type: 6, TTL: 60, data: 'ns.example.com. host.example.com. 1 2 3 4 77' }] }), 'example.com', 'SOA');
    expect(soa).toMatchObject({ result: { records: [{ type: 'SOA', mname: 'ns.example.com', minimum: 77, ttl: 60 }] } });
    const nullMx = parseDohJson(body({ Answer: [{ name: 'example.com.', type: 15, TTL: 60, data: '0 .' }] }), 'example.com', 'MX');
    expect(nullMx).toMatchObject({ result: { records: [{ type: 'MX', preference: 0, exchange: '' }] } });
  });

  it('refuses records whose data does not fit the type', () => {
    expect(parseDohJson(body({ Answer: [{ name: 'example.com.', type: 1, TTL: 60, data: 'not-an-ip' }] }), 'example.com', 'A')).toMatchObject({
      answered: false,
      kind: 'bad-response',
      what: 'not the DNS JSON API (A data "not-an-ip" is not an IPv4 address)',
    });
    expect(parseDohJson(body({ Answer: [{ name: 'example.com.', type: 15, TTL: 60, data: '70000 mx.' }] }), 'example.com', 'MX')).toMatchObject({ answered: false });
    expect(parseDohJson(body({ Answer: 'x' }), 'example.com', 'MX')).toMatchObject({ what: 'not the DNS JSON API (Answer is not a list)' });
    expect(parseDohJson('[1,2]', 'example.com', 'MX', 'application/json')).toMatchObject({ what: 'not the DNS JSON API (application/json, no numeric Status)' });
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom(...types), fc.string(), (text, type, contentType) => {
        const parsed = parseDohJson(text, 'example.com', type, contentType);
        expect(typeof parsed.answered).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on random JSON shaped like an answer', () => {
    const record = fc.record(
      {
        name: fc.oneof(fc.constant('example.com.'), fc.string(), fc.integer()),
        type: fc.oneof(fc.constantFrom(1, 5, 6, 12, 15, 16, 28, 99), fc.integer(), fc.string()),
        TTL: fc.oneof(fc.nat(), fc.double(), fc.string()),
        data: fc.oneof(fc.string(), fc.constant('example.com.'), fc.integer(), fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    const answer = fc.record(
      {
        Status: fc.oneof(fc.constantFrom(0, 2, 3), fc.integer(), fc.string()),
        Answer: fc.oneof(fc.array(record, { maxLength: 12 }), fc.anything()),
        Authority: fc.oneof(fc.array(record, { maxLength: 3 }), fc.anything()),
        Comment: fc.oneof(fc.string(), fc.array(fc.anything()), fc.anything()),
        AD: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(answer, fc.constantFrom(...types), (json, type) => {
        const parsed = parseDohJson(JSON.stringify(json), 'example.com', type, 'application/dns-json');
        if (parsed.answered && parsed.result.ok) expect(parsed.result.records.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
