/**
 * The refusing receiver's own dkim= results (BounceFacts.receiverDkim): read from its Authentication-Results
 * (RFC 8601 sections 2.2, 2.3, 2.7.1) by the rule evidence.ts uses for its SPF facts. The fields are written in
 * the formats Gmail, Exchange Online and Yahoo use; names and addresses are documentation ones (RFC 2606,
 * RFC 5737).
 */
import { describe, expect, it } from 'vitest';
import { readBounce } from '../../src/core/bounce/index';
import { parseAuthenticationResults, receiverDkimResult } from '../../src/core/bounce/auth-results';
import { multipartReport } from '../helpers/report';
import { MAX_RECEIVER_DKIM } from '../../src/core/bounce/evidence';

/** An RFC 3464 report: the refusal of `remoteMta`, and the returned message's header (text/rfc822-headers). */
function report(remoteMta: string, diagnostic: string, returned: string[]): Uint8Array {
  const text = multipartReport({
    to: 'ann@shop.example',
    from: 'MAILER-DAEMON@mail.shop.example',
    notice: ['Your message could not be delivered.'],
    deliveryStatus: ['Reporting-MTA: dns; mail.shop.example', '', 'Final-Recipient: rfc822; bob@receiver.example', 'Action: failed', 'Status: 5.7.1', `Remote-MTA: dns; ${remoteMta}`, `Diagnostic-Code: smtp; ${diagnostic}`],
    returned: { type: 'text/rfc822-headers', content: returned.join('\r\n') },
  });
  return new TextEncoder().encode(text);
}

const SENDER_SIDE = [
  'Received: from laptop (unknown [203.0.113.9]) by mail.shop.example (Postfix) with ESMTPSA id 1CD; Mon, 2 Jun 2025 10:00:00 +0000',
  'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=shop.example; s=s1;',
  ' h=from:to:subject:date; bh=YmFk; b=QmFkU2lnbmF0dXJlAAAA',
  'From: Ann <ann@shop.example>',
  'To: bob@receiver.example',
  'Subject: Order 1234',
  'Date: Mon, 2 Jun 2025 10:00:00 +0000',
];

const GMAIL_DMARC = "550-5.7.26 Unauthenticated email from shop.example is not accepted due to domain's DMARC policy. 550 5.7.26 a1si123 - gsmtp";

