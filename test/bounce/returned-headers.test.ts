import { describe, expect, it } from 'vitest';
import { clientIpOf, parseAuthenticationResults, parseReceivedSpf, receivedSpfAuthority, receivedSpfEnvelopeFrom, receivedSpfIp } from '../../src/core/bounce/auth-results';
import { decodeEncodedWords, dkimSignature, headerFields, mailboxAddress, receivedHop, returnedHeaderFields } from '../../src/core/bounce/returned-headers';

// Examples written from the RFCs' own (RFC 8601 appendix B, RFC 7208 section 9.1, RFC 2047 section 8,
// RFC 6376 section 3.5 / appendix A, RFC 5321 section 4.4), documentation addresses only.

describe('header block (RFC 5322 section 2.2)', () => {
  it('unfolds fields and stops at the empty line', () => {
    const fields = headerFields('Received: from a.example.org\n  by mx.example.net; Mon, 1 Jan 2024 00:00:00 +0000\nSubject: hello\n\nbody: not a field');
    expect(fields).toEqual([
      { name: 'received', value: 'from a.example.org by mx.example.net; Mon, 1 Jan 2024 00:00:00 +0000' },
      { name: 'subject', value: 'hello' },
    ]);
  });

  it('finds the returned message after the MIME part header and a marker, never a report block', () => {
    const returned = [
      '--- Below this line is a copy of the message.',
      '',
      'Reporting-MTA: dns; mail.example.org',
      'Final-Recipient: rfc822; b@example.net',
      '',
      'Content-Type: message/rfc822',
      '',
      'Return-Path: <a@example.org>',
      'From: A <a@example.org>',
      '',
      'body',
    ].join('\n');
    expect(returnedHeaderFields(returned).map((field) => field.name)).toEqual(['return-path', 'from']);
  });
});

describe('RFC 2047 encoded words', () => {
  it('decodes Q and B words, and drops the space between two adjacent words (section 6.2)', () => {
    expect(decodeEncodedWords('=?ISO-8859-1?Q?Andr=E9?= Pirard')).toBe('André Pirard');
    expect(decodeEncodedWords('(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)')).toBe('(ab)');
    expect(decodeEncodedWords('(=?ISO-8859-1?Q?a?=  b)')).toBe('(a  b)');
    expect(decodeEncodedWords('=?UTF-8?B?w6lsw6h2ZQ==?=')).toBe('élève');
    expect(decodeEncodedWords('=?UTF-8?Q?a_b?=')).toBe('a b');
  });

  it('leaves a word it cannot decode as written', () => {
    expect(decodeEncodedWords('=?x-no-such-charset?Q?abc?= plain')).toBe('=?x-no-such-charset?Q?abc?= plain');
    expect(decodeEncodedWords('=?UTF-8?B?%%%?=')).toBe('=?UTF-8?B?%%%?=');
  });
});

describe('From and DKIM-Signature', () => {
  it('reads the first mailbox of From', () => {
    expect(mailboxAddress('"Joe Q. Public" <john.q.public@example.com>')).toBe('john.q.public@example.com');
    expect(mailboxAddress('pete@silly.example (Pete)')).toBe('pete@silly.example');
    expect(mailboxAddress('Undisclosed recipients:;')).toBeNull();
  });

  it('reads d=, s= and a= with folding white space removed (RFC 6376 section 3.5)', () => {
    const value = 'v=1; a=rsa-sha256; s=brisbane; d=example.com; c=simple/simple; q=dns/txt; i=joe@football.example.com; h=Received : From : To : Subject : Date : Message-ID; bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=AuUoFEfDxTDkHlLXSZEpZj79LICEps6eda7W3deTVFOk4yAUoqOB';
    expect(dkimSignature(value)).toEqual({ domain: 'example.com', selector: 'brisbane', algorithm: 'rsa-sha256' });
    expect(dkimSignature('v=1; a=ed25519-sha256; d=exa\r\n mple.org; s=s1; b=x')).toEqual({ domain: 'example.org', selector: 's1', algorithm: 'ed25519-sha256' });
    expect(dkimSignature('v=1; a=rsa-sha256; b=x')).toBeNull();
  });
});

