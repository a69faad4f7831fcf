/**
 * Bounce to diagnosis for the DKIM and DMARC causes: the refusal in the words of Gmail, Microsoft and Yahoo,
 * read by the bounce reader, diagnosed over zone data with DKIM keys made in the test.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBounce } from '../../src/core/bounce';
import { CachingResolver, isSubdomainOf, normaliseName } from '../../src/core/dns';
import { diagnose, type DiagnoseOutcome } from '../../src/core/diagnose';
import { DKIM_SERVICES, dkimServiceFor } from '../../src/core/diagnose/dkim-services';
import { MAX_SIGNATURES } from '../../src/core/diagnose/authentication';
import { checkHost } from '../../src/core/spf';
import { rsaPair, txtStrings } from '../helpers/dkim-sign';
import type { ZoneData } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';
import { WaveResolver } from '../helpers/wave-resolver';
import { zone } from './zones';
import { authNotice as bounce, dkimSignature as signature, returnedHeader as header } from '../helpers/report';

let key: string;

beforeAll(async () => {
  key = (await rsaPair(2048)).record;
});

const keyRecord = (): { TXT: string[] } => ({ TXT: txtStrings(key) });

async function explain(text: string, own: ZoneData): Promise<DiagnoseOutcome> {
  const facts = await readBounce(text);
  return diagnose({ facts }, { resolver: new ZoneResolver(zone(own)) });
}

const GMAIL_UNAUTHENTICATED = (domain: string, ip: string): string[] => [
  '550-5.7.26 This mail is unauthenticated, which poses a security risk to the',
  '550-5.7.26 sender and Gmail users, and has been blocked. The sender must',
  '550-5.7.26 authenticate with at least one of SPF or DKIM. For this message,',
  `550-5.7.26 DKIM checks did not pass and SPF check for [${domain}] did not`,
  `550-5.7.26 pass with ip: [${ip}]. The sender should visit`,
  '550-5.7.26  https://support.google.com/mail/answer/81126#authentication for',
  '550 5.7.26 instructions on setting up authentication. a1si123 - gsmtp',
];

describe('Gmail', () => {
  it('A Gmail unauthenticated bounce names both halves and the fastest fix', async () => {
    // SPF: SendGrid's server is not in the record; DKIM: SendGrid's s1 CNAME points at a key that is not there
    const { diagnosis } = await explain(bounce(GMAIL_UNAUTHENTICATED('shop.example', '167.89.0.5'), header('ann@shop.example', 'ann@shop.example', [signature('shop.example', 's1')])), {
      'shop.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'mail.shop.example'] }],
      'mail.shop.example': [{ A: '192.0.2.10' }],
      '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject; rua=mailto:d@shop.example' }],
      's1._domainkey.shop.example': [{ CNAME: 's1.domainkey.u1234.wl.sendgrid.net' }],
    });
    // the SPF half: the include is the fastest fix, and it makes DMARC pass through aligned SPF
    expect(diagnosis.cause).toBe('provider-not-included');
    expect(diagnosis.fix?.record).toContain('include:sendgrid.net');
    expect(diagnosis.fix?.dmarc?.result).toBe('pass');
    // the DKIM half: which selector, where it points, and the steps at SendGrid
    expect(diagnosis.causes).toContain('dkim-key-missing');
    const dkim = diagnosis.findings.find((f) => f.id === 'dkim-key-missing');
    expect(dkim?.title).toBe('No DKIM key is published at s1._domainkey.shop.example');
    expect(dkim?.summary).toContain('(SendGrid)');
    expect(dkim?.steps.join(' ')).toContain('Settings → Sender Authentication');
    expect(diagnosis.dkim).toMatchObject([{ domain: 'shop.example', selector: 's1', keyState: 'missing', aligned: true, service: { id: 'sendgrid', by: 'cname' } }]);
    expect(diagnosis.dmarc).toMatchObject({ result: 'fail', policy: 'reject', fromDomain: 'shop.example', spf: { domain: 'shop.example', aligned: true } });
    expect(diagnosis.evidence).toContain('DKIM key s1._domainkey.shop.example (CNAME s1.domainkey.u1234.wl.sendgrid.net): missing');
    expect(diagnosis.evidence).toContain('DMARC record (_dmarc.shop.example): v=DMARC1; p=reject');
    // the banner's line: the DMARC result and the shortest path
    expect(diagnosis.dmarcLine).toBe('DMARC: neither SPF nor DKIM passed for shop.example. Shortest path: publish the SPF record below; DMARC then passes through SPF.');
  });

  it('when SPF is checked for a domain that does not align, only DKIM can end it: no SPF fix, DKIM first', async () => {
    const { diagnosis } = await explain(
      bounce(GMAIL_UNAUTHENTICATED('bounce.mailer.example', '203.0.113.77'), header('ann@shop.example', 'b-1@bounce.mailer.example', [signature('shop.example', 'google')])),
      {
        'bounce.mailer.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
        'shop.example': [{ TXT: 'v=spf1 include:_spf.google.com -all' }],
        '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=quarantine' }],
        'google._domainkey.shop.example': [{ TXT: 'v=DKIM1; k=rsa; p=' }],
      },
    );
    expect(diagnosis.fix).toBeNull();
    expect(diagnosis.noFix).toContain('an SPF record change cannot end this bounce');
    expect(diagnosis.causes.slice(0, 2)).toEqual(['dkim-key-revoked', 'spf-not-aligned']);
    expect(diagnosis.steps.join(' ')).toContain('Admin console → Apps → Google Workspace → Gmail → Authenticate email');
  });

  it('5.7.30 (DKIM did not pass): a revoked key at Google Workspace', async () => {
    const { diagnosis } = await explain(
      bounce(['550-5.7.30 Your email has been blocked because DKIM does not pass. Gmail requires all bulk email', '550 5.7.30 senders to authenticate with DKIM. a1si - gsmtp'], header('ann@shop.example', 'ann@shop.example', [signature('shop.example', 'google')])),
      { 'shop.example': [{ TXT: 'v=spf1 include:_spf.google.com -all' }], '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=none' }], 'google._domainkey.shop.example': [{ TXT: 'v=DKIM1; k=rsa; p=' }] },
    );
    expect(diagnosis.cause).toBe('dkim-key-revoked');
    expect(diagnosis.title).toBe('The DKIM key at google._domainkey.shop.example was revoked');
    expect(diagnosis.summary).toContain('Google Workspace');
  });

  it('5.7.27 (SPF did not pass) with a malformed key: the key is a cause too', async () => {
    const { diagnosis } = await explain(
      bounce(['550-5.7.27 Your email has been blocked because SPF does not pass. Gmail requires all bulk', '550 5.7.27 email senders to authenticate with SPF. a1si - gsmtp'], header('ann@shop.example', 'ann@shop.example', [signature('shop.example', 'k1')])),
      { 'shop.example': [{ TXT: 'v=spf1 -all' }], '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }], 'k1._domainkey.shop.example': [{ TXT: 'v=DKIM1; k=rsa; p=not*base64' }] },
    );
    expect(diagnosis.causes).toContain('dkim-key-invalid');
    const finding = diagnosis.findings.find((f) => f.id === 'dkim-key-invalid');
    expect(finding?.summary).toContain('"p=" is not base64');
    // only the selector's name points at Mailchimp: said as a likelihood, with Mailchimp's steps
    expect(diagnosis.dkim[0]?.service).toEqual({ id: 'mailchimp', name: 'Mailchimp', by: 'selector' });
  });

  it('A DMARC refusal names the alignment problem and whose settings must change (5.7.32)', async () => {
    const { diagnosis } = await explain(
      bounce(
        ["550-5.7.32 Your email has been rejected because the From: header (RFC5322) in this message isn't aligned", '550 5.7.32 with either the authenticated SPF or DKIM organizational domain. a1si - gsmtp'],
        header('ann@shop.example', 'bounces+123@sendgrid.net', [signature('sendgrid.net', 'smtpapi')]),
      ),
      { '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=quarantine' }], 'smtpapi._domainkey.sendgrid.net': [keyRecord()], 'shop.example': [{ TXT: 'v=spf1 -all' }] },
    );
    expect(diagnosis.causes).toEqual(expect.arrayContaining(['dkim-not-aligned', 'spf-not-aligned', 'dmarc-policy']));
    expect(diagnosis.cause).toBe('dkim-not-aligned');
    expect(diagnosis.title).toBe('DKIM signs with sendgrid.net, not with shop.example');
    expect(diagnosis.summary).toContain("SendGrid's own domain");
    expect(diagnosis.steps[0]).toContain('SendGrid → Settings → Sender Authentication → Authenticate Your Domain');
    expect(diagnosis.fix).toBeNull();
    const spf = diagnosis.findings.find((f) => f.id === 'spf-not-aligned');
    expect(spf?.title).toBe('SPF was checked for sendgrid.net, not for shop.example');
    expect(spf?.steps[0]).toContain('In SendGrid: Settings → Sender Authentication');
    expect(diagnosis.dmarcLine).toBe('DMARC: neither SPF nor DKIM passed for shop.example. Shortest path: Open SendGrid → Settings → Sender Authentication → Authenticate Your Domain, then "Verify".');
  });
});

describe('Microsoft', () => {
  it('5.7.509 on co.uk names: brand.co.uk and other.co.uk are not aligned (tree walk, not "the last two labels")', async () => {
    const { diagnosis } = await explain(
      bounce(['550 5.7.509 Access denied, sending domain [BRAND.CO.UK] does not pass DMARC verification and has a DMARC policy of reject.'], header('news@brand.co.uk', 'bounce@mail.brand.co.uk', [signature('other.co.uk', 's2048')])),
      {
        '_dmarc.brand.co.uk': [{ TXT: 'v=DMARC1; p=reject' }],
        's2048._domainkey.other.co.uk': [keyRecord()],
        'other.co.uk': [{ TXT: 'v=spf1 -all' }],
        'mail.brand.co.uk': [{ TXT: 'v=spf1 -all' }],
        'brand.co.uk': [{ TXT: 'v=spf1 -all' }],
      },
    );
    expect(diagnosis.dmarc).toMatchObject({ fromDomain: 'brand.co.uk', policyDomain: 'brand.co.uk', orgDomain: 'brand.co.uk', spf: { domain: 'mail.brand.co.uk', aligned: true } });
    // other.co.uk is not under brand.co.uk: its key cannot change DMARC and is not asked
    expect(diagnosis.dkim).toMatchObject([{ domain: 'other.co.uk', keyState: 'not-looked-up', aligned: false }]);
    expect(diagnosis.causes).toContain('dkim-not-aligned');
    expect(diagnosis.causes).not.toContain('spf-not-aligned');
  });

  it('5.7.515 without a DMARC record: no-dmarc-record, and a Microsoft 365 selector CNAME to nothing', async () => {
    const { diagnosis } = await explain(
      bounce(
        [
          "550 5.7.515 Access denied, sending domain nodmarc.example doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender. (Spf= Fail , Dkim= Fail , DMARC= Fail)",
        ],
        header('ann@nodmarc.example', 'ann@nodmarc.example', [signature('nodmarc.example', 'selector1')]),
      ),
      { 'nodmarc.example': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }], 'selector1._domainkey.nodmarc.example': [{ CNAME: 'selector1-nodmarc-example._domainkey.contoso.onmicrosoft.com' }] },
    );
    expect(diagnosis.causes).toEqual(expect.arrayContaining(['dkim-key-missing', 'no-dmarc-record']));
    expect(diagnosis.dmarc).toMatchObject({ result: 'none', record: null });
    const none = diagnosis.findings.find((f) => f.id === 'no-dmarc-record');
    expect(none?.steps[0]).toContain('_dmarc.nodmarc.example');
    expect(diagnosis.dmarcLine).toBe('DMARC: nodmarc.example has no DMARC record (Gmail, Yahoo and Microsoft require one of bulk senders).');
    const missing = diagnosis.findings.find((f) => f.id === 'dkim-key-missing');
    expect(missing?.steps[0]).toContain('Microsoft Defender portal');
  });
});

describe('Yahoo', () => {
  it('5.7.9: a Mailchimp k1 key missing behind its CNAME', async () => {
    const { diagnosis } = await explain(
      bounce(['554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes'], header('ann@shop.example', 'ann@shop.example', [signature('shop.example', 'k1')])),
      { 'shop.example': [{ TXT: 'v=spf1 -all' }], '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }], 'k1._domainkey.shop.example': [{ CNAME: 'dkim.mcsv.net' }] },
    );
    expect(diagnosis.causes).toContain('dkim-key-missing');
    expect(diagnosis.dkim[0]?.service).toEqual({ id: 'mailchimp', name: 'Mailchimp', by: 'cname' });
    expect(diagnosis.steps.join(' ')).toContain('Mailchimp → Website → Domains');
  });

  it('an unsigned message: dkim-not-signed', async () => {
    const { diagnosis } = await explain(bounce(['554 5.7.9 Message not accepted for policy reasons.'], header('ann@shop.example', 'ann@shop.example', [])), {
      'shop.example': [{ TXT: 'v=spf1 -all' }],
      '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }],
    });
    expect(diagnosis.causes).toContain('dkim-not-signed');
    expect(diagnosis.dkim).toEqual([]);
  });
});

describe('the DKIM services table', () => {
  it('one row per service, every row with steps, ids unique', () => {
    expect(new Set(DKIM_SERVICES.map((s) => s.id)).size).toBe(DKIM_SERVICES.length);
    for (const s of DKIM_SERVICES) {
      expect(s.where.length).toBeGreaterThan(10);
      expect(s.publish.length).toBeGreaterThan(10);
    }
  });
  it('the key CNAME wins over the selector name; a service domain in d= is named', () => {
    expect(dkimServiceFor('s1', 'shop.example', ['x.dkim.amazonses.com'])?.service.id).toBe('amazon-ses');
    expect(dkimServiceFor('s1', 'shop.example')?.service.id).toBe('sendgrid');
    expect(dkimServiceFor('anything', 'shop.example.gappssmtp.com')?.service.id).toBe('google');
    expect(dkimServiceFor('default', 'shop.example')).toBeNull();
  });
});

describe('round trips', () => {
  it('the diagnosis takes at most 3 sequential DNS waves more than the SPF check alone on the same facts', async () => {
    const own: ZoneData = {
      'shop.example': [{ TXT: 'v=spf1 mx include:_spf.google.com -all' }, { MX: [10, 'mail.shop.example'] }],
      'mail.shop.example': [{ A: '192.0.2.10' }],
      '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }],
      's1._domainkey.shop.example': [{ CNAME: 's1.domainkey.u1234.wl.sendgrid.net' }],
      'google._domainkey.shop.example': [keyRecord()],
    };
    const text = bounce(GMAIL_UNAUTHENTICATED('shop.example', '167.89.0.5'), header('ann@shop.example', 'ann@shop.example', [signature('shop.example', 's1'), signature('shop.example', 'google')]));
    const facts = await readBounce(text);
    // both behind the cache explain and the extension use: a name asked twice costs one round trip
    const spfAlone = new WaveResolver(new ZoneResolver(zone(own)));
    await checkHost({ ip: '167.89.0.5', domain: 'shop.example', sender: 'ann@shop.example', helo: 'shop.example' }, { resolver: new CachingResolver(spfAlone) });
    const whole = new WaveResolver(new ZoneResolver(zone(own)));
    const { diagnosis } = await diagnose({ facts }, { resolver: new CachingResolver(whole) });
    expect(diagnosis.dkim).toHaveLength(2);
    // the DKIM keys and the DMARC walks are all in the first wave
    const first = whole.log[0] ?? [];
    expect(first).toEqual(expect.arrayContaining(['TXT s1._domainkey.shop.example', 'TXT google._domainkey.shop.example', 'TXT _dmarc.shop.example', 'TXT _dmarc.example']));
    expect(whole.waves - spfAlone.waves).toBeLessThanOrEqual(3);
    // and DKIM and DMARC add none: the same diagnosis without the returned header takes as many waves
    const spfOnly = new WaveResolver(new ZoneResolver(zone(own)));
    await diagnose({ facts: { ...facts, headerFrom: null, dkim: [], mechanism: 'spf', rejection: ['550 5.7.1 SPF check for [shop.example] did not pass with ip: [167.89.0.5]'] } }, { resolver: new CachingResolver(spfOnly) });
    expect(whole.waves).toBe(spfOnly.waves);
  });

  it('an IP of a service whose include is two levels deep (Google, named by the reverse DNS): at most 3 waves more than the SPF check', async () => {
    const own: ZoneData = {
      'shop.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'mail.shop.example'] }],
      'mail.shop.example': [{ A: '192.0.2.10' }],
    };
    const ip = '209.85.128.41';
    const spfAlone = new WaveResolver(new ZoneResolver(zone(own)));
    await checkHost({ ip, domain: 'shop.example', sender: 'ann@shop.example', helo: 'shop.example' }, { resolver: new CachingResolver(spfAlone) });
    const whole = new WaveResolver(new ZoneResolver(zone(own)));
    const facts = await readBounce(bounce([`550 5.7.1 SPF check for [shop.example] did not pass with ip: [${ip}]`], []));
    const { diagnosis } = await diagnose({ facts: { ...facts, ip, domain: 'shop.example', sender: 'ann@shop.example' } }, { resolver: new CachingResolver(whole) });
    // the reverse DNS names Google (not forward-confirmed), whose _spf.google.com covers the IP through _netblocks.google.com
    expect(diagnosis.ptrName).toBe('mail-sor-f41.google.com');
    expect(diagnosis.ptrConfirmed).toBe(false);
    expect(diagnosis.service?.id).toBe('google');
    expect(diagnosis.fix?.record).toBe('v=spf1 mx include:_spf.google.com -all');
    // reverse DNS, its forward confirmation and the includes one after another took 4
    expect(whole.waves - spfAlone.waves).toBeLessThanOrEqual(3);
  });
});

describe('a bounce is untrusted input', () => {
  it("keys are asked only for signatures that can align: never for a d= outside the From domain's Organizational Domain", async () => {
    const resolver = new ZoneResolver(
      zone({
        '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }],
        'google._domainkey.shop.example': [keyRecord()],
        'k1._domainkey.news.shop.example': [keyRecord()],
      }),
    );
    const signatures = [signature('shop.example', 'google'), signature('u-8f3a1c.track.attacker.example', 'beacon'), signature('news.shop.example', 'k1'), signature('sendgrid.net', 's1')];
    const facts = await readBounce(bounce(GMAIL_UNAUTHENTICATED('mail.shop.example', '167.89.0.5'), header('ann@mail.shop.example', 'ann@mail.shop.example', signatures)));
    const { diagnosis } = await diagnose({ facts }, { resolver });
    const keysAsked = resolver.log.filter((q) => q.includes('._domainkey.'));
    // shop.example is above the From domain (asked at once); news.shop.example a sibling under its Organizational Domain
    expect(keysAsked.some((q) => q.includes('google._domainkey.shop.example'))).toBe(true);
    expect(keysAsked.some((q) => q.includes('k1._domainkey.news.shop.example'))).toBe(true);
    // (sendgrid.net's SPF include is asked, a name of the services table, not of the bounce)
    expect(resolver.log.filter((q) => q.includes('attacker') || q.includes('_domainkey.sendgrid.net') || q.includes('_dmarc.sendgrid.net'))).toEqual([]);
    const byDomain = new Map(diagnosis.dkim.map((d) => [d.domain, d]));
    expect(byDomain.get('u-8f3a1c.track.attacker.example')).toMatchObject({ keyState: 'not-looked-up', key: null, aligned: false });
    expect(byDomain.get('shop.example')).toMatchObject({ keyState: 'usable', aligned: true });
    expect(byDomain.get('news.shop.example')).toMatchObject({ keyState: 'usable', aligned: true });
    expect(diagnosis.evidence).toContain('u-8f3a1c.track.attacker.example (not asked: d=u-8f3a1c.track.attacker.example cannot align with the From domain');
  });

  it('any From and any signatures: the diagnosis never throws, looks up at most MAX_SIGNATURES keys, and says what it found', async () => {
    const label = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    const name = fc.array(label, { minLength: 1, maxLength: 10 }).map((l) => l.join('.'));
    const anyText = fc.string({ maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(name, anyText),
        fc.array(fc.record({ domain: fc.oneof(name, anyText), selector: fc.oneof(label, anyText), algorithm: fc.constantFrom('rsa-sha256', 'ed25519-sha256', null) }), { maxLength: 30 }),
        fc.constantFrom('dmarc', 'dkim', 'auth', 'spf'),
        async (from, dkim, mechanism) => {
          const resolver = new ZoneResolver(zone({}));
          const facts = await readBounce(bounce(['554 5.7.9 Message not accepted for policy reasons.'], header('ann@shop.example', 'ann@shop.example', [])));
          const { diagnosis } = await diagnose({ facts: { ...facts, mechanism: mechanism as 'dmarc', headerFrom: `x@${from}`, dkim } }, { resolver });
          expect(diagnosis.dkim.length).toBeLessThanOrEqual(MAX_SIGNATURES);
          expect(resolver.log.filter((q) => q.startsWith('TXT ') && q.includes('._domainkey.')).length).toBeLessThanOrEqual(MAX_SIGNATURES);
          // no DMARC record anywhere: the From domain is its own Organizational Domain, so every key and every walk
          // asked lies in its line (it, above it or below it); a d= elsewhere is never asked
          // the From domain is what follows the last "@" of the address (a generated From may hold one itself)
          const own = normaliseName(`x@${from}`.slice(`x@${from}`.lastIndexOf('@') + 1));
          for (const query of resolver.log.filter((q) => q.includes('._domainkey.') || q.startsWith('TXT _dmarc.'))) {
            const asked = query.replace(/^[A-Z]+ /, '').replace(/^.*?\._domainkey\.|^_dmarc\./, '');
            expect(isSubdomainOf(asked, own) || isSubdomainOf(own, asked), `${query} for From ${own}`).toBe(true);
          }
          for (const id of diagnosis.causes) expect(diagnosis.findings.find((f) => f.id === id)?.title.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/**
 * A bounce whose returned header carries the refusing receiver's own fields: its Authentication-Results above
 * its Received hop (evidence.ts), in Gmail's format, and the sender's signature below.
 */