describe("the receiver's own dkim= results", () => {
  it('Gmail: dkim=neutral (body hash did not verify) with header.i, header.s and header.b', async () => {
    const facts = await readBounce(
      report('mx.google.com', GMAIL_DMARC, [
        'Authentication-Results: mx.google.com;',
        '       dkim=neutral (body hash did not verify) header.i=@shop.example header.s=s1 header.b=QmFkU2ln;',
        '       spf=pass (google.com: domain of ann@shop.example designates 192.0.2.10 as permitted sender) smtp.mailfrom=ann@shop.example;',
        '       dmarc=fail (p=REJECT sp=REJECT dis=REJECT) header.from=shop.example',
        'Received: from mail.shop.example (mail.shop.example. [192.0.2.10])',
        '        by mx.google.com with ESMTPS id a1si123.2025.06.02.10.00.05',
        '        for <bob@receiver.example>; Mon, 02 Jun 2025 03:00:05 -0700 (PDT)',
        ...SENDER_SIDE,
      ]),
    );
    expect(facts.mechanism).toBe('dmarc');
    expect(facts.receiverDkim).toEqual([
      { result: 'neutral', domain: 'shop.example', identity: '@shop.example', selector: 's1', signature: 'QmFkU2ln', reason: 'body hash did not verify', authservId: 'mx.google.com' },
    ]);
    expect(facts.evidence?.receiverDkim).toBe('authentication-results');
    // the contract's fields keep their meaning
    expect(facts.dkim).toEqual([{ domain: 'shop.example', selector: 's1', algorithm: 'rsa-sha256' }]);
    expect(facts.evidence?.ip).toBe('authentication-results');
  });

  it('Exchange Online: no authserv-id first, header.d only, the reason in a comment', async () => {
    const facts = await readBounce(
      report('AM4PEPF00027A5F.mail.protection.outlook.com', '550 5.7.509 Access denied, sending domain [SHOP.EXAMPLE] does not pass DMARC verification and has a DMARC policy of reject.', [
        'Authentication-Results: spf=pass (sender IP is 192.0.2.10)',
        ' smtp.mailfrom=shop.example; dkim=fail (body hash did not verify)',
        ' header.d=shop.example;dmarc=fail action=oreject',
        ' header.from=shop.example;compauth=fail reason=000',
        'Received-SPF: Pass (protection.outlook.com: domain of shop.example designates 192.0.2.10 as permitted sender) receiver=protection.outlook.com; client-ip=192.0.2.10; helo=mail.shop.example; pr=C',
        'Received: from mail.shop.example (192.0.2.10) by',
        ' AM4PEPF00027A5F.mail.protection.outlook.com (10.167.16.69) with Microsoft SMTP',
        ' Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.7452.22 via Frontend',
        ' Transport; Mon, 2 Jun 2025 10:00:05 +0000',
        ...SENDER_SIDE,
      ]),
    );
    expect(facts.receiverDkim).toEqual([{ result: 'fail', domain: 'shop.example', identity: null, selector: null, signature: null, reason: 'body hash did not verify', authservId: null }]);
  });

  it("Yahoo: dkim=perm_fail, its own result word, kept as written", async () => {
    const facts = await readBounce(
      report('atlas-production.v2.mail-mx-vip.gq1.yahoo.com', '554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes', [
        'Authentication-Results: atlas-production.v2.mail-mx-vip.gq1.yahoo.com;',
        ' dkim=perm_fail header.i=@shop.example header.s=s1;',
        ' spf=pass smtp.mailfrom=shop.example;',
        ' dmarc=fail(p=REJECT) header.from=shop.example;',
        'Received: from 192.0.2.10 (EHLO mail.shop.example)',
        ' by atlas-production.v2.mail-mx-vip.gq1.yahoo.com with SMTP; Mon, 02 Jun 2025 10:00:05 +0000',
        ...SENDER_SIDE,
      ]),
    );
    expect(facts.receiverDkim).toMatchObject([{ result: 'perm_fail', domain: 'shop.example', selector: 's1', reason: null, authservId: 'atlas-production.v2.mail-mx-vip.gq1.yahoo.com' }]);
  });

  it('never reads a dkim= the receiver did not write: below the hop before its own, or by another host', async () => {
    const forged = [
      'Received: from mail.shop.example (mail.shop.example. [192.0.2.10]) by mx.google.com with ESMTPS id a1; Mon, 02 Jun 2025 03:00:05 -0700',
      'Received: from laptop (unknown [203.0.113.9]) by mail.shop.example (Postfix); Mon, 2 Jun 2025 10:00:00 +0000',
      // written by the sending side, in the receiver's name and format: below the receiver's own hop
      'Authentication-Results: mx.google.com; dkim=pass header.i=@shop.example header.s=s1 header.b=QmFkU2ln',
      ...SENDER_SIDE.slice(1),
    ];
    const facts = await readBounce(report('mx.google.com', GMAIL_DMARC, forged));
    expect(facts.receiverDkim).toEqual([]);
    expect(facts.evidence?.receiverDkim).toBeUndefined();
    // another host's field above a hop that is not the refusing host's
    const elsewhere = await readBounce(
      report('mx.google.com', GMAIL_DMARC, ['Authentication-Results: relay.attacker.example; dkim=pass header.d=shop.example', 'Received: from x (x [192.0.2.10]) by relay.attacker.example; Mon, 2 Jun 2025 10:00:01 +0000', ...SENDER_SIDE]),
    );
    expect(elsewhere.receiverDkim).toEqual([]);
  });

  it('a refusal that is not about authentication reads none', async () => {
    const facts = await readBounce(
      report('mx.google.com', '552 5.2.2 The recipient inbox is out of storage space. gsmtp', [
        'Authentication-Results: mx.google.com; dkim=pass header.i=@shop.example header.s=s1',
        'Received: from mail.shop.example (mail.shop.example. [192.0.2.10]) by mx.google.com with ESMTPS id a1; Mon, 02 Jun 2025 03:00:05 -0700',
        ...SENDER_SIDE,
      ]),
    );
    expect(facts.authFailure).toBe(false);
    expect(facts.receiverDkim).toEqual([]);
  });

  it(`a bounce is untrusted input: at most ${MAX_RECEIVER_DKIM} results, each property checked, a result written twice kept once`, async () => {
    const many = Array.from({ length: 40 }, (_, i) => `dkim=fail header.d=d${i}.shop.example header.s=s${i}`).join('; ');
    const facts = await readBounce(
      report('mx.receiver.example', '550 5.7.1 Rejected by DMARC policy', [
        `Authentication-Results: mx.receiver.example; ${many}`,
        'Authentication-Results: mx.receiver.example; dkim=fail header.d=d0.shop.example header.s=s0',
        'Received: from mail.shop.example (mail.shop.example [192.0.2.10]) by mx.receiver.example (Postfix); Mon, 2 Jun 2025 10:00:05 +0000',
        ...SENDER_SIDE,
      ]),
    );
    expect(facts.receiverDkim).toHaveLength(MAX_RECEIVER_DKIM);
    expect(new Set(facts.receiverDkim?.map((r) => r.domain)).size).toBe(MAX_RECEIVER_DKIM);
  });
});

describe('one dkim= result (RFC 8601)', () => {
  const first = (value: string) => {
    const parsed = parseAuthenticationResults(value);
    return receiverDkimResult(parsed.results[0]!, parsed.authservId);
  };

  it('reads reason= (section 2.3) before a comment, and a quoted header.b', () => {
    expect(first('mx.receiver.example; dkim=fail reason="signature verification failed" (1024-bit key) header.d=shop.example header.s=sel header.b="QmFkU2ln"')).toEqual({
      result: 'fail',
      domain: 'shop.example',
      identity: null,
      selector: 'sel',
      signature: 'QmFkU2ln',
      reason: 'signature verification failed',
      authservId: 'mx.receiver.example',
    });
  });

  it('leaves out what is not well formed: header.d=none (Exchange Online for an unsigned message), a selector or b= with other characters', () => {
    expect(first('dkim=none (message not signed) header.d=none')).toMatchObject({ result: 'none', domain: null, reason: 'message not signed' });
    expect(first('mx.receiver.example; dkim=pass header.d=shop.example header.s=a/b header.b=<x>')).toMatchObject({ domain: 'shop.example', selector: null, signature: null });
    expect(first('mx.receiver.example; spf=pass smtp.mailfrom=shop.example')).toBeNull();
  });

  it('header.d wins over the domain of header.i', () => {
    expect(first('mx.receiver.example; dkim=pass header.d=Shop.Example header.i=ann@news.shop.example')).toMatchObject({ domain: 'shop.example', identity: 'ann@news.shop.example' });
  });
});
