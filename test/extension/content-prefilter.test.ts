import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mimeParts } from '../../src/core/bounce/mime';
import { BOUNCE_MARKERS, looksLikeBounce, wordingPatterns } from '../../src/core/bounce/prefilter';
import { FORMAT_MARKERS, HEAD_CHARS, WORDING_KEYWORDS, alternativesOf, combineMarkers, prefilter, refusalWordingFrom, sharedOpenings } from '../../src/core/bounce/prefilter-rules';
import { holdsStatus } from '../../src/core/bounce/unfold';
import { REFUSAL_WORDING } from '../../src/core/bounce/wordings';
import { WORDING_CASES } from '../bounce/wording-cases';
import { PASTED_REFUSAL_TEXT } from '../helpers/e2e-banner';
import { GMAIL_SPF_BOUNCE_TEXT, MAILBOX_FULL_BOUNCE_TEXT, ORDINARY_MESSAGE_TEXT, OUTLOOK_SPF_BOUNCE_TEXT, POLICYD_SPF_BOUNCE_TEXT } from '../e2e/pages';

const corpusDir = fileURLToPath(new URL('../fixtures/bounce-corpus/', import.meta.url));
const labels = JSON.parse(readFileSync(`${corpusDir}labels.json`, 'utf8')) as { file: string }[];