describe('Received (RFC 5321 section 4.4)', () => {
  it('reads the by host, the from clause and the envelope-from comment', () => {
    const hop = receivedHop('from mail.example.org (mail.example.org [192.0.2.10]) by mx.example.net (Postfix) with ESMTPS id 4AB (envelope-from <a@example.org>); Mon, 1 Jan 2024 00:00:00 +0000');
    expect(hop.by).toBe('mx.example.net');
    expect(hop.from).toBe('mail.example.org (mail.example.org [192.0.2.10])');
    expect(hop.envelopeFrom).toBe('a@example.org');
  });
});

describe('Authentication-Results (RFC 8601)', () => {
  it('reads the authserv-id and each method with its properties (appendix B.4)', () => {
    const ar = parseAuthenticationResults('example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net');
    expect(ar.authservId).toBe('example.com');
    expect(ar.results.map((r) => [r.method, r.result])).toEqual([
      ['auth', 'pass'],
      ['spf', 'pass'],
    ]);
    expect(ar.results[1]?.properties.get('smtp.mailfrom')).toBe('example.net');
  });

  it('reads a version, reasons, quoted values and a DMARC header.from (appendix B.6 layout)', () => {
    const ar = parseAuthenticationResults('mx.example.net 1; spf=fail (mx.example.net: domain of a@example.org does not designate 192.0.2.10 as permitted sender) smtp.mailfrom=a@example.org; dkim=fail reason="bad; signature" header.d=example.org; dmarc=fail (p=reject) header.from=example.org');
    expect(ar.authservId).toBe('mx.example.net');
    const [spf, dkim, dmarc] = ar.results;
    expect(clientIpOf(spf!)).toBe('192.0.2.10');
    expect(dkim?.properties.get('header.d')).toBe('example.org');
    expect(dmarc?.properties.get('header.from')).toBe('example.org');
  });

  it('a field that starts with a method has no authserv-id; the "sender IP is" comment names the client', () => {
    const ar = parseAuthenticationResults('spf=fail (sender IP is 2001:db8::25) smtp.mailfrom=example.org; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=example.org;');
    expect(ar.authservId).toBeNull();
    expect(clientIpOf(ar.results[0]!)).toBe('2001:db8::25');
  });

  it('reads policy.iprev (section 2.7.3)', () => {
    const ar = parseAuthenticationResults('mx.example.net; iprev=fail policy.iprev=192.0.2.200 (NXDOMAIN)');
    expect(clientIpOf(ar.results[0]!)).toBe('192.0.2.200');
  });
});

describe('Received-SPF (RFC 7208 section 9.1)', () => {
  it('reads the result, the comment and the key-value list of the RFC example', () => {
    const spf = parseReceivedSpf('pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted sender) receiver=mybox.example.org; client-ip=192.0.2.1; envelope-from="myname@example.com"; helo=foo.example.com;');
    expect(spf?.result).toBe('pass');
    expect(receivedSpfAuthority(spf!)).toBe('mybox.example.org');
    expect(receivedSpfIp(spf!)).toBe('192.0.2.1');
    expect(receivedSpfEnvelopeFrom(spf!)).toBe('myname@example.com');
    expect(spf?.keys.get('helo')).toBe('foo.example.com');
  });

  it('takes the writer from the comment when there is no receiver= key, and the IP from the comment when there is no client-ip=', () => {
    const spf = parseReceivedSpf('fail (mybox.example.org: domain of myname@example.com does not designate 192.0.2.1 as permitted sender) identity=mailfrom;');
    expect(receivedSpfAuthority(spf!)).toBe('mybox.example.org');
    expect(receivedSpfIp(spf!)).toBe('192.0.2.1');
    expect(spf?.keys.get('identity')).toBe('mailfrom');
  });

  it('refuses a result RFC 7208 does not define', () => {
    expect(parseReceivedSpf('maybe (x) client-ip=192.0.2.1')).toBeNull();
  });
});
