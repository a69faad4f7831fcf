import { describe, expect, it } from 'vitest';
import { readBounceText } from '../../src/core/bounce/index';
import { htmlToText } from '../../src/core/bounce/mime';
import { normalise } from '../../src/core/bounce/normalise';

describe('normalise: one stage before reading', () => {
  it('unfolds reply continuations at line starts (Exim, Gmail) and keeps the first marker', () => {
    const text = '550-5.7.26 This mail is unauthenticated, which poses a security risk to the\n550-5.7.26 sender and Gmail users.\n550 5.7.26 Learn more. - gsmtp';
    expect(normalise(text).text).toBe('550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users. Learn more. - gsmtp');
  });

  it('unfolds markers run together mid-sentence (Postfix log) and between "[" and an address', () => {
    const text = 'said: 550-5.7.26 SPF check for [example.org] 550-5.7.26 did not pass with ip: [550-5.7.26 192.0.2.9]. 550 5.7.26 Bye';
    expect(normalise(text).text).toBe('said: 550-5.7.26 SPF check for [example.org] did not pass with ip: [192.0.2.9]. Bye');
  });

  it('puts a code and enhanced status split over two lines back on one line (Postfix rewrapping)', () => {
    expect(normalise('host mx.example[192.0.2.1] said: 550\n    5.7.1 Go away').text).toBe('host mx.example[192.0.2.1] said: 550 5.7.1 Go away');
  });

  it('keeps replies to different recipients apart, and a transcript reply apart from a (reason:) one', () => {
    const two = '<a@example.org>: host x said: 550-5.7.1 one\n    550 5.7.1 two\n<b@example.org>: host x said: 550-5.7.1 three\n    550 5.7.1 four';
    expect(normalise(two).text).toBe('<a@example.org>: host x said: 550-5.7.1 one two\n<b@example.org>: host x said: 550-5.7.1 three four');
    const sendmail = '    (reason: 550-5.7.1 cut short)\n>>> DATA\n<<< 550-5.7.1 first\n<<< 550 5.7.1 last';
    expect(normalise(sendmail).text).toBe('    (reason: 550-5.7.1 cut short)\n>>> DATA\n<<< 550-5.7.1 first last');
  });

  it('a line that ends in a closing quote or an address label goes on into the next marker of an open reply', () => {
    // Seznam's `domain' quoting: the quote closes a word; a quote right before the code would open a quoted reply
    const quoted = "550-5.7.1 Sender Policy\n    Framework of `pro-cert.cz'\n    550 5.7.1 domain denied\n    your IP address.";
    expect(normalise(quoted).text).toBe("550-5.7.1 Sender Policy\n    Framework of pro-cert.cz' domain denied\n    your IP address.");
    expect(normalise("the server returned '550 5.7.1 go away'").text).toBe("the server returned '550 5.7.1 go away'");
    // Postfix's "550 5.7.23 <a@x>: Recipient address rejected" folded after the address: RFC 5321 4.2.1, the "-" line goes on
    const label = '550-5.7.23\n    <user2@receiver.example>:\n    550 5.7.23 Recipient\n    address rejected: SPF fail';
    expect(normalise(label).text).toBe('550-5.7.23\n    <user2@receiver.example>: Recipient\n    address rejected: SPF fail');
    expect(readBounceText(label).status).toBe('550 5.7.23');
    // after a finished reply, "RCPT TO:<b@x>:" still opens the next one (Exim)
    const exim = 'after RCPT TO:<a@example.org>:\n    550 5.1.1 no such user\nafter RCPT TO:<b@example.org>:\n    550 5.1.1 no such user';
    expect(normalise(exim).text).toBe(exim);
  });

  it('unfolds replies without enhanced codes only from a reply start', () => {
    expect(normalise('554-mx.example ESMTP not available\n554-No SMTP service\n554 Bad DNS PTR').text).toBe('554-mx.example ESMTP not available No SMTP service Bad DNS PTR');
    expect(normalise('call 555-1234 or 550 people').text).toBe('call 555-1234 or 550 people');
  });

  it('strips quote prefixes but keeps a transcript\'s ">>>" before an SMTP command', () => {
    expect(normalise('> 550 5.7.1 a\n>> b\n> > c\n> >>> MAIL From:<a@example.org>').text).toBe('550 5.7.1 a\nb\nc\n>>> MAIL From:<a@example.org>');
  });

  it('drops markdown backticks and ** emphasis, keeps *** separators', () => {
    expect(normalise('**Error:** `550 5.7.1 SPF fail`\n*****').text).toBe('Error: 550 5.7.1 SPF fail\n*****');
  });

  it('turns literal \\r\\n and \\n of a pasted log into line ends, but not an escaped backslash', () => {
    expect(normalise('said: 550-5.7.26 a\\r\\n550 5.7.26 b\\\\n').text).toBe('said: 550-5.7.26 a b\\\\n');
  });

  it('decodes character references, drops zero-width characters and soft hyphens, reads NBSP as a space', () => {
    expect(normalise('domain&#39;s&nbsp;DMARC &amp; SPF\u200b\u00adx\u00a0y &#x41; &bogus; &#0;').text).toBe("domain's DMARC & SPFx y A &bogus; &#0;");
  });

  it('removes the tags of an HTML notice copied as text, not an address or <UNKNOWN>', () => {
    const text = 'from <a href="http://linktr.ee" target="_blank">linktr.ee</a> is<br>r=<UNKNOWN> <b@example.org>';
    expect(normalise(text).text).toBe('from linktr.ee is\nr=<UNKNOWN> <b@example.org>');
  });

  it('decodes a body pasted from a message source as quoted-printable (RFC 2045 section 6.7), and only such a body', () => {
    // an Exchange NDR's reply as "Show original" shows it: soft line breaks inside words and the address, "=3D", UTF-8 escapes
    const source = [
      "Remote Server returned '550 5.1.0 192.0.2.222 is not allowed to send from=",
      ' <example.net> per it=E2=80=99s SPF Record. Please inspect your SPF settings, and try a=',
      "gain. <http://go.example/?id=3D38>'",
    ].join('\r\n');
    const decoded = normalise(source);
    expect(decoded.text).toBe("Remote Server returned '550 5.1.0 192.0.2.222 is not allowed to send from <example.net> per it\u2019s SPF Record. Please inspect your SPF settings, and try again. <http://go.example/?id=38>'");
    // the evidence quotes what the user pasted: a decoded character maps to its escape, a word to its broken halves
    const quote = decoded.text.indexOf('\u2019');
    expect(source.slice(decoded.originalSpan(quote, quote + 1).start, decoded.originalSpan(quote, quote + 1).end)).toBe('=E2=80=99');
    const again = decoded.text.indexOf('again');
    const span = decoded.originalSpan(again, again + 5);
    expect(source.slice(span.start, span.end)).toBe('a=\r\ngain');
    expect(readBounceText(source)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.222', domain: 'example.net', status: '550 5.1.0' });
    // octets that are not UTF-8 are Latin-1, one character each
    expect(normalise('Le message a =E9t=E9 refus=E9=\n par la politique SPF=\n.').text).toBe('Le message a \u00e9t\u00e9 refus\u00e9 par la politique SPF.');
    // a text with any other "=" is not quoted-printable (an encoder writes "=" as "=3D"), nor is one with one soft break
    const link = 'See https://example.org/why?s=mfrom;id=a@example.org=\nand more=\nhere =3D';
    expect(normalise(link).text).toBe(link);
    expect(normalise('550 5.7.1 a =3D b=\nc').text).toBe('550 5.7.1 a =3D b=\nc');
    // a run of octets of any length, UTF-8 or not, is decoded without throwing
    expect(normalise(`${'=FF'.repeat(200_000)}=\n=E9=\n.`).text).toBe(`${'\u00ff'.repeat(200_000)}\u00e9.`);
    // nor is Gmail's reply folded after each of its "=" (no escape in it; found by fold.properties.test.ts)
    const gmail = '550-5.7.26 Authentication results: DKIM =\n550-5.7.26 did not pass SPF [example.org] with ip: [192.0.2.222] =\n550 5.7.26 did not';
    expect(normalise(gmail).text).toBe('550-5.7.26 Authentication results: DKIM = did not pass SPF [example.org] with ip: [192.0.2.222] = did not');
  });

  it('maps every stretch of the normalised text back to the original', () => {
    const original = '> 550-5.7.26 SPF check for [example.org]\n> 550-5.7.26 did not pass with ip: [\n> 550 5.7.26 192.0.2.9] &amp; more';
    const normalised = normalise(original);
    const at = normalised.text.indexOf('192.0.2.9');
    const span = normalised.originalSpan(at, at + '192.0.2.9'.length);
    expect(original.slice(span.start, span.end)).toBe('192.0.2.9');
    const amp = normalised.text.indexOf('&');
    const ampSpan = normalised.originalSpan(amp, amp + 1);
    expect(original.slice(ampSpan.start, ampSpan.end)).toBe('&amp;');
    const whole = normalised.originalSpan(0, normalised.text.length);
    expect(whole).toEqual({ start: 2, end: original.length });
    expect(normalised.originalSpan(5, 5)).toEqual({ start: normalised.originalSpan(5, 6).start, end: normalised.originalSpan(5, 6).start });
  });

  it('is the identity on text it has nothing to do with', () => {
    const text = 'Final-Recipient: rfc822; a@example.org\nStatus: 5.7.1\n';
    const normalised = normalise(text);
    expect(normalised.text).toBe(text);
    expect(normalised.originalSpan(3, 9)).toEqual({ start: 3, end: 9 });
  });

  it('the reader reads what people paste (the kinds issue 11 lists)', () => {
    const pasted =
      '> **Delivery failed:** `host gmail-smtp-in.l.google.com[142.251.2.26] said: 550-5.7.26 The MAIL FROM domain [example.org] has an SPF record with a hard 550-5.7.26 fail policy (-all) but it fails to pass SPF checks with the ip: 550-5.7.26\\n[192.0.2.77]. To best protect our users 550 5.7.26 information. - gsmtp`';
    expect(readBounceText(pasted)).toMatchObject({ authFailure: true, mechanism: 'spf', domain: 'example.org', ip: '192.0.2.77', status: '550 5.7.26' });
  });
});

describe('htmlToText: one pass over HTML parts', () => {
  it('drops tags and style, ends lines at block elements, keeps a "<" that is text', () => {
    expect(htmlToText('<html><style>p{x:1}</style><p>550 5.7.1 a &lt; b</p><div>2 < 3</div>x<y')).toBe('\n550 5.7.1 a &lt; b\n\n2 < 3\nx<y');
  });
});