describe('the pre-filter the content script runs before sending anything', () => {
  it('passes every corpus bounce as a webmail shows it: the notice alone, without headers or report parts', async () => {
    expect(labels).toHaveLength(76);
    for (const { file } of labels) {
      // an excerpt is text as a page showed it (no message to take apart); a whole message shows its notice
      const notice = file.startsWith('excerpts/') ? readFileSync(corpusDir + file, 'utf8') : (await mimeParts(new Uint8Array(readFileSync(corpusDir + file)))).notice;
      expect(notice.length, file).toBeGreaterThan(0);
      expect(looksLikeBounce(notice), file).toBe(true);
    }
  });

  it('passes the stand-ins of the end-to-end tests', () => {
    for (const text of [GMAIL_SPF_BOUNCE_TEXT, OUTLOOK_SPF_BOUNCE_TEXT, POLICYD_SPF_BOUNCE_TEXT, MAILBOX_FULL_BOUNCE_TEXT]) expect(looksLikeBounce(text)).toBe(true);
    // the pasted refusal is one that only the wordings tell: the content script waits for them
    expect(looksLikeBounce(PASTED_REFUSAL_TEXT)).toBe(true);
    expect(prefilter(PASTED_REFUSAL_TEXT, undefined)).toBeUndefined();
  });

  it.each([
    ['an ordinary message', ORDINARY_MESSAGE_TEXT],
    ['a message that talks about delivery and SMTP', 'The delivery of the new chairs is on Monday; SMTP settings are in the wiki.'],
    ['a version number that looks like a status', 'We upgraded to release 5.7.26 last week, and 4.2.1 before that.'],
    ['a message about SPF and DMARC', 'Hi team, our SPF record now includes the new mail host, and DMARC is at p=quarantine. The postmaster mailbox is monitored.'],
    ['a message that mentions a rejected proposal', 'Your proposal was rejected by the committee; the remote server migration is postponed.'],
    ['a forwarded invoice with numbers', 'Invoice 550 of 4.5.2024: amount 1 200.00, due in 30 days, see section 5.7.1 of the contract.'],
    ['text shorter than any bounce', '550 5.7.1'],
  ])('leaves %s alone', (_name, text) => {
    expect(looksLikeBounce(text)).toBe(false);
  });

  it('without the wordings (the content script before the background sends them) answers as with them, or undefined where only they can tell', () => {
    const heldoutDir = fileURLToPath(new URL('../fixtures/bounce-heldout/', import.meta.url));
    const heldout = (JSON.parse(readFileSync(`${heldoutDir}labels.json`, 'utf8')) as { file: string }[]).map(({ file }) => readFileSync(heldoutDir + file, 'utf8'));
    const texts = [...heldout, ...labels.map(({ file }) => readFileSync(corpusDir + file, 'latin1')), ...WORDING_CASES.map(({ reply }) => reply), ORDINARY_MESSAGE_TEXT];
    const keyword = new RegExp(WORDING_KEYWORDS.source, 'i');
    const answers = { true: 0, false: 0, undefined: 0 };
    for (const text of texts) {
      const without = prefilter(text, undefined);
      answers[String(without) as keyof typeof answers]++;
      if (without === undefined) expect(keyword.test(text.slice(0, HEAD_CHARS)), text.slice(0, 200)).toBe(true);
      else expect(without, text.slice(0, 200)).toBe(looksLikeBounce(text));
    }
    // each answer is reached, or the comparison says little
    expect(Math.min(answers.true, answers.false, answers.undefined)).toBeGreaterThan(20);
    // with the wordings as a message brings them, the same answers as looksLikeBounce
    const sent = refusalWordingFrom(JSON.parse(JSON.stringify(wordingPatterns())))!;
    for (const text of texts) expect(prefilter(text, sent)).toBe(looksLikeBounce(text));
  });

  it('has a sample for each marker, and each sample matches that marker', () => {
    const samples: Record<string, string> = {
      'smtp-status': 'host mx.example.org said: 550\n    5.7.1 Message rejected',
      'qmail-status': 'Remote host said: 553 sorry, that domain is not in my list (#5.7.1)',
      'diagnostic-code': 'Diagnostic-Code: smtp; whatever',
      'delivery-status-notification': 'Delivery Status Notification (Failure)',
      'mail-delivery-subsystem': 'From: Mail Delivery Subsystem',
      undeliverable: 'Undeliverable: Invoice',
      'delivery-has-failed': 'Delivery has failed to these recipients or groups:',
      'message-not-delivered': "I'm sorry to have to inform you that your message could not\nbe delivered",
      'exim-notice': 'This message was created automatically by mail delivery software.',
      'postfix-said': '<a@example.com>: host ibmr.example.com[192.0.2.1] said: 550 Relaying denied',
      'delivery-failed-permanently': 'Delivery to the following recipient failed permanently:',
      'amavis-notice': 'Delivery of the email was stopped!',
      'delivery-failure-notification': 'This is a delivery failure notification message indicating that',
      'sendmail-transcript': '   ----- Transcript of session follows -----',
      'microsoft-365-ndr': "Your message to someone@example.org couldn't be delivered.",
      'auth-failure-report': 'Feedback-Type: auth-failure',
      'auth-refusal-wording': 'IP 192.0.2.1 soft failed sender ID check. Please ensure this IP is authorized to sent',
      'exim-rejection': '2013-06-15 16:34:55 H=mx.example.com [192.0.2.93] F=<a@example.org> rejected RCPT <b@example.net>: SPF check failed',
      'postfix-auth-dsn': 'postfix/smtp[200]: 498E41451E9: to=<a@example.org>, relay=mx.example.org[192.0.2.26]:25, dsn=5.7.26, status=bounced',
    };
    expect(Object.keys(samples).sort()).toEqual(BOUNCE_MARKERS.map((m) => m.name).sort());
    for (const marker of BOUNCE_MARKERS) expect(marker.pattern.test(samples[marker.name] as string), marker.name).toBe(true);
  });

  it("passes a reply whose code opens a line and whose words are a generic authentication refusal, and qmail's logged reply", () => {
    expect(looksLikeBounce('550 DMARC Sender Invalid')).toBe(true);
    expect(looksLikeBounce('> 554 5.7.1 Message failed DKIM checks')).toBe(true);
    // a Diagnostic-Code value quoted without its name (RFC 3464 section 2.3.6 "smtp;" and the reply)
    expect(looksLikeBounce('5.0.0 smtp; 550 rejecting for sender policy framework')).toBe(true);
    expect(looksLikeBounce('5.0.0 smtp; 550 rejected for spam, see our SPF page')).toBe(false);
    // another reason outweighs it, and the words without a reply code are ordinary text
    expect(looksLikeBounce('550 SPF fail listed at zen.spamhaus.org')).toBe(false);
    expect(looksLikeBounce('Our SPF failed last week, so we fixed the record.')).toBe(false);
    expect(looksLikeBounce('delivery 10370: failure: 192.0.2.33_failed_after_I_sent_the_message./Remote_host_said:550_5.7.1_Sender_ID(PRA)_Not_Permitted/')).toBe(true);
  });

  it('reads a reply that a page wrapped without a continuation marker on to the line under it', () => {
    // Aliyun's reply as its help page shows it (alibabacloud.com help, "spf check failed"), the address masked
    const aliyun = '554 Reject by behaviour spam at Rcpt State(Connection IP address:x.x.x.x)ANTISPAM_BAT[01201311R506a, ay29a033002195083]: spf\ncheck failed CONTINUE (in reply to RCPT TO command)';
    expect(looksLikeBounce(aliyun)).toBe(true);
    expect(looksLikeBounce('554 Message rejected because\nSPF check failed for example.org')).toBe(true);
    // another reason on either line outweighs it; a line that opens another reply, or a blank line, ends the reply
    expect(looksLikeBounce('554 Message rejected because\nSPF check failed; listed at zen.spamhaus.org')).toBe(false);
    expect(looksLikeBounce('554 Message rejected: spf\n554 check failed on our side')).toBe(false);
    expect(looksLikeBounce('554 Message rejected: spf\n\ncheck failed on our side')).toBe(false);
  });

  it('passes a Postfix notice quoted in a reply, the quote marks between its words', () => {
    const quoted = "> I'm sorry to have to inform you that your message could not \n> be delivered to one or more recipients. It's attached below.";
    expect(looksLikeBounce(quoted)).toBe(true);
    expect(looksLikeBounce('a message board could not be delivered on time')).toBe(false);
  });

  it('reads the wording row only on lines with one of its keywords: every specific row\'s verbatim replies hold one', () => {
    for (const { reply } of WORDING_CASES) {
      if (!REFUSAL_WORDING.test(reply)) continue;
      expect(new RegExp(WORDING_KEYWORDS.source, 'i').test(reply), reply).toBe(true);
      expect(looksLikeBounce(`Hello,\n${reply}\nThanks`), reply).toBe(true);
    }
    // and the whole pre-filter answers as its rows one by one on the corpus
    for (const { file } of labels) {
      const head = readFileSync(corpusDir + file, 'latin1').slice(0, HEAD_CHARS);
      expect(looksLikeBounce(head), file).toBe(BOUNCE_MARKERS.some((marker) => marker.pattern.test(head)));
    }
  });

  it('passes a multiline reply pasted from a log or a dashboard: a logger\'s prefix, or only the enhanced status at each line start', () => {
    const dashboard = [
      '|code:550|reason:hardfail|description:5.7.26 Unauthenticated email from example.com is not accepted due to',
      '5.7.26 the sender domain policy. Please contact the administrator of example.com domain',
      '5.7.26 if this was a legitimate mail.',
    ].join('\n');
    expect(looksLikeBounce(dashboard)).toBe(true);
    expect(looksLikeBounce(`Bounce: 4.2.2 The recipient's inbox is out of storage space.\n  4.2.2 Please direct the recipient to the help page.`)).toBe(true);
    for (const prefix of ['recv gmail.com>', 'S: ', '<- ', '[2024-06-01 12:00:00] SERVER -> ', 'smtp: << ']) {
      expect(looksLikeBounce(`${prefix}550-5.7.1 This message does not have authentication information\n${prefix}550 5.7.1 information.`), prefix).toBe(true);
    }
  });

  it.each([
    ['a changelog', 'Release notes\n5.7.1 fixes the login page.\n5.7.2 adds dark mode.\n4.2.1 was the last of the 4.x line.'],
    ['a version named again after a blank line', 'We moved to 5.7.26 this week.\n\n5.7.26 brings faster search to everyone.'],
    ['a version inside a longer number', 'Upgraded from 15.7.26 and 5.7.261 today.\n5.7.26 is next on the list for us.'],
    ['a version named again mid-line', 'We moved to 5.7.26 this week.\nThe 5.7.26 release brings faster search.'],
  ])('leaves alone %s', (_name, text) => {
    expect(looksLikeBounce(text)).toBe(false);
  });

  it('reads only the head of a huge text, and never throws on bad input', () => {
    expect(looksLikeBounce(`${'x'.repeat(300_000)}\nDiagnostic-Code: smtp; 550 5.7.1`)).toBe(false);
    const marker = '\nDiagnostic-Code: smtp; 550 5.7.1';
    expect(looksLikeBounce(`${'x'.repeat(HEAD_CHARS - marker.length)}${marker}`)).toBe(true);
    expect(looksLikeBounce(`${'x'.repeat(HEAD_CHARS)}${marker}`)).toBe(false);
    expect(looksLikeBounce(undefined as unknown as string)).toBe(false);
  });

  it('passes every corpus bounce on the first 20 kB of its whole message as well', () => {
    for (const { file } of labels) expect(looksLikeBounce(readFileSync(corpusDir + file, 'latin1').slice(0, HEAD_CHARS)), file).toBe(true);
  });

  it('answers in one combined pass exactly as the rows one by one', async () => {
    const notices = await Promise.all(labels.map(async ({ file }) => (await mimeParts(new Uint8Array(readFileSync(corpusDir + file)))).notice));
    const byRows = (text: string): boolean => BOUNCE_MARKERS.some((marker) => marker.pattern.test(text));
    const combined = combineMarkers(BOUNCE_MARKERS);
    expect(combined.length).toBeLessThan(BOUNCE_MARKERS.length);
    const byCombined = (text: string): boolean => combined.some((pattern) => pattern.test(text));
    for (const notice of notices) expect(byCombined(notice)).toBe(byRows(notice));
    // texts spliced from corpus lines, row wordings and noise, so that some match and some do not
    const lines = notices.flatMap((notice) => notice.split('\n'));
    const piece = fc.oneof(
      fc.constantFrom(...lines),
      fc.constantFrom('Diagnostic-Code:', ' \tDiagnostic-code:', '550', '5.7.1', 'said:', 'host a.example[192.0.2.1] said: 550', 'Mail Delivery', 'message was not', 'be delivered', 'Undeliverable'),
      fc.constantFrom('\n', '\r', '\r\n', '\u2028', ' ', '-', '\t'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(byCombined(text)).toBe(byRows(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('shares the openings of alternatives without changing what they match', () => {
    expect(alternativesOf('a(b|c)|[|]|d\\|e|f')).toEqual(['a(b|c)', '[|]', 'd\\|e', 'f']);
    expect(sharedOpenings(['\\bDelivery Status', '\\bdelivery has', '\\bMail', 'Diagnostic', '\\(#'], true)).toBe(
      '\\bd(?:e(?:l(?:i(?:v(?:e(?:r(?:y(?: Status| has))))))))|\\bmail|diagnostic|\\(#',
    );
    // a letter under a quantifier, a word boundary inside, case: texts from pieces of the alternatives, in and out of order
    const pool = ['\\bab', '\\bAc', 'ab?c', 'a+b', 'a{2}b', 'ab\\b', '\\ba(?:b|c)d', 'a', 'b', '\\bx[ab]', 'x\\by', '(?:a|x)y', 'aB'];
    const letters = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'x', 'y', 'A', 'B', ' ', '-'), { maxLength: 12 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 8 }), fc.boolean(), letters, (alternatives, ignoreCase, text) => {
        const flags = ignoreCase ? 'i' : '';
        const plain = new RegExp(`^(?:${alternatives.join('|')})$`, flags);
        const shared = new RegExp(`^(?:${sharedOpenings(alternatives, ignoreCase)})$`, flags);
        const plainAnywhere = new RegExp(alternatives.join('|'), flags);
        const sharedAnywhere = new RegExp(sharedOpenings(alternatives, ignoreCase), flags);
        expect(shared.test(text), `${shared.source} on ${JSON.stringify(text)}`).toBe(plain.test(text));
        expect(sharedAnywhere.test(text)).toBe(plainAnywhere.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('in its one pass answers as the rules one by one: a format row, a status repeated at a line start, a keyword and a wording', () => {
    const sent = refusalWordingFrom(JSON.parse(JSON.stringify(wordingPatterns())))!;
    const keyword = new RegExp(WORDING_KEYWORDS.source, 'i');
    // the rules as the pre-filter's doc comment states them, each on its own
    const statusRepeated = (head: string): boolean =>
      [...head.matchAll(/\n[ \t]{0,8}([45]\.[0-9]{1,3}\.[0-9]{1,3})[ \t]{1,8}\S/g)].some((hit) => holdsStatus(head.slice(head.lastIndexOf('\n', hit.index! - 1) + 1, hit.index), hit[1]!));
    const byRules = (text: string, withWording: boolean): boolean | undefined => {
      if (text.length < 20) return false;
      const head = text.slice(0, HEAD_CHARS);
      if (FORMAT_MARKERS.some((row) => row.pattern.test(head)) || statusRepeated(head)) return true;
      if (!keyword.test(head)) return false;
      return withWording ? looksLikeBounce(text) : undefined;
    };
    const heldoutDir = fileURLToPath(new URL('../fixtures/bounce-heldout/', import.meta.url));
    const texts = [
      ...(JSON.parse(readFileSync(`${heldoutDir}labels.json`, 'utf8')) as { file: string }[]).map(({ file }) => readFileSync(heldoutDir + file, 'utf8')),
      ...labels.map(({ file }) => readFileSync(corpusDir + file, 'latin1')),
    ];
    for (const text of texts) {
      expect(prefilter(text, undefined), text.slice(0, 200)).toBe(byRules(text, false));
      expect(prefilter(text, sent), text.slice(0, 200)).toBe(byRules(text, true));
    }
    // spliced from their lines, statuses and keywords, so that each rule is what decides some of them
    const lines = texts.flatMap((text) => text.split('\n').slice(0, 40));
    const piece = fc.oneof(
      fc.constantFrom(...lines),
      fc.constantFrom('\n5.7.1 ', '\n  4.2.2 x', '550 5.7.1 x', '5.7.26', 'SPF', 'dkim', 'Delivery', 'Undeliverable:', ' F=<a@b> rejected RCPT <', 'dsn=5.7.26, status=bounced'),
      fc.constantFrom('\n', ' ', '\t', '-'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), fc.boolean(), (pieces, withWording) => {
        const text = pieces.join('');
        expect(prefilter(text, withWording ? sent : undefined)).toBe(byRules(text, withWording));
      }),
      { numRuns: 3000 },
    );
  });

  // rows rewritten so a combined pass skips ordinary text quickly; each still matches where its plain form does
  // (texts from pieces of each wording, in and out of order, so that about half of them match)
  const mostly = (usual: string, ...others: string[]) => fc.oneof({ arbitrary: fc.constant(usual), weight: 5 }, { arbitrary: fc.constantFrom(...others), weight: 1 });
  const said = fc
    .tuple(
      fc.constantFrom('', 'x', '<a@example.org>: ', '\n'),
      mostly('host ', 'Host ', 'ghost ', 'host  ', 'host'),
      mostly('mx.example', 'a[b]', '', 'a b'),
      mostly('[', '', '[['),
      mostly('192.0.2.1', '2001:db8::1', 'zz', ''),
      mostly('] said:', '] SAID:', '] refused to talk to me:', ' said:', ']said:', '] said'),
      mostly(' ', '\n    ', '', '\t'),
      mostly('550', '451', '5501', '250', '55', '550-'),
      fc.constantFrom('', ' x', '] said: 550'),
    )
    .chain((pieces) => fc.oneof({ arbitrary: fc.constant(pieces), weight: 3 }, { arbitrary: fc.shuffledSubarray(pieces, { minLength: 1 }), weight: 1 }));
  const lineStart = fc.array(fc.constantFrom('Diagnostic-Code:', 'diagnostic-code:', '\n', '\r', '\u2028', '\u2029', ' ', '\t', 'x', ':'), { maxLength: 14 });
  it.each([
    ['diagnostic-code', /^[ \t]*Diagnostic-Code:/im, lineStart],
    ['postfix-said', /\bhost \S+\[[0-9a-f.:]+\] (?:said|refused to talk to me):\s+[45]\d\d\b/i, said],
  ])('the %s row matches exactly where its plain form does', (name, plain, texts) => {
    const row = BOUNCE_MARKERS.find((marker) => marker.name === name)!.pattern;
    let matched = 0;
    fc.assert(
      fc.property(texts, (pieces) => {
        const text = pieces.join('');
        if (plain.test(text)) matched++;
        expect(row.test(text), JSON.stringify(text)).toBe(plain.test(text));
      }),
      { numRuns: 5000 },
    );
    // the texts must reach both answers, or the comparison says little
    expect(matched).toBeGreaterThan(500);
    expect(matched).toBeLessThan(4500);
  });

});
