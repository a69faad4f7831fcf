/**
 * A bounce that returns the whole message (message/rfc822): its DKIM signatures are verified with today's keys
 * (RFC 6376 section 6.1), over the answers the diagnosis already asked for, and the words say whether the message
 * still verifies or its body changed on the way. Keys and signatures are made in the test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readBounceWithMessage } from '../../src/core/bounce';
import { diagnose } from '../../src/core/diagnose';
import { BODY_CHANGED } from '../../src/core/dkim/words';
import { rsaPair, signMessage, txtStrings } from '../helpers/dkim-sign';
import { multipartReport } from '../helpers/report';
import { ZoneResolver } from '../helpers/zone-resolver';
import { zone } from './zones';

/** The returned message as explain takes it, from the one parse that reads the bounce. */
const returnedMessage = async (bounce: string): Promise<string | null> => (await readBounceWithMessage(bounce)).returnedMessage;

const ORIGINAL = ['From: Ann <ann@shop.example>', 'To: bob@receiver.example', 'Subject: Order 1234', 'Date: Mon, 2 Jun 2025 10:00:00 +0000', '', 'Hello Bob,', ''].join('\r\n');

let signed: string;
let keyRecord: string;
let strangerSigned: string;

beforeAll(async () => {
  const pair = await rsaPair(2048);
  keyRecord = pair.record;
  signed = await signMessage(ORIGINAL, { domain: 'shop.example', selector: 'k1', algorithm: 'rsa-sha256', privateKey: pair.privateKey });
  // a second signature by a domain that cannot align: its key is never asked
  strangerSigned = await signMessage(signed, { domain: 'u-8f3a1c.track.attacker.example', selector: 'beacon', algorithm: 'rsa-sha256', privateKey: pair.privateKey });
});

/** A Postfix-style multipart/report bounce returning `message` whole, with a Gmail 5.7.26 refusal. */
function bounceReturning(message: string, type: 'message/rfc822' | 'text/rfc822-headers' = 'message/rfc822'): string {
  return multipartReport({
    to: 'ann@shop.example',
    notice: [
      '<bob@receiver.example>: host mx.receiver.example[192.0.2.25] said: 550-5.7.26',
      '    Unauthenticated email from shop.example is not accepted due to',
      "    domain's DMARC policy. (in reply to end of DATA command)",
    ],
    returned: { type, content: message },
  });
}

const ZONE = (): ReturnType<typeof zone> =>
  zone({
    'shop.example': [{ TXT: 'v=spf1 -all' }],
    '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }],
    'k1._domainkey.shop.example': [{ TXT: txtStrings(keyRecord) }],
  });

async function explainWhole(bounce: string): Promise<{ diagnosis: Awaited<ReturnType<typeof diagnose>>['diagnosis']; log: string[] }> {
  const resolver = new ZoneResolver(ZONE());
  const { facts, returnedMessage: message } = await readBounceWithMessage(bounce);
  const { diagnosis } = await diagnose({ facts, ip: '192.0.2.99', returnedMessage: message }, { resolver });
  return { diagnosis, log: resolver.log };
}

describe('readBounceWithMessage: the returned message', () => {
  it('gives the whole returned message, and null for headers only or no returned part', async () => {
    expect(await returnedMessage(bounceReturning(signed))).toContain('Hello Bob,');
    expect(await returnedMessage(bounceReturning(ORIGINAL.split('\r\n\r\n')[0] as string, 'text/rfc822-headers'))).toBeNull();
    expect(await returnedMessage('no MIME at all')).toBeNull();
  });
});

describe('DKIM over the returned message', () => {
  it('an intact message verifies today: DKIM passes aligned, and DMARC with it', async () => {
    const { diagnosis, log } = await explainWhole(bounceReturning(signed));
    expect(diagnosis.dkim).toMatchObject([{ domain: 'shop.example', selector: 'k1', keyState: 'usable', verification: { result: 'pass', reason: 'verified' } }]);
    expect(diagnosis.dmarc?.result).toBe('pass');
    expect(diagnosis.causes).not.toContain('dkim-body-changed');
    expect(diagnosis.evidence).toContain('DKIM d=shop.example s=k1 over the returned message: the signature of shop.example (s=k1) verifies today');
    // the key was asked once, for the lookup and the verification together
    expect(log.filter((q) => q === 'TXT k1._domainkey.shop.example')).toHaveLength(1);
  });

  it('a footer added on the way: the body changed, DKIM fails, and the words say so', async () => {
    const { diagnosis } = await explainWhole(bounceReturning(`${signed}-- \r\nThe list footer\r\n`));
    expect(diagnosis.dkim[0]).toMatchObject({ keyState: 'usable', result: 'fail', verification: { result: 'fail', reason: 'body-hash-mismatch' } });
    expect(diagnosis.dmarc?.result).toBe('fail');
    expect(diagnosis.findings.find((f) => f.id === 'dmarc-policy')?.summary).toContain(`no longer verifies: ${BODY_CHANGED}`);
    // a cause of its own, ranked with the DMARC causes: the key is fine, the message changed
    expect(diagnosis.causes).toContain('dkim-body-changed');
    const changed = diagnosis.findings.find((f) => f.id === 'dkim-body-changed');
    expect(changed?.title).toBe('Something changed the message after shop.example signed it');
    expect(changed?.summary).toContain('(the returned message, verified with today\'s key)');
    expect(diagnosis.causes).not.toContain('dkim-key-missing');
  });

  it('a signature by a domain that cannot align is neither looked up nor verified', async () => {
    const { diagnosis, log } = await explainWhole(bounceReturning(strangerSigned));
    expect(log.some((q) => q.includes('attacker'))).toBe(false);
    const stranger = diagnosis.dkim.find((d) => d.domain === 'u-8f3a1c.track.attacker.example');
    expect(stranger).toMatchObject({ keyState: 'not-looked-up', verification: null });
    expect(diagnosis.dkim.find((d) => d.domain === 'shop.example')?.verification?.reason).toBe('verified');
  });
});
