import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BounceFacts } from '../../src/core/bounce/types';
import { CachingResolver, DohResolver, crossCheck } from '../../src/core/dns';
import { diagnose, evidenceBeforeAnswer, SENDING_SERVICES, type DiagnoseOutcome, type DiagnoseRequest } from '../../src/core/diagnose';
import { checkHost } from '../../src/core/spf';
import { startDohServer, type DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';
import { zone } from './zones';

let server: DohServer;

beforeAll(async () => {
  server = await startDohServer({ zone: {}, timeoutBehaviour: 'servfail' });
});
afterAll(async () => {
  await server.close();
});

/** Serves `own` (with the services' records) and diagnoses through the real DoH client. */
async function run(own: ZoneData, request: DiagnoseRequest, opts: { googleZone?: ZoneData } = {}): Promise<DiagnoseOutcome> {
  server.setZone(zone(own), 'both');
  if (opts.googleZone) server.setZone(zone(opts.googleZone), 'google');
  const resolver = new CachingResolver(new DohResolver({ endpoints: [server.cloudflareUrl], timeoutMs: 2000 }));
  return diagnose(request, {
    resolver,
    crossCheck: (name, type) => crossCheck(name, type, [server.cloudflareUrl, server.googleUrl], { timeoutMs: 2000 }),
  });
}

function facts(partial: Partial<BounceFacts>): BounceFacts {
  return {
    authFailure: true,
    mechanism: 'spf',
    ip: null,
    domain: null,
    sender: null,
    recipient: 'someone@receiver.example',
    status: '550 5.7.23',
    receiver: 'microsoft',
    reportingMta: null,
    rejection: ['550 5.7.23 The message was rejected because of Sender Policy Framework violation'],
    recipients: [],
    ...partial,
  };
}

describe('the evidence card', () => {
  it('says where each fact was read and where the bounce disagrees with itself', async () => {
    const { diagnosis } = await run(
      { 'shop.example': [{ TXT: 'v=spf1 mx -all', ttl: 3600 }, { MX: [10, 'mail.shop.example'] }], 'mail.shop.example': [{ A: '192.0.2.10' }] },
      {
        facts: facts({
          ip: '167.89.0.5',
          domain: 'shop.example',
          sender: 'news@shop.example',
          evidence: { ip: 'rejection', domain: 'received-spf', sender: 'return-path' },
          evidenceConflicts: [{ field: 'ip', value: '167.89.0.5', source: 'rejection', other: '192.0.2.99', otherSource: 'received' }],
          headerFrom: 'news@shop.example',
          dkim: [{ domain: 'shop.example', selector: 's1', algorithm: 'rsa-sha256' }],
        }),
      },
    );
    expect(diagnosis.evidence).toContain("Read: ip from the receiver's reply; domain from the receiver's Received-SPF; sender from the returned Return-Path");
    expect(diagnosis.evidence).toContain("Disagreement: ip 167.89.0.5 (the receiver's reply) kept over 192.0.2.99 (the receiver's Received header)");
    expect(diagnosis.evidence).toContain('Header From: news@shop.example');
    expect(diagnosis.evidence).toContain('DKIM signature: d=shop.example s=s1 a=rsa-sha256');
  });
});

describe('the three classic causes, in the words a user reads', () => {
  it('a sending service left out of the record: names the service and gives the include, verified', async () => {
    const { diagnosis } = await run(
      { 'shop.example': [{ TXT: 'v=spf1 mx -all', ttl: 3600 }, { MX: [10, 'mail.shop.example'] }], 'mail.shop.example': [{ A: '192.0.2.10' }] },
      { facts: facts({ ip: '167.89.0.5', domain: 'shop.example', sender: 'news@shop.example' }) },
    );
    expect(diagnosis.cause).toBe('provider-not-included');
    expect(diagnosis.service?.id).toBe('sendgrid');
    expect(diagnosis.title).toBe('SendGrid is missing from the SPF record of shop.example');
    expect(diagnosis.summary).toContain('167.89.0.5 belongs to SendGrid');
    expect(diagnosis.summary).toContain('include:sendgrid.net');
    expect(diagnosis.verdict).toBe("SPF fail: 167.89.0.5 is not allowed by shop.example's record");
    expect(diagnosis.fix).toMatchObject({ name: 'shop.example', type: 'TXT', record: 'v=spf1 mx include:sendgrid.net -all', verified: true, ttl: 3600 });
    expect(diagnosis.fix?.check).toEqual({ result: 'pass', lookups: { count: 2, void: 0 } });
    expect(diagnosis.steps.join(' ')).toContain('Publish one TXT record at shop.example');
    expect(diagnosis.evidence).toContain('Proposed record (TXT at shop.example, verified to pass for 167.89.0.5): v=spf1 mx include:sendgrid.net -all');
  });

  it("the domain's own server moved to an IP the record no longer covers: proposes the new IP and names the stale one", async () => {
    const { diagnosis } = await run(
      {
        'bakery.example': [{ TXT: 'v=spf1 ip4:192.0.2.10 -all' }, { A: '198.51.100.20' }, { MX: [10, 'mail.bakery.example'] }],
        'mail.bakery.example': [{ A: '198.51.100.20' }],
        '20.100.51.198.in-addr.arpa': [{ PTR: 'server2.bakery.example' }],
        // forward-confirmed: the PTR name gives the IP back
        'server2.bakery.example': [{ A: '198.51.100.20' }],
      },
      { facts: facts({ ip: '198.51.100.20', domain: 'bakery.example', sender: 'orders@bakery.example' }) },
    );
    expect(diagnosis.cause).toBe('ip-not-listed');
    expect(diagnosis.title).toBe('198.51.100.20 is not in the SPF record of bakery.example');
    expect(diagnosis.summary).toContain('(server2.bakery.example)');
    expect(diagnosis.summary).toContain('after moving to a new server');
    expect(diagnosis.summary).toContain('server2.bakery.example is under bakery.example, so it is very likely your own server');
    expect(diagnosis.fix?.record).toBe('v=spf1 ip4:192.0.2.10 ip4:198.51.100.20 -all');
    expect(diagnosis.fix?.staleTerms).toEqual(['ip4:192.0.2.10']);
    expect(diagnosis.steps.join(' ')).toContain('ip4:192.0.2.10. If those servers are gone, remove them too.');
  });

  it('name-server trouble: says the fix is at the name servers and gives no record', async () => {
    const { diagnosis } = await run({ 'broken.example': ['TIMEOUT'] }, { facts: facts({ ip: '192.0.2.99', domain: 'broken.example', sender: 'a@broken.example' }) });
    expect(diagnosis.cause).toBe('dns-error');
    expect(diagnosis.title).toBe('DNS for broken.example is failing');
    expect(diagnosis.summary).toContain('could not finish because DNS lookups failed');
    expect(diagnosis.steps[0]).toContain('The fix is at the name servers, not in the record');
    expect(diagnosis.fix).toBeNull();
    expect(diagnosis.result).toBe('temperror');
  });
});

describe('other causes', () => {
  it('domain-not-found for NXDOMAIN, no fix', async () => {
    const { diagnosis } = await run({}, { domain: 'gone.example', ip: '192.0.2.1' });
    expect(diagnosis.cause).toBe('domain-not-found');
    expect(diagnosis.causes).not.toContain('no-record');
    expect(diagnosis.fix).toBeNull();
  });

  it('no record: a new record with the IP, verified', async () => {
    const { diagnosis } = await run({ 'new.example': [{ A: '192.0.2.5' }] }, { domain: 'new.example', ip: '192.0.2.5' });
    expect(diagnosis.cause).toBe('no-record');
    expect(diagnosis.fix?.record).toBe('v=spf1 ip4:192.0.2.5 ~all');
    expect(diagnosis.fix?.replaces).toEqual([]);
  });

  it('no record and the IP is a service: a new record with its include', async () => {
    const { diagnosis } = await run({ 'new2.example': [{ A: '192.0.2.5' }] }, { domain: 'new2.example', ip: '167.89.0.5' });
    expect(diagnosis.causes.slice(0, 2)).toEqual(['no-record', 'provider-not-included']);
    expect(diagnosis.fix?.record).toBe('v=spf1 include:sendgrid.net ~all');
  });

  it('several records: merged into one that keeps every term and the stricter all', async () => {
    const { diagnosis } = await run(
      { 'two.example': [{ TXT: 'v=spf1 include:_spf.google.com ~all' }, { TXT: 'v=spf1 include:sendgrid.net -all' }, { TXT: 'google-site-verification=abc' }] },
      { domain: 'two.example', ip: '167.89.0.5' },
    );
    expect(diagnosis.cause).toBe('multiple-records');
    expect(diagnosis.result).toBe('permerror');
    expect(diagnosis.fix?.record).toBe('v=spf1 include:_spf.google.com include:sendgrid.net -all');
    expect(diagnosis.fix?.replaces).toHaveLength(2);
    expect(diagnosis.steps.join(' ')).toContain('delete all of them');
  });

  it('several records without an IP: a merged proposal, marked as not verified', async () => {
    const { diagnosis } = await run({ 'two.example': [{ TXT: 'v=spf1 mx ~all' }, { TXT: 'v=spf1 a -all' }] }, { domain: 'two.example' });
    expect(diagnosis.cause).toBe('multiple-records');
    expect(diagnosis.fix).toBeNull();
    expect(diagnosis.proposal?.record).toBe('v=spf1 mx a -all');
  });

  it('too many lookups: replaces only the own a/mx by their addresses, never an include, and verifies', async () => {
    const includes: ZoneData = {};
    for (let i = 1; i <= 9; i++) includes[`s${i}.svc.example`] = [{ TXT: `v=spf1 ip4:203.0.113.${i} -all` }];
    const { diagnosis, evaluation } = await run(
      {
        ...includes,
        'busy.example': [
          { TXT: `v=spf1 a mx ${Array.from({ length: 9 }, (_, i) => `include:s${i + 1}.svc.example`).join(' ')} -all` },
          { A: '192.0.2.1' },
          { MX: [10, 'mx.busy.example'] },
        ],
        'mx.busy.example': [{ A: '192.0.2.2' }],
      },
      { domain: 'busy.example', ip: '203.0.113.9' },
    );
    expect(evaluation?.result).toBe('permerror');
    expect(diagnosis.cause).toBe('too-many-lookups');
    expect(diagnosis.summary).toContain('The costliest terms: a (1), mx (1), include:s1.svc.example (1)');
    expect(diagnosis.fix?.record).toBe(
      `v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 ${Array.from({ length: 9 }, (_, i) => `include:s${i + 1}.svc.example`).join(' ')} -all`,
    );
    expect(diagnosis.fix?.check.lookups.count).toBe(9);
  });

  it('no safe fix when the services alone exceed the limit', async () => {
    const includes: ZoneData = {};
    for (let i = 1; i <= 11; i++) includes[`s${i}.svc.example`] = [{ TXT: `v=spf1 ip4:203.0.113.${i} -all` }];
    const { diagnosis } = await run(
      { ...includes, 'many.example': [{ TXT: `v=spf1 ${Array.from({ length: 11 }, (_, i) => `include:s${i + 1}.svc.example`).join(' ')} -all` }] },
      { domain: 'many.example', ip: '203.0.113.11' },
    );
    expect(diagnosis.cause).toBe('too-many-lookups');
    expect(diagnosis.fix).toBeNull();
    expect(diagnosis.noFix).toContain('over the limit of 10');
  });

  it("return-path domain of a service: the user's record cannot fix it", async () => {
    const { diagnosis } = await run(
      { 'bounces.sendgrid.net': [{ TXT: 'v=spf1 ip4:167.89.0.0/17 -all' }] },
      { facts: facts({ ip: '192.0.2.77', domain: 'bounces.sendgrid.net', sender: 'bounces+123@bounces.sendgrid.net' }) },
    );
    expect(diagnosis.cause).toBe('return-path-domain');
    expect(diagnosis.title).toContain("SendGrid's bounce domain");
    expect(diagnosis.fix).toBeNull();
  });

  it('a forwarder: Google servers for a domain whose mail is not hosted at Google', async () => {
    const { diagnosis } = await run(
      { 'club.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'mx.club.example'] }], 'mx.club.example': [{ A: '192.0.2.40' }] },
      { facts: facts({ ip: '209.85.128.41', domain: 'club.example', sender: 'chair@club.example' }) },
    );
    expect(diagnosis.causes).toContain('forwarding');
    expect(diagnosis.causes).toContain('provider-not-included');
    expect(diagnosis.ptrName).toBe('mail-sor-f41.google.com');
  });

  it('softfail: the receiver chose to refuse', async () => {
    const { diagnosis } = await run({ 'soft.example': [{ TXT: 'v=spf1 ip4:192.0.2.1 ~all' }] }, { facts: facts({ ip: '198.51.100.3', domain: 'soft.example', sender: 'x@soft.example' }) });
    expect(diagnosis.causes).toEqual(['ip-not-listed', 'softfail-policy']);
    expect(diagnosis.result).toBe('softfail');
  });

  it('passes now: the record was fixed after the bounce', async () => {
    const { diagnosis } = await run({ 'fixed.example': [{ TXT: 'v=spf1 ip4:198.51.100.3 -all', ttl: 3600 }] }, { facts: facts({ ip: '198.51.100.3', domain: 'fixed.example', sender: 'x@fixed.example' }) });
    expect(diagnosis.cause).toBe('passes-now');
    expect(diagnosis.summary).toContain('about 1 hour');
    expect(diagnosis.fix).toBeNull();
  });

  it('resolvers disagree: propagation is named with the TTL to wait', async () => {
    const { diagnosis } = await run(
      { 'moved.example': [{ TXT: 'v=spf1 ip4:198.51.100.3 -all', ttl: 7200 }] },
      { domain: 'moved.example', ip: '198.51.100.3' },
      { googleZone: { 'moved.example': [{ TXT: 'v=spf1 ip4:192.0.2.1 -all', ttl: 7200 }] } },
    );
    expect(diagnosis.causes).toContain('resolvers-disagree');
    expect(diagnosis.findings.find((f) => f.id === 'resolvers-disagree')?.steps[0]).toContain('wait about 2 hours');
  });

  it('DMARC: fetches the policy of the From domain and checks SPF for the envelope domain', async () => {
    const { diagnosis } = await run(
      {
        '_dmarc.brand.example': [{ TXT: 'v=DMARC1; p=reject; rua=mailto:d@brand.example' }],
        'brand.example': [{ TXT: 'v=spf1 -all' }],
        'mailer.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
      },
      { facts: facts({ mechanism: 'dmarc', domain: 'brand.example', sender: 'x@mailer.example', ip: '198.51.100.9' }) },
    );
    // SPF passes for the envelope domain, but it is not aligned: that is what must change, so it comes first
    expect(diagnosis.causes).toEqual(['spf-not-aligned', 'dmarc-policy']);
    expect(diagnosis.dmarc).toMatchObject({ name: '_dmarc.brand.example', policy: 'reject', result: 'fail' });
    expect(diagnosis.title).toBe('SPF was checked for mailer.example, not for brand.example');
    const policy = diagnosis.findings.find((f) => f.id === 'dmarc-policy');
    expect(policy?.title).toBe("brand.example's DMARC policy refused the message");
    expect(policy?.summary).toContain('p=reject of _dmarc.brand.example; SPF pass for mailer.example, not aligned with brand.example');
  });

  it('a fix is never shown unless the engine passes it: every fix re-checks to pass', async () => {
    const own: ZoneData = { 'shop.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'mail.shop.example'] }], 'mail.shop.example': [{ A: '192.0.2.10' }] };
    const { diagnosis } = await run(own, { domain: 'shop.example', ip: '167.89.0.5' });
    expect(diagnosis.fix).not.toBeNull();
    server.setZone(zone({ ...own, 'shop.example': [{ TXT: diagnosis.fix?.record ?? '' }, { MX: [10, 'mail.shop.example'] }] }));
    const recheck = await checkHost(
      { ip: '167.89.0.5', domain: 'shop.example', sender: 'postmaster@shop.example', helo: 'shop.example' },
      { resolver: new DohResolver({ endpoints: [server.cloudflareUrl] }) },
    );
    expect(recheck.result).toBe('pass');
  });

  it('a typo that makes a term ignored (include=) is corrected, and the corrected record verified', async () => {
    const { diagnosis } = await run({ 'typo.example': [{ TXT: 'v=spf1 include=sendgrid.net -all' }] }, { domain: 'typo.example', ip: '167.89.0.5' });
    expect(diagnosis.cause).toBe('syntax-error');
    expect(diagnosis.fix?.record).toBe('v=spf1 include:sendgrid.net -all');
    expect(diagnosis.steps.join(' ')).toContain('"include=sendgrid.net" → "include:sendgrid.net"');
  });

  it('a host name in ip4: becomes a: (a permerror before), verified', async () => {
    const { diagnosis, evaluation } = await run(
      { 'host.example': [{ TXT: 'v=spf1 ip4:mail.host.example -all' }], 'mail.host.example': [{ A: '192.0.2.30' }] },
      { domain: 'host.example', ip: '192.0.2.30' },
    );
    expect(evaluation?.result).toBe('permerror');
    expect(diagnosis.cause).toBe('syntax-error');
    expect(diagnosis.fix?.record).toBe('v=spf1 a:mail.host.example -all');
  });

  it('an include of a name without SPF is removed when the IP passes without it', async () => {
    const { diagnosis } = await run(
      { 'inc.example': [{ TXT: 'v=spf1 ip4:192.0.2.30 include:nospf.example -all' }], 'nospf.example': [{ A: '192.0.2.1' }] },
      { domain: 'inc.example', ip: '198.51.100.77' },
    );
    expect(diagnosis.causes).toContain('include-without-spf');
    expect(diagnosis.fix?.record).toBe('v=spf1 ip4:192.0.2.30 ip4:198.51.100.77 -all');
  });

  it('a syntax error with no mechanical correction: no fix, and why', async () => {
    const { diagnosis } = await run({ 'bad.example': [{ TXT: 'v=spf1 ip4:192.0.2.300 -all' }] }, { domain: 'bad.example', ip: '192.0.2.30' });
    expect(diagnosis.cause).toBe('syntax-error');
    expect(diagnosis.fix).toBeNull();
    expect(diagnosis.noFix).toContain('permerror');
    expect(diagnosis.summary).toContain('"ip4:192.0.2.300" (characters 8 to 22)');
  });
});


describe('a bounce is untrusted: a fix that lets a new sender pass is a question first (fix.authorizes)', () => {
  it('a service include: "Do you send mail through SendGrid?"', async () => {
    const { diagnosis } = await run(
      { 'shop.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'mail.shop.example'] }], 'mail.shop.example': [{ A: '192.0.2.10' }] },
      { facts: facts({ ip: '167.89.0.5', domain: 'shop.example', sender: 'news@shop.example' }) },
    );
    expect(diagnosis.fix?.authorizes).toEqual({ kind: 'service', value: 'SendGrid', question: 'Do you send mail through SendGrid?', ifNot: expect.stringMatching(/^Do not publish the record: a server you do not run is sending mail as shop\.example, .* Protect the domain with DMARC: publish a TXT record at _dmarc\.shop\.example /) });
    expect(diagnosis.steps).toContain('Answer first: Do you send mail through SendGrid? Publish the record below only if the answer is yes.');
    expect(diagnosis.evidence).toContain('Publish only if the answer is yes: Do you send mail through SendGrid?');
    // the evidence as shown before the answer: the question, not the record
    const before = evidenceBeforeAnswer(diagnosis.evidence);
    expect(before).toContain('Publish only if the answer is yes: Do you send mail through SendGrid?\nProposed record: shown once the question above is answered yes');
    expect(before).not.toContain('include:sendgrid.net');
  });

  it('an IP with a forward-confirmed reverse DNS name: the name is in the question, marked confirmed', async () => {
    const { diagnosis } = await run(
      {
        'bakery.example': [{ TXT: 'v=spf1 ip4:192.0.2.10 -all' }],
        '20.100.51.198.in-addr.arpa': [{ PTR: 'server2.bakery.example' }],
        'server2.bakery.example': [{ A: '198.51.100.20' }],
      },
      { facts: facts({ ip: '198.51.100.20', domain: 'bakery.example', sender: 'orders@bakery.example' }) },
    );
    expect(diagnosis.fix?.authorizes).toEqual({ kind: 'ip', value: '198.51.100.20', question: 'Is 198.51.100.20 (server2.bakery.example, confirmed) your server?', ifNot: expect.stringMatching(/^Do not publish the record: a server you do not run is sending mail as bakery\.example, .* Protect the domain with DMARC: publish a TXT record at _dmarc\.bakery\.example /) });
    expect(diagnosis.ptrConfirmed).toBe(true);
  });

  it('a forged bounce: an attacker IP whose PTR names a server of the domain, without the A record to match, is never "your own server"', async () => {
    const { diagnosis } = await run(
      {
        'victim.example': [{ TXT: 'v=spf1 ip4:192.0.2.10 -all' }],
        '77.113.0.203.in-addr.arpa': [{ PTR: 'mail.victim.example' }],
        'mail.victim.example': [{ A: '192.0.2.10' }],
      },
      { facts: facts({ ip: '203.0.113.77', domain: 'victim.example', sender: 'ceo@victim.example' }) },
    );
    expect(diagnosis.cause).toBe('ip-not-listed');
    expect(diagnosis.summary).not.toContain('your own server');
    expect(diagnosis.summary).toContain('does not lead back to 203.0.113.77');
    // the unconfirmed name is not shown as the server's name
    expect(diagnosis.summary).not.toContain('203.0.113.77 (mail.victim.example)');
    expect(diagnosis.ptrName).toBe('mail.victim.example');
    expect(diagnosis.ptrConfirmed).toBe(false);
    expect(diagnosis.fix?.authorizes).toEqual({ kind: 'ip', value: '203.0.113.77', question: 'Is 203.0.113.77 your server?', ifNot: expect.stringMatching(/^Do not publish the record: a server you do not run is sending mail as victim\.example, .* Protect the domain with DMARC: publish a TXT record at _dmarc\.victim\.example /) });
    expect(diagnosis.evidence).toContain('Sending IP: 203.0.113.77 (reverse DNS mail.victim.example, not confirmed)');
  });

  it('a confirmed PTR name under a sibling domain of the same public suffix is not the own server', async () => {
    const { diagnosis } = await run(
      {
        'victim.co.uk': [{ TXT: 'v=spf1 ip4:192.0.2.10 -all' }],
        '77.113.0.203.in-addr.arpa': [{ PTR: 'mail.attacker.co.uk' }],
        'mail.attacker.co.uk': [{ A: '203.0.113.77' }],
      },
      { facts: facts({ ip: '203.0.113.77', domain: 'victim.co.uk', sender: 'ceo@victim.co.uk' }) },
    );
    expect(diagnosis.summary).not.toContain('your own server');
    expect(diagnosis.fix?.authorizes?.question).toBe('Is 203.0.113.77 (mail.attacker.co.uk, confirmed) your server?');
  });

  it('no record: the new record names the IP, so it asks', async () => {
    const { diagnosis } = await run({ 'new.example': [{ A: '192.0.2.5' }] }, { domain: 'new.example', ip: '192.0.2.5' });
    expect(diagnosis.fix?.authorizes).toMatchObject({ kind: 'ip', value: '192.0.2.5' });
  });

  it('fixes that authorise nobody new ask nothing: merged records, corrected syntax, flattened own a/mx', async () => {
    const merged = await run(
      { 'two.example': [{ TXT: 'v=spf1 include:_spf.google.com ~all' }, { TXT: 'v=spf1 include:sendgrid.net -all' }] },
      { domain: 'two.example', ip: '167.89.0.5' },
    );
    expect(merged.diagnosis.fix?.record).toBe('v=spf1 include:_spf.google.com include:sendgrid.net -all');
    expect(merged.diagnosis.fix?.authorizes).toBeNull();

    const typo = await run({ 'typo.example': [{ TXT: 'v=spf1 include=sendgrid.net -all' }] }, { domain: 'typo.example', ip: '167.89.0.5' });
    expect(typo.diagnosis.fix?.record).toBe('v=spf1 include:sendgrid.net -all');
    expect(typo.diagnosis.fix?.authorizes).toBeNull();

    const includes: ZoneData = {};
    for (let i = 1; i <= 9; i++) includes[`s${i}.svc.example`] = [{ TXT: `v=spf1 ip4:203.0.113.${i} -all` }];
    const flat = await run(
      {
        ...includes,
        'busy.example': [{ TXT: `v=spf1 a mx ${Array.from({ length: 9 }, (_, i) => `include:s${i + 1}.svc.example`).join(' ')} -all` }, { A: '192.0.2.1' }, { MX: [10, 'mx.busy.example'] }],
        'mx.busy.example': [{ A: '192.0.2.2' }],
      },
      { domain: 'busy.example', ip: '203.0.113.9' },
    );
    expect(flat.diagnosis.fix?.record).toContain('ip4:192.0.2.1 ip4:192.0.2.2');
    expect(flat.diagnosis.fix?.authorizes).toBeNull();
    expect(flat.diagnosis.steps.join(' ')).not.toContain('Answer first');
  });
});

describe('what is asked, and when: nothing beyond need', () => {
  const serviceNames = SENDING_SERVICES.map((s) => s.include);

  it('an IP the record covers: no PTR and no service include is asked', async () => {
    const resolver = new ZoneResolver(zone({ 'ok.example': [{ TXT: 'v=spf1 ip4:198.51.100.3 -all' }] }));
    const { diagnosis } = await diagnose({ facts: facts({ ip: '198.51.100.3', domain: 'ok.example', sender: 'x@ok.example' }) }, { resolver });
    expect(diagnosis.cause).toBe('passes-now');
    expect(resolver.log.filter((q) => q.startsWith('PTR '))).toEqual([]);
    expect(resolver.log.filter((q) => serviceNames.some((n) => q === `TXT ${n}`))).toEqual([]);
  });

  it('an IP the record does not cover: the PTR and the services are asked only once the record has answered', async () => {
    const resolver = new ZoneResolver(zone({ 'shop.example': [{ TXT: 'v=spf1 ip4:192.0.2.10 -all' }] }));
    // the domain's record answers late; until it has, the evaluation cannot know whether the IP is covered
    let answeredAt: number | null = null;
    const slowRecord = {
      async lookup(name: string, type: Parameters<ZoneResolver['lookup']>[1], signal?: AbortSignal) {
        const answer = await resolver.lookup(name, type, signal);
        if (name === 'shop.example' && type === 'TXT' && answeredAt === null) {
          await new Promise((r) => setTimeout(r, 30));
          answeredAt = resolver.log.length;
        }
        return answer;
      },
    };
    const { diagnosis } = await diagnose({ facts: facts({ ip: '167.89.0.5', domain: 'shop.example', sender: 'n@shop.example' }) }, { resolver: slowRecord });
    expect(diagnosis.service?.id).toBe('sendgrid');
    const first = resolver.log.findIndex((q) => serviceNames.some((n) => q === `TXT ${n}`) || q.startsWith('PTR '));
    expect(first).toBeGreaterThan(-1);
    expect(answeredAt).not.toBeNull();
    expect(first).toBeGreaterThanOrEqual(answeredAt ?? Infinity);
  });

  it('DMARC: policy and alignment by the DNS tree walk (RFC 9989), never a "last two labels" parent such as co.uk', async () => {
    const resolver = new ZoneResolver(
      zone({
        // a public suffix operator's record says so with psd=y (RFC 9989 section 4.7)
        '_dmarc.co.uk': [{ TXT: 'v=DMARC1; p=none; psd=y' }],
        'news.brand.co.uk': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
        'attacker.co.uk': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
      }),
    );
    const { diagnosis } = await diagnose({ facts: facts({ mechanism: 'dmarc', domain: 'news.brand.co.uk', sender: 'x@attacker.co.uk', ip: '198.51.100.9' }) }, { resolver });
    // the walk from the From domain up, each name once; not from the SPF domain: attacker.co.uk is not under
    // brand.co.uk (the From domain's Organizational Domain), so its own walk cannot end there and is not sent
    const asked = resolver.log.filter((q) => q.startsWith('TXT _dmarc.'));
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked).toEqual(expect.arrayContaining(['TXT _dmarc.news.brand.co.uk', 'TXT _dmarc.brand.co.uk', 'TXT _dmarc.co.uk']));
    expect(asked).not.toContain('TXT _dmarc.attacker.co.uk');
    // the PSD's record applies (the organisational domain brand.co.uk has none); attacker.co.uk is another organisation
    expect(diagnosis.dmarc).toMatchObject({ name: '_dmarc.co.uk', record: 'v=DMARC1; p=none; psd=y', policy: 'none', orgDomain: 'brand.co.uk', spf: { domain: 'attacker.co.uk', aligned: false } });
    expect(diagnosis.causes).toContain('spf-not-aligned');
    const policy = diagnosis.findings.find((f) => f.id === 'dmarc-policy');
    expect(policy?.summary).toContain('SPF pass for attacker.co.uk, not aligned with news.brand.co.uk, so it cannot satisfy DMARC whatever its result');
  });

  it('DMARC alignment: an envelope domain under the From domain is aligned', async () => {
    const aligned = await run(
      { '_dmarc.brand.example': [{ TXT: 'v=DMARC1; p=reject' }], 'bounce.brand.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }] },
      { facts: facts({ mechanism: 'dmarc', domain: 'brand.example', sender: 'x@bounce.brand.example', ip: '198.51.100.9' }) },
    );
    expect(aligned.diagnosis.summary).toContain('p=reject of _dmarc.brand.example; SPF pass for bounce.brand.example, aligned');
    expect(aligned.diagnosis.causes).not.toContain('spf-not-aligned');
  });
});