function receiverBounce(reply: string, dkimResults: string, signatures: string[][]): string {
  return [
    'This is the mail system at host mail.shop.example.',
    '',
    `<bob@receiver.example>: host mx.google.com[192.0.2.25] said: ${reply} (in reply to end of DATA command)`,
    '',
    '--- Below this line is a copy of the message.',
    '',
    'Authentication-Results: mx.google.com;',
    `       ${dkimResults}`,
    '       spf=fail (google.com: domain of ann@shop.example does not designate 203.0.113.77 as permitted sender) smtp.mailfrom=ann@shop.example;',
    '       dmarc=fail (p=REJECT sp=REJECT dis=REJECT) header.from=shop.example',
    'Received: from out.mailer.example (out.mailer.example. [203.0.113.77])',
    '        by mx.google.com with ESMTPS id a1si123; Mon, 02 Jun 2025 03:00:05 -0700 (PDT)',
    ...header('ann@shop.example', 'ann@shop.example', signatures),
    '',
    'Hello',
    '',
  ].join('\n');
}

const GMAIL_DMARC = "550-5.7.26 Unauthenticated email from shop.example is not accepted due to domain's DMARC policy. 550 5.7.26 a1si123 - gsmtp";

describe("the receiver's own DKIM verdict", () => {
  const own = (): ZoneData => ({
    'shop.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'mail.shop.example'] }],
    'mail.shop.example': [{ A: '192.0.2.10' }],
    '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }],
    's1._domainkey.shop.example': [keyRecord()],
  });

  it('dkim=neutral (body hash did not verify) with a published key: something changed the message on its way', async () => {
    const { diagnosis } = await explain(receiverBounce(GMAIL_DMARC, 'dkim=neutral (body hash did not verify) header.i=@shop.example header.s=s1 header.b=YmFk;', [signature('shop.example', 's1')]), own());
    expect(diagnosis.dkim).toMatchObject([{ domain: 'shop.example', selector: 's1', keyState: 'usable', aligned: true, result: 'neutral', receiver: { result: 'neutral', failure: 'body-hash', authservId: 'mx.google.com' } }]);
    expect(diagnosis.dmarc?.result).toBe('fail');
    const words = "the receiver's Authentication-Results (mx.google.com): dkim=neutral (body hash did not verify): the body no longer matched its signature, so something changed the message on its way (a mailing list footer";
    expect(diagnosis.findings.find((f) => f.id === 'dmarc-policy')?.summary).toContain(words);
    expect(diagnosis.evidence).toContain(`DKIM d=shop.example s=s1 at the receiver: ${words}`);
    expect(diagnosis.evidence).toContain('Receiver DKIM result: dkim=neutral (body hash did not verify) d=shop.example s=s1');
    expect(diagnosis.evidence).toContain("DKIM results from the receiver's Authentication-Results");
    expect(diagnosis.causes).toContain('dkim-body-changed');
    expect(diagnosis.findings.find((f) => f.id === 'dkim-body-changed')?.summary).toContain('(the receiver said: body hash did not verify)');
  });

  it('dkim=fail for another reason with a published key: the signature did not verify there', async () => {
    const { diagnosis } = await explain(receiverBounce(GMAIL_DMARC, 'dkim=fail header.i=@shop.example header.s=s1;', [signature('shop.example', 's1')]), own());
    expect(diagnosis.dkim[0]).toMatchObject({ result: 'fail', receiver: { result: 'fail', failure: null } });
    expect(diagnosis.evidence).toContain("dkim=fail: the signature did not verify there, though its key is published");
  });

  it("dkim=pass for an aligned signature is DMARC's result, and on a DMARC refusal a disagreement worth stating", async () => {
    const { diagnosis } = await explain(receiverBounce(GMAIL_DMARC, 'dkim=pass header.i=@shop.example header.s=s1 header.b=YmFk;', [signature('shop.example', 's1')]), own());
    // without the verdict a DMARC refusal counts a usable key's signature as failed there (the case below)
    expect(diagnosis.dkim[0]).toMatchObject({ result: 'pass', receiver: { result: 'pass', dmarcResult: 'pass' } });
    expect(diagnosis.dmarc).toMatchObject({ result: 'pass', dkim: [{ domain: 'shop.example', result: 'pass', aligned: true }] });
    expect(diagnosis.dmarc?.receiverConflict).toContain("The receiver's own Authentication-Results say dkim=pass for d=shop.example s=s1, which aligns with shop.example, yet it refused the message for DMARC");
    expect(diagnosis.findings.find((f) => f.id === 'dmarc-policy')?.summary).toContain('yet it refused the message for DMARC');
    expect(diagnosis.evidence).toContain('Disagreement: The receiver');
  });

  it('no verdict for the signature (another d=, or none at all): as before, the key and the refusal words decide', async () => {
    for (const results of ['dkim=pass header.i=@other.example header.s=s1;', 'dkim=pass header.i=@shop.example header.s=s2;', '']) {
      const { diagnosis } = await explain(receiverBounce(GMAIL_DMARC, results, [signature('shop.example', 's1')]), own());
      expect(diagnosis.dkim[0], results).toMatchObject({ keyState: 'usable', result: 'fail', receiver: null });
      expect(diagnosis.dmarc?.result).toBe('fail');
      expect(diagnosis.dmarc?.receiverConflict).toBeNull();
    }
  });

  it('two verdicts for one d= and s= that disagree cannot be told apart without b=: neither is used', async () => {
    const { diagnosis } = await explain(receiverBounce(GMAIL_DMARC, 'dkim=pass header.i=@shop.example header.s=s1 header.b=AAAA; dkim=fail header.i=@shop.example header.s=s1 header.b=BBBB;', [signature('shop.example', 's1')]), own());
    expect(diagnosis.dkim[0]).toMatchObject({ result: 'fail', receiver: null });
  });

  it('a verdict causes no DNS query: a signature that cannot align is not looked up, whatever the receiver said', async () => {
    const queries = async (results: string): Promise<string[]> => {
      const resolver = new ZoneResolver(zone(own()));
      const facts = await readBounce(receiverBounce(GMAIL_DMARC, results, [signature('shop.example', 's1'), signature('tracker.attacker.example', 'beacon')]));
      const { diagnosis } = await diagnose({ facts }, { resolver });
      expect(diagnosis.dkim[1]).toMatchObject({ domain: 'tracker.attacker.example', keyState: 'not-looked-up', aligned: false });
      return [...new Set(resolver.log)].sort();
    };
    const withVerdicts = await queries('dkim=pass header.d=tracker.attacker.example header.s=beacon; dkim=fail (body hash did not verify) header.d=shop.example header.s=s1;');
    expect(withVerdicts.filter((q) => q.includes('attacker'))).toEqual([]);
    expect(withVerdicts).toEqual(await queries(''));
  });
});
