/**
 * Who is a delivery-status sender (src/content/delivery-status-senders.ts): the table that decides whether a
 * bounce-like message is checked without asking. Read against the From lines of the corpus's real notices,
 * and against senders that only look like one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DELIVERY_STATUS_SENDERS, deliveryStatusSender, senderAddress } from '../../src/content/delivery-status-senders';

const corpusDir = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));

/** The top-level From field of a message file (unfolded), or null. */
function fromField(file: string): string | null {
  const head = readFileSync(corpusDir + file, 'latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const match = /^From:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head);
  return match ? (match[1] as string).replace(/\r?\n[ \t]+/g, ' ') : null;
}

describe('delivery-status senders', () => {
  it('every notice of the corpus comes from one, except the one whose From is misspelt', () => {
    const files = readdirSync(corpusDir).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBeGreaterThanOrEqual(38);
    const missed = files.filter((file) => deliveryStatusSender(fromField(file) ?? '') === null).map((file) => `${file}: ${fromField(file)}`);
    expect(missed).toEqual(['sisimai__lhost-sendmail-33.eml: Mail Delivery Subsystem <poostmaster@example.co.jp>']);
  });

  it.each([
    ['Gmail', 'mailer-daemon@googlemail.com', 'mailer-daemon'],
    ['Postfix, no domain', 'Mail Delivery Subsystem <MAILER-DAEMON>', 'mailer-daemon'],
    ['an empty address shown by name', 'MAILER-DAEMON', 'mailer-daemon'],
    ['Outlook.com', 'Microsoft Outlook <postmaster@outlook.com>', 'postmaster'],
    ['Outlook on the web in Portuguese', 'De: Postmaster <postmaster@contoso.example>', 'postmaster'],
    ['Exchange Online', 'Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.onmicrosoft.com>', 'microsoft-exchange-recipient'],
  ])('%s: %s', (_what, sender, row) => {
    expect(deliveryStatusSender(sender)?.name).toBe(row);
  });

  it.each([
    ['a colleague', 'Bob Example <bob@example.org>'],
    ['a display name that claims to be the mail system', 'Mail Delivery Subsystem <alerts@tracker.example>'],
    ['a display name that is a daemon, with another address', 'MAILER-DAEMON <news@tracker.example>'],
    ['a look-alike local part', 'mailer-daemon.news@tracker.example'],
    ['a postmaster newsletter', 'postmaster-news@tracker.example'],
    ['another Exchange mailbox', 'MicrosoftExchange@contoso.example'],
    ['a name only', 'Bob Example'],
    ['nothing', ''],
  ])('not %s: %s', (_what, sender) => {
    expect(deliveryStatusSender(sender)).toBeNull();
  });

  it('the local part decides, in any case and at any domain', () => {
    const rows = fc.constantFrom('mailer-daemon', 'MAILER-DAEMON', 'Mailer-Daemon', 'postmaster', 'PostMaster', 'microsoftexchange329e71ec88ae4615bbc36ab6ce41109e');
    fc.assert(
      fc.property(rows, fc.domain(), fc.string({ maxLength: 20 }).filter((s) => !/[<>@]/.test(s)), (local, domain, name) => {
        expect(deliveryStatusSender(`${name} <${local}@${domain}>`)).not.toBeNull();
        expect(senderAddress(`${local}@${domain}`)).toEqual({ localPart: local, domain: domain.toLowerCase() });
      }),
    );
  });

  it('one row per sender', () => {
    expect(new Set(DELIVERY_STATUS_SENDERS.map((row) => row.name)).size).toBe(DELIVERY_STATUS_SENDERS.length);
  });
});
